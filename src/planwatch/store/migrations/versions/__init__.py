"""Alembic revisions, a linear chain 0001, 0002, … (one file each)."""
