"""Proposed assignments per version, a person's overrides per plan, and user department catalogues."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, delete, func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planwatch.model import (
    Analysis,
    Assignment,
    InputError,
    NotFoundError,
    PlanInfo,
    Task,
    UnitScore,
    VersionInfo,
)
from planwatch.store.assignments import AssignmentRepository, OverrideRecord, StaleOverride, manual_reason
from planwatch.store.catalogues import CatalogueRepository
from planwatch.store.engine import session_factory, transaction
from planwatch.store.migrate import downgrade, upgrade
from planwatch.store.repositories import PlanRepository
from planwatch.store.tables import AssignmentOverrideRow, AssignmentRow, CatalogueRow, PlanRow, PlanVersionRow

MakeAnalysis = Callable[..., Analysis]
MakeTask = Callable[[Analysis, str, str, str], Task]
MakeProposals = Callable[[tuple[Task, ...]], tuple[Assignment, ...]]

T0 = datetime(2026, 5, 11, 2, 30, tzinfo=UTC)
PACIFIC = "推进大连太平湾合作创新区建设"  # p2.a5.t2 in the sample


def _import(engine: Engine, name: str, analysis: Analysis) -> tuple[PlanInfo, VersionInfo]:
    with transaction(engine) as session:
        return PlanRepository(session).add_version(name, analysis)


def _load(engine: Engine, version_id: int) -> Analysis:
    with session_factory(engine)() as session:
        return PlanRepository(session).load_analysis(version_id)


def _count(session: Session, table: type[Any]) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


def _override(engine: Engine, plan_id: int, key: str, text: str, **kwargs: Any) -> OverrideRecord:
    kwargs.setdefault("decided_by", "张三")
    with transaction(engine) as session:
        return AssignmentRepository(session).record_override(plan_id, key, text, **kwargs)


def _effective(engine: Engine, version_id: int) -> dict[str, Assignment]:
    with session_factory(engine)() as session:
        return {a.task: a for a in AssignmentRepository(session).resolve(version_id)[0]}


def _stale(engine: Engine, version_id: int) -> list[StaleOverride]:
    with session_factory(engine)() as session:
        return AssignmentRepository(session).resolve(version_id)[1]


def _moved(analysis: Analysis, make_task: MakeTask, make_proposals: MakeProposals) -> Analysis:
    """The next version inserts a task at the head of article (五): its later tasks' keys shift by one."""
    keys = {"p2.a5.t1": "p2.a5.t2", "p2.a5.t2": "p2.a5.t3", "p2.a5.t3": "p2.a5.t4"}
    shifted = [replace(t, id=keys.get(t.id, t.id)) for t in analysis.tasks]
    inserted = make_task(analysis, "p2.a5.t1", "p2.a5", "由市科技局牵头")
    tasks = (*shifted[:2], inserted, *shifted[2:])
    return replace(analysis, tasks=tasks, assignments=make_proposals(tasks))


# -- proposals -------------------------------------------------------------------------------------


def test_proposals_round_trip(engine: Engine, make_analysis_with_assignments: MakeAnalysis) -> None:
    analysis = make_analysis_with_assignments()
    assert len(analysis.assignments) == len(analysis.tasks) == 5
    _plan, version = _import(engine, "大连", analysis)
    loaded = _load(engine, version.id)

    assert loaded.assignments == analysis.assignments
    assert all(a.source == "proposed" and a.decided_by is None for a in loaded.assignments)
    # Equality cannot tell 12 from 12.0 nor show the bits: check the awkward scores exactly.
    scores = [
        u.score for a in loaded.assignments for u in ((a.lead,) if a.lead else ()) + tuple(a.cooperating)
    ]
    expected = [
        u.score for a in analysis.assignments for u in ((a.lead,) if a.lead else ()) + tuple(a.cooperating)
    ]
    assert [s.hex() for s in scores] == [s.hex() for s in expected]
    assert all(type(s) is float for s in scores)
    assert loaded.assignments[2].lead is None
    assert loaded.assignments[1].cooperating == ()
    # The JSON of the version carries them too, as before.
    assert loaded.to_dict()["tasks"] == analysis.to_dict()["tasks"]

    with session_factory(engine)() as session:
        repo = PlanRepository(session)
        assert tuple(repo.proposed_assignments(version.id)) == analysis.assignments
        with pytest.raises(NotFoundError):
            repo.proposed_assignments(version.id + 1000)
        # Without overrides, what is in effect is the proposal.
        assignments = AssignmentRepository(session)
        assert tuple(assignments.resolve(version.id)[0]) == analysis.assignments
        with pytest.raises(NotFoundError):
            assignments.resolve(version.id + 1000)


def test_version_without_proposals_stores_none(
    engine: Engine, make_analysis_with_items: MakeAnalysis
) -> None:
    _plan, version = _import(engine, "大连", make_analysis_with_items())
    assert _load(engine, version.id).assignments == ()
    with session_factory(engine)() as session:
        assert _count(session, AssignmentRow) == 0
        assert AssignmentRepository(session).resolve(version.id)[0] == []


@pytest.mark.parametrize("broken", ["override", "unknown task", "duplicate task"])
def test_bad_proposals_are_refused_whole(
    engine: Engine, make_analysis_with_assignments: MakeAnalysis, broken: str
) -> None:
    analysis = make_analysis_with_assignments()
    first, second = analysis.assignments[:2]
    if broken == "override":
        bad: Assignment = replace(second, source="override", decided_by="张三")
    elif broken == "unknown task":
        bad = replace(second, task="p9.a9.t9")
    else:
        bad = replace(second, task=first.task)
    error = IntegrityError if broken == "duplicate task" else ValueError
    with pytest.raises(error), transaction(engine) as session:
        PlanRepository(session).add_version("大连", replace(analysis, assignments=(first, bad)))
    with session_factory(engine)() as session:
        assert (_count(session, PlanVersionRow), _count(session, AssignmentRow)) == (0, 0)


# -- overrides -------------------------------------------------------------------------------------


def test_latest_override_wins_and_history_is_kept(
    engine: Engine, make_analysis_with_assignments: MakeAnalysis
) -> None:
    analysis = make_analysis_with_assignments()
    plan, version = _import(engine, "大连", analysis)
    proposal = analysis.assignments[3]
    assert proposal.task == "p2.a5.t2"

    decision = {"lead": "金州区", "cooperating": ["市科技局"], "due": "2028", "note": "区里牵头更合适"}
    first = _override(engine, plan.id, "p2.a5.t2", PACIFIC, decided_by="张三", decided_at=T0, **decision)
    # Later, only the due date is changed: the later row wins whole, so lead and cooperating units
    # go back to the proposal.
    second = _override(
        engine,
        plan.id,
        "p2.a5.t2",
        PACIFIC,
        due="2027",
        decided_by="李四",
        decided_at=T0 + timedelta(hours=1),
    )
    effective = _effective(engine, version.id)

    got = effective["p2.a5.t2"]
    reason = manual_reason("李四", T0 + timedelta(hours=1))
    assert reason == "人工指定（李四，2026-05-11 03:30 UTC）"
    assert got == Assignment(
        task="p2.a5.t2",
        lead=proposal.lead,
        cooperating=proposal.cooperating,
        due="2027",
        due_reason=reason,
        source="override",
        decided_by="李四",
        decided_at=T0 + timedelta(hours=1),
        note=None,
    )
    # Other tasks keep their proposals, in task order.
    assert list(effective) == [t.id for t in analysis.tasks]
    assert [a for k, a in effective.items() if k != "p2.a5.t2"] == [
        a for a in analysis.assignments if a.task != "p2.a5.t2"
    ]

    with session_factory(engine)() as session:
        repo = AssignmentRepository(session)
        history = repo.override_history(plan.id)
        assert history == [first, second]
        assert repo.override_history(plan.id, "p2.a5.t2") == [first, second]
        assert repo.override_history(plan.id, "p2.a3.t1") == []
        with pytest.raises(NotFoundError):
            repo.override_history(plan.id + 1000)
    assert first.cooperating == ("市科技局",)
    assert (first.decided_by, first.decided_at, first.note, first.task_text) == (
        "张三",
        T0,
        "区里牵头更合适",
        PACIFIC,
    )
    assert (second.lead, second.cooperating, second.due) == (None, None, "2027")
    assert first.decided_at.tzinfo is not None


def test_decided_units_replace_the_proposed_ones(
    engine: Engine, make_analysis_with_assignments: MakeAnalysis
) -> None:
    analysis = make_analysis_with_assignments()
    plan, version = _import(engine, "大连", analysis)
    # The new lead was a proposed helper: it must not be both.
    _override(engine, plan.id, "p2.a3.t1", "建设现代化产业体系", lead="市工业和信息化局", decided_at=T0)
    # An empty list is a decision too: no cooperating units.
    _override(
        engine, plan.id, "p2.a5.t3", "健全科技创新体制机制", cooperating=[], decided_by="王五", decided_at=T0
    )
    # A task the catalogue left without a lead gets one.
    _override(
        engine,
        plan.id,
        "p2.a5.t1",
        "打造“一中心三基地”",
        lead="市发展改革委",
        cooperating=["市商务局", "市文化和旅游局"],
        decided_at=T0,
    )
    effective = _effective(engine, version.id)
    reason = manual_reason("张三", T0)

    t1 = effective["p2.a3.t1"]
    assert t1.lead == UnitScore("市工业和信息化局", 1.0, reason)
    assert t1.cooperating == (UnitScore("市科技局", 12.0, "任务点名“市科技局”"),)
    assert (t1.due, t1.due_reason) == ("2030", "规划期末年份")

    t3 = effective["p2.a5.t3"]
    assert t3.lead == analysis.assignments[4].lead
    assert t3.cooperating == ()
    assert t3.decided_by == "王五"

    unled = effective["p2.a5.t1"]
    assert unled.lead == UnitScore("市发展改革委", 1.0, reason)
    assert [u.department for u in unled.cooperating] == ["市商务局", "市文化和旅游局"]
    assert unled.due == "待定"


def test_revert_goes_back_to_the_proposal(
    engine: Engine, make_analysis_with_assignments: MakeAnalysis
) -> None:
    analysis = make_analysis_with_assignments()
    plan, version = _import(engine, "大连", analysis)
    _override(engine, plan.id, "p2.a5.t2", PACIFIC, lead="金州区", decided_at=T0)
    with transaction(engine) as session:
        reverted = AssignmentRepository(session).revert_override(
            plan.id,
            "p2.a5.t2",
            PACIFIC,
            decided_by="李四",
            note="按系统建议",
            decided_at=T0 + timedelta(days=1),
        )
    assert reverted.reverts
    assert _effective(engine, version.id)["p2.a5.t2"] == analysis.assignments[3]
    assert _stale(engine, version.id) == []
    with session_factory(engine)() as session:
        assert len(AssignmentRepository(session).override_history(plan.id)) == 2


def test_overrides_without_proposals_still_apply(
    engine: Engine, make_analysis_with_items: MakeAnalysis
) -> None:
    plan, version = _import(engine, "大连", make_analysis_with_items())
    _override(engine, plan.id, "p2.a5.t2", PACIFIC, due="2027", decided_at=T0)
    reason = manual_reason("张三", T0)
    expected = Assignment("p2.a5.t2", None, (), "2027", reason, "override", "张三", T0)
    assert _effective(engine, version.id) == {"p2.a5.t2": expected}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lead": "金州区", "decided_by": "  "}, "必须填写作出调整的人"),
        ({}, "没有指定要调整的"),
        ({"lead": " ", "due": ""}, "没有指定要调整的"),
        ({"lead": "市科技局", "cooperating": ["金州区", "市科技局"]}, "不能同时作为配合单位"),
        ({"cooperating": ["金州区", " 金州区"]}, "配合单位“金州区”重复"),
        ({"cooperating": ["金州区", ""]}, "配合单位名称不能为空"),
        ({"due": "2027", "note": "a\x00b"}, "NUL"),
    ],
)
def test_bad_overrides_are_refused_in_chinese(
    engine: Engine, make_analysis_with_assignments: MakeAnalysis, kwargs: dict[str, Any], message: str
) -> None:
    plan, _version = _import(engine, "大连", make_analysis_with_assignments())
    kwargs.setdefault("decided_by", "张三")
    with pytest.raises(InputError, match=message), transaction(engine) as session:
        AssignmentRepository(session).record_override(plan.id, "p2.a5.t2", PACIFIC, **kwargs)
    with session_factory(engine)() as session:
        assert _count(session, AssignmentOverrideRow) == 0


def test_overrides_must_name_a_real_task_and_plan(
    engine: Engine, make_analysis_with_assignments: MakeAnalysis
) -> None:
    plan, _version = _import(engine, "大连", make_analysis_with_assignments())
    other, _ = _import(engine, "沈阳", make_analysis_with_assignments("沈阳"))
    with session_factory(engine)() as session:
        repo = AssignmentRepository(session)
        with pytest.raises(NotFoundError, match=re.escape("没有编号为“p2.a5.t2”且文本相同的任务")):
            repo.record_override(plan.id, "p2.a5.t2", PACIFIC + "。", due="2027", decided_by="张三")
        with pytest.raises(NotFoundError):
            repo.record_override(plan.id, "p9.t1", PACIFIC, due="2027", decided_by="张三")
        with pytest.raises(NotFoundError, match=r"没有编号为 \d+ 的规划"):
            repo.record_override(other.id + 1000, "p2.a5.t2", PACIFIC, due="2027", decided_by="张三")
        with pytest.raises(NotFoundError):
            repo.record_override(2**40, "p2.a5.t2", PACIFIC, due="2027", decided_by="张三")
        with pytest.raises(ValueError, match="timezone-aware"):
            repo.record_override(
                plan.id, "p2.a5.t2", PACIFIC, due="2027", decided_by="张三", decided_at=datetime(2026, 1, 1)
            )
        with pytest.raises(TypeError):
            repo.record_override(plan.id, "p2.a5.t2", PACIFIC, cooperating="金州区", decided_by="张三")
        assert _count(session, AssignmentOverrideRow) == 0


# -- overrides and new versions --------------------------------------------------------------------


def test_override_survives_a_new_version_with_the_same_task(
    engine: Engine, make_analysis_with_assignments: MakeAnalysis
) -> None:
    plan, v1 = _import(engine, "大连", make_analysis_with_assignments())
    decided = _override(engine, plan.id, "p2.a5.t2", PACIFIC, lead="金州区", decided_at=T0)
    # A revised document: other text changed, the task kept its key and its words.
    revised = make_analysis_with_assignments("（修订稿）")
    _plan, v2 = _import(engine, "大连", revised)
    assert v2.number == 2 and v2.sha256 != v1.sha256

    for version in (v1, v2):
        got = _effective(engine, version.id)["p2.a5.t2"]
        assert (got.lead, got.source, got.decided_by) == (
            UnitScore("金州区", 1.0, manual_reason("张三", T0)),
            "override",
            "张三",
        )
    assert _stale(engine, v2.id) == []
    # Re-analysis stores proposals as computed; the decision is applied on top, not written into them.
    assert _load(engine, v2.id).assignments == revised.assignments
    with session_factory(engine)() as session:
        assert AssignmentRepository(session).override_history(plan.id) == [decided]


def test_override_follows_a_task_whose_key_changed(
    engine: Engine,
    make_analysis_with_assignments: MakeAnalysis,
    make_task: MakeTask,
    make_proposals: MakeProposals,
) -> None:
    first = make_analysis_with_assignments()
    plan, v1 = _import(engine, "大连", first)
    _override(engine, plan.id, "p2.a5.t2", PACIFIC, lead="金州区", due="2027", decided_at=T0)
    moved = _moved(make_analysis_with_assignments("（修订稿）"), make_task, make_proposals)
    _plan, v2 = _import(engine, "大连", moved)

    effective = _effective(engine, v2.id)
    assert [t.id for t in moved.tasks if t.text == PACIFIC] == ["p2.a5.t3"]
    assert (effective["p2.a5.t3"].lead, effective["p2.a5.t3"].due) == (
        UnitScore("金州区", 1.0, manual_reason("张三", T0)),
        "2027",
    )
    # The task now under the old key is another task: it keeps its own proposal.
    assert effective["p2.a5.t2"].source == "proposed"
    assert effective["p2.a5.t2"] == next(a for a in moved.assignments if a.task == "p2.a5.t2")
    assert _stale(engine, v2.id) == []

    # A decision about the task now under the old key leaves the moved task's decision alone.
    _override(
        engine,
        plan.id,
        "p2.a5.t2",
        "打造“一中心三基地”",
        lead="市发展改革委",
        decided_at=T0 + timedelta(hours=1),
    )
    effective = _effective(engine, v2.id)
    assert effective["p2.a5.t3"].lead == UnitScore("金州区", 1.0, manual_reason("张三", T0))
    assert effective["p2.a5.t2"].lead == UnitScore(
        "市发展改革委", 1.0, manual_reason("张三", T0 + timedelta(hours=1))
    )
    # A later decision on the moved task under its new key wins over the one carried along.
    _override(
        engine,
        plan.id,
        "p2.a5.t3",
        PACIFIC,
        due="2029",
        decided_by="李四",
        decided_at=T0 + timedelta(hours=2),
    )
    latest = _effective(engine, v2.id)["p2.a5.t3"]
    assert (latest.lead, latest.due, latest.decided_by) == (
        next(a for a in moved.assignments if a.task == "p2.a5.t3").lead,
        "2029",
        "李四",
    )
    # The first version is read by the same rules: the task is found by its text there too, so the
    # decision made under its new key is its latest one.
    assert _effective(engine, v1.id)["p2.a5.t2"] == replace(latest, task="p2.a5.t2")


def test_override_of_a_rewritten_task_is_stale_not_applied(
    engine: Engine, make_analysis_with_assignments: MakeAnalysis, make_task: MakeTask
) -> None:
    first = make_analysis_with_assignments()
    plan, _v1 = _import(engine, "大连", first)
    decided = _override(engine, plan.id, "p2.a5.t2", PACIFIC, lead="金州区", decided_at=T0)
    base = make_analysis_with_assignments("（修订稿）")
    rewritten_task = make_task(base, "p2.a5.t2", "p2.a5", PACIFIC + "，由市科技局牵头")
    tasks = tuple(rewritten_task if t.id == "p2.a5.t2" else t for t in base.tasks)
    rewritten = make_analysis_with_assignments("（修订稿）", tasks=tasks)
    _plan, v2 = _import(engine, "大连", rewritten)

    effective = _effective(engine, v2.id)
    assert effective["p2.a5.t2"].source == "proposed"
    assert [a.source for a in effective.values()] == ["proposed"] * 5
    assert _stale(engine, v2.id) == [StaleOverride(decided, rewritten_task, ())]

    # The planner re-attaches the decision to the rewritten task: it applies and is no longer stale.
    with transaction(engine) as session:
        again = AssignmentRepository(session).reattach_override(
            decided.id, "p2.a5.t2", rewritten_task.text, decided_by="李四", decided_at=T0 + timedelta(days=1)
        )
    assert (again.lead, again.task_text, again.decided_by, again.note) == (
        "金州区",
        rewritten_task.text,
        "李四",
        None,
    )
    assert _stale(engine, v2.id) == []
    got = _effective(engine, v2.id)["p2.a5.t2"]
    assert (got.lead, got.decided_by) == (
        UnitScore("金州区", 1.0, manual_reason("李四", T0 + timedelta(days=1))),
        "李四",
    )
    with session_factory(engine)() as session:
        # Same key: the new decision replaces the old one, no revert row needed.
        assert len(AssignmentRepository(session).override_history(plan.id)) == 2


def test_override_of_a_removed_task_is_stale_until_reattached_or_dismissed(
    engine: Engine, make_analysis_with_assignments: MakeAnalysis
) -> None:
    plan, _v1 = _import(engine, "大连", make_analysis_with_assignments())
    gone = _override(engine, plan.id, "p2.a5.t2", PACIFIC, lead="金州区", decided_at=T0)
    kept = _override(engine, plan.id, "p2.a5.t3", "健全科技创新体制机制", due="2028", decided_at=T0)
    base = make_analysis_with_assignments("v2")
    _plan, v2 = _import(engine, "大连", replace(base, tasks=base.tasks[:3], assignments=base.assignments[:3]))
    # Both tasks are gone; nothing sits at their keys any more.
    assert _stale(engine, v2.id) == [StaleOverride(gone, None), StaleOverride(kept, None)]

    with transaction(engine) as session:
        repo = AssignmentRepository(session)
        moved = repo.reattach_override(
            gone.id, "p2.a5.t1", "打造“一中心三基地”", decided_by="李四", decided_at=T0 + timedelta(days=1)
        )
        repo.revert_override(plan.id, kept.task_key, kept.task_text, decided_by="李四", note="任务已删除")
        with pytest.raises(NotFoundError):
            repo.reattach_override(gone.id + 1000, "p2.a5.t1", "打造“一中心三基地”", decided_by="李四")
    assert moved.lead == "金州区"
    assert _stale(engine, v2.id) == []
    assert _effective(engine, v2.id)["p2.a5.t1"].lead == UnitScore(
        "金州区", 1.0, manual_reason("李四", T0 + timedelta(days=1))
    )
    with session_factory(engine)() as session:
        history = AssignmentRepository(session).override_history(plan.id)
    # decision, decision, re-attached copy, revert of the old identity, dismissal
    assert [(o.task_key, o.reverts) for o in history] == [
        ("p2.a5.t2", False),
        ("p2.a5.t3", False),
        ("p2.a5.t1", False),
        ("p2.a5.t2", True),
        ("p2.a5.t3", True),
    ]
    assert history[3].note == "已重新关联到任务 p2.a5.t1"


def test_override_is_not_guessed_onto_one_of_several_tasks_with_its_text(
    engine: Engine, make_analysis_with_assignments: MakeAnalysis, make_proposals: MakeProposals
) -> None:
    plan, _v1 = _import(engine, "大连", make_analysis_with_assignments())
    decided = _override(engine, plan.id, "p2.a5.t2", PACIFIC, lead="金州区", decided_at=T0)
    base = make_analysis_with_assignments("v2")
    # The task is gone from its key, and its text now appears twice under other keys.
    twins = (
        *base.tasks[:3],
        replace(base.tasks[3], id="p2.a5.t8"),
        replace(base.tasks[3], id="p2.a5.t9"),
    )
    _plan, v2 = _import(engine, "大连", replace(base, tasks=twins, assignments=make_proposals(twins)))
    assert _stale(engine, v2.id) == [StaleOverride(decided, None, ("p2.a5.t8", "p2.a5.t9"))]
    assert {a.source for a in _effective(engine, v2.id).values()} == {"proposed"}


# -- deleting --------------------------------------------------------------------------------------


def test_deleting_a_plan_cascades_to_assignments_and_overrides(
    engine: Engine, make_analysis_with_assignments: MakeAnalysis
) -> None:
    plan, _ = _import(engine, "大连", make_analysis_with_assignments())
    _import(engine, "大连", make_analysis_with_assignments("v2"))
    other, kept = _import(engine, "沈阳", make_analysis_with_assignments("沈阳"))
    _override(engine, plan.id, "p2.a5.t2", PACIFIC, lead="金州区")
    _override(engine, other.id, "p2.a5.t2", PACIFIC, lead="浑南区")
    with session_factory(engine)() as session:
        assert (_count(session, AssignmentRow), _count(session, AssignmentOverrideRow)) == (15, 2)

    # Dropping a version drops its proposals; decisions belong to the plan and stay.
    with transaction(engine) as session:
        session.execute(
            delete(PlanVersionRow).where(PlanVersionRow.plan_id == plan.id, PlanVersionRow.number == 2)
        )
    with session_factory(engine)() as session:
        assert (_count(session, AssignmentRow), _count(session, AssignmentOverrideRow)) == (10, 2)

    with transaction(engine) as session:
        session.execute(delete(PlanRow).where(PlanRow.id == plan.id))
    with session_factory(engine)() as session:
        assert (_count(session, AssignmentRow), _count(session, AssignmentOverrideRow)) == (5, 1)
        assert session.scalar(select(func.min(AssignmentRow.version_id))) == kept.id
        assert session.scalar(select(AssignmentOverrideRow.plan_id)) == other.id


def test_assignment_tables_are_indexed_for_their_cascades(engine: Engine) -> None:
    inspector = inspect(engine)
    for table, parent, column in (
        ("assignments", "plan_versions", "version_id"),
        ("assignment_overrides", "plans", "plan_id"),
    ):
        leading = [ix["column_names"][0] for ix in inspector.get_indexes(table)]
        leading += [uq["column_names"][0] for uq in inspector.get_unique_constraints(table)]
        assert column in leading, table
        (fk,) = inspector.get_foreign_keys(table)
        assert (fk["referred_table"], fk["options"].get("ondelete")) == (parent, "CASCADE")


def test_versions_stored_before_0003_load_without_assignments(
    engine: Engine, make_analysis_with_items: MakeAnalysis, make_analysis_with_assignments: MakeAnalysis
) -> None:
    # stored now, then taken back to 0002: what a version stored before 0003 left in the database
    old = make_analysis_with_items()
    _plan, v1 = _import(engine, "大连", old)
    downgrade(engine, "0002")
    assert not {"assignments", "assignment_overrides", "catalogues"} & set(inspect(engine).get_table_names())
    upgrade(engine)
    assert _load(engine, v1.id).tasks == old.tasks
    assert _load(engine, v1.id).assignments == ()
    plan, v2 = _import(engine, "大连", make_analysis_with_assignments("新"))
    _override(engine, plan.id, "p2.a5.t2", PACIFIC, lead="金州区")
    downgrade(engine, "0002")
    upgrade(engine)
    assert _load(engine, v2.id).assignments == ()
    assert _effective(engine, v2.id) == {}


# -- catalogues ------------------------------------------------------------------------------------

FIRST = (
    "city: 大连市\ndepartments:\n  - {name: 市科技局, short: 科技局, kind: government, duties: [科技创新]}\n"
)
SECOND = FIRST + "  - {name: 金州区, short: 金州, kind: district, duties: [金州]}\n"


def test_catalogue_save_activate_and_history(engine: Engine) -> None:
    with session_factory(engine)() as session:
        assert CatalogueRepository(session).active_catalogue() is None
        assert CatalogueRepository(session).catalogue_history() == []

    with transaction(engine) as session:
        repo = CatalogueRepository(session)
        first = repo.save_catalogue(FIRST, "replace", "张三", loaded_at=T0)
        second = repo.save_catalogue(SECOND, "extend", " 李四 ")
        other = repo.save_catalogue(FIRST, "extend", "王五", name="沈阳")
    assert (first.active, first.mode, first.loaded_by, first.loaded_at) == (True, "replace", "张三", T0)
    assert (second.loaded_by, second.name) == ("李四", "default")

    with session_factory(engine)() as session:
        repo = CatalogueRepository(session)
        assert repo.active_catalogue() == (SECOND, "extend")
        assert repo.active_catalogue("沈阳") == (FIRST, "extend")
        history = repo.catalogue_history()
        assert [(c.id, c.active, c.yaml) for c in history] == [
            (first.id, False, FIRST),
            (second.id, True, SECOND),
        ]
        assert history[0].loaded_at == T0
        assert history[1].loaded_at.tzinfo is not None
        assert repo.catalogue_history("沈阳") == [other]

    # Going back to an earlier catalogue is a new entry saying who did it.
    with transaction(engine) as session:
        restored = CatalogueRepository(session).activate_catalogue(first.id, "赵六")
    with session_factory(engine)() as session:
        repo = CatalogueRepository(session)
        assert repo.active_catalogue() == (FIRST, "replace")
        assert [(c.loaded_by, c.active) for c in repo.catalogue_history()] == [
            ("张三", False),
            ("李四", False),
            ("赵六", True),
        ]
        assert restored.id not in (first.id, second.id)
        assert session.scalar(select(func.count()).where(CatalogueRow.active)) == 2

    # Deactivating returns to the shipped catalogue; the other name is untouched.
    with transaction(engine) as session:
        repo = CatalogueRepository(session)
        assert repo.deactivate_catalogue() is True
        assert repo.deactivate_catalogue() is False
        with pytest.raises(NotFoundError):
            repo.activate_catalogue(restored.id + 1000, "赵六")
    with session_factory(engine)() as session:
        repo = CatalogueRepository(session)
        assert repo.active_catalogue() is None
        assert repo.active_catalogue("沈阳") == (FIRST, "extend")
        assert len(repo.catalogue_history()) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((FIRST, "merge", "张三"), "目录加载方式“merge”无效"),
        (("  \n", "replace", "张三"), "部门目录内容为空"),
        ((FIRST + "\x00", "replace", "张三"), "NUL"),
        ((FIRST, "replace", " "), "必须填写加载部门目录的人"),
        ((FIRST, "replace", "张三", " "), "部门目录名称不能为空"),
    ],
)
def test_bad_catalogues_are_refused(engine: Engine, args: tuple[str, ...], message: str) -> None:
    with transaction(engine) as session:
        repo = CatalogueRepository(session)
        repo.save_catalogue(FIRST, "replace", "张三")
        with pytest.raises(InputError, match=message):
            repo.save_catalogue(*args)
    with session_factory(engine)() as session:
        # A refused save leaves the active catalogue as it was.
        assert CatalogueRepository(session).active_catalogue() == (FIRST, "replace")


def test_concurrent_saves_leave_one_catalogue_active(engine: Engine) -> None:
    with transaction(engine) as session:
        CatalogueRepository(session).save_catalogue(FIRST, "replace", "张三")
    errors: list[BaseException] = []
    reached = threading.Event()

    def save_meanwhile() -> None:
        try:
            reached.set()
            with transaction(engine) as other:
                CatalogueRepository(other).save_catalogue(SECOND, "extend", "李四")
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    thread = threading.Thread(target=save_meanwhile)
    with transaction(engine) as session:
        CatalogueRepository(session).save_catalogue(SECOND, "replace", "王五")
        thread.start()
        reached.wait(5)
        # Long enough for the other save to reach its deactivating UPDATE while this one is open:
        # without the lock it would miss this insert and leave two catalogues active.
        time.sleep(0.5)
    thread.join(15)
    assert not thread.is_alive() and errors == []
    with session_factory(engine)() as session:
        history = CatalogueRepository(session).catalogue_history()
        assert [(c.loaded_by, c.active) for c in history] == [
            ("张三", False),
            ("王五", False),
            ("李四", True),
        ]
