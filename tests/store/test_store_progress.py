"""Progress reports in the database, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, func, select

from planwatch.model import Analysis, ProgressReport
from planwatch.store.engine import transaction
from planwatch.store.progress import ProgressRepository
from planwatch.store.repositories import PlanRepository
from planwatch.store.tables import PlanRow, ProgressReportRow


def _report(plan_id: int, **changes: object) -> ProgressReport:
    base = ProgressReport(
        id=0,
        plan_id=plan_id,
        task_key="p2.a3.t1",
        period="2026Q1",
        state="推进中",
        percent=37.5,
        narrative="完成前期研究",
        evidence=("报告.pdf", "照片.jpg"),
        status="submitted",
        submitted_by="工信局",
        submitted_at=datetime(2026, 3, 30, 8, 0, tzinfo=UTC),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_append_only_history_and_current(engine: Engine, make_analysis: Callable[..., Analysis]) -> None:
    with transaction(engine) as session:
        plan, _ = PlanRepository(session).add_version("大连", make_analysis(""))
        repo = ProgressRepository(session)
        first = repo.add(_report(plan.id), task_text="加快发展绿色石化")
        reviewed = repo.add(
            replace(
                first,
                status="approved",
                reviewed_by="发改委",
                reviewed_at=datetime(2026, 4, 2, tzinfo=UTC),
                review_comment="同意",
            ),
            task_text="加快发展绿色石化",
        )
        repo.add(_report(plan.id, period="2026Q2", percent=50.0), task_text="加快发展绿色石化")
        repo.add(_report(plan.id, task_key="other"), task_text="其他")

    with transaction(engine) as session:
        repo = ProgressRepository(session)
        rows = repo.history(plan.id, "p2.a3.t1")
        assert [r.status for r in rows] == ["submitted", "approved", "submitted"]
        assert rows[0] == first
        assert rows[0].evidence == ("报告.pdf", "照片.jpg") and rows[0].percent == 37.5
        assert rows[1].id == reviewed.id and rows[1].reviewed_by == "发改委"
        assert rows[1].reviewed_at == datetime(2026, 4, 2, tzinfo=UTC)
        assert repo.current(plan.id, "p2.a3.t1", "2026Q1") == reviewed
        assert repo.current(plan.id, "p2.a3.t1", "2026Q3") is None
        assert set(repo.current_by_period(plan.id)) == {
            ("p2.a3.t1", "2026Q1"),
            ("p2.a3.t1", "2026Q2"),
            ("other", "2026Q1"),
        }
        assert len(repo.history(plan.id)) == 4

    with transaction(engine) as session:
        session.execute(delete(PlanRow).where(PlanRow.id == plan.id))
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(ProgressReportRow)) == 0
