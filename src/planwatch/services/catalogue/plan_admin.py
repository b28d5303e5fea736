"""A plan's own 部门目录 page: the catalogue the plan's 分工 actually uses and why; making it the
loaded catalogue so planners can edit it on /catalogue; proposals computed again under the current
catalogue. And the other way round, for the /catalogue page: which plans the catalogue in force
applies to.

Editing works through the loaded catalogue because of the rule of :mod:`plan_catalogue`: a loaded
catalogue is used by a plan when its ``city`` is the plan's issuer (or the issuer is unknown, or the
plan chose it). Starting to edit from a plan therefore stores the plan's catalogue with ``city`` set
to its issuer, in the catalogue's history like any other load.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from planwatch.extract.assign import chosen_catalogue
from planwatch.extract.departments import dump_catalogue
from planwatch.extract.issuer import issuer_from_config
from planwatch.model import InputError, User
from planwatch.services.admin import audit
from planwatch.services.catalogue import admin
from planwatch.services.catalogue.plan import (
    PlanUse,
    analysis_config,
    catalogue_info,
    catalogue_source,
    plan_uses,
    repropose,
    user_catalogue,
)
from planwatch.services.plans.records import load_plan
from planwatch.settings import Settings
from planwatch.store.plan_catalogues import PlanCatalogueRepository

_GROUP_KINDS = ("party", "government", "district", "park", "other")


def _groups(units: Any) -> list[dict[str, Any]]:
    units = list(units)
    kinds = dict.fromkeys((*_GROUP_KINDS, *(d.kind for d in units)))
    out = []
    for kind in kinds:
        members = [admin.unit_dict(d) for d in units if d.kind == kind]
        if members:
            out.append({"kind": kind, "label": members[0]["kind_label"], "units": members})
    return out


def plan_catalogue_page(
    session: Session, settings: Settings, plan_ref: str, version: int | None = None
) -> dict[str, Any]:
    """规划的部门目录: the units the plan's 分工 uses, grouped by kind, where they come from and why,
    and what a planner can do from here."""
    view = load_plan(session, plan_ref, version)
    info = catalogue_info(session, settings, str(view.plan.id), view.version.number)
    config = analysis_config(session, settings, view.plan.id)
    issuer = issuer_from_config(config.get("issuer")) or view.analysis.issuer
    found, _ = chosen_catalogue(config, issuer)
    source = catalogue_source(config, found)
    loaded = user_catalogue(session, settings)
    stored_note = view.analysis.catalogue_note
    return {
        "plan": {"id": view.plan.id, "name": view.plan.name, "title": view.plan.title},
        "version": view.version.number,
        "issuer": info,
        "source": source,
        "source_name": info["source_name"],
        "why": info["catalogue"],
        "count": 0 if found is None else len(found),
        "groups": [] if found is None else _groups(found),
        "city": None if found is None else found.city,
        # the proposals stored for this version were computed under this note; when it differs from
        # the catalogue in use now, the planner should compute them again
        "proposals_note": stored_note,
        "proposals_stale": bool(stored_note) and stored_note != info["catalogue"],
        "editable_here": source == "loaded",
        "can_adopt": source in ("shipped", "national", "level") and issuer is not None,
        "loaded": None if loaded is None else {"city": loaded.city, "units": len(loaded)},
        "revision": admin.revision(session),
    }


def adopt_plan_catalogue(
    session: Session, settings: Settings, plan_ref: str, *, by: User | str, base: int | None
) -> dict[str, Any]:
    """Make the plan's catalogue the loaded one, with ``city`` = the plan's issuer, so that editing
    it on /catalogue changes this plan's (and every plan of that issuer's) 分工. Audited; the
    catalogue before it stays in the history."""
    view = load_plan(session, plan_ref)
    config = analysis_config(session, settings, view.plan.id)
    issuer = issuer_from_config(config.get("issuer")) or view.analysis.issuer
    found, note = chosen_catalogue(config, issuer)
    source = catalogue_source(config, found)
    if found is None or issuer is None:
        raise InputError(
            f"规划“{view.plan.name}”没有适用的部门目录（{note}），无法据此开始编辑。",
            hint="请先在规划概览的“发文机关与部门目录”中填写发文机关，或在“部门目录”页加载一个目录。",
        )
    if source == "loaded":
        return {"changed": False, "plan": view.plan.id, "revision": admin.revision(session)}
    before_uses = {u.plan.plan_id: u for u in plan_uses(session, settings)}
    own = replace(found, city=issuer.name)
    result = admin.apply_catalogue(
        session,
        settings,
        by,
        dump_catalogue(own),
        source=f"规划“{view.plan.name}”的部门目录（{issuer.name}）",
        mode="replace",
        base=base,
    )
    repo = PlanCatalogueRepository(session)
    choice = repo.get(view.plan.id)
    if choice is not None and choice.catalogue == "issuer":
        # "the issuer's catalogue" would keep the generated one and ignore the edits to come
        repo.save(
            view.plan.id,
            issuer_name=choice.issuer_name,
            issuer_level=choice.issuer_level,
            catalogue="auto",
            decided_by=audit.who(by),
        )
    versions = repropose(session, settings, view.plan.id)
    after_uses = plan_uses(session, settings)
    affected = [u.to_dict() for u in after_uses if _changed(before_uses.get(u.plan.plan_id), u)]
    affected = [a for a in affected if a["plan"] != view.plan.id]
    audit.record(
        session,
        by,
        "plan.catalogue.adopt",
        f"plan:{view.plan.id}",
        {"catalogue": note},
        {
            "catalogue": result["revision"],
            "city": issuer.name,
            "units": len(own),
            "versions": versions,
            "other_plans": [a["plan"] for a in affected],
        },
    )
    return {
        "changed": True,
        "plan": view.plan.id,
        "revision": result["revision"],
        "city": issuer.name,
        "units": len(own),
        "affected": affected,
    }


def _changed(before: PlanUse | None, after: PlanUse) -> bool:
    return before is None or (before.source, before.note) != (after.source, after.note)


def repropose_plan(session: Session, settings: Settings, plan_ref: str, *, by: User | str) -> dict[str, Any]:
    """按当前目录重新生成分工建议: the plan's proposals computed again for every version under the
    catalogue it uses now; decisions people made on tasks still apply. Audited."""
    view = load_plan(session, plan_ref)
    before = view.analysis.catalogue_note
    versions = repropose(session, settings, view.plan.id)
    info = catalogue_info(session, settings, str(view.plan.id))
    audit.record(
        session,
        by,
        "plan.repropose",
        f"plan:{view.plan.id}",
        {"catalogue": before},
        {"catalogue": info["catalogue"], "units": info["units"], "versions": versions},
    )
    return {
        "plan": view.plan.id,
        "versions": versions,
        "catalogue": info["catalogue"],
        "units": info["units"],
    }
