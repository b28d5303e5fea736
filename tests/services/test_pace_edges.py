"""Task pace at its edges (services/progress/pace.py): the day a warning window opens, milestones on the start
day and in the warning itself, reported percentages that are odd (0.5 %, NaN), and the hints of bad
input. Each case was written against a mutant that the other pace tests let survive
(bench/mutation.py); the expected values are worked out by hand in the comments."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planwatch.model import InputError
from planwatch.services.progress.pace import (
    BLUE,
    RED,
    YELLOW,
    assess_task,
    due_date,
    expected_progress,
    report_gap,
    task_warning,
)

START = date(2026, 1, 1)
DUE = date(2026, 12, 31)  # 364 days after START
APRIL = date(2026, 4, 1)  # 90 days in: 90/364 = 24.7 % by the clock


def test_a_milestone_on_the_start_day_counts_from_that_day() -> None:
    # ramp (start, 30) → (due, 100): on the start day 30 + 70 × 0/364 = 30
    assert expected_progress(START, DUE, START, [(START, 30.0)]) == 30.0


def test_milestones_reach_the_warning() -> None:
    # by the clock 24.7 % is expected on 1 April, and 30 % reported is fine (within 10 points);
    # a milestone of 80 % on 31 March puts it at 80 + 20 × 1/275 = 80.07 %: 30 % is behind
    plain = assess_task("推进中", 30.0, START, DUE, APRIL)
    assert plain is None and task_warning("推进中", 30.0, START, DUE, APRIL) is None
    milestones = [(date(2026, 3, 31), 80.0)]
    behind = assess_task("推进中", 30.0, START, DUE, APRIL, milestones=milestones)
    assert behind is not None and behind.level == YELLOW
    assert behind.expected == pytest.approx(80 + 20 / 275)
    assert task_warning("推进中", 30.0, START, DUE, APRIL, milestones=milestones) == YELLOW


def test_the_warning_window_opens_on_its_first_day() -> None:
    # 30 days before the due date, with a 30-day window: blue, and the reason says how long is left
    today = DUE - timedelta(days=30)
    warning = assess_task("推进中", 99.0, START, DUE, today, warn_days=30)
    assert warning is not None and warning.level == BLUE and warning.days_to_due == 30
    assert "还有 30 天" in warning.reason
    assert assess_task("推进中", 99.0, START, DUE, today - timedelta(days=1), warn_days=30) is None


def test_self_reported_lagging_is_named_in_the_reason() -> None:
    warning = assess_task("滞后", 50.0, START, DUE, APRIL)
    assert warning is not None and warning.level == YELLOW
    assert warning.reason == "填报状态为“滞后”"


@pytest.mark.parametrize(
    ("percent", "shown"),
    [(0.5, "当前进度 0.5%"), (float("nan"), "当前进度 0%"), (150.0, "当前进度 100%"), (None, "未报送")],
)
def test_an_overdue_task_shows_its_percent_clamped(percent: float | None, shown: str) -> None:
    # overdue: red, and the whole of the work (100 %) was expected by now
    warning = assess_task("推进中", percent, START, DUE, DUE + timedelta(days=3))
    assert warning is not None and warning.level == RED
    assert warning.expected == 100.0 and warning.days_to_due == -3
    assert shown in warning.reason


@pytest.mark.parametrize("text", ["abcd", "12345", "2027/06/30"])
def test_a_bad_due_date_says_how_to_write_one(text: str) -> None:
    with pytest.raises(InputError) as caught:
        due_date(text)
    # 待定 joined the hint when model/due.py began accepting it (a work report has no end year)
    assert caught.value.hint == "请写四位年份（如 2027）、日期（如 2027-06-30）、“持续推进”或“待定”。"


@pytest.mark.parametrize(
    ("text", "day"),
    [("2027", date(2027, 12, 31)), ("2027-06-30", date(2027, 6, 30)), ("持续推进", None), ("待定", None)],
)
def test_every_way_the_hint_names_is_accepted(text: str, day: date | None) -> None:
    assert due_date(text) == day


def test_a_negative_grace_period_says_what_to_enter() -> None:
    with pytest.raises(InputError) as caught:
        report_gap(None, START, APRIL, grace_days=-1)
    assert caught.value.hint == "请填写不小于 0 的天数。"
