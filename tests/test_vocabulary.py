"""The closed vocabularies: their member tuples are the Literal types' values, in the order pages
list them, and a string from outside is taken only when it is a member."""

from __future__ import annotations

from typing import get_args

import pytest

from planwatch.model.job import JOB_KINDS, JOB_STATES, JobKind, JobState
from planwatch.model.monitoring import (
    ATTRIBUTES,
    NUMERIC_TARGET_KINDS,
    RELATION_NAMES,
    STATUS_NAMES,
    TARGET_KIND_NAMES,
    TARGET_KINDS,
    TASK_STATES,
    WARNING_LEVELS,
    StatusCode,
)
from planwatch.model.user import ROLE_NAMES, ROLES
from planwatch.model.vocabulary import one_of


def test_member_tuples_keep_the_order_pages_show() -> None:
    assert ATTRIBUTES == ("预期性", "约束性")
    assert TARGET_KINDS == ("at_least", "at_most", "about", "range", "exact", "relative", "assigned")
    assert TARGET_KINDS[:5] == NUMERIC_TARGET_KINDS
    assert TASK_STATES == ("未启动", "推进中", "已完成", "滞后", "暂缓")
    assert WARNING_LEVELS == ("blue", "yellow", "red")
    assert ROLES == ("admin", "planner", "reporter", "viewer")


def test_every_member_has_a_chinese_name() -> None:
    assert set(TARGET_KIND_NAMES) == set(TARGET_KINDS)
    assert set(STATUS_NAMES) == set(get_args(StatusCode))
    assert set(ROLE_NAMES) == set(ROLES)
    assert set(JOB_STATES) == set(get_args(JobState))
    assert set(JOB_KINDS) == set(get_args(JobKind))
    assert len(RELATION_NAMES) == 6


def test_one_of_takes_members_only() -> None:
    assert one_of("planner", ROLES) == "planner"
    with pytest.raises(ValueError, match="owner"):
        one_of("owner", ROLES)
    with pytest.raises(ValueError):
        one_of("Planner", ROLES)  # no folding: values are stored exactly
