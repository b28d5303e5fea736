"""Managing the department catalogue from the web: view, edit one unit, add and remove units, load a
YAML or Excel file after a preview of what changes, download it, and go back to an earlier version.

Every save stores the whole catalogue as YAML (as ``planwatch departments edit`` does), so the
history is a list of complete catalogues and any one of them can be restored. Saves are checked
against the version the person saw (``revision``: the id of the catalogue record in force, 0 for
the shipped or configured one) under the catalogue's write lock, and refused with ConflictError when
someone saved in between. Every change is written to the audit log in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from planwatch.extract.catalogue_sheet import (
    KIND_LABELS,
    dump_catalogue_xlsx,
    kind_of,
    looks_like_workbook,
    parse_catalogue_xlsx,
    split_values,
)
from planwatch.extract.departments import KINDS, Catalogue, combine, dump_catalogue, parse_catalogue
from planwatch.extract.roles import role_ids
from planwatch.model import ConflictError, Department, InputError, NotFoundError, User
from planwatch.outline import fold
from planwatch.services.admin import audit
from planwatch.services.catalogue.departments import catalogue_in_force, find_department
from planwatch.services.catalogue.plan import catalogue_applies_to
from planwatch.settings import Settings
from planwatch.store.catalogues import DEFAULT_NAME, MODES, CatalogueRecord, CatalogueRepository
from planwatch.store.locks import lock_catalogue
from planwatch.store.users import UserRepository

FIELDS = {
    "name": "单位全称",
    "short": "简称",
    "kind": "类别",
    "duties": "职责关键词",
    "aliases": "别名",
    "lead_domains": "牵头领域",
    "role": "职能角色",
}
MODE_NAMES = {"replace": "替换系统自带目录", "extend": "在系统自带目录上补充或修改"}
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
_HISTORY_LIMIT = 50
_MIN_KEYWORD = 2


class UnitRejected(InputError):
    """A unit form with mistakes; ``fields`` maps each bad field to what is wrong with it."""

    def __init__(self, fields: Mapping[str, str], where: str | None = None) -> None:
        super().__init__(
            "单位信息有误，未保存：" + "；".join(f"{FIELDS.get(k, k)}：{v}" for k, v in fields.items()),
            where=where,
            hint="请按各栏下的提示改正后再保存。",
        )
        self.fields = dict(fields)


# ---------------------------------------------------------------- reading


def revision(session: Session) -> int:
    """The version of the catalogue a person sees: the id of the record in force, 0 for none."""
    active = [r for r in CatalogueRepository(session).catalogue_history() if r.active]
    return active[-1].id if active else 0


def unit_dict(d: Department) -> dict[str, Any]:
    return {**asdict(d), "kind_label": KIND_LABELS.get(d.kind, d.kind)}


def _matches(d: Department, q: str) -> bool:
    needle = fold(q.strip()).lower()
    return any(needle in fold(t).lower() for t in (d.name, d.short, *d.aliases, *d.duties, *d.lead_domains))


def catalogue_page(session: Session, settings: Settings, q: str | None = None) -> dict[str, Any]:
    """部门目录: the catalogue in force, units grouped by kind, optionally filtered by ``q``."""
    catalogue = catalogue_in_force(session, settings)
    units = [d for d in catalogue if not q or _matches(d, q)]
    groups = []
    for kind in dict.fromkeys((*KINDS, *(d.kind for d in catalogue))):
        members = [unit_dict(d) for d in units if d.kind == kind]
        if members:
            groups.append({"kind": kind, "label": KIND_LABELS.get(kind, kind), "units": members})
    rev = revision(session)
    return {
        "city": catalogue.city,
        "neutral": list(catalogue.neutral),
        "count": len(catalogue),
        "shown": len(units),
        "q": q or "",
        "groups": groups,
        "revision": rev,
        "source": _source(session, settings, rev),
        "kinds": kind_choices(),
        "applies_to": catalogue_applies_to(session, settings),
    }


def _source(session: Session, settings: Settings, rev: int) -> dict[str, Any]:
    if rev:
        record = next(r for r in CatalogueRepository(session).catalogue_history() if r.id == rev)
        return {"kind": "database", **_record_info(session, record)}
    if settings.department_catalogue is not None:
        return {"kind": "file", "file": str(settings.department_catalogue)}
    return {"kind": "shipped"}


def unit_page(session: Session, settings: Settings, name: str) -> dict[str, Any]:
    """One unit of the catalogue in force (by full name, short name or alias), for its edit form."""
    unit = find_department(catalogue_in_force(session, settings), name)
    return {
        "unit": unit_dict(unit),
        "revision": revision(session),
        "kinds": kind_choices(),
        "roles": role_choices(),
    }


def kind_choices() -> list[dict[str, str]]:
    return [{"kind": k, "label": KIND_LABELS.get(k, k)} for k in KINDS]


# ---------------------------------------------------------------- changes between two catalogues


def catalogue_changes(before: Catalogue, after: Catalogue) -> dict[str, Any]:
    """Units added, removed and changed (field by field, with the values added and removed)."""
    old = {d.name: d for d in before}
    new = {d.name: d for d in after}
    changed = []
    for name, d in new.items():
        o = old.get(name)
        if o is None or o == d:
            continue
        fields = []
        for key, label in FIELDS.items():
            a, b = getattr(o, key), getattr(d, key)
            if a == b:
                continue
            if isinstance(a, tuple):
                fields.append(
                    {
                        "field": key,
                        "label": label,
                        "added": [v for v in b if v not in a],
                        "removed": [v for v in a if v not in b],
                        "before": list(a),
                        "after": list(b),
                    }
                )
            else:
                fields.append({"field": key, "label": label, "before": a, "after": b})
        changed.append({"name": name, "fields": fields})
    added = [unit_dict(d) for n, d in new.items() if n not in old]
    removed = [unit_dict(d) for n, d in old.items() if n not in new]
    settings_changed: list[dict[str, Any]] = []
    if before.city != after.city:
        settings_changed.append({"label": "城市", "before": before.city, "after": after.city})
    if before.neutral != after.neutral:
        settings_changed.append(
            {"label": "中性短语", "before": list(before.neutral), "after": list(after.neutral)}
        )
    return {
        "added": added,
        "removed": removed,
        "changed": changed,
        "settings": settings_changed,
        "empty": not (added or removed or changed or settings_changed),
    }


# ---------------------------------------------------------------- saving


def _check_base(session: Session, base: int | None) -> None:
    """Take the catalogue's write lock, then refuse when it changed since the person saw ``base``."""
    lock_catalogue(session, DEFAULT_NAME)
    if base is None:
        return
    current = revision(session)
    if current == base:
        return
    hint = "请刷新页面，查看最新的部门目录后再修改；您这次的修改没有保存。"
    records = [r for r in CatalogueRepository(session).catalogue_history() if r.id == current]
    if not records:
        raise ConflictError("部门目录已被他人恢复为系统自带目录，与您看到的版本不一致。", hint=hint)
    r = records[0]
    raise ConflictError(
        f"部门目录已被 {_person(session, r.loaded_by)} 于 {audit.local_time(r.loaded_at)} 修改，与您看到的版本不一致。",
        hint=hint,
    )


def _person(session: Session, username: str) -> str:
    user = UserRepository(session).get(username)
    return user.display_name if user is not None and user.display_name else username


def _save(
    session: Session,
    catalogue: Catalogue,
    by: User | str,
    action: str,
    target: str,
    before: Any,
    after: Any,
    *,
    text: str | None = None,
    mode: str = "replace",
) -> CatalogueRecord:
    """Store ``catalogue`` (or the given YAML ``text``) as the one in force and audit the change."""
    yaml_text = text if text is not None else dump_catalogue(catalogue)
    # the stored text must read back to what was checked: parse it as catalogue_in_force will
    combine(parse_catalogue(yaml_text, "部门目录"), replace=mode == "replace")
    record = CatalogueRepository(session).save_catalogue(yaml_text, mode, audit.who(by))
    audit.record(session, by, action, target, before, {**(after or {}), "catalogue": record.id})
    return record


def unit_from_form(fields: Mapping[str, str | Sequence[str] | None]) -> dict[str, Any]:
    """Form or JSON values to unit fields: lists stay lists, text is split at 、，,；; and newlines."""

    def many(key: str) -> list[str]:
        value = fields.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return split_values(value)
        return [fold(str(v)).strip() for v in value if str(v).strip()]

    def one(key: str) -> str:
        value = fields.get(key)
        return fold(value).strip() if isinstance(value, str) else ""

    return {
        "name": one("name"),
        "short": one("short"),
        "kind": one("kind"),
        "duties": many("duties"),
        "aliases": many("aliases"),
        "lead_domains": many("lead_domains"),
        # absent: keep the unit's role as it is (a JSON client that does not know roles)
        "role": None if fields.get("role") is None else one("role"),
    }


def _build_unit(catalogue: Catalogue, original: str | None, values: Mapping[str, Any]) -> Department:
    """Check a unit's fields against the rest of the catalogue; UnitRejected lists every mistake."""
    errors: dict[str, str] = {}
    name, short, kind_text = values["name"], values["short"], values["kind"]
    if not name:
        errors["name"] = "请填写单位全称。"
    if not short:
        errors["short"] = "请填写简称（分工表中使用的名称，如“市教育局”）。"
    kind = kind_of(kind_text) if kind_text else None
    if kind is None:
        allowed = "、".join(KIND_LABELS.get(k, k) for k in KINDS)
        errors["kind"] = f"类别“{kind_text}”无效，应为 {allowed} 之一。" if kind_text else "请选择类别。"
    short_duties = [d for d in values["duties"] if len(d) < _MIN_KEYWORD]
    if short_duties:
        errors["duties"] = (
            f"关键词“{'、'.join(short_duties)}”太短：每个至少两个字（单字会在几乎每条任务中出现）。"
        )
    if name or short:
        others = [d for d in catalogue if d.name != original]
        owner = {t: d for d in others for t in (d.name, d.short, *d.aliases)}
        for key, terms in (("name", [name]), ("short", [short]), ("aliases", values["aliases"])):
            clashes = [f"“{t}”已是单位“{owner[t].name}”的名称、简称或别名" for t in terms if t and t in owner]
            if clashes and key not in errors:
                errors[key] = "；".join(clashes) + "，不能重复使用。"
    role = values.get("role")
    if role and role not in role_ids():
        errors["role"] = f"职能角色“{role}”未定义；请从列表中选择，或留空。"
    if errors:
        raise UnitRejected(errors, where=f"单位“{original or name or '（新单位）'}”")
    return Department(
        name=name,
        short=short,
        kind=kind or "other",
        aliases=tuple(dict.fromkeys(a for a in values["aliases"] if a not in (name, short))),
        duties=tuple(dict.fromkeys(values["duties"])),
        lead_domains=tuple(dict.fromkeys(values["lead_domains"])),
        role=role or None,
    )


def role_choices() -> list[str]:
    return list(role_ids())


def save_unit(
    session: Session,
    settings: Settings,
    user: User | str,
    values: Mapping[str, Any],
    *,
    original: str | None,
    base: int | None,
) -> dict[str, Any]:
    """Change the unit now called ``original`` (None: add a new unit at the end of its kind)."""
    _check_base(session, base)
    catalogue = catalogue_in_force(session, settings)
    old = find_department(catalogue, original) if original is not None else None
    if values.get("role") is None:
        values = {**values, "role": old.role if old is not None else None}
    unit = _build_unit(catalogue, old.name if old else None, values)
    if old is None:
        units = list(catalogue.departments)
        last_of_kind = max((i for i, d in enumerate(units) if d.kind == unit.kind), default=len(units) - 1)
        units.insert(last_of_kind + 1, unit)
        action, before = "catalogue.unit.add", None
    else:
        if old == unit:
            return {"unit": unit_dict(unit), "revision": revision(session), "changed": False}
        units = [unit if d.name == old.name else d for d in catalogue.departments]
        action, before = "catalogue.unit.edit", _audit_unit(old)
    changed = Catalogue(departments=tuple(units), city=catalogue.city, neutral=catalogue.neutral)
    record = _save(session, changed, user, action, f"department:{unit.name}", before, _audit_unit(unit))
    return {"unit": unit_dict(unit), "revision": record.id, "changed": True}


def _audit_unit(d: Department) -> dict[str, Any]:
    return {
        "name": d.name,
        "short": d.short,
        "kind": d.kind,
        "duties": "、".join(d.duties),
        "aliases": "、".join(d.aliases),
        "lead_domains": "、".join(d.lead_domains),
    }


def remove_unit(
    session: Session, settings: Settings, user: User | str, name: str, *, base: int | None
) -> dict[str, Any]:
    _check_base(session, base)
    catalogue = catalogue_in_force(session, settings)
    unit = find_department(catalogue, name)
    units = tuple(d for d in catalogue.departments if d.name != unit.name)
    if not units:
        raise InputError("不能删除部门目录中的最后一个单位。", hint="如需整体更换，请加载新的部门目录文件。")
    changed = Catalogue(departments=units, city=catalogue.city, neutral=catalogue.neutral)
    record = _save(
        session, changed, user, "catalogue.unit.remove", f"department:{unit.name}", _audit_unit(unit), None
    )
    return {"removed": unit_dict(unit), "revision": record.id}


# ---------------------------------------------------------------- files


def read_upload(data: bytes, filename: str) -> tuple[Catalogue, str]:
    """A YAML or Excel catalogue file, parsed and checked whole; with its YAML text (what is stored).

    The content decides the format; a name ending in .xlsx whose content is not a workbook is
    refused rather than read as YAML."""
    source = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or "上传的部门目录"
    if looks_like_workbook(data) or source.lower().endswith(_WORKBOOK_SUFFIXES):
        parsed = parse_catalogue_xlsx(data, source)
        return parsed, dump_catalogue(parsed)
    if not data.strip():
        raise InputError("文件为空。", where=source, hint="请选择填写了部门的 YAML 或 Excel（.xlsx）文件。")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            "文件既不是 Excel 工作簿（.xlsx），也不是 UTF-8 编码的 YAML 文本。",
            where=source,
            hint="请选择 .xlsx 文件，或将 YAML 文件另存为 UTF-8 编码后重试。",
        ) from exc
    return parse_catalogue(text, source), text


def _mode(mode: str) -> str:
    if mode not in MODES:
        raise InputError(
            f"加载方式“{mode}”无效。", hint="replace 为替换系统自带目录，extend 为在其基础上补充或修改。"
        )
    return mode


def preview_upload(
    session: Session, settings: Settings, data: bytes, filename: str, mode: str
) -> dict[str, Any]:
    """What loading the file would change, without changing anything; ``yaml`` is what to apply."""
    parsed, text = read_upload(data, filename)
    result = combine(parsed, replace=_mode(mode) == "replace")
    current = catalogue_in_force(session, settings)
    return {
        "source": parsed.sources[0] if parsed.sources else filename,
        "mode": mode,
        "mode_name": MODE_NAMES[mode],
        "units": len(result),
        "changes": catalogue_changes(current, result),
        "yaml": text,
        "revision": revision(session),
    }


def apply_catalogue(
    session: Session,
    settings: Settings,
    user: User | str,
    text: str,
    *,
    source: str,
    mode: str,
    base: int | None,
) -> dict[str, Any]:
    """Make a checked YAML catalogue (from :func:`preview_upload` or a file) the one in force."""
    _check_base(session, base)
    parsed = parse_catalogue(text, source)
    result = combine(parsed, replace=_mode(mode) == "replace")
    before_catalogue = catalogue_in_force(session, settings)
    changes = catalogue_changes(before_catalogue, result)
    summary = {
        "source": source,
        "mode": mode,
        "units": len(result),
        "added": len(changes["added"]),
        "removed": len(changes["removed"]),
        "changed": len(changes["changed"]),
    }
    record = _save(
        session,
        result,
        user,
        "catalogue.load",
        f"catalogue:{DEFAULT_NAME}",
        {"units": len(before_catalogue)},
        summary,
        text=text,
        mode=mode,
    )
    return {"revision": record.id, "units": len(result), "changes": changes}


def load_upload(
    session: Session,
    settings: Settings,
    user: User | str,
    data: bytes,
    filename: str,
    *,
    mode: str,
    base: int | None,
) -> dict[str, Any]:
    parsed, text = read_upload(data, filename)
    return apply_catalogue(session, settings, user, text, source=parsed.sources[0], mode=mode, base=base)


def download(session: Session, settings: Settings, fmt: str) -> tuple[bytes, str, str]:
    """(content, file name, media type) of the catalogue in force as YAML or Excel."""
    catalogue = catalogue_in_force(session, settings)
    if fmt == "yaml":
        return dump_catalogue(catalogue).encode("utf-8"), "部门目录.yaml", "application/yaml; charset=utf-8"
    if fmt == "xlsx":
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return dump_catalogue_xlsx(catalogue), "部门目录.xlsx", media
    raise InputError(f"不支持的导出格式“{fmt}”。", hint="可选 yaml 或 xlsx。")


# ---------------------------------------------------------------- history


def _record_info(session: Session, r: CatalogueRecord) -> dict[str, Any]:
    return {
        "id": r.id,
        "loaded_by": r.loaded_by,
        "loaded_by_name": _person(session, r.loaded_by),
        "loaded_at": r.loaded_at.isoformat(),
        "loaded_at_local": audit.local_time(r.loaded_at),
        "mode": r.mode,
        "mode_name": MODE_NAMES.get(r.mode, r.mode),
        "active": r.active,
    }


def _as_catalogue(r: CatalogueRecord) -> Catalogue | None:
    try:
        return combine(parse_catalogue(r.yaml, f"历史版本 #{r.id}"), replace=r.mode == "replace")
    except InputError:
        return None  # written before a check it now fails (a shipped unit renamed since): shown unparsed


def history_page(session: Session, settings: Settings) -> dict[str, Any]:
    """Every saved version, newest first, each with what it changed against the one before it,
    and the audit entries of catalogue changes (who did what, when)."""
    records = CatalogueRepository(session).catalogue_history()[-_HISTORY_LIMIT:]
    # the first version is compared with what was in force before any: the configured file or shipped one
    previous: Catalogue | None = catalogue_in_force(None, settings)
    versions = []
    for r in records:
        current = _as_catalogue(r)
        changes = (
            catalogue_changes(previous, current) if previous is not None and current is not None else None
        )
        versions.append(
            {
                **_record_info(session, r),
                "units": len(current) if current is not None else None,
                "changes": changes,
            }
        )
        previous = current
    versions.reverse()
    log = audit.log_page(session, audit.make_filter(action="catalogue."), limit=100)
    return {"revision": revision(session), "versions": versions, "log": log["entries"]}


def restore_version(
    session: Session, settings: Settings, user: User | str, record_id: int, *, base: int | None
) -> dict[str, Any]:
    """Make an earlier version the one in force again (a new history entry); 0 means the shipped one."""
    _check_base(session, base)
    repo = CatalogueRepository(session)
    before = catalogue_in_force(session, settings)
    if record_id == 0:
        if repo.deactivate_catalogue():
            audit.record(
                session,
                user,
                "catalogue.reset",
                f"catalogue:{DEFAULT_NAME}",
                {"units": len(before)},
                {"catalogue": "系统自带"},
            )
        return {"revision": 0, "units": len(catalogue_in_force(session, settings))}
    old = next((r for r in repo.catalogue_history() if r.id == record_id), None)
    if old is None:
        raise NotFoundError(f"没有编号为 {record_id} 的部门目录版本。", hint="请在历史页面中选择一个版本。")
    if _as_catalogue(old) is None:
        raise InputError(
            f"版本 #{record_id} 已无法通过当前的目录校验，不能恢复。", hint="请下载后修改再加载。"
        )
    record = repo.activate_catalogue(record_id, audit.who(user))
    after = catalogue_in_force(session, settings)
    audit.record(
        session,
        user,
        "catalogue.restore",
        f"catalogue:{DEFAULT_NAME}",
        {"units": len(before)},
        {"catalogue": record.id, "from": record_id, "units": len(after)},
    )
    return {"revision": record.id, "units": len(after)}
