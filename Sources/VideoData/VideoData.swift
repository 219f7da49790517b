// VideoData: filled by its issue.
