"""The assignments in force for a plan version, computed once per change revision of its plan.

Resolving them reads every task, every proposal (with its reasons, stored as JSON) and every
decision of the plan: on a task page or a progress report that is the whole plan's work for one
row. Every reader of the same version between two writes gets the same answer, so it is computed
once (``services.memo``, keyed on the plan's own revision) and shared; callers must not mutate it.
A transaction that has written reads around the cache and sees its own writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy.orm import Session

from planwatch.model import Assignment
from planwatch.services import memo
from planwatch.services.plans.records import PlanView
from planwatch.store.assignments import AssignmentRepository, StaleOverride


@dataclass(frozen=True)
class InForce:
    assignments: tuple[Assignment, ...]  # in task order: the proposal, or a person's decision over it
    stale: tuple[StaleOverride, ...]  # decisions whose task changed: a planner re-attaches them

    @cached_property
    def by_task(self) -> dict[str, Assignment]:
        return {a.task: a for a in self.assignments}


def in_force(session: Session, view: PlanView) -> InForce:
    """The version's effective assignments and stale decisions (shared: do not mutate)."""

    def compute() -> InForce:
        assignments, stale = AssignmentRepository(session).resolve(view.version.id, view.analysis.tasks)
        return InForce(tuple(assignments), tuple(stale))

    return memo.cached(session, "assignments_in_force", view.version.id, compute, plan=view.plan.id)
