"""The rows of the 任务分工 table: every task of a plan version with its effective assignment, its
citation and its part. Shared by the table, the overview, the evidence pages and the raw task list;
computed once per change revision (``services/memo``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from planwatch.model import STATUS_NAMES, Analysis
from planwatch.model.cite import Citer
from planwatch.services import memo
from planwatch.services.catalogue.plan import plan_catalogue
from planwatch.services.division.assignments import effective
from planwatch.services.plans.records import PlanView
from planwatch.settings import Settings


def part_of(analysis: Analysis) -> dict[str, str]:
    """node id → the id of its top-level part (or itself)."""
    parent = {n.id: n.parent for n in analysis.outline}
    out: dict[str, str] = {}
    for n in analysis.outline:
        cur = n.id
        while parent.get(cur):
            cur = parent[cur] or cur
        out[n.id] = cur
    return out


def tasks_with_assignments(session: Session, view: PlanView, settings: Settings) -> list[dict[str, Any]]:
    """Every task with its effective assignment, citation and part, as the task table shows them.

    Computed once per change revision and shared (services.memo): do not mutate the rows; copy them."""
    return memo.cached(
        session,
        "tasks_with_assignments",
        (view.version.id, memo.settings_key(settings)),
        lambda: _tasks_with_assignments(session, view, settings),
        plan=view.plan.id,
    )


def _tasks_with_assignments(session: Session, view: PlanView, settings: Settings) -> list[dict[str, Any]]:
    analysis = view.analysis
    assigned = {a.task: a for a in effective(session, view).assignments}
    short = {d.name: d.short for d in plan_catalogue(session, settings, view)}
    cite = Citer(analysis.outline)
    top_of = part_of(analysis)
    nodes = {n.id: n for n in analysis.outline}
    rows = []
    for t in analysis.tasks:
        a = assigned.get(t.id)
        part = nodes.get(top_of.get(t.node, ""))
        rows.append(
            {
                **asdict(t),
                "cite": cite(t.node),
                "part": part.id if part else None,
                "part_title": f"{part.label}、{part.title}"
                if part and part.kind == "part"
                else (part.title if part else ""),
                "lead": a.lead.department if a and a.lead else None,
                "lead_short": short.get(a.lead.department, a.lead.department) if a and a.lead else None,
                "lead_reason": a.lead.reason if a and a.lead else None,
                "cooperating": [u.department for u in a.cooperating] if a else [],
                "cooperating_short": [short.get(u.department, u.department) for u in a.cooperating]
                if a
                else [],
                "due": a.due if a else None,
                "due_reason": a.due_reason if a else None,
                "status": a.status if a else None,
                "status_name": STATUS_NAMES.get(a.status or "") if a else None,
                "status_reason": a.status_reason if a and a.status else None,
                "source": a.source if a else None,
                "decided_by": a.decided_by if a else None,
            }
        )
    return rows


def sentence_starts(analysis: Analysis) -> dict[str, int]:
    """sentence id → its start offset (the anchor a link to the sentence lands on)."""
    return {s.id: s.start for s in analysis.sentences}
