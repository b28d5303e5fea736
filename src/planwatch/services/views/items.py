"""指标, 重大项目, 主体与地点, 提法: the extracted items of a plan, each with where it appears."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from planwatch.export import indicator_rows
from planwatch.export.rows import SUBTYPE_NAMES
from planwatch.model.cite import Citer
from planwatch.services.plans.records import load_plan
from planwatch.services.views.common import KIND_NAMES, distinct_entities, item_info, plan_info, version_info


def indicators_page(session: Session, plan_ref: str, version: int | None = None) -> dict[str, Any]:
    """指标: the 主要指标表 rows, every quantity and every goal, each with where it appears."""
    view = load_plan(session, plan_ref, version)
    a = view.analysis
    cite = Citer(a.outline)
    return {
        "plan": plan_info(view.plan),
        "version": version_info(view.version),
        "indicator_table": [
            {
                **asdict(r),
                "places": [{"node": n, "cite": cite(n)} for n in r.nodes],
            }
            for r in indicator_rows(a)
        ],
        "quantities": [item_info("quantity", i, q, cite) for i, q in enumerate(a.quantities)],
        "goals": [item_info("goal", i, g, cite) for i, g in enumerate(a.goals)],
    }


def entities_page(
    session: Session, plan_ref: str, kinds: tuple[str, ...], version: int | None = None
) -> dict[str, Any]:
    """重大项目 / 主体与地点 / 提法: one entry per distinct name of each kind, in order of first
    appearance, with its definition (提法) and every place it is mentioned."""
    view = load_plan(session, plan_ref, version)
    a = view.analysis
    cite = Citer(a.outline)
    groups: dict[str, dict[str, dict[str, Any]]] = {k: {} for k in kinds}
    for i, e in distinct_entities(a):
        if e.kind not in groups:
            continue
        entry = groups[e.kind].setdefault(
            e.text,
            {
                "name": e.text,
                "kind": e.kind,
                "kind_name": KIND_NAMES.get(e.kind, e.kind),
                "subtype": e.subtype,
                "subtype_name": SUBTYPE_NAMES.get(e.subtype or "", e.subtype or ""),
                "definition": None,
                "count": 0,
                "articles": [],
                "mentions": [],
            },
        )
        entry["count"] += 1
        entry["definition"] = entry["definition"] or e.definition
        entry["subtype"] = entry["subtype"] or e.subtype
        c = cite(e.node)
        if c not in entry["articles"]:
            entry["articles"].append(c)
        entry["mentions"].append(item_info("entity", i, e, cite))
    return {
        "plan": plan_info(view.plan),
        "version": version_info(view.version),
        "kinds": [{"kind": k, "name": KIND_NAMES.get(k, k), "count": len(groups[k])} for k in kinds],
        "entities": {k: list(groups[k].values()) for k in kinds},
    }
