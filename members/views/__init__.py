"""Pages of the directory and of each user's account, one module per feature."""
