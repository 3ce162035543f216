"""Councils: the bodies, their seats and working groups."""
