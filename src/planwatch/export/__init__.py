"""Exports: model objects in, bytes out (see docs/architecture.md; this package imports only ``model``).

``export(analysis, what, fmt, plan_name=…)`` is the whole API most callers need. The row builders
(``task_rows``, ``indicator_rows``, ``entity_rows``) are public too, so a web page can show the same
rows the files hold; ``rows`` documents each field and the Chinese column it is printed under.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from planwatch.export.excel import write_xlsx
from planwatch.export.flat import write_csv, write_json
from planwatch.export.outline import OutlineIndex
from planwatch.export.report import Report, entities_report, indicators_report, tasks_report
from planwatch.export.rows import (
    CSV_COLUMNS,
    ENTITY_COLUMNS,
    INDICATOR_COLUMNS,
    TASK_COLUMNS,
    Column,
    EntityRow,
    IndicatorRow,
    TaskRow,
    entity_rows,
    indicator_rows,
    task_rows,
)
from planwatch.export.word import write_docx
from planwatch.model import Analysis, Assignment, InputError

# what → the name of the table, as used in titles and file names
WHATS: dict[str, str] = {
    "tasks": "重点任务分工方案",
    "indicators": "主要指标表",
    "entities": "重大项目机构地点提法一览表",
}
FORMATS: tuple[str, ...] = ("xlsx", "docx", "csv", "json")
MEDIA_TYPES: dict[str, str] = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}

_WHAT_HINT = (
    "可选：tasks（重点任务分工方案）、indicators（主要指标表）、entities（重大项目、机构、地点和提法）。"
)
_FORMAT_HINT = "可选：xlsx、docx、csv、json。"
_REPORTS: dict[str, Callable[[Sequence[Any], str], Report]] = {
    "tasks": tasks_report,
    "indicators": indicators_report,
    "entities": entities_report,
}


def _check(what: str, fmt: str) -> tuple[str, str]:
    w = what.strip().lower()
    f = fmt.strip().lower().lstrip(".")
    if w not in WHATS:
        raise InputError(f"不支持导出“{what}”", hint=_WHAT_HINT)
    if f not in FORMATS:
        raise InputError(f"不支持导出为“{fmt}”格式", hint=_FORMAT_HINT)
    return w, f


def rows_for(
    analysis: Analysis,
    what: str,
    *,
    assignments: Iterable[Assignment] | None = None,
    short_names: Mapping[str, str] | None = None,
) -> list[TaskRow] | list[IndicatorRow] | list[EntityRow]:
    """The rows an export of ``what`` holds (``assignments`` and ``short_names`` matter to tasks only)."""
    w, _ = _check(what, "json")
    if w == "tasks":
        return task_rows(analysis, assignments=assignments, short_names=short_names)
    if w == "indicators":
        return indicator_rows(analysis)
    return entity_rows(analysis)


def export(
    analysis: Analysis,
    what: str,
    fmt: str,
    *,
    plan_name: str,
    short_names: Mapping[str, str] | None = None,
    assignments: Iterable[Assignment] | None = None,
) -> bytes:
    """The file for ``what`` (tasks | indicators | entities) in ``fmt`` (xlsx | docx | csv | json).

    ``plan_name`` titles the tables when the document has no title of its own. ``short_names`` maps
    department names to short names for the 牵头单位/配合单位 columns; ``assignments`` replaces the
    analysis's own (e.g. the stored ones including a person's overrides).
    Raises ``InputError`` for an unknown ``what`` or ``fmt``.
    """
    w, f = _check(what, fmt)
    rows = rows_for(analysis, w, assignments=assignments, short_names=short_names)
    if f == "json":
        return write_json(rows)
    if f == "csv":
        return write_csv(rows, CSV_COLUMNS[w])
    report = _REPORTS[w](rows, analysis.document.title or plan_name)
    return write_xlsx(report) if f == "xlsx" else write_docx(report)


_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def suggested_filename(plan_name: str, what: str, fmt: str) -> str:
    """``大连十五五-重点任务分工方案.xlsx``: the plan name made safe for Windows and Unix file names."""
    w, f = _check(what, fmt)
    return f"{safe_stem(plan_name)}-{WHATS[w]}.{f}"


def safe_stem(plan_name: str) -> str:
    """The plan name made safe for Windows and Unix file names, at most 80 characters."""
    return (_UNSAFE.sub("_", plan_name).strip(" ._") or "plan")[:80]


__all__ = [
    "CSV_COLUMNS",
    "ENTITY_COLUMNS",
    "FORMATS",
    "INDICATOR_COLUMNS",
    "MEDIA_TYPES",
    "TASK_COLUMNS",
    "WHATS",
    "Column",
    "EntityRow",
    "IndicatorRow",
    "OutlineIndex",
    "Report",
    "TaskRow",
    "entity_rows",
    "export",
    "indicator_rows",
    "rows_for",
    "suggested_filename",
    "task_rows",
    "write_csv",
    "write_docx",
    "write_json",
    "write_xlsx",
]
