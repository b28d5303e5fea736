"""部门目录: the catalogue in force, one unit, the history, and the replies of the changes."""

from __future__ import annotations

from planwatch.web.schemas.admin import AuditEntry
from planwatch.web.schemas.common import Shape


class Unit(Shape):
    """A unit of the catalogue (``model.Department``) with its kind in words."""

    name: str
    short: str
    kind: str
    aliases: list[str]
    duties: list[str]
    lead_domains: list[str]
    role: str | None
    kind_label: str


class KindChoice(Shape):
    kind: str
    label: str


class Group(Shape):
    kind: str
    label: str
    units: list[Unit]


class Issuer(Shape):
    name: str
    level: str
    evidence: str
    start: int | None
    end: int | None
    source: str
    level_name: str


class PlanUse(Shape):
    """A stored plan and the catalogue its 分工 uses."""

    plan: int
    name: str
    title: str | None
    issuer: Issuer | None
    catalogue_choice: str
    catalogue: str
    source: str
    source_name: str
    units: int


class AppliesTo(Shape):
    rule: str
    plans: list[PlanUse]
    other_plans: list[PlanUse]


class Source(Shape):
    """Where the catalogue in force comes from: a saved version, a file named in the settings, or
    the one shipped with PlanWatch (only ``kind``)."""

    kind: str
    file: str | None = None
    id: int | None = None
    loaded_by: str | None = None
    loaded_by_name: str | None = None
    loaded_at: str | None = None
    loaded_at_local: str | None = None
    mode: str | None = None
    mode_name: str | None = None
    active: bool | None = None


class CataloguePage(Shape):
    city: str | None
    neutral: list[str]
    count: int
    shown: int
    q: str
    groups: list[Group]
    revision: int
    source: Source
    kinds: list[KindChoice]
    applies_to: AppliesTo


class UnitPage(Shape):
    unit: Unit
    revision: int
    kinds: list[KindChoice]
    roles: list[str]


class SaveResult(Shape):
    unit: Unit
    revision: int
    changed: bool


class RemoveResult(Shape):
    removed: Unit
    revision: int


class FieldChange(Shape):
    """One field of a changed unit: lists also say what was added and removed."""

    field: str
    label: str
    before: list[str] | str | None
    after: list[str] | str | None
    added: list[str] | None = None
    removed: list[str] | None = None


class UnitChange(Shape):
    name: str
    fields: list[FieldChange]


class SettingChange(Shape):
    label: str
    before: list[str] | str | None
    after: list[str] | str | None


class Changes(Shape):
    added: list[Unit]
    removed: list[Unit]
    changed: list[UnitChange]
    settings: list[SettingChange]
    empty: bool


class Preview(Shape):
    source: str
    mode: str
    mode_name: str
    units: int
    changes: Changes
    yaml: str
    revision: int


class LoadResult(Shape):
    revision: int
    units: int
    changes: Changes


class RestoreResult(Shape):
    revision: int
    units: int


class Version(Shape):
    id: int
    loaded_by: str
    loaded_by_name: str
    loaded_at: str
    loaded_at_local: str
    mode: str
    mode_name: str
    active: bool
    units: int | None
    changes: Changes | None


class HistoryPage(Shape):
    revision: int
    versions: list[Version]
    log: list[AuditEntry]
