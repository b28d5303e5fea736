"""Diff of two versions of one plan: a draft with one article dropped and the rest renumbered, a
number changed, a clause removed and a sentence added."""

from __future__ import annotations

from functools import lru_cache

from drafts import edited_draft

from planwatch.compare.versions import diff_versions, segments
from planwatch.model import Analysis
from planwatch.model.comparison import PlanRef
from planwatch.services.plans.analyze import analyze_bytes, default_plan_bytes
from planwatch.settings import Settings


@lru_cache(maxsize=2)
def versions() -> tuple[Analysis, Analysis]:
    data, _ = default_plan_bytes()
    text = data.decode("utf-8")
    old = analyze_bytes(data, "v1.txt", Settings())
    new = analyze_bytes(edited_draft(text).encode("utf-8"), "v2.txt", Settings())
    return old, new


def test_identical_versions_have_no_changes() -> None:
    old, _ = versions()
    d = diff_versions(old, old, PlanRef("v1"), PlanRef("v1"))
    assert {u.status for u in d.units} == {"unchanged"}
    assert d.summary == {"units_unchanged": 60, "tasks_unchanged": len(old.tasks)}


def test_dropped_article_and_renumbering() -> None:
    old, new = versions()
    d = diff_versions(old, new, PlanRef("v1"), PlanRef("v2"))
    removed = [u for u in d.units if u.status == "removed"]
    assert [(u.old_label, u.title) for u in removed] == [("(8)", "前瞻布局未来产业")]
    # it is listed where it stood: after (7), before the old (9) (now (8))
    labels = [(u.status, u.label) for u in d.units]
    at = labels.index(("removed", "(8)"))
    assert labels[at - 1] == ("unchanged", "(7)") and labels[at + 1] == ("unchanged", "(8)")
    # renumbering alone is no change: the old (9) is the new (8), unchanged
    renumbered = d.units[at + 1]
    assert renumbered.old_label == "(9)" and renumbered.title == "促进服务业优质高效发展"
    assert d.summary["units_removed"] == 1 and d.summary["units_changed"] == 3
    assert d.summary["units_unchanged"] == 56 and "units_added" not in d.summary


def test_changed_sentences_carry_character_segments() -> None:
    old, new = versions()
    d = diff_versions(old, new, PlanRef("v1"), PlanRef("v2"))
    changed = {u.title: u for u in d.units if u.status == "changed"}
    infra = changed["构建现代化基础设施体系"]
    [change] = infra.changes
    assert change.op == "changed"
    assert [s.text for s in change.segments if s.op == "delete"] == ["加强基础设施统筹规划,"]
    assert "".join(s.text for s in change.segments if s.op != "insert") == change.old
    assert "".join(s.text for s in change.segments if s.op != "delete") == change.new
    consumption = changed["持续激发消费潜能"]
    assert [(c.op, c.new) for c in consumption.changes] == [("added", "大力发展首发经济和冰雪经济。")]
    assert consumption.unchanged_sentences > 3


def test_tasks_quantities_and_entities() -> None:
    old, new = versions()
    d = diff_versions(old, new, PlanRef("v1"), PlanRef("v2"))
    by = {(i.kind, i.op): [] for i in d.items}
    for i in d.items:
        by[(i.kind, i.op)].append(i)
    added_tasks = [i.new for i in by[("task", "added")]]
    assert "大力发展首发经济和冰雪经济" in added_tasks
    changed = by[("task", "changed")]
    assert any(i.old and i.old.startswith("加强基础设施统筹规划") for i in changed)
    # the dropped article's tasks are gone; tasks after it moved (new keys) but are unchanged
    removed = by[("task", "removed")]
    assert removed and all(i.old_key and i.old_key.startswith("p3.a8.") for i in removed)
    moved = [i for i in by[("task", "unchanged")] if i.old_key != i.new_key]
    assert any(
        i.old_key and i.old_key.startswith("p3.a9.") and i.new_key and i.new_key.startswith("p3.a8.")
        for i in moved
    )
    quantity = by[("quantity", "changed")]
    assert [i.new for i in quantity] == ["研发投入强度达3.5%"]


def test_segments_rebuild_both_texts() -> None:
    old, new = "推进长海跨海大桥建设", "加快推进长海跨海通道建设"
    segs = segments(old, new)
    assert "".join(s.text for s in segs if s.op != "insert") == old
    assert "".join(s.text for s in segs if s.op != "delete") == new
