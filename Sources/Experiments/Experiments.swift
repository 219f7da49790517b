// Experiments: filled by its issue.
