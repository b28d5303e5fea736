"""未报送 (no report yet) is a state of its own, apart from 滞后 (behind pace): on the Dalian plan with
no reports nothing is yellow, every task is 未报送 and, once a quarter's deadline passed, reminded
(催报); roll-ups and department averages leave unreported tasks out. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from planwatch.services.progress import reporting as progress
from planwatch.services.views import monitoring as monitoring_views
from planwatch.store.engine import transaction
from progress_setup import MIIT, TASK, import_dalian, submit

OTHER = "p3.a6.t3"  # same lead, due 2030


def test_no_reports_is_unreported_not_lagging(engine: Engine) -> None:
    view = import_dalian(engine)
    with transaction(engine) as session:
        for day, period in ((date(2027, 3, 31), "2026Q4"), (date(2028, 6, 30), "2028Q1")):
            rows = progress.task_progress(session, view, day)
            dated = [t for t in rows if t.due not in (None, "持续推进")]
            assert dated  # the old rule made every one of these yellow (0 % against 24.9 % / 49.9 %)
            assert all(t.warning is None for t in rows)
            assert all(t.state == "未报送" and t.percent is None for t in rows)
            assert all(t.reporting is not None and t.reporting.overdue for t in rows)
            assert {t.reporting.period for t in rows if t.reporting} == {period}
            assert progress.warnings(session, view, day) == []
        # the deadline still holds: after 2030 an unreported task due 2030 is red
        late = {t.task: t for t in progress.task_progress(session, view, date(2031, 1, 15))}
        red = late[TASK].warning
        assert red is not None and red.level == "red" and "未报送" in red.reason
        # in the first quarter nothing is due yet: 未报送 without a reminder
        first = {t.task: t for t in progress.task_progress(session, view, date(2026, 2, 1))}
        gap = first[TASK].reporting
        assert gap is not None and not gap.overdue and gap.period == "2026Q1"


def test_reports_clear_unreported_and_stale_reports_are_reminded(engine: Engine) -> None:
    view = import_dalian(engine)
    day = date(2027, 3, 31)
    with transaction(engine) as session:
        # TASK: reported for 2026Q4 (pending review) → up to date; OTHER: only a returned report
        submit(session, view, "2026Q4", 30)
        submit(session, view, "2026Q4", 30, task=OTHER)
        progress.review(session, view, OTHER, "2026Q4", False, "请补充", "发改委")
        by_task = {t.task: t for t in progress.task_progress(session, view, day)}
        assert by_task[TASK].reporting is None and by_task[TASK].state == "推进中"
        assert by_task[TASK].warning is None  # 30 % against 24.9 % expected
        returned = by_task[OTHER]
        assert returned.state == "未报送" and returned.reporting is not None and returned.reporting.overdue
        # a quarter later, TASK's 2027Q1 report is overdue from 2027-04-16: 催报, state kept
        later = {t.task: t for t in progress.task_progress(session, view, date(2027, 4, 16))}[TASK]
        assert later.state == "推进中" and later.percent == 30
        assert later.reporting is not None and later.reporting.overdue and later.reporting.period == "2027Q1"
        assert later.reporting.reason.startswith("最近一次报送为 2026Q4")


def test_rollup_and_scorecard_leave_unreported_tasks_out(engine: Engine) -> None:
    view = import_dalian(engine)
    day = date(2027, 3, 31)
    with transaction(engine) as session:
        submit(session, view, "2026Q4", 40)
        progress.review(session, view, TASK, "2026Q4", True, None, "发改委")
        rolled = progress.plan_rollup(session, view, day)
        assert rolled.reported == 1 and rolled.tasks == len(view.analysis.tasks)
        # the one reported task is the whole mean: 40 %, not 40 / n
        assert rolled.nodes["p3.a6"] == pytest.approx(40) and rolled.plan == pytest.approx(40)
        lead = progress.scorecard(session, view, day)[MIIT].lead
        assert lead.reported == 1 and lead.mean_progress == pytest.approx(40)
        assert lead.report_overdue == lead.count - 1  # every led task but TASK is to be reminded
        assert lead.warnings == {"blue": 0, "yellow": 0, "red": 0}


def test_warnings_page_keeps_unreported_apart(engine: Engine) -> None:
    view = import_dalian(engine)
    day = date(2027, 3, 31)
    with transaction(engine) as session:
        submit(session, view, "2026Q4", 5, state="滞后", narrative="原因")
        progress.review(session, view, TASK, "2026Q4", True, None, "发改委")
        page = monitoring_views.warnings_page(session, str(view.plan.id), day)
    total = len(view.analysis.tasks)
    assert [w["task"] for w in page["warnings"]] == [TASK]
    assert page["counts"] == {"blue": 0, "yellow": 1, "red": 0}
    rep = page["reporting"]
    assert (rep["tasks"], rep["not_reported"], rep["report_overdue"]) == (total, total - 1, total - 1)
    assert rep["not_reported_name"] == "未报送" and rep["reminder_name"] == "催报"
    assert sum(g["count"] for g in page["reminders"]) == total - 1
    counts = [g["count"] for g in page["reminders"]]
    assert counts == sorted(counts, reverse=True)
    miit = next(g for g in page["reminders"] if g["department"] == MIIT)
    assert TASK not in {t["task"] for t in miit["tasks"]}
    assert all(t["period"] == "2026Q4" and t["deadline"] == "2027-01-15" for t in miit["tasks"])
    assert page["warnings"][0]["reporting"] is None and page["warnings"][0]["sample"] is False
