"""Evidence files and reports citing them, in the database, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, func, select, update

from planwatch.model import Analysis, ProgressReport
from planwatch.store.engine import transaction
from planwatch.store.evidence import EvidenceRepository
from planwatch.store.progress import ProgressRepository
from planwatch.store.repositories import PlanRepository
from planwatch.store.tables import EvidenceFileRow, PlanRow, ProgressReportRow

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


def _report(plan_id: int, names: tuple[str, ...], ids: tuple[int | None, ...]) -> ProgressReport:
    return ProgressReport(
        id=0,
        plan_id=plan_id,
        task_key="p2.a3.t1",
        period="2026Q1",
        state="推进中",
        percent=40.0,
        narrative="开工建设",
        evidence=names,
        evidence_files=ids,
        status="submitted",
        submitted_by="教育局",
        submitted_at=datetime(2026, 3, 30, tzinfo=UTC),
    )


def test_files_round_trip_without_bytes_in_listings(
    engine: Engine, make_analysis: Callable[..., Analysis]
) -> None:
    with transaction(engine) as session:
        plan, _ = PlanRepository(session).add_version("大连", make_analysis(""))
        repo = EvidenceRepository(session)
        first = repo.add(plan.id, "p2.a3.t1", "开工证明.pdf", "application/pdf", PDF, "教育局")
        second = repo.add(plan.id, "p2.a3.t1", "照片.png", "image/png", b"\x89PNG\r\n\x1a\nxyz", "教育局")
        repo.add(plan.id, "other", "其他.txt", "text/plain; charset=utf-8", "说明".encode(), "工信局")

    assert first.size == len(PDF) and first.sha256 == hashlib.sha256(PDF).hexdigest()
    assert first.data is None and first.uploaded_at.tzinfo is not None
    with transaction(engine) as session:
        repo = EvidenceRepository(session)
        listed = repo.list(plan.id, "p2.a3.t1")
        assert [f.filename for f in listed] == ["开工证明.pdf", "照片.png"]
        assert all(f.data is None for f in listed)
        assert len(repo.list(plan.id)) == 3
        fetched = repo.get(first.id, with_data=True)
        assert fetched is not None and fetched.data == PDF and fetched.filename == "开工证明.pdf"
        assert repo.get(first.id) == first  # without bytes: the object as it was added
        assert repo.get(999_999) is None
        assert set(repo.many([second.id, first.id, 999_999])) == {first.id, second.id}
        assert repo.many([]) == {}

    with transaction(engine) as session:  # the files go with their plan
        session.execute(delete(PlanRow).where(PlanRow.id == plan.id))
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(EvidenceFileRow)) == 0


def test_reports_cite_files_and_old_name_only_entries_stay_readable(
    engine: Engine, make_analysis: Callable[..., Analysis]
) -> None:
    with transaction(engine) as session:
        plan, _ = PlanRepository(session).add_version("大连", make_analysis(""))
        stored = EvidenceRepository(session).add(plan.id, "p2.a3.t1", "证明.pdf", "application/pdf", PDF, "x")
        repo = ProgressRepository(session)
        cited = repo.add(_report(plan.id, ("证明.pdf", "纸质.doc"), (stored.id, None)), task_text="任务")
        old = repo.add(_report(plan.id, ("旧材料.pdf",), ()), task_text="任务")
        # a row as written before migration 0009: a plain list of names
        session.execute(
            update(ProgressReportRow).where(ProgressReportRow.id == old.id).values(evidence=["旧材料.pdf"])
        )

    with transaction(engine) as session:
        repo = ProgressRepository(session)
        again = repo.get(cited.id)
        assert again is not None
        assert again.evidence == ("证明.pdf", "纸质.doc") and again.evidence_files == (stored.id, None)
        legacy = repo.get(old.id)
        assert legacy is not None and legacy.evidence == ("旧材料.pdf",) and legacy.evidence_files == ()
        assert repo.get(999_999) is None
        raw = session.scalar(select(ProgressReportRow.evidence).where(ProgressReportRow.id == cited.id))
        assert raw == [{"name": "证明.pdf", "file": stored.id}, "纸质.doc"]
