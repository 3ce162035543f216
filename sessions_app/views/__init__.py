"""Pages of sessions_app, one module per feature (the same names as forms/, selectors/ and services/)."""
