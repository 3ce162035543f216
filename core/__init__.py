"""Building blocks every app may use; this package imports none of the apps."""
