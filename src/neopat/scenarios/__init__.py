"""Scenario files and their validation; the parameter catalogue."""
