// F2LM: filled by its issue.
