"""What a refused form post shows: the error of an :class:`InputError` as the templates render it
(``_form_error.html``), with each bad field or row of an indicator or an indicator file listed."""

from __future__ import annotations

from typing import Any

from planwatch.model import InputError
from planwatch.services.monitoring.build import IndicatorInputError
from planwatch.services.monitoring.indicator_import import ImportRejected


def error_of(exc: InputError) -> dict[str, Any]:
    """An error as the templates show it; an invalid indicator lists each field's problem."""
    problems = [str(p) for p in exc.problems] if isinstance(exc, IndicatorInputError) else []
    if isinstance(exc, ImportRejected):
        problems = [str(p) for p in exc.problems]
    return {"error": exc.message.split("\n")[0], "where": exc.where, "hint": exc.hint, "problems": problems}
