"""What the pages show, as plain JSON-ready data: one function per page, used by the HTML page
and by its JSON twin alike (Datasette's "every page has a JSON twin")."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from planwatch.model import Analysis, PlanInfo, VersionInfo
from planwatch.services.assignments import effective
from planwatch.services.cite import Citer
from planwatch.services.departments import catalogue_in_force
from planwatch.services.plans import PlanView, find_node, list_plans, load_plan
from planwatch.settings import Settings


def plan_info(plan: PlanInfo) -> dict[str, Any]:
    return {
        "id": plan.id,
        "name": plan.name,
        "title": plan.title,
        "created_at": plan.created_at.isoformat(),
        "versions": [version_info(v) for v in plan.versions],
    }


def version_info(v: VersionInfo) -> dict[str, Any]:
    d = asdict(v)
    d["created_at"] = v.created_at.isoformat()
    return d


def plans_page(session: Session) -> dict[str, Any]:
    return {"plans": [plan_info(p) for p in list_plans(session)]}


def _part_of(analysis: Analysis) -> dict[str, str]:
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
    """Every task with its effective assignment, citation and part, as the task table shows them."""
    analysis = view.analysis
    assigned = {a.task: a for a in effective(session, view).assignments}
    short = {d.name: d.short for d in catalogue_in_force(session, settings)}
    cite = Citer(analysis.outline)
    part_of = _part_of(analysis)
    nodes = {n.id: n for n in analysis.outline}
    rows = []
    for t in analysis.tasks:
        a = assigned.get(t.id)
        part = nodes.get(part_of.get(t.node, ""))
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
                "source": a.source if a else None,
                "decided_by": a.decided_by if a else None,
            }
        )
    return rows


def overview_page(
    session: Session, plan_ref: str, settings: Settings, version: int | None = None
) -> dict[str, Any]:
    """总览: counts, tasks by part and by lead unit, quantities, goals, major projects."""
    view = load_plan(session, plan_ref, version)
    a = view.analysis
    kinds = Counter(n.kind for n in a.outline)
    tasks = tasks_with_assignments(session, view, settings)
    nodes = {n.id: n for n in a.outline}
    by_part: Counter[str] = Counter()
    for t in tasks:
        part = nodes.get(t["part"] or "")
        by_part[f"{part.label}、" if part and part.kind == "part" else (part.title if part else "其他")] += 1
    by_lead = Counter(t["lead_short"] or "未分配" for t in tasks)
    cite = Citer(a.outline)
    entity_counts = Counter(e.kind for e in a.entities)
    projects: dict[str, dict[str, Any]] = {}
    for e in a.entities:
        if e.kind == "project":
            p = projects.setdefault(
                e.text, {"text": e.text, "subtype": e.subtype, "where": [], "first": asdict(e)}
            )
            c = cite(e.node)
            if c not in p["where"]:
                p["where"].append(c)
    return {
        "plan": plan_info(view.plan),
        "version": version_info(view.version),
        "counts": {
            "parts": kinds.get("part", 0),
            "chapters": kinds.get("chapter", 0),
            "sections": kinds.get("section", 0),
            "articles": kinds.get("article", 0),
            "sentences": len(a.sentences),
            "tasks": len(a.tasks),
            "quantities": len(a.quantities),
            "goals": len(a.goals),
            "entities": dict(entity_counts),
            "characters": len(a.document.text),
        },
        "tasks_by_part": [{"part": k, "tasks": v} for k, v in by_part.items()],
        "tasks_by_lead": [{"department": k, "tasks": v} for k, v in by_lead.most_common()],
        "quantities": [{**asdict(q), "cite": cite(q.node)} for q in a.quantities],
        "goals": [{**asdict(g), "cite": cite(g.node)} for g in a.goals],
        "projects": list(projects.values()),
        "warnings": list(a.warnings),
    }


def node_page(session: Session, plan_ref: str, node_ref: str, version: int | None = None) -> dict[str, Any]:
    """One node: its text, sentences and every extracted item inside it, with spans relative to the node."""
    view = load_plan(session, plan_ref, version)
    a = view.analysis
    node = find_node(a, node_ref)

    def inside(start: int) -> bool:
        return node.start <= start < node.end

    cite = Citer(a.outline)
    return {
        "plan": plan_info(view.plan),
        "version": version_info(view.version),
        "node": {**asdict(node), "cite": cite(node.id)},
        "children": [asdict(n) for n in a.outline if n.parent == node.id],
        "text": a.document.text[node.start : node.end],
        "sentences": [asdict(s) for s in a.sentences if inside(s.start)],
        "quantities": [asdict(q) for q in a.quantities if inside(q.start)],
        "entities": [asdict(e) for e in a.entities if inside(e.start)],
        "goals": [asdict(g) for g in a.goals if inside(g.start)],
        "tasks": [asdict(t) for t in a.tasks if inside(t.start)],
    }
