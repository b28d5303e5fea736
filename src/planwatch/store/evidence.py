"""Evidence files (佐证材料) as ``planwatch.model.monitoring.EvidenceFile`` objects (issue 6).

Listings never load the bytes (a task may cite many megabytes); ``get(..., with_data=True)`` does,
for a download. Files are never changed; they go with their plan (ON DELETE CASCADE).

Like every repository this one flushes and never commits: the caller's transaction decides.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from planwatch.model.monitoring import EvidenceFile
from planwatch.store.repositories import _valid_id
from planwatch.store.tables import EvidenceFileRow, utcnow


def _file(row: EvidenceFileRow, *, with_data: bool = False) -> EvidenceFile:
    return EvidenceFile(
        id=row.id,
        plan_id=row.plan_id,
        task_key=row.task_key,
        filename=row.filename,
        content_type=row.content_type,
        size=row.size,
        sha256=row.sha256,
        uploaded_by=row.uploaded_by,
        uploaded_at=row.uploaded_at,
        data=bytes(row.data) if with_data else None,
    )


class EvidenceRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self, plan_id: int, task_key: str, filename: str, content_type: str, data: bytes, uploaded_by: str
    ) -> EvidenceFile:
        """Store one file and return it (without its bytes) with the id it got."""
        row = EvidenceFileRow(
            plan_id=plan_id,
            task_key=task_key,
            filename=filename,
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            data=data,
            uploaded_by=uploaded_by,
            uploaded_at=utcnow(),
        )
        self._session.add(row)
        self._session.flush()
        return _file(row)

    def get(self, file_id: int, *, with_data: bool = False) -> EvidenceFile | None:
        if not _valid_id(file_id):  # beyond the column's range: no such file (the driver would raise)
            return None
        query = select(EvidenceFileRow).where(EvidenceFileRow.id == file_id)
        if not with_data:
            query = query.options(defer(EvidenceFileRow.data))
        row = self._session.scalars(query).first()
        return None if row is None else _file(row, with_data=with_data)

    def list(self, plan_id: int, task_key: str | None = None) -> list[EvidenceFile]:
        """The plan's (or one task's) files, oldest first, without their bytes."""
        query = (
            select(EvidenceFileRow)
            .options(defer(EvidenceFileRow.data))
            .where(EvidenceFileRow.plan_id == plan_id)
        )
        if task_key is not None:
            query = query.where(EvidenceFileRow.task_key == task_key)
        return [_file(r) for r in self._session.scalars(query.order_by(EvidenceFileRow.id))]

    def many(self, ids: Iterable[int]) -> dict[int, EvidenceFile]:
        """Files by id (without bytes); ids that do not exist are left out."""
        wanted = sorted(i for i in set(ids) if _valid_id(i))
        if not wanted:
            return {}
        query = (
            select(EvidenceFileRow).options(defer(EvidenceFileRow.data)).where(EvidenceFileRow.id.in_(wanted))
        )
        return {r.id: _file(r) for r in self._session.scalars(query)}
