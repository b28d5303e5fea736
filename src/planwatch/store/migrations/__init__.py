"""Alembic migrations for planwatch.store (a package so that it ships inside the wheel)."""
