"""CSV cells that a spreadsheet shows as text, never runs as a formula.

Excel, WPS and LibreOffice treat a cell starting with = + - @ (and, after trimming, tab or CR) as a
formula, so a plan sentence or a user's text beginning ``@HYPERLINK(`` or ``+SUM(`` in a CSV file
would run when the file is opened. A leading apostrophe keeps such a text cell literal (OWASP's
advice); numbers stay numbers.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe_cell(v) for v in values]
