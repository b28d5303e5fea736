"""What many pages show alike: a plan and its version, an extracted item with its kind and anchor."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from planwatch.model import Analysis, Entity, Goal, PlanInfo, Quantity, VersionInfo
from planwatch.model.cite import Citer


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
    del d["analysis_token"]  # a cache key of the workers, not something a reader needs
    return d


KIND_NAMES: dict[str, str] = {
    "quantity": "数量指标",
    "goal": "目标",
    "project": "重大项目",
    "organization": "机构",
    "place": "地点",
    "formulation": "提法",
}


_REF_PREFIX = {"quantity": "q", "goal": "g", "entity": "e"}


def distinct_entities(analysis: Analysis) -> list[tuple[int, Entity]]:
    """Entities with their index, the same entity found twice over the same words counted once."""
    seen: set[tuple[str, str, int, int]] = set()
    out = []
    for i, e in enumerate(analysis.entities):
        key = (e.kind, e.text, e.start, e.end)
        if key not in seen:
            seen.add(key)
            out.append((i, e))
    return out


def item_info(group: str, index: int, item: Quantity | Goal | Entity, cite: Citer) -> dict[str, Any]:
    """An extracted item as lists and the reader show it: its fields, kind, anchor (``ref``) and
    article. Links to it are the web layer's: its node and ``ref``, its ``kind`` and ``index``."""
    kind = item.kind if isinstance(item, Entity) else group
    ref = f"{_REF_PREFIX[group]}-{index}"
    return {
        **asdict(item),
        "kind": kind,
        "kind_name": KIND_NAMES.get(kind, kind),
        "index": index,
        "ref": ref,
        "cite": cite(item.node),
    }
