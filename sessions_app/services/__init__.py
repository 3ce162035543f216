"""Writes and business rules of sessions, grouped by purpose."""
