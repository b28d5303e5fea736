"""规划列表 and 总览: the stored plans, and one plan's counts, tasks by part and lead unit, quantities,
goals and major projects."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from planwatch.model.cite import Citer
from planwatch.services import memo
from planwatch.services.catalogue.plan import catalogue_info
from planwatch.services.plans.lineage import lineage
from planwatch.services.plans.records import list_plans, load_plan
from planwatch.services.views.common import plan_info, version_info
from planwatch.services.views.task_rows import tasks_with_assignments
from planwatch.settings import Settings


def plans_page(session: Session) -> dict[str, Any]:
    return {"plans": [plan_info(p) for p in list_plans(session)]}


def overview_page(
    session: Session, plan_ref: str, settings: Settings, version: int | None = None
) -> dict[str, Any]:
    """总览: counts, tasks by part and by lead unit, quantities, goals, major projects. Computed once
    per change revision and shared (services.memo): do not mutate it."""
    return memo.cached(
        session,
        "overview_page",
        (plan_ref, version, memo.settings_key(settings)),
        lambda: _overview_page(session, plan_ref, settings, version),
        plan=memo.plan_of(plan_ref),
    )


def _overview_page(
    session: Session, plan_ref: str, settings: Settings, version: int | None
) -> dict[str, Any]:
    view = load_plan(session, plan_ref, version)
    a = view.analysis
    kinds = Counter(n.kind for n in a.outline)
    tasks = tasks_with_assignments(session, view, settings)
    nodes = {n.id: n for n in a.outline}
    by_part: Counter[str] = Counter()
    for t in tasks:
        part = nodes.get(t["part"] or "")
        by_part[f"{part.label}、" if part and part.kind == "part" else (part.title if part else "其他")] += 1
    by_lead = Counter(t["lead_short"] or t["status_name"] or "未分配" for t in tasks)
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
        "lineage": lineage(session, str(view.plan.id)),
        "issuer": catalogue_info(session, settings, str(view.plan.id), view.version.number),
        "other_plans": [{"id": p.id, "name": p.name} for p in list_plans(session) if p.id != view.plan.id],
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
