"""Which government issued a plan and which department catalogue its 分工 uses; a person's
correction of either, per plan, audited.

By default a plan uses the issuer read from its document and that issuer's catalogue (central
bodies, a province's, a city's, a county's, or Dalian's own); a catalogue a user loaded
(``planwatch departments load`` or PLANWATCH_DEPARTMENT_CATALOGUE) is used where it fits the issuer
(its ``city`` is the issuer's name) or the issuer is unknown. A person may name the issuer (name and
level) and choose the catalogue (``issuer``: the issuer's; ``configured``: the loaded one; ``auto``:
as by default); the plan's proposals are then computed again for every version, and decisions
people made on tasks still apply.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from sqlalchemy.orm import Session

from planwatch.extract.assign import assign as assign_component
from planwatch.extract.assign import chosen_catalogue
from planwatch.extract.catalogue_levels import national_catalogue
from planwatch.extract.departments import (
    Catalogue,
    combine,
    load_catalogue,
    parse_catalogue,
    shipped_catalogue,
)
from planwatch.extract.issuer import issuer as issuer_component
from planwatch.extract.issuer import issuer_from_config, level_of
from planwatch.extract.pipeline import Context
from planwatch.model import LEVEL_NAMES, LEVELS, Analysis, ErrorCode, InputError, Issuer, User
from planwatch.outline import fold
from planwatch.services.admin import audit
from planwatch.services.plans.analyze import extraction_config
from planwatch.services.plans.records import PlanView, load_plan
from planwatch.settings import Settings
from planwatch.store.catalogues import CatalogueRepository
from planwatch.store.plan_catalogues import CHOICES, CatalogueChoice, PlanCatalogueRepository, PlanIssuer
from planwatch.store.repositories import PlanRepository

CHOICE_NAMES = {
    "auto": "自动（按发文机关，已加载且适用的目录优先）",
    "issuer": "发文机关的目录",
    "configured": "已加载的部门目录",
}
# where the catalogue a plan uses comes from
SOURCE_NAMES = {
    "loaded": "已加载的部门目录",
    "shipped": "系统自带的城市部门目录",
    "national": "中央党政机关目录",
    "level": "按通用目录生成的本级部门目录",
    "none": "没有适用的部门目录",
}
_EMPTY = Catalogue(departments=())


def user_catalogue(session: Session | None, settings: Settings) -> Catalogue | None:
    """The catalogue a user loaded into the database, else the file the settings name; None when
    neither (each plan then uses its issuer's)."""
    if session is not None:
        active = CatalogueRepository(session).active_catalogue()
        if active is not None:
            text, mode = active
            return combine(parse_catalogue(text, "数据库中的部门目录"), replace=mode == "replace")
    if settings.department_catalogue is not None:
        return load_catalogue(settings.department_catalogue, replace=settings.department_catalogue_replace)
    return None


def analysis_config(session: Session, settings: Settings, plan_id: int | None = None) -> dict[str, Any]:
    """The configuration a plan's document is analysed with: the loaded catalogue (if any), and the
    issuer and catalogue choice a person set for the plan."""
    config = extraction_config(settings, user_catalogue(session, settings))
    choice = PlanCatalogueRepository(session).get(plan_id) if plan_id is not None else None
    return _with_choice(config, choice)


def _with_choice(config: dict[str, Any], choice: CatalogueChoice | None) -> dict[str, Any]:
    config = dict(config)
    if choice is not None:
        config["catalogue_choice"] = choice.catalogue
        if choice.issuer_name and choice.issuer_level:
            config["issuer"] = {"name": choice.issuer_name, "level": choice.issuer_level}
    return config


def catalogue_source(config: dict[str, Any], found: Catalogue | None) -> str:
    """Which of SOURCE_NAMES the catalogue ``chosen_catalogue`` returned under ``config`` is."""
    if found is None:
        return "none"
    if found is config.get("catalogue"):
        return "loaded"
    if found is shipped_catalogue():
        return "shipped"
    if found is national_catalogue():
        return "national"
    return "level"


@dataclass(frozen=True, slots=True)
class PlanUse:
    """The catalogue one stored plan uses, why, and where it comes from."""

    plan: PlanIssuer
    issuer: Issuer | None
    catalogue: Catalogue | None
    note: str
    source: str  # one of SOURCE_NAMES

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan.plan_id,
            "name": self.plan.name,
            "title": self.plan.title,
            "issuer": _issuer_dict(self.issuer),
            "catalogue_choice": self.plan.choice.catalogue if self.plan.choice else "auto",
            "catalogue": self.note,
            "source": self.source,
            "source_name": SOURCE_NAMES[self.source],
            "units": 0 if self.catalogue is None else len(self.catalogue),
        }


def plan_uses(session: Session, settings: Settings) -> list[PlanUse]:
    """For every stored plan, the catalogue its 分工 uses now (the loaded catalogue read once)."""
    base = extraction_config(settings, user_catalogue(session, settings))
    out = []
    for p in PlanCatalogueRepository(session).plan_issuers():
        config = _with_choice(base, p.choice)
        issuer = issuer_from_config(config.get("issuer")) or _stored_issuer(p.detected)
        found, note = chosen_catalogue(config, issuer)
        out.append(PlanUse(p, issuer, found, note, catalogue_source(config, found)))
    return out


def _stored_issuer(value: dict[str, Any] | None) -> Issuer | None:
    if not value or not value.get("name") or value.get("level") not in LEVELS:
        return None
    names = {f.name for f in fields(Issuer)}
    return Issuer(**{k: v for k, v in value.items() if k in names})


def plan_catalogue(session: Session, settings: Settings, view: PlanView) -> Catalogue:
    """The catalogue the plan's 分工 uses (empty when none fits): what a person's choice of a lead
    unit is checked against, and where short names come from."""
    config = analysis_config(session, settings, view.plan.id)
    found, _ = chosen_catalogue(config, _issuer_of(view.analysis, config))
    return found if found is not None else _EMPTY


def in_catalogue(user: User | None, catalogue: Catalogue | None) -> User | None:
    """The user with its unit as the plan's catalogue names it (the full name of the unit whose name,
    short name or alias it is), so a reporter's unit is compared with the plan's own units."""
    if user is None or catalogue is None or user.role != "reporter" or not user.department:
        return user
    found = catalogue.find(user.department)
    if found is None or found.name == user.department:
        return user
    return replace(user, department=found.name)


def _issuer_of(analysis: Analysis, config: dict[str, Any]) -> Issuer | None:
    return issuer_from_config(config.get("issuer")) or analysis.issuer


def catalogue_info(
    session: Session, settings: Settings, plan_ref: str, version: int | None = None
) -> dict[str, Any]:
    """What the plan overview shows: the issuer read from the document, the one set by a person,
    the one in force, the catalogue chosen and why."""
    view = load_plan(session, plan_ref, version)
    choice = PlanCatalogueRepository(session).get(view.plan.id)
    config = analysis_config(session, settings, view.plan.id)
    issuer = _issuer_of(view.analysis, config)
    found, note = chosen_catalogue(config, issuer)
    source = catalogue_source(config, found)
    return {
        "plan": view.plan.id,
        "source": source,
        "source_name": SOURCE_NAMES[source],
        "detected": _issuer_dict(view.analysis.issuer),
        "issuer": _issuer_dict(issuer),
        "override": None if choice is None else _choice_dict(choice),
        "catalogue_choice": config.get("catalogue_choice", "auto"),
        "catalogue_choice_name": CHOICE_NAMES[config.get("catalogue_choice", "auto")],
        "catalogue": note,
        "units": 0 if found is None else len(found),
        "loaded_catalogue": user_catalogue(session, settings) is not None,
        "levels": [{"value": v, "name": LEVEL_NAMES[v]} for v in LEVELS],
        "choices": [{"value": v, "name": CHOICE_NAMES[v]} for v in CHOICES],
    }


def _issuer_dict(issuer: Issuer | None) -> dict[str, Any] | None:
    if issuer is None:
        return None
    return {**asdict(issuer), "level_name": LEVEL_NAMES.get(issuer.level, issuer.level)}


def _choice_dict(choice: CatalogueChoice) -> dict[str, Any]:
    return {
        "issuer_name": choice.issuer_name,
        "issuer_level": choice.issuer_level,
        "catalogue": choice.catalogue,
        "decided_by": choice.decided_by,
        "decided_at": choice.decided_at.isoformat(),
    }


def set_catalogue(
    session: Session,
    settings: Settings,
    plan_ref: str,
    *,
    by: User | str,
    issuer_name: str | None = None,
    issuer_level: str | None = None,
    catalogue: str = "auto",
) -> dict[str, Any]:
    """Set the plan's issuer (name, and level: read from the name when not given) and catalogue
    choice, and compute its proposals again. Bad input changes nothing."""
    view = load_plan(session, plan_ref)
    name = (issuer_name or "").strip() or None
    level = (issuer_level or "").strip() or None
    if catalogue not in CHOICES:
        raise InputError(
            f"部门目录选择“{catalogue}”无效。",
            hint="可选 auto（自动）、issuer（发文机关的目录）、configured（已加载的部门目录）。",
        )
    if level is not None and level not in LEVELS:
        raise InputError(
            f"发文机关层级“{level}”无效。",
            hint="可选 national（中央）、provincial（省级）、municipal（市级）、county（县级）。",
        )
    if name is None and level is not None:
        raise InputError(
            "只给了发文机关层级，没有名称。",
            hint="请同时写发文机关名称，如 四川省。",
            code=ErrorCode.ISSUER_NAME_MISSING,
        )
    if name is not None:
        level = level or level_of(name)
        if level is None:
            raise InputError(
                f"无法从“{name}”判断发文机关层级。",
                hint="请写完整名称（如 四川省、大连市、长海县、国务院），或指明层级。",
                code=ErrorCode.ISSUER_LEVEL_UNKNOWN,
            )
    if catalogue == "configured" and user_catalogue(session, settings) is None:
        raise InputError(
            "还没有加载部门目录，无法选择“已加载的部门目录”。",
            hint="请先加载部门目录，或选择 auto / issuer。",
            code=ErrorCode.CATALOGUE_NOT_LOADED,
        )
    repo = PlanCatalogueRepository(session)
    before = repo.get(view.plan.id)
    who = by.username if isinstance(by, User) else by
    saved = repo.save(view.plan.id, issuer_name=name, issuer_level=level, catalogue=catalogue, decided_by=who)
    versions = repropose(session, settings, view.plan.id)
    audit.record(
        session,
        by,
        "plan.catalogue",
        f"plan:{view.plan.id}",
        None if before is None else _choice_dict(before),
        {**_choice_dict(saved), "versions": versions},
    )
    return catalogue_info(session, settings, str(view.plan.id))


def reset_catalogue(session: Session, settings: Settings, plan_ref: str, *, by: User | str) -> dict[str, Any]:
    """Back to the issuer read from the document and the default choice."""
    view = load_plan(session, plan_ref)
    repo = PlanCatalogueRepository(session)
    before = repo.get(view.plan.id)
    if repo.clear(view.plan.id):
        versions = repropose(session, settings, view.plan.id)
        audit.record(
            session,
            by,
            "plan.catalogue.reset",
            f"plan:{view.plan.id}",
            None if before is None else _choice_dict(before),
            {"catalogue": "auto", "versions": versions},
        )
    return catalogue_info(session, settings, str(view.plan.id))


def repropose(session: Session, settings: Settings, plan_id: int) -> int:
    """Compute the proposals of every version of the plan again under its current configuration;
    returns how many versions."""
    config = analysis_config(session, settings, plan_id)
    store = PlanCatalogueRepository(session)
    plans = PlanRepository(session)
    ids = store.version_ids(plan_id)
    for version_id in ids:
        analysis = plans.load_analysis(version_id)
        ctx = Context(
            analysis.document, fold(analysis.document.text), analysis.outline, analysis.sentences, config
        )
        ctx.results["tasks"] = analysis.tasks
        ctx.results.update(issuer_component(ctx))
        out = assign_component(ctx)
        store.replace_proposals(version_id, analysis, out["assignments"], str(out["catalogue_note"]))
    return len(ids)


def after_import(session: Session, settings: Settings, plan_id: int) -> None:
    """A new version of a plan whose issuer or catalogue a person set gets its proposals under that
    choice (the import analysed it as if nothing were set)."""
    if PlanCatalogueRepository(session).get(plan_id) is not None:
        repropose(session, settings, plan_id)


def catalogue_applies_to(session: Session, settings: Settings) -> dict[str, Any]:
    """Which stored plans the catalogue shown on /catalogue is used by, and the rule that decides it."""
    loaded = user_catalogue(session, settings)
    uses = plan_uses(session, settings)
    wanted = "loaded" if loaded is not None else "shipped"
    using = [u.to_dict() for u in uses if u.source == wanted]
    others = [u.to_dict() for u in uses if u.source != wanted]
    if loaded is None:
        rule = "系统自带目录只用于发文机关为该城市的规划；其他规划使用各自发文机关的目录（中央、省级、市级、县级）。"
    elif loaded.city:
        rule = (
            f"已加载的目录（城市：{loaded.city}）用于发文机关为{loaded.city}、未识别发文机关，"
            "或选择了“已加载的部门目录”的规划；其他规划使用各自发文机关的目录。"
        )
    else:
        rule = "已加载的目录没有填写城市，选择“自动”的规划都使用它；在“目录信息”中填写城市后只用于该发文机关的规划。"
    return {"rule": rule, "plans": using, "other_plans": others}
