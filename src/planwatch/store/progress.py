"""Task progress reports, as ``planwatch.model.ProgressReport`` objects (issue 6).

Append-only: a submission, an approval and a return each add a row. The rows of a task, oldest
first, are its history; the newest row of a (plan, task, period) is that period's current report.
Evidence entries in the JSON column are either a file name (recorded by name only, as before
migration 0009) or ``{"name": ..., "file": id}`` pointing at a stored ``evidence_files`` row. The model
object gets the names in ``evidence`` and the ids (None for name-only entries) in ``evidence_files``.

Like every repository this one flushes and never commits: the caller's transaction decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.model import ProgressReport, Task
from planwatch.store.repositories import _valid_id
from planwatch.store.tables import ProgressReportRow, utcnow
from planwatch.store.task_identity import TaskIndex

_FIELDS = tuple(f.name for f in fields(ProgressReport))
_WRITABLE = tuple(n for n in _FIELDS if n not in ("id", "evidence", "evidence_files", "task_text"))


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

    def history(
        self, plan_id: int, task_key: str | None = None, *, tasks: Sequence[Task] | None = None
    ) -> list[ProgressReport]:
        """Every row of the plan (or of one task), oldest first.

        With ``tasks`` (a version's tasks) the rows are read against that version: each gets the key
        its task has there, rows of tasks it no longer has as they were are left out (see
        ``stale``), and ``task_key`` is a key of that version.
        """
        query = select(ProgressReportRow).where(ProgressReportRow.plan_id == plan_id)
        if task_key is not None and tasks is None:
            query = query.where(ProgressReportRow.task_key == task_key)
        rows = [_report(r) for r in self._session.scalars(query.order_by(ProgressReportRow.id))]
        if tasks is None:
            return rows
        resolved = _resolve(rows, tasks)
        return resolved if task_key is None else [r for r in resolved if r.task_key == task_key]

    def stale(self, plan_id: int, tasks: Sequence[Task]) -> list[ProgressReport]:
        """Rows whose task the version ``tasks`` no longer has as it was (rewritten or removed)."""
        index = TaskIndex(tasks)
        return [r for r in self.history(plan_id) if index.match(r.task_key, r.task_text) is None]

    def rekey(self, plan_id: int, task_key: str, task_text: str, new_key: str, new_text: str) -> int:
        """Attach every row of the task identity (``task_key``, ``task_text``) to another task."""
        rows = self._session.scalars(
            select(ProgressReportRow).where(
                ProgressReportRow.plan_id == plan_id,
                ProgressReportRow.task_key == task_key,
                ProgressReportRow.task_text == task_text,
            )
        ).all()
        for row in rows:
            row.task_key = new_key
            row.task_text = new_text
        self._session.flush()
        return len(rows)

    def get(self, report_id: int) -> ProgressReport | None:
        # An id beyond the column's range is no report (the driver would raise on it).
        row = self._session.get(ProgressReportRow, report_id) if _valid_id(report_id) else None
        return None if row is None else _report(row)

    def current(
        self, plan_id: int, task_key: str, period: str, *, tasks: Sequence[Task] | None = None
    ) -> ProgressReport | None:
        """The newest row of a task's period, or None when nothing was reported for it (read against
        the version ``tasks`` when given, as in ``history``)."""
        if tasks is not None:
            rows = [r for r in self.history(plan_id, task_key, tasks=tasks) if r.period == period]
            return rows[-1] if rows else None
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

    def current_by_period(
        self, plan_id: int, *, tasks: Sequence[Task] | None = None
    ) -> dict[tuple[str, str], ProgressReport]:
        """The newest row of every (task, period) of the plan (read against ``tasks`` when given)."""
        found: dict[tuple[str, str], ProgressReport] = {}
        for report in self.history(plan_id, tasks=tasks):
            found[(report.task_key, report.period)] = report
        return found


def _resolve(reports: list[ProgressReport], tasks: Sequence[Task]) -> list[ProgressReport]:
    index = TaskIndex(tasks)
    out = []
    for r in reports:
        task = index.match(r.task_key, r.task_text)
        if task is not None:
            out.append(r if task.id == r.task_key else replace(r, task_key=task.id))
    return out
