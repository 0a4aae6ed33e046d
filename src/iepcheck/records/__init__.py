"""A child's record: the model, the operations a user can apply, the file and its store."""
