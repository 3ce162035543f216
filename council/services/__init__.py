"""Writes about councils, their seats and working groups; one module per purpose."""
