"""Assignments a person decided (overrides), and what a version's tasks end up with after them.

A proposal belongs to one version: re-analysis computes it again. A decision belongs to the plan: it
must survive re-analysis and new versions of the document. Task keys are outline positions
(``p2.a5.t2``) and shift when a revision inserts or removes a task, so a decision remembers the task's
key *and* its text, and is matched to the tasks of a version like this:

* same key, same text: it applies to that task;
* otherwise a single task of the version with exactly that text: the task moved, it applies there;
* otherwise it applies to nothing. It is *stale* (``resolve`` lists it) so that a planner can look at the
  rewritten task and decide again, unless a later decision about the same key replaced it, or it
  reverted to the proposal (nothing would be lost).

Decisions are never updated in place (who changed what, when, stays readable): for each task the latest
matching row wins whole, so a form always records lead, cooperating units and due date together,
``None`` meaning "keep the proposal" for that field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.model import Assignment, InputError, NotFoundError, Task, UnitScore
from planwatch.model.due import UNDECIDED
from planwatch.store.repositories import _PLANS_HINT, PlanRepository, _valid_id
from planwatch.store.rows import from_row
from planwatch.store.tables import (
    AssignmentOverrideRow,
    PlanRow,
    PlanVersionRow,
    TaskRow,
    utcnow,
)
from planwatch.store.task_identity import TaskIndex

_NO_DUE = UNDECIDED
_MANUAL_SCORE = 1.0


@dataclass(frozen=True, slots=True)
class OverrideRecord:
    """One decision about a task's assignment, as recorded.

    ``lead``, ``cooperating`` and ``due`` are None where the proposal is kept; an empty
    ``cooperating`` means "no cooperating units". All three None reverts the task to the proposal.
    """

    id: int
    plan_id: int
    task_key: str
    task_text: str  # the task's text when decided: finds the task again in later versions
    lead: str | None
    cooperating: tuple[str, ...] | None
    due: str | None
    decided_by: str
    decided_at: datetime
    note: str | None

    @property
    def reverts(self) -> bool:
        return self.lead is None and self.cooperating is None and self.due is None


@dataclass(frozen=True, slots=True)
class StaleOverride:
    """A decision that no task of a version matches, so it is not applied.

    ``task`` is the task now under the decision's key, if any (its text differs: it was rewritten);
    ``candidates`` the keys of the tasks sharing the decision's text when there are several, so the
    move cannot be told apart (empty otherwise).
    """

    override: OverrideRecord
    task: Task | None
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Resolution:
    applied: dict[str, OverrideRecord]  # task key -> the decision that applies to it
    stale: list[StaleOverride]


def _record(row: AssignmentOverrideRow) -> OverrideRecord:
    cooperating = None if row.cooperating is None else tuple(row.cooperating)
    return from_row(OverrideRecord, row, cooperating=cooperating)


def manual_reason(decided_by: str, decided_at: datetime) -> str:
    """The reason shown for a unit or due date a person set, in place of the matcher's."""
    # Spelled as UTC: the store does not know the reader's time zone, and a bare time would mislead.
    return f"人工指定（{decided_by}，{decided_at:%Y-%m-%d %H:%M} UTC）"


def _merge(task: Task, proposed: Assignment | None, override: OverrideRecord) -> Assignment:
    base = proposed or Assignment(task=task.id, lead=None, cooperating=(), due=_NO_DUE)
    reason = manual_reason(override.decided_by, override.decided_at)
    lead = base.lead if override.lead is None else UnitScore(override.lead, _MANUAL_SCORE, reason)
    if override.cooperating is None:
        cooperating = base.cooperating
    else:
        cooperating = tuple(UnitScore(name, _MANUAL_SCORE, reason) for name in override.cooperating)
    if lead is not None:
        # A unit leads or co-operates, never both; a decided lead may be among the proposed helpers,
        # and a decided helper list may name the proposed lead of a later version.
        cooperating = tuple(u for u in cooperating if u.department != lead.department)
    due, due_reason = (base.due, base.due_reason) if override.due is None else (override.due, reason)
    return Assignment(
        task=task.id,
        lead=lead,
        cooperating=cooperating,
        due=due,
        due_reason=due_reason,
        source="override",
        decided_by=override.decided_by,
        decided_at=override.decided_at,
        note=override.note,
        # a lead a person named settles what the matcher left open
        status=base.status if lead is None else None,
        status_reason=base.status_reason if lead is None else "",
    )


def _resolve(tasks: Sequence[Task], overrides: Sequence[OverrideRecord]) -> _Resolution:
    """Which decision applies to which task; ``overrides`` in the order they were decided."""
    # The current decision about each task identity, and the last decision about each key.
    current: dict[tuple[str, str], int] = {}
    last_of_key: dict[str, int] = {}
    for index, o in enumerate(overrides):
        current[(o.task_key, o.task_text)] = index
        last_of_key[o.task_key] = index

    index_of = TaskIndex(tasks)
    applied: dict[str, int] = {}
    stale: dict[int, StaleOverride] = {}
    for index in current.values():
        o = overrides[index]
        target = index_of.match(o.task_key, o.task_text)
        if target is None:
            # A planner chooses (see planwatch.store.task_identity).
            if not o.reverts and last_of_key[o.task_key] == index:
                stale[index] = StaleOverride(
                    o, index_of.by_key.get(o.task_key), index_of.same_text(o.task_text)
                )
            continue
        # A task can be matched by several identities (its old key after a move, and its new one):
        # the latest decision wins.
        if applied.get(target.id, -1) < index:
            applied[target.id] = index
    return _Resolution(
        applied={key: overrides[index] for key, index in applied.items()},
        stale=[stale[index] for index in sorted(stale)],
    )


def _text(value: str | None, what: str) -> str | None:
    """``value`` stripped; None when blank (a form's empty field means "not given")."""
    if value is None:
        return None
    if "\x00" in value:
        raise InputError(f"{what}含有 NUL（\\x00）字符，无法保存。", hint="请去掉其中的控制字符后重试。")
    value = value.strip()
    return value or None


class AssignmentRepository:
    """Overrides of task assignments and the assignments in effect. Flushes, never commits."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._plans = PlanRepository(session)

    # -- decisions -------------------------------------------------------------------------------

    def record_override(
        self,
        plan_id: int,
        task_key: str,
        task_text: str,
        *,
        lead: str | None = None,
        cooperating: Sequence[str] | None = None,
        due: str | None = None,
        decided_by: str,
        note: str | None = None,
        decided_at: datetime | None = None,
    ) -> OverrideRecord:
        """Record a person's decision about the task ``task_key`` reading ``task_text``.

        ``lead``, ``cooperating`` (department names) and ``due`` left None keep the proposal; at
        least one must be given (use :meth:`revert_override` to go back to the proposal). The task
        must exist, with that text, in some version of the plan. ``decided_at`` defaults to now.
        """
        lead = _text(lead, "牵头单位")
        due = _text(due, "完成时限")
        units: list[str] | None = None
        if cooperating is not None:
            if isinstance(cooperating, str):
                # A bare string is a sequence of characters; it would become one unit per character.
                raise TypeError("cooperating must be a sequence of department names, not a string")
            units = []
            for name in cooperating:
                unit = _text(name, "配合单位")
                if unit is None:
                    raise InputError("配合单位名称不能为空。", hint="请删去空白的配合单位后重试。")
                if unit in units:
                    raise InputError(f"配合单位“{unit}”重复。", hint="每个配合单位只需列出一次。")
                if unit == lead:
                    raise InputError(
                        f"“{unit}”已是牵头单位，不能同时作为配合单位。", hint="请从配合单位中删去该单位。"
                    )
                units.append(unit)
        if lead is None and units is None and due is None:
            raise InputError(
                "没有指定要调整的牵头单位、配合单位或完成时限。",
                hint="至少调整其中一项；如需恢复为系统建议的分工，请撤销调整。",
            )
        return self._append(plan_id, task_key, task_text, lead, units, due, decided_by, note, decided_at)

    def revert_override(
        self,
        plan_id: int,
        task_key: str,
        task_text: str,
        *,
        decided_by: str,
        note: str | None = None,
        decided_at: datetime | None = None,
    ) -> OverrideRecord:
        """Record that the task goes back to the proposal. Also dismisses a stale decision."""
        return self._append(plan_id, task_key, task_text, None, None, None, decided_by, note, decided_at)

    def reattach_override(
        self,
        override_id: int,
        task_key: str,
        task_text: str,
        *,
        decided_by: str,
        note: str | None = None,
        decided_at: datetime | None = None,
    ) -> OverrideRecord:
        """Apply an earlier decision (typically a stale one) to the task ``task_key``/``task_text``.

        Records the decision anew for that task, by ``decided_by``; when the key differs, also
        reverts the old task identity, so the old decision stops being reported as stale.
        """
        row = self._session.get(AssignmentOverrideRow, override_id) if _valid_id(override_id) else None
        if row is None:
            raise NotFoundError(f"没有编号为 {override_id} 的分工调整记录。")
        old = _record(row)
        if old.reverts:
            raise InputError("该记录是撤销调整，没有可重新关联的分工。")
        when = decided_at or utcnow()
        new = self.record_override(
            old.plan_id,
            task_key,
            task_text,
            lead=old.lead,
            cooperating=old.cooperating,
            due=old.due,
            decided_by=decided_by,
            note=note if note is not None else old.note,
            decided_at=when,
        )
        # Under the same key the new row already replaces the old one; a revert row there would
        # also drop the decision should the old text come back in a later version.
        if old.task_key != task_key:
            self._append(
                old.plan_id,
                old.task_key,
                old.task_text,
                None,
                None,
                None,
                decided_by,
                f"已重新关联到任务 {task_key}",
                when,
            )
        return new

    def override_history(self, plan_id: int, task_key: str | None = None) -> list[OverrideRecord]:
        """Every decision about the plan's tasks (of ``task_key`` only when given), oldest first."""
        self._plan_row(plan_id)
        return self._overrides(plan_id, task_key)

    # -- what applies ----------------------------------------------------------------------------

    def resolve(
        self, version_id: int, tasks: Sequence[Task] | None = None
    ) -> tuple[list[Assignment], list[StaleOverride]]:
        """What applies to a version's tasks, from one read of its proposals and its plan's decisions
        (NotFoundError for an unknown version). ``tasks``: the version's tasks when the caller holds
        them already (they never change).

        First, the assignments in task order: proposals, with decisions applied. A task gets an entry
        when it has a proposal or a decision applies to it; a decided task without a proposal (no
        catalogue applied) starts from no lead, no helpers and due "待定". Units a person set have
        score 1.0 and a reason naming who decided and when.

        Second, the stale decisions: those of the plan that no task of this version matches, oldest
        first. Each needs a planner: :meth:`reattach_override` puts it on a task,
        :meth:`revert_override` (with the decision's own key and text) dismisses it.
        """
        tasks, proposed, resolution = self._resolution(version_id, tasks)
        return _effective(tasks, proposed, resolution), resolution.stale

    # -- helpers ---------------------------------------------------------------------------------

    def _resolution(
        self, version_id: int, known: Sequence[Task] | None = None
    ) -> tuple[Sequence[Task], dict[str, Assignment], _Resolution]:
        # raises NotFoundError for an unknown version
        tasks = self._plans.tasks(version_id) if known is None else known
        version = self._session.get_one(PlanVersionRow, version_id)
        proposed = {a.task: a for a in self._plans.proposed_assignments(version_id)}
        return tasks, proposed, _resolve(tasks, self._overrides(version.plan_id))

    def _append(
        self,
        plan_id: int,
        task_key: str,
        task_text: str,
        lead: str | None,
        cooperating: list[str] | None,
        due: str | None,
        decided_by: str,
        note: str | None,
        decided_at: datetime | None,
    ) -> OverrideRecord:
        if decided_at is not None and decided_at.tzinfo is None:
            # Checked before the row joins the session: failing at flush would poison the caller's
            # transaction for a programming error.
            raise ValueError("decided_at must be timezone-aware")
        who = _text(decided_by, "决定人")
        if who is None:
            raise InputError("必须填写作出调整的人。", hint="请填写决定人的姓名或账号后重试。")
        if not task_key.strip() or not task_text.strip():
            raise InputError("任务编号和任务文本不能为空。")
        plan = self._plan_row(plan_id)
        # Keys and texts are compared exactly, so one that never existed would be stale forever.
        known = self._session.scalar(
            select(TaskRow.id)
            .join(PlanVersionRow, PlanVersionRow.id == TaskRow.version_id)
            .where(
                PlanVersionRow.plan_id == plan_id,
                TaskRow.key == task_key,
                TaskRow.text == task_text,
            )
            .limit(1)
        )
        if known is None:
            raise NotFoundError(
                f"规划“{plan.name}”的各版本中没有编号为“{task_key}”且文本相同的任务。",
                hint="请从该规划某一版本的任务列表中选择任务。",
            )
        row = AssignmentOverrideRow(
            plan_id=plan_id,
            task_key=task_key,
            task_text=task_text,
            lead=lead,
            cooperating=cooperating,
            due=due,
            decided_by=who,
            decided_at=decided_at or utcnow(),
            note=_text(note, "备注"),
        )
        self._session.add(row)
        self._session.flush()
        return _record(row)

    def _overrides(self, plan_id: int, task_key: str | None = None) -> list[OverrideRecord]:
        query = select(AssignmentOverrideRow).where(AssignmentOverrideRow.plan_id == plan_id)
        if task_key is not None:
            query = query.where(AssignmentOverrideRow.task_key == task_key)
        # decided_at first: it may be given (decisions imported from elsewhere); id breaks ties.
        query = query.order_by(AssignmentOverrideRow.decided_at, AssignmentOverrideRow.id)
        return [_record(r) for r in self._session.scalars(query)]

    def _plan_row(self, plan_id: int) -> PlanRow:
        row = self._session.get(PlanRow, plan_id) if _valid_id(plan_id) else None
        if row is None:
            raise NotFoundError(f"没有编号为 {plan_id} 的规划。", hint=_PLANS_HINT)
        return row


def _effective(
    tasks: Sequence[Task], proposed: dict[str, Assignment], resolution: _Resolution
) -> list[Assignment]:
    out: list[Assignment] = []
    for task in tasks:
        base = proposed.get(task.id)
        override = resolution.applied.get(task.id)
        if override is not None and not override.reverts:
            out.append(_merge(task, base, override))
        elif base is not None:
            out.append(base)
    return out
