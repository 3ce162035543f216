"""Forms of sessions_app, one module per feature."""
