"""Department catalogues people load (YAML text), kept as history with at most one active per name.

The store keeps the text as written and does not parse it: checking a catalogue is
``planwatch.extract.departments``' job, which the service saving it runs first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import CursorResult, select, true, update
from sqlalchemy.orm import Session

from planwatch.model import InputError, NotFoundError
from planwatch.store import postgresql
from planwatch.store.repositories import _valid_id
from planwatch.store.tables import CatalogueRow, utcnow

MODES = ("replace", "extend")  # replace the shipped catalogue, or lay the entries over it
DEFAULT_NAME = "default"


@dataclass(frozen=True, slots=True)
class CatalogueRecord:
    id: int
    name: str
    yaml: str
    mode: str
    loaded_by: str
    loaded_at: datetime
    active: bool


def _record(row: CatalogueRow) -> CatalogueRecord:
    return CatalogueRecord(
        id=row.id,
        name=row.name,
        yaml=row.yaml,
        mode=row.mode,
        loaded_by=row.loaded_by,
        loaded_at=row.loaded_at,
        active=row.active,
    )


class CatalogueRepository:
    """Flushes, never commits: the caller's transaction decides."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def save_catalogue(
        self,
        yaml_text: str,
        mode: str,
        loaded_by: str,
        name: str = DEFAULT_NAME,
        *,
        loaded_at: datetime | None = None,
    ) -> CatalogueRecord:
        """Store a catalogue and make it the active one of ``name`` (the previous one stays in history)."""
        if mode not in MODES:
            raise InputError(
                f"目录加载方式“{mode}”无效。",
                hint="replace 表示替换系统自带的部门目录，extend 表示在其基础上补充或修改。",
            )
        if not yaml_text.strip():
            raise InputError("部门目录内容为空。", hint="请选择一个填写了部门的 YAML 文件。")
        if "\x00" in yaml_text:
            raise InputError("部门目录含有 NUL（\\x00）字符，无法保存。", hint="请检查文件编码后重试。")
        who = loaded_by.strip()
        if not who:
            raise InputError("必须填写加载部门目录的人。", hint="请填写姓名或账号后重试。")
        name = name.strip()
        if not name:
            raise InputError("部门目录名称不能为空。")
        if loaded_at is not None and loaded_at.tzinfo is None:
            raise ValueError("loaded_at must be timezone-aware")

        self._deactivate(name)
        row = CatalogueRow(
            name=name, yaml=yaml_text, mode=mode, loaded_by=who, loaded_at=loaded_at or utcnow(), active=True
        )
        self._session.add(row)
        self._session.flush()
        return _record(row)

    def activate_catalogue(self, catalogue_id: int, loaded_by: str) -> CatalogueRecord:
        """Make an earlier catalogue active again, as a new history entry saying who restored it."""
        row = self._session.get(CatalogueRow, catalogue_id) if _valid_id(catalogue_id) else None
        if row is None:
            raise NotFoundError(f"没有编号为 {catalogue_id} 的部门目录记录。")
        return self.save_catalogue(row.yaml, row.mode, loaded_by, row.name)

    def deactivate_catalogue(self, name: str = DEFAULT_NAME) -> bool:
        """Go back to the shipped catalogue. False when no catalogue of ``name`` was active."""
        return self._deactivate(name.strip()) > 0

    def active_catalogue(self, name: str = DEFAULT_NAME) -> tuple[str, str] | None:
        """(yaml, mode) of the active catalogue of ``name``; None means "use the shipped one"."""
        row = self._session.execute(
            select(CatalogueRow.yaml, CatalogueRow.mode)
            .where(CatalogueRow.name == name.strip(), CatalogueRow.active == true())
            # Only one should be active; if a writer bypassed save_catalogue, the newest still wins.
            .order_by(CatalogueRow.id.desc())
            .limit(1)
        ).first()
        return None if row is None else (row.yaml, row.mode)

    def catalogue_history(self, name: str = DEFAULT_NAME) -> list[CatalogueRecord]:
        """Every catalogue saved under ``name``, oldest first."""
        rows = self._session.scalars(
            select(CatalogueRow).where(CatalogueRow.name == name.strip()).order_by(CatalogueRow.id)
        )
        return [_record(r) for r in rows]

    def _deactivate(self, name: str) -> int:
        connection = self._session.connection()
        if postgresql.is_postgresql(connection):
            postgresql.lock_catalogue(connection, name)
        result = self._session.execute(
            update(CatalogueRow)
            .where(CatalogueRow.name == name, CatalogueRow.active == true())
            .values(active=False)
            .execution_options(synchronize_session="fetch")
        )
        assert isinstance(result, CursorResult)  # an UPDATE always yields one
        return result.rowcount
