"""Carry-over between versions: decisions on unchanged or moved tasks follow them; decisions on
rewritten tasks are listed with candidates and can be re-attached (on both databases)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from planwatch.model import InputError, NotFoundError
from planwatch.services.catalogue.departments import catalogue_in_force
from planwatch.services.division.assignments import effective, override
from planwatch.services.plans.analyze import analyze_bytes, default_plan_bytes
from planwatch.services.plans.carryover import reattach, stale_page
from planwatch.services.plans.records import import_analysis, load_plan
from planwatch.services.progress.reporting import ReportDraft, history, submit_report, task_progress
from planwatch.settings import Settings
from planwatch.store.engine import transaction

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "compare"))
from drafts import edited_draft

REWRITTEN = "加强基础设施统筹规划,优化布局结构,促进集成融合,提升安全韧性和运营可持续性"


def test_decisions_follow_moved_tasks_and_rewritten_ones_are_reattached(engine: Engine) -> None:
    data, _ = default_plan_bytes()
    settings = Settings()
    with transaction(engine) as session:
        catalogue = catalogue_in_force(session, settings)
        plan = import_analysis(session, analyze_bytes(data, "v1.txt", settings, catalogue), name="大连").plan
        view = load_plan(session, "大连")
        moved = next(t for t in view.analysis.tasks if t.id.startswith("p3.a9."))  # (9) becomes (8)
        rewritten = next(t for t in view.analysis.tasks if t.text == REWRITTEN)
        override(session, view, moved.id, catalogue, decided_by="张三", lead="市商务局")
        override(session, view, rewritten.id, catalogue, decided_by="张三", lead="市发展改革委")
        submit_report(
            session,
            view,
            ReportDraft(
                task_key=moved.id, period="2026Q1", state="推进中", percent=20, narrative="按计划推进"
            ),
            by="商务局填报员",
        )
        submit_report(
            session,
            view,
            ReportDraft(
                task_key=rewritten.id,
                period="2026Q1",
                state="推进中",
                percent=15,
                narrative="完成统筹规划初稿",
            ),
            by="发改委填报员",
        )
    draft = edited_draft(data.decode("utf-8")).encode("utf-8")
    with transaction(engine) as session:
        import_analysis(session, analyze_bytes(draft, "v2.txt", settings, catalogue), name="大连")
    with transaction(engine) as session:
        view = load_plan(session, "大连")
        assert view.version.number == 2
        leads = {a.task: a.lead.department for a in effective(session, view).assignments if a.lead}
        now = next(t for t in view.analysis.tasks if t.text == moved.text)
        assert now.id != moved.id and leads[now.id] == "大连市商务局"  # moved with its task
        by_task = {t.task: t for t in task_progress(session, view, date(2026, 6, 30))}
        assert by_task[now.id].percent == 20  # the report moved with its task
        page = stale_page(session, str(plan.id))
        [item, reports] = page["items"]
        assert reports["kind"] == "progress" and reports["task_text"] == REWRITTEN
        assert reports["candidates"][0]["task"] == item["candidates"][0]["task"]
        assert not any(t.percent == 15 for t in by_task.values())  # not on a wrong task meanwhile
        assert item["task_text"] == REWRITTEN and "发展和改革委员会" in item["what"]
        best = item["candidates"][0]
        assert best["text"] == REWRITTEN.removeprefix("加强基础设施统筹规划,")
        with pytest.raises(NotFoundError):
            reattach(session, "大连", "assignment", item["id"], "p99.t9", by="李四")
        done = reattach(session, "大连", "assignment", item["id"], best["task"], by="李四")
        assert done["task"] == best["task"]
        moved_reports = reattach(session, "大连", "progress", reports["id"], best["task"], by="李四")
        assert moved_reports["reports"] == 1
    with transaction(engine) as session:
        view = load_plan(session, "大连")
        leads = {a.task: a.lead.department for a in effective(session, view).assignments if a.lead}
        assert "发展和改革委员会" in leads[best["task"]]
        assert stale_page(session, "大连")["items"] == []
        by_task = {t.task: t for t in task_progress(session, view, date(2026, 6, 30))}
        assert by_task[best["task"]].percent == 15
        assert [r.narrative for r in history(session, view, best["task"])] == ["完成统筹规划初稿"]
        with pytest.raises(InputError, match="不是待重新关联的记录"):
            reattach(session, "大连", "assignment", item["id"], best["task"], by="李四")
