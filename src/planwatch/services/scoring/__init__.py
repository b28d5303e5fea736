"""Scoring an Analysis against hand-checked gold files (``planwatch eval``)."""
