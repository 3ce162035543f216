"""Reads of sessions_app, one module per feature; each owns the joins its page needs (fixed query counts)."""
