"""Roll-up of progress (article → part → plan) and department scorecards."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.model import InputError
from planwatch.services.progress.rollup import (
    TaskProgress,
    department_scorecard,
    rollup,
    rollup_detail,
)

# plan ← parts p1, p2 ← articles a1, a2 (p1) and a3, a4 (p2)
TREE: dict[str, str | None] = {
    "plan": None,
    "p1": "plan",
    "p2": "plan",
    "a1": "p1",
    "a2": "p1",
    "a3": "p2",
    "a4": "p2",
}


def test_weighted_mean_up_the_tree_leaving_out_nodes_without_data() -> None:
    # p1 = (50 + 100) / 2 = 75; p2 = 30 (a4 has no data and is left out, not counted as 0)
    # plan = (75 + 30) / 2 = 52.5
    r = rollup_detail(TREE, {"a1": 50, "a2": 100, "a3": 30})
    assert r.values == {"plan": 52.5, "p1": 75, "p2": 30, "a1": 50, "a2": 100, "a3": 30}
    assert r.missing == ("a4",)
    assert r.excluded == {"p2": ("a4",)}
    assert rollup(TREE, {"a1": 50, "a2": 100, "a3": 30}) == r.values


def test_weights_are_normalised() -> None:
    values = {"a1": 50.0, "a2": 100.0, "a3": 30.0, "a4": 10.0}
    # p1 = (3 × 50 + 1 × 100) / 4 = 62.5; p2 = 20; plan = (2 × 62.5 + 1 × 20) / 3 = 48.33
    r = rollup(TREE, values, {"a1": 3, "a2": 1, "p1": 2})
    assert r["p1"] == pytest.approx(62.5)
    assert r["p2"] == pytest.approx(20.0)
    assert r["plan"] == pytest.approx(145 / 3)
    # the same weights scaled give the same result
    assert rollup(TREE, values, {"a1": 30, "a2": 10, "p1": 20, "p2": 10}) == pytest.approx(r)


def test_zero_weight_and_empty_subtrees() -> None:
    r = rollup_detail(TREE, {"a1": 40, "a2": 100}, {"a2": 0})
    assert r.values["p1"] == 40  # a2 counts for nothing
    assert "p2" in r.missing and "a3" in r.missing and "a4" in r.missing
    assert r.excluded == {"p2": ("a3", "a4"), "plan": ("p2",)}
    assert r.values["plan"] == 40  # p2 has no data at all, so the plan rests on p1
    nothing = rollup_detail(TREE, {})
    assert nothing.values == {} and set(nothing.missing) == set(TREE)


def test_values_given_for_parents_are_ignored_and_reported() -> None:
    r = rollup_detail(TREE, {"a1": 20, "a2": 40, "a3": 60, "a4": 80, "p1": 99})
    assert r.values["p1"] == 30
    assert r.ignored == ("p1",)


def test_nodes_outside_the_tree_and_several_roots() -> None:
    r = rollup({"a": "x", "b": "x", "c": "y"}, {"a": 10, "b": 20, "c": 5, "lone": 7})
    assert r == {"a": 10, "b": 20, "x": 15, "c": 5, "y": 5, "lone": 7}


def test_bad_input_is_refused() -> None:
    with pytest.raises(InputError, match="环"):
        rollup({"a": "b", "b": "c", "c": "a"}, {})
    with pytest.raises(InputError, match="权重"):
        rollup(TREE, {"a1": 1}, {"a1": -1})
    with pytest.raises(InputError, match="进度值"):
        rollup(TREE, {"a1": math.nan})


def test_deep_tree_does_not_recurse() -> None:
    depth = 5000
    tree: dict[str, str | None] = {f"n{i}": f"n{i - 1}" for i in range(1, depth)}
    tree["n0"] = None
    assert rollup(tree, {f"n{depth - 1}": 42})["n0"] == 42


@st.composite
def trees(draw: st.DrawFn) -> dict[str, str | None]:
    size = draw(st.integers(1, 25))
    # each node's parent is an earlier node (or none), so there is never a cycle
    return {
        f"n{i}": (None if i == 0 else draw(st.none() | st.sampled_from([f"n{j}" for j in range(i)])))
        for i in range(size)
    }


@settings(max_examples=200)
@given(data=st.data(), tree=trees())
def test_parents_lie_between_their_children(data: st.DataObject, tree: dict[str, str | None]) -> None:
    nodes = list(tree)
    values = data.draw(st.dictionaries(st.sampled_from(nodes), st.floats(0, 100)))
    weights = data.draw(st.dictionaries(st.sampled_from(nodes), st.floats(0, 10)))
    r = rollup_detail(tree, values, weights)
    parents = {p for p in tree.values() if p is not None}
    for node, value in r.values.items():
        if node in parents:
            kids = [r.values[k] for k, p in tree.items() if p == node and k in r.values]
            assert min(kids) - 1e-9 <= value <= max(kids) + 1e-9
        else:
            assert value == values[node]
    assert set(r.values) | set(r.missing) == set(nodes)
    assert not set(r.values) & set(r.missing)


@given(tree=trees(), level=st.floats(0, 100))
def test_equal_leaves_give_equal_parents(tree: dict[str, str | None], level: float) -> None:
    parents = {p for p in tree.values() if p is not None}
    leaves = {n: level for n in tree if n not in parents}
    assert all(v == pytest.approx(level) for v in rollup(tree, leaves).values())


def test_department_scorecard_counts_lead_and_cooperating_apart() -> None:
    tasks = [
        TaskProgress("t1", "发改委", ("财政局", "统计局"), 60, None),
        TaskProgress("t2", "发改委", ("财政局",), 20, "yellow"),
        TaskProgress("t3", "财政局", ("发改委", "财政局"), None, "red"),  # no report; 财政局 named twice
        TaskProgress("t4", None, ("统计局",), 90, "blue"),  # no lead yet
    ]
    card = department_scorecard(tasks)
    assert list(card) == ["发改委", "财政局", "统计局"]
    ndrc = card["发改委"]
    assert (ndrc.lead.count, ndrc.lead.reported, ndrc.lead.mean_progress) == (2, 2, 40.0)  # (60 + 20) / 2
    assert ndrc.lead.warnings == {"blue": 0, "yellow": 1, "red": 0}
    assert ndrc.lead.tasks == ("t1", "t2")
    assert (ndrc.cooperating.count, ndrc.cooperating.mean_progress) == (1, None)  # t3 has no report
    assert ndrc.cooperating.warnings["red"] == 1
    finance = card["财政局"]
    assert (finance.lead.count, finance.lead.reported, finance.lead.mean_progress) == (1, 0, None)
    assert finance.cooperating.tasks == ("t1", "t2")  # lead on t3, so not also co-operating
    assert finance.cooperating.mean_progress == 40.0
    stats = card["统计局"]
    assert stats.lead.count == 0 and stats.lead.mean_progress is None
    assert stats.cooperating.tasks == ("t1", "t4")
    assert stats.cooperating.mean_progress == 75.0  # (60 + 90) / 2
    assert stats.cooperating.warnings == {"blue": 1, "yellow": 0, "red": 0}
    assert department_scorecard([]) == {}
