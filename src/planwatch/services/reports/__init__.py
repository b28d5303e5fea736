"""Evaluation reports: the annual monitoring report and the mid-term evaluation, as plain data."""
