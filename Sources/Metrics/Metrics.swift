// Metrics: filled by its issue.
