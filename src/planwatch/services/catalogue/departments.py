"""Department catalogue use cases: which catalogue is in force, loading and editing one."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy.orm import Session

from planwatch.extract.catalogue_sheet import looks_like_workbook, parse_catalogue_xlsx
from planwatch.extract.departments import (
    Catalogue,
    combine,
    dump_catalogue,
    load_catalogue,
    parse_catalogue,
    shipped_catalogue,
)
from planwatch.model import Department, ErrorCode, InputError, NotFoundError, User
from planwatch.services.admin import audit
from planwatch.settings import Settings
from planwatch.store.catalogues import CatalogueRecord, CatalogueRepository


def catalogue_in_force(session: Session | None, settings: Settings) -> Catalogue:
    """The catalogue assignments use: the one a user loaded into the database, else the file named
    by the settings (PLANWATCH_DEPARTMENT_CATALOGUE), else the shipped Dalian catalogue."""
    if session is not None:
        active = CatalogueRepository(session).active_catalogue()
        if active is not None:
            yaml_text, mode = active
            return combine(parse_catalogue(yaml_text, "数据库中的部门目录"), replace=mode == "replace")
    if settings.department_catalogue is not None:
        return load_catalogue(settings.department_catalogue, replace=settings.department_catalogue_replace)
    return shipped_catalogue()


def load_catalogue_file(session: Session, path: Path, *, replace: bool, loaded_by: str) -> Catalogue:
    """Check a user's catalogue file (YAML, or an Excel workbook) whole and make it the one in force.
    Refused whole on any error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取部门目录文件：{exc.strerror or exc}", where=str(path)) from exc
    if looks_like_workbook(data) or path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        sheet = parse_catalogue_xlsx(data, path.name)
        return save_catalogue_text(
            session, dump_catalogue(sheet), source=path.name, replace=replace, loaded_by=loaded_by
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            "部门目录文件不是 UTF-8 编码。", where=str(path), hint="请用 UTF-8 编码另存后再加载。"
        ) from exc
    return save_catalogue_text(session, text, source=path.name, replace=replace, loaded_by=loaded_by)


def save_catalogue_text(
    session: Session, text: str, *, source: str, replace: bool, loaded_by: str
) -> Catalogue:
    parsed = parse_catalogue(text, source)
    result = combine(parsed, replace=replace)  # checks clashes with the shipped units too
    repo = CatalogueRepository(session)
    before = _active_state(repo)
    saved = repo.save_catalogue(text, "replace" if replace else "extend", loaded_by)
    after = {"catalogue": saved.id, "mode": saved.mode, "source": source, "units": len(result)}
    audit.record(session, loaded_by, "catalogue.load", f"catalogue:{saved.name}", before, after)
    return result


def _active_state(repo: CatalogueRepository) -> dict[str, object]:
    """What the audit log keeps of the catalogue in force: which loaded one, or the shipped one."""
    active = [r for r in repo.catalogue_history() if r.active]
    if not active:
        return {"catalogue": "系统自带"}
    r = active[-1]
    return {"catalogue": r.id, "mode": r.mode, "loaded_by": r.loaded_by, "loaded_at": r.loaded_at.isoformat()}


def reset_catalogue(session: Session, *, by: User | str | None = None) -> bool:
    """Go back to the shipped catalogue; False when none was loaded."""
    repo = CatalogueRepository(session)
    before = _active_state(repo)
    changed = repo.deactivate_catalogue()
    if changed:
        audit.record(session, by, "catalogue.reset", "catalogue:default", before, {"catalogue": "系统自带"})
    return changed


def catalogue_history(session: Session) -> list[CatalogueRecord]:
    return CatalogueRepository(session).catalogue_history()


def find_department(catalogue: Catalogue, ref: str) -> Department:
    """A unit by full name, short name or alias."""
    term = ref.strip()
    dept = catalogue.get(term) or catalogue.find(term)
    if dept is None and term:
        # "教育局" for 市教育局: a short name without the city prefix, when only one unit fits
        fits = [d for d in catalogue if d.short.endswith(term) or d.name.endswith(term)]
        dept = fits[0] if len(fits) == 1 else None
    if dept is None:
        raise NotFoundError(
            f"部门目录中没有“{ref}”。",
            hint="可写全称、简称或别名。",
            code=ErrorCode.DEPARTMENT_NOT_FOUND,
        )
    return dept


def edited_catalogue_yaml(
    catalogue: Catalogue,
    name: str,
    *,
    short: str | None = None,
    add_aliases: tuple[str, ...] = (),
    add_duties: tuple[str, ...] = (),
    remove_duties: tuple[str, ...] = (),
) -> str:
    """The YAML of ``catalogue`` with one unit changed (for ``departments edit`` without an editor)."""
    dept = find_department(catalogue, name)
    missing = [d for d in remove_duties if d not in dept.duties]
    if missing:
        raise InputError(f"“{dept.name}”的职责关键词中没有：{'、'.join(missing)}。")
    duties = tuple(d for d in dept.duties if d not in remove_duties)
    duties += tuple(d for d in add_duties if d not in duties)
    aliases = dept.aliases + tuple(a for a in add_aliases if a not in dept.aliases)
    changed = replace(dept, short=short or dept.short, aliases=aliases, duties=duties)
    units = tuple(changed if d.name == dept.name else d for d in catalogue.departments)
    return dump_catalogue(Catalogue(departments=units, city=catalogue.city, neutral=catalogue.neutral))
