"""Task progress use cases: submit → return → resubmit → approve with history, 销号 rules, pace
warnings, roll-up and scorecards. Database tests run on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, select

from planwatch.model import InputError
from planwatch.services.progress import reporting as progress
from planwatch.store.engine import transaction
from planwatch.store.tables import AuditRow
from progress_setup import TASK, import_dalian, submit


@pytest.mark.parametrize(
    ("text", "want"), [("2026Q1", "2026Q1"), ("2026q4", "2026Q4"), (" 2027 Q2 ", "2027Q2"), (None, "2026Q2")]
)
def test_period(text: str | None, want: str) -> None:
    assert progress.normalise_period(text, today=date(2026, 5, 1)) == want


@pytest.mark.parametrize("text", ["2026Q5", "2026", "Q1", "26Q1", "2026-03"])
def test_bad_period(text: str) -> None:
    with pytest.raises(InputError, match="填报期"):
        progress.normalise_period(text)


def test_submit_return_resubmit_approve_keeps_history(engine: Engine) -> None:
    view = import_dalian(engine)
    assert progress.plan_start(view) == date(2026, 1, 1)
    with transaction(engine) as session:
        submit(session, view, "2026Q1", 30, narrative="开展调研", evidence=["调研.pdf"], by="工信局")
        with pytest.raises(InputError, match="须填写意见"):
            progress.review(session, view, TASK, "2026Q1", False, " ", "发改委")
        returned = progress.review(session, view, TASK, "2026Q1", False, "请补充数据", "发改委")
        assert returned.status == "returned" and returned.review_comment == "请补充数据"
        with pytest.raises(InputError, match="只有待审核"):
            progress.review(session, view, TASK, "2026Q1", True, None, "发改委")
        submit(session, view, "2026Q1", 35, narrative="补充数据", evidence=["调研.pdf"], by="工信局")
        approved = progress.review(session, view, TASK, "2026Q1", True, None, "发改委")
        assert approved.status == "approved" and approved.percent == 35

    with transaction(engine) as session:
        rows = progress.history(session, view, TASK)
        assert [(r.status, r.percent) for r in rows] == [
            ("submitted", 30),
            ("returned", 30),
            ("submitted", 35),
            ("approved", 35),
        ]
        actions = list(session.scalars(select(AuditRow.action).order_by(AuditRow.id)))
        assert actions[-4:] == ["progress.submit", "progress.return", "progress.submit", "progress.approve"]
        # a newer submission waits for review: the approved one still stands
        submit(session, view, "2026Q2", 90, by="工信局")
        by_task = {t.task: t for t in progress.task_progress(session, view, date(2026, 6, 30))}
        standing = by_task[TASK].report
        assert by_task[TASK].percent == 35 and standing is not None and standing.period == "2026Q1"


def test_submit_checks_input(engine: Engine) -> None:
    view = import_dalian(engine)
    with transaction(engine) as session:
        with pytest.raises(InputError, match="任务状态"):
            submit(session, view, "2026Q1", 30, state="完成")
        with pytest.raises(InputError, match="完成百分比"):
            submit(session, view, "2026Q1", 130)
        with pytest.raises(InputError, match="销号"):  # no evidence
            submit(session, view, "2026Q1", 100, state="已完成", closes=True)
        with pytest.raises(InputError, match="100"):
            submit(session, view, "2026Q1", 90, state="已完成", evidence=["a.pdf"], closes=True)
        with pytest.raises(InputError, match="已完成"):
            submit(session, view, "2026Q1", 100, evidence=["a.pdf"], closes=True)


def test_closing_counts_once_approved(engine: Engine) -> None:
    view = import_dalian(engine)
    day = date(2031, 1, 15)
    with transaction(engine) as session:
        submit(
            session, view, "2026Q4", 100, state="已完成", narrative="完成", evidence=["验收.pdf"], closes=True
        )
        before = {t.task: t for t in progress.task_progress(session, view, day)}[TASK]
        assert not before.closed and before.warning is None  # submitted 已完成 stands, not yet closed
        progress.review(session, view, TASK, "2026Q4", True, None, "发改委")
        after = {t.task: t for t in progress.task_progress(session, view, day)}[TASK]
        assert after.closed and after.state == "已完成" and after.percent == 100


def test_warnings_red_after_due_yellow_behind_pace(engine: Engine) -> None:
    view = import_dalian(engine)
    with transaction(engine) as session:
        submit(session, view, "2027Q1", 20)
        progress.review(session, view, TASK, "2027Q1", True, None, "发改委")
        early = {t.task: t for t in progress.task_progress(session, view, date(2027, 3, 31))}
        assert early[TASK].expected == pytest.approx(24.9, abs=0.1)
        assert early[TASK].warning is None  # 20 % is within the 10-point tolerance of 24.9 %
        later = {t.task: t for t in progress.task_progress(session, view, date(2028, 6, 30))}
        warning = later[TASK].warning
        assert warning is not None and warning.level == "yellow"
        assert "低于序时进度" in warning.reason
        overdue = progress.warnings(session, view, date(2031, 1, 15))
        assert overdue[0].warning is not None and overdue[0].warning.level == "red"
        assert "已超过完成时限" in overdue[0].warning.reason
        standing = [
            t for t in progress.task_progress(session, view, date(2031, 1, 15)) if t.due == "持续推进"
        ]
        assert standing and all(t.warning is None for t in standing)


def test_rollup_and_scorecard(engine: Engine) -> None:
    view = import_dalian(engine)
    with transaction(engine) as session:
        for key, pct in (("p3.a6.t1", 40), ("p3.a6.t3", 80)):
            submit(session, view, "2026Q1", pct, task=key)
            progress.review(session, view, key, "2026Q1", True, None, "发改委")
        result = progress.plan_rollup(session, view, date(2026, 3, 31))
        assert result.reported == 2
        assert result.nodes["p3.a6"] == pytest.approx(60)
        assert dict((p[0], p[2]) for p in result.parts)["p3"] == pytest.approx(60)
        assert result.plan == pytest.approx(60)
        weighted = progress.plan_rollup(session, view, date(2026, 3, 31), weights={"p3.a6.t3": 3})
        assert weighted.plan == pytest.approx(70)
        cards = progress.scorecard(session, view, date(2026, 3, 31))
        lead = cards["大连市工业和信息化局"].lead
        assert lead.reported == 2 and lead.mean_progress == pytest.approx(60)
        assert "p3.a6.t1" not in cards["大连市工业和信息化局"].cooperating.tasks
