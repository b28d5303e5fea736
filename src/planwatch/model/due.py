"""A task's 完成时限 as the app writes it, in one vocabulary for every layer.

The matcher proposes a four-digit year, 持续推进 (standing work) or 待定 (no year can be read: a
work report has no plan end year); a person may also write an ISO date. Every reader goes through
``parse_due`` so no page or command can reject a value the app itself produced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from planwatch.model.errors import InputError

STANDING = "持续推进"
UNDECIDED = "待定"
DUE_HINT = "请写四位年份（如 2027）、日期（如 2027-06-30）、“持续推进”或“待定”。"

DueKind = Literal["date", "standing", "undecided"]


@dataclass(frozen=True, slots=True)
class Due:
    kind: DueKind
    day: date | None = None  # the last day to finish, for kind "date"

    @property
    def label(self) -> str:
        if self.kind == "standing":
            return STANDING
        if self.kind == "undecided":
            return UNDECIDED
        assert self.day is not None
        return self.day.isoformat()


def parse_due(text: str | None) -> Due:
    """The meaning of a 完成时限: a year ("2027") is its last day, an ISO date itself; 持续推进 a
    standing duty; 待定, empty or None no decided date. Anything else is an InputError."""
    value = (text or "").strip()
    if value == STANDING:
        return Due("standing")
    if value in ("", UNDECIDED):
        return Due("undecided")
    if len(value) == 4 and value.isdigit():
        return Due("date", date(int(value), 12, 31))
    try:
        return Due("date", date.fromisoformat(value))
    except ValueError:
        raise InputError(f"完成时限“{text}”无效。", hint=DUE_HINT) from None
