// TensorCore: filled by its issue.
