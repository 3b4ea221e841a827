"""Plots, the HTML report and the dashboard."""
