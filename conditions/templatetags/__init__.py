"""Template libraries of the conditions app."""
