// NN: filled by its issue.
