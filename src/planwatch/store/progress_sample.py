"""The 示例数据 rows of ``progress_reports``: counted and deleted together, never one by one.

Kept apart from ``ProgressRepository`` so that removing the demo data can only ever touch rows
marked ``sample``. Flushes, never commits: the caller's transaction decides.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, delete, func, select
from sqlalchemy.orm import Session

from planwatch.store.tables import ProgressReportRow


def _sample(plan_id: int) -> ColumnElement[bool]:
    return and_(ProgressReportRow.plan_id == plan_id, ProgressReportRow.sample.is_(True))


def count_sample(session: Session, plan_id: int) -> tuple[int, int]:
    """(sample rows, distinct tasks they are on) of the plan."""
    rows, tasks = session.execute(
        select(func.count(), func.count(func.distinct(ProgressReportRow.task_key))).where(_sample(plan_id))
    ).one()
    return int(rows), int(tasks)


def real_task_keys(session: Session, plan_id: int) -> set[str]:
    """Tasks of the plan that have at least one real (not sample) report."""
    query = select(ProgressReportRow.task_key).where(
        ProgressReportRow.plan_id == plan_id, ProgressReportRow.sample.is_(False)
    )
    return set(session.scalars(query.distinct()))


def delete_sample(session: Session, plan_id: int) -> int:
    """Delete the plan's sample rows; returns how many."""
    result = session.execute(delete(ProgressReportRow).where(_sample(plan_id)))
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)
