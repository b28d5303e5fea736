"""A plan's own 部门目录 and its issuer (发文机关)."""

from __future__ import annotations

from planwatch.web.schemas.catalogue import Group, Issuer, PlanUse
from planwatch.web.schemas.common import Shape


class Override(Shape):
    issuer_name: str | None
    issuer_level: str | None
    catalogue: str
    decided_by: str
    decided_at: str


class Choice(Shape):
    value: str
    name: str


class CatalogueInfo(Shape):
    """The issuer read from the document, the one a person set, the one in force, and the
    catalogue chosen and why."""

    plan: int
    source: str
    source_name: str
    detected: Issuer | None
    issuer: Issuer | None
    override: Override | None
    catalogue_choice: str
    catalogue_choice_name: str
    catalogue: str
    units: int
    loaded_catalogue: bool
    levels: list[Choice]
    choices: list[Choice]


class PlanRef(Shape):
    id: int
    name: str
    title: str | None


class Loaded(Shape):
    city: str | None
    units: int


class PlanCataloguePage(Shape):
    plan: PlanRef
    version: int
    issuer: CatalogueInfo
    source: str
    source_name: str
    why: str
    count: int
    groups: list[Group]
    city: str | None
    proposals_note: str | None
    proposals_stale: bool
    editable_here: bool
    can_adopt: bool
    loaded: Loaded | None
    revision: int


class AdoptResult(Shape):
    """``changed`` false: the plan already uses the loaded catalogue (nothing else then)."""

    changed: bool
    plan: int
    revision: int
    city: str | None = None
    units: int | None = None
    affected: list[PlanUse] | None = None


class ReproposeResult(Shape):
    plan: int
    versions: int
    catalogue: str
    units: int
