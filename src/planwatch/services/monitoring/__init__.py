"""Monitoring: indicators, their targets and data, and their status per year."""
