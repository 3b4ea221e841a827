"""Validation of the model against the historical record."""
