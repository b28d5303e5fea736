"""Closed vocabularies are ``Literal`` types (``Direction``, ``Role``, ``JobState`` …) beside the
dataclasses that use them, with their members as a tuple from ``get_args``: mypy checks every value
written in code, while the database, JSON and forms keep the same plain strings. A string read from
outside becomes typed through :func:`one_of`, which refuses anything else."""

from __future__ import annotations

from typing import TypeVar

V = TypeVar("V", bound=str)


def one_of(value: str, members: tuple[V, ...]) -> V:
    """``value`` as one of ``members`` (ValueError otherwise)."""
    for member in members:
        if member == value:
            return member
    raise ValueError(f"{value!r} is not one of {', '.join(members)}")
