"""Task progress reports, as ``planwatch.model.ProgressReport`` objects (issue 6).

Append-only: a submission, an approval and a return each add a row. The rows of a task, oldest
first, are its history; the newest row of a (plan, task, period) is that period's current report.
Evidence entries in the JSON column are either a file name (recorded by name only, as before
migration 0009) or ``{"name": ..., "file": id}`` pointing at a stored ``evidence_files`` row. The model
object gets the names in ``evidence`` and the ids (None for name-only entries) in ``evidence_files``.

Like every repository this one flushes and never commits: the caller's transaction decides.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.model import ProgressReport
from planwatch.store.tables import ProgressReportRow, utcnow

_FIELDS = tuple(f.name for f in fields(ProgressReport))
_WRITABLE = tuple(n for n in _FIELDS if n not in ("id", "evidence", "evidence_files"))


def _entry(entry: Any) -> tuple[str, int | None]:
    if isinstance(entry, dict):
        file_id = entry.get("file")
        return str(entry.get("name", "")), file_id if isinstance(file_id, int) else None
    return str(entry), None


def _entries(report: ProgressReport) -> list[Any]:
    ids = report.evidence_files
    return [
        {"name": name, "file": ids[i]} if i < len(ids) and ids[i] is not None else name
        for i, name in enumerate(report.evidence)
    ]


def _report(row: ProgressReportRow) -> ProgressReport:
    values = {name: getattr(row, name) for name in _FIELDS if name not in ("evidence", "evidence_files")}
    pairs = [_entry(e) for e in row.evidence or ()]
    values["evidence"] = tuple(name for name, _ in pairs)
    values["evidence_files"] = tuple(file_id for _, file_id in pairs) if any(f for _, f in pairs) else ()
    return ProgressReport(**values)


class ProgressRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, report: ProgressReport, *, task_text: str) -> ProgressReport:
        """Append ``report`` (its ``id`` is ignored) and return it with the id it got."""
        row = ProgressReportRow(
            task_text=task_text,
            evidence=_entries(report),
            **{name: getattr(report, name) for name in _WRITABLE},
        )
        if row.submitted_at is None:
            row.submitted_at = utcnow()
        self._session.add(row)
        self._session.flush()
        return _report(row)

    def history(self, plan_id: int, task_key: str | None = None) -> list[ProgressReport]:
        """Every row of the plan (or of one task), oldest first."""
        query = select(ProgressReportRow).where(ProgressReportRow.plan_id == plan_id)
        if task_key is not None:
            query = query.where(ProgressReportRow.task_key == task_key)
        return [_report(r) for r in self._session.scalars(query.order_by(ProgressReportRow.id))]

    def get(self, report_id: int) -> ProgressReport | None:
        row = self._session.get(ProgressReportRow, report_id)
        return None if row is None else _report(row)

    def current(self, plan_id: int, task_key: str, period: str) -> ProgressReport | None:
        """The newest row of a task's period, or None when nothing was reported for it."""
        row = self._session.scalars(
            select(ProgressReportRow)
            .where(
                ProgressReportRow.plan_id == plan_id,
                ProgressReportRow.task_key == task_key,
                ProgressReportRow.period == period,
            )
            .order_by(ProgressReportRow.id.desc())
            .limit(1)
        ).first()
        return None if row is None else _report(row)

    def current_by_period(self, plan_id: int) -> dict[tuple[str, str], ProgressReport]:
        """The newest row of every (task, period) of the plan."""
        found: dict[tuple[str, str], ProgressReport] = {}
        for report in self.history(plan_id):
            found[(report.task_key, report.period)] = report
        return found
