"""What a refused post shows: the error of an :class:`InputError` as the templates render it (a
page's error box, ``_form_error.html`` with each bad field or row of an indicator or an indicator
file listed, or one line beside a form) and as a JSON 400 begins."""

from __future__ import annotations

from typing import Any

from planwatch.model import InputError
from planwatch.services.monitoring.build import IndicatorInputError
from planwatch.services.monitoring.grids import ImportRejected


def refusal(exc: InputError) -> dict[str, Any]:
    """The error's message, where it is and what to do: a page's error box, the start of a JSON 400."""
    return {"error": exc.message, "where": exc.where, "hint": exc.hint}


def error_of(exc: InputError) -> dict[str, Any]:
    """An error as the templates show it; an invalid indicator lists each field's problem."""
    problems = [str(p) for p in exc.problems] if isinstance(exc, IndicatorInputError) else []
    if isinstance(exc, ImportRejected):
        problems = [str(p) for p in exc.problems]
    return refusal(exc) | {"error": exc.message.split("\n")[0], "problems": problems}


def error_line(exc: InputError) -> str:
    """The error as one line: the message, the hint in brackets."""
    return f"{exc.message}{'（' + exc.hint + '）' if exc.hint else ''}"
