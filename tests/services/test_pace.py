"""Task pace (序时进度) and warnings: hand examples, then properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.model import InputError
from planwatch.model.monitoring import TASK_STATES
from planwatch.services.progress.pace import (
    BLUE,
    RED,
    YELLOW,
    assess_task,
    due_date,
    expected_progress,
    parse_period,
    report_deadline,
    report_gap,
    task_warning,
)

START = date(2026, 1, 1)
DUE = date(2026, 12, 31)  # 364 days after START


def test_expected_progress_is_elapsed_over_planned_time() -> None:
    # 2026-07-02 is 182 of 364 days in → 50 %
    assert expected_progress(START, DUE, date(2026, 7, 2)) == pytest.approx(50.0)
    # 2026-04-01 is 90 days in → 90/364 = 24.73 %
    assert expected_progress(START, DUE, date(2026, 4, 1)) == pytest.approx(24.725, abs=1e-3)
    assert expected_progress(START, DUE, date(2025, 12, 1)) == 0.0  # not started
    assert expected_progress(START, DUE, START) == 0.0
    assert expected_progress(START, DUE, DUE) == 100.0
    assert expected_progress(START, DUE, date(2027, 3, 1)) == 100.0
    assert expected_progress(DUE, DUE, date(2026, 12, 30)) == 0.0  # a one-day task
    assert expected_progress(DUE, DUE, DUE) == 100.0


def test_expected_progress_between_milestones() -> None:
    due = date(2027, 1, 1)
    milestones = [(date(2026, 10, 1), 80.0), (date(2026, 4, 1), 10.0)]  # order does not matter
    # 2026-07-01 lies 91 of the 183 days from 04-01 (10 %) to 10-01 (80 %): 10 + 70 × 91/183 = 44.81 %
    assert expected_progress(START, due, date(2026, 7, 1), milestones) == pytest.approx(44.809, abs=1e-3)
    # before the first milestone: 0 % at START to 10 % at 04-01; 2026-02-15 is 45 of 90 days → 5 %
    assert expected_progress(START, due, date(2026, 2, 15), milestones) == pytest.approx(5.0)
    # after the last: 80 % at 10-01 to 100 % at 2027-01-01; 11-16 is 46 of 92 days → 90 %
    assert expected_progress(START, due, date(2026, 11, 16), milestones) == pytest.approx(90.0)


def test_lower_later_milestone_is_a_plateau_and_outside_milestones_are_ignored() -> None:
    due = date(2027, 1, 1)
    milestones = [(date(2026, 4, 1), 60.0), (date(2026, 10, 1), 40.0), (date(2028, 1, 1), 5.0)]
    # 60 % from 04-01 to 10-01 (the 40 % milestone is raised to 60 %), then on to 100 %
    assert expected_progress(START, due, date(2026, 7, 1), milestones) == pytest.approx(60.0)
    assert expected_progress(START, due, date(2026, 11, 16), milestones) == pytest.approx(80.0)


def test_due_date_reads_years_dates_and_standing_duties() -> None:
    assert due_date("2027") == date(2027, 12, 31)
    assert due_date(" 2027-06-30 ") == date(2027, 6, 30)
    assert due_date("持续推进") is None
    assert due_date("") is None and due_date(None) is None
    with pytest.raises(InputError, match="完成时限"):
        due_date("明年")


def test_red_when_overdue() -> None:
    w = assess_task("推进中", 60, START, DUE, date(2027, 1, 5))
    assert w is not None and w.level == RED
    assert w.reason == "已超过完成时限（2026-12-31）5 天，当前进度 60%，尚未完成"
    assert w.days_to_due == -5
    unreported = assess_task("未报送", None, START, DUE, date(2027, 1, 1))  # the deadline still holds
    assert unreported is not None and unreported.level == RED
    assert unreported.reason == "已超过完成时限（2026-12-31）1 天，未报送，尚未完成"


def test_yellow_when_behind_pace() -> None:
    today = date(2026, 7, 2)  # expected 50 %
    w = assess_task("推进中", 35, START, DUE, today)  # 35 < 50 − 10
    assert w is not None and w.level == YELLOW
    assert w.reason == "当前进度 35%，低于序时进度 50%（落后 15.0 个百分点，容差 10 个百分点）"
    assert w.expected == pytest.approx(50.0)
    assert task_warning("推进中", 41, START, DUE, today) is None  # within the tolerance
    assert task_warning("推进中", 41, START, DUE, today, tolerance=5) == YELLOW
    # no report is 未报送, not 0 % done: no pace warning however far the expected progress is
    assert task_warning("未报送", None, START, DUE, today) is None
    assert task_warning("未报送", None, START, DUE, date(2026, 11, 30)) is None  # expected 91.2 %
    # reported as 滞后 by the unit itself, whatever the percentage
    lagging = assess_task("滞后", 80, START, DUE, today)
    assert lagging is not None and lagging.level == YELLOW and "填报状态为“滞后”" in lagging.reason


def test_blue_when_due_soon_and_yellow_wins_over_blue() -> None:
    today = date(2026, 12, 10)  # 21 days before DUE; expected 343/364 = 94.2 %
    w = assess_task("推进中", 95, START, DUE, today)
    assert w is not None and w.level == BLUE
    assert w.reason == "距完成时限（2026-12-31）还有 21 天，尚未完成（当前进度 95%）"
    assert task_warning("推进中", 95, START, DUE, today, warn_days=20) is None
    behind = assess_task("推进中", 50, START, DUE, today)
    assert behind is not None and behind.level == YELLOW
    assert behind.reason.endswith("；距完成时限（2026-12-31）还有 21 天")
    unreported = assess_task("未报送", None, START, DUE, today)
    assert unreported is not None and unreported.level == BLUE
    assert unreported.reason == "距完成时限（2026-12-31）还有 21 天，尚未完成（未报送）"
    due_today = assess_task("推进中", 99, START, DUE, DUE)
    assert due_today is not None and due_today.level == BLUE and "今天（2026-12-31）到期" in due_today.reason


def test_completed_suspended_and_standing_tasks() -> None:
    late = date(2027, 6, 1)
    assert task_warning("已完成", 100, START, DUE, late) is None
    assert task_warning("已完成", 20, START, DUE, late) is None
    assert task_warning("暂缓", 20, START, DUE, late) is None
    assert task_warning("暂缓", 0, START, DUE, date(2026, 12, 20)) is None
    assert task_warning("推进中", 0, START, None, late) is None  # 持续推进: never red or blue
    standing = assess_task("滞后", 30, START, None, late)
    assert standing is not None and standing.level == YELLOW and standing.expected is None
    assert task_warning("推进中", 0, None, DUE, date(2026, 7, 2)) is None  # no start: no pace
    assert task_warning("推进中", 0, None, DUE, date(2027, 1, 1)) == RED


def test_report_deadline_is_fifteen_days_after_the_quarter() -> None:
    assert report_deadline((2026, 1)) == date(2026, 4, 15)
    assert report_deadline((2026, 4)) == date(2027, 1, 15)
    assert report_deadline((2027, 2), grace_days=0) == date(2027, 6, 30)
    assert parse_period("2026Q3") == (2026, 3) and parse_period("2026") == (2026, 4)


def test_a_task_never_reported_on_is_unreported_and_reminded_once_a_deadline_passed() -> None:
    # in the first quarter nothing is due yet: 未报送, no reminder
    first = report_gap(None, START, date(2026, 2, 1))
    assert first is not None and first.never and not first.overdue
    assert (first.period, first.deadline) == ("2026Q1", date(2026, 4, 15))
    assert first.reason == "尚无进展报告；2026Q1 进展应于 2026-04-15 前报送"
    # the deadline day itself is still in time
    on_deadline = report_gap(None, START, date(2026, 4, 15))
    assert on_deadline is not None and not on_deadline.overdue
    # 2027-03-31: 2026Q4 was due by 2027-01-15, 75 days ago (16 + 28 + 31) → 催报
    late = report_gap(None, START, date(2027, 3, 31))
    assert late is not None and late.overdue and late.never and late.period == "2026Q4"
    assert late.reason == "尚无进展报告；2026Q4 进展应于 2027-01-15 前报送，已逾期 75 天，请催报"


def test_a_reported_task_is_reminded_only_after_the_next_deadline() -> None:
    day = date(2027, 3, 31)
    assert report_gap("2026Q4", START, day) is None
    assert report_gap("2027Q1", START, day) is None  # reported ahead
    assert report_gap("2026Q4", START, date(2027, 4, 15)) is None  # 2027Q1 still has time
    stale = report_gap("2026Q3", START, day)
    assert stale is not None and stale.overdue and not stale.never and stale.period == "2026Q4"
    assert stale.reason.startswith("最近一次报送为 2026Q3；2026Q4 进展应于 2027-01-15 前报送")
    # before the plan starts nothing is due from a task that has reported
    assert report_gap("2026Q1", START, date(2025, 12, 1)) is None
    with pytest.raises(InputError, match="宽限"):
        report_gap(None, START, day, grace_days=-1)


# ---------------------------------------------------------------- properties

dates = st.dates(date(2020, 1, 1), date(2035, 12, 31))
milestone_lists = st.lists(st.tuples(dates, st.floats(-50, 150)), max_size=5)


@settings(max_examples=300)
@given(start=dates, due=dates, today=dates, later=st.integers(0, 2000), milestones=milestone_lists)
def test_later_today_never_lowers_expected_progress(
    start: date, due: date, today: date, later: int, milestones: list[tuple[date, float]]
) -> None:
    now = expected_progress(start, due, today, milestones)
    then = expected_progress(start, due, today + timedelta(days=later), milestones)
    assert 0.0 <= now <= then <= 100.0


states = st.sampled_from(TASK_STATES)
percents = st.none() | st.floats(allow_nan=True)


@settings(max_examples=300)
@given(
    state=states,
    percent=percents,
    start=st.none() | dates,
    due=st.none() | dates,
    today=dates,
    warn_days=st.integers(0, 90),
)
def test_warning_rules(
    state: str, percent: float | None, start: date | None, due: date | None, today: date, warn_days: int
) -> None:
    w = assess_task(state, percent, start, due, today, warn_days=warn_days)
    if state in ("已完成", "暂缓"):
        assert w is None
        return
    if w is None:
        return
    assert w.reason
    if w.level == RED:
        assert due is not None and today > due
    if due is None:
        assert w.level == YELLOW
    elif today > due:
        assert w.level == RED  # overdue always shows as red
    if w.level == BLUE:
        assert due is not None and 0 <= (due - today).days <= warn_days


@given(state=states, percent=percents, start=dates, due=dates, today=dates)
def test_red_exactly_when_overdue_and_open(
    state: str, percent: float | None, start: date, due: date, today: date
) -> None:
    red = task_warning(state, percent, start, due, today) == RED
    assert red == (today > due and state not in ("已完成", "暂缓"))


quarters = st.tuples(st.integers(2020, 2035), st.integers(1, 4)).map(lambda q: f"{q[0]}Q{q[1]}")


@settings(max_examples=300)
@given(
    last=st.none() | quarters,
    start=dates,
    today=dates,
    grace=st.integers(0, 60),
    later=st.integers(0, 12),
)
def test_report_gap_rules(last: str | None, start: date, today: date, grace: int, later: int) -> None:
    gap = report_gap(last, start, today, grace_days=grace)
    if last is None:
        assert gap is not None and gap.never  # never reported on: always 未报送
    if gap is None:
        return
    assert gap.reason and gap.deadline == report_deadline(parse_period(gap.period), grace)
    assert gap.overdue == (today > gap.deadline)  # 催报 exactly when the deadline has passed
    assert parse_period(gap.period) >= (start.year, (start.month - 1) // 3 + 1)
    if last is not None:
        assert gap.overdue and parse_period(gap.period) > parse_period(last)
        # reporting a later quarter never opens a gap that an earlier one did not have
        year, quarter = parse_period(last)
        n = year * 4 + quarter - 1 + later
        newer = report_gap(f"{n // 4}Q{n % 4 + 1}", start, today, grace_days=grace)
        assert newer is None or parse_period(newer.period) == parse_period(gap.period)
