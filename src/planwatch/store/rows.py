"""Model objects from table rows whose columns bear the model's field names."""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")


@cache
def _copied(cls: type[DataclassInstance], converted: frozenset[str]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.name not in converted)


def from_row(cls: type[T], row: object, **converted: Any) -> T:
    """A ``cls`` whose fields are the same-named attributes of ``row``, but for those ``converted``
    gives: what a column does not hold as the model does (a list for a tuple, a string to check
    against a vocabulary, a value from a joined row). A field added to both the model and the table
    is carried without a line here."""
    names = _copied(cls, frozenset(converted))
    return cls(**{name: getattr(row, name) for name in names}, **converted)
