"""Plan lineage (规划体系): which upper-level plan a plan implements, and the plans derived from it.

A plan names at most one upper-level plan; the chain up from any plan never comes back to it (a
cycle is refused). Every change is audited.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from planwatch.model import InputError, PlanInfo, User
from planwatch.services.admin import audit
from planwatch.services.plans.records import list_plans
from planwatch.store.lineage import Lineage, LineageRepository
from planwatch.store.repositories import PlanRepository

LEVELS = ("建议", "纲要", "专项规划", "区域规划", "实施方案", "年度计划", "其他")


def _brief(p: PlanInfo, link: Lineage | None) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "title": p.title, "level": link.level if link else None}


def set_upper(
    session: Session,
    plan_ref: str,
    upper_ref: str | None,
    level: str | None = None,
    *,
    by: User | str | None = None,
) -> None:
    """Make ``upper_ref`` the upper-level plan of ``plan_ref`` (None: it has none) and set its level
    (None keeps the current one)."""
    plans = PlanRepository(session)
    links = LineageRepository(session)
    plan = plans.get_plan(plan_ref)
    if level is not None and level not in LEVELS:
        raise InputError(f"规划层级“{level}”无效。", hint=f"可选：{'、'.join(LEVELS)}。")
    upper_id = None
    if upper_ref is not None:
        upper = plans.get_plan(upper_ref)
        if upper.id == plan.id:
            raise InputError("规划不能以自己为上级规划。", hint="请选择另一份规划。")
        all_links = links.all()
        cursor: int | None = upper.id
        while cursor is not None:
            if cursor == plan.id:
                raise InputError(
                    f"“{upper.name}”本身是“{plan.name}”的下级规划，不能再作为它的上级规划。",
                    hint="规划体系不能成环；请先解除原来的上下级关系。",
                )
            cursor = all_links[cursor].upper_plan_id if cursor in all_links else None
        upper_id = upper.id
    current = links.get(plan.id)
    new_level = level if level is not None else current.level
    before = {"upper_plan_id": current.upper_plan_id, "level": current.level}
    after = {"upper_plan_id": upper_id, "level": new_level}
    if before != after:
        links.set(plan.id, upper_id, new_level, by=audit.who(by))
        audit.record(session, by, "plan.lineage", f"plan:{plan.id}", before, after)


def lineage(session: Session, plan_ref: str) -> dict[str, Any]:
    """The plan, the chain of plans above it (nearest first) and the plans that name it as upper."""
    plans = {p.id: p for p in list_plans(session)}
    links = LineageRepository(session).all()
    plan = PlanRepository(session).get_plan(plan_ref)
    ancestors: list[dict[str, Any]] = []
    seen = {plan.id}
    cursor = links[plan.id].upper_plan_id if plan.id in links else None
    while cursor is not None and cursor not in seen and cursor in plans:
        ancestors.append(_brief(plans[cursor], links.get(cursor)))
        seen.add(cursor)
        cursor = links[cursor].upper_plan_id if cursor in links else None
    children = [_brief(plans[pid], link) for pid, link in links.items() if link.upper_plan_id == plan.id]
    return {
        "plan": _brief(plan, links.get(plan.id)),
        "upper": ancestors,
        "lower": children,
        "levels": list(LEVELS),
    }
