"""Page data of 落实佐证 (issue 19) that the web tests' plan cannot show: a task of a work report's
own review part (its account of the year before) is listed by the plan but not traced, and its
timeline says so instead of failing; SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from planwatch.model import NotFoundError
from planwatch.services.evidence.trace import traced_tasks
from planwatch.services.plans.analyze import analyze_path
from planwatch.services.plans.records import import_analysis
from planwatch.services.views.evidence import sources_page, task_evidence
from planwatch.settings import Settings
from planwatch.store.engine import transaction
from strict import missing

BEIJING = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "provinces-2026-dev" / "北京市.txt"


def test_review_part_tasks_are_shown_as_not_traced(engine: Engine) -> None:
    if not BEIJING.is_file():
        missing(f"the shared corpus is not at {BEIJING.parent}")
    analysis = analyze_path(BEIJING, Settings())
    traced, skipped = traced_tasks(analysis)
    assert skipped and traced
    with transaction(engine) as session:
        import_analysis(session, analysis, "北京")
    with transaction(engine) as session:
        review = task_evidence(session, "北京", sorted(skipped)[0])
        kept = task_evidence(session, "北京", traced[0].id)
        page = sources_page(session, "北京")
        with pytest.raises(NotFoundError, match="没有任务"):
            task_evidence(session, "北京", "p99.t99")
    assert review["traced"] is False and review["years"] == [] and review["task"]["part_title"]
    assert kept["traced"] is True and kept["count"] == 0
    assert page["sources"] == [] and page["summary"]["total"] == len(traced)
    assert "links" not in page  # ids only: the web layer makes the links (tests/web/test_evidence_pages.py)
