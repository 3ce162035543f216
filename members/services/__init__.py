"""Writes of members: the directory and two-factor sign-in, one module per feature."""
