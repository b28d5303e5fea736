"""调整申请 (a reporter asks for other units on a task; a planner decides) and 分工方案 workbooks
sent back for review. Flushes, never commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.store.repositories import _valid_id
from planwatch.store.rows import from_row
from planwatch.store.tables import AssignmentRequestRow, DivisionUploadRow, utcnow

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
STATUS_NAMES = {PENDING: "待审核", APPROVED: "已批准", REJECTED: "已驳回"}


@dataclass(frozen=True, slots=True)
class AssignmentRequest:
    """``lead``/``cooperating``/``due`` None keep what is in force; ``base_revision`` is the task's
    assignment revision the reporter saw."""

    id: int
    plan_id: int
    task_key: str
    task_text: str
    lead: str | None
    cooperating: tuple[str, ...] | None
    due: str | None
    reason: str
    base_revision: int
    requested_by: str
    requested_at: datetime
    status: str
    decided_by: str | None
    decided_at: datetime | None
    comment: str | None


@dataclass(frozen=True, slots=True)
class DivisionUpload:
    id: int
    plan_id: int
    filename: str
    data: bytes
    uploaded_by: str
    uploaded_at: datetime
    applied_by: str | None
    applied_at: datetime | None


def _request(row: AssignmentRequestRow) -> AssignmentRequest:
    cooperating = None if row.cooperating is None else tuple(row.cooperating)
    return from_row(AssignmentRequest, row, cooperating=cooperating)


def _upload(row: DivisionUploadRow) -> DivisionUpload:
    return from_row(DivisionUpload, row)


class AssignmentRequestRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        plan_id: int,
        task_key: str,
        task_text: str,
        *,
        lead: str | None,
        cooperating: Sequence[str] | None,
        due: str | None,
        reason: str,
        base_revision: int,
        requested_by: str,
    ) -> AssignmentRequest:
        row = AssignmentRequestRow(
            plan_id=plan_id,
            task_key=task_key,
            task_text=task_text,
            lead=lead,
            cooperating=None if cooperating is None else list(cooperating),
            due=due,
            reason=reason,
            base_revision=base_revision,
            requested_by=requested_by,
            requested_at=utcnow(),
            status=PENDING,
        )
        self._session.add(row)
        self._session.flush()
        return _request(row)

    def get(self, request_id: int) -> AssignmentRequest | None:
        row = self._session.get(AssignmentRequestRow, request_id) if _valid_id(request_id) else None
        return None if row is None else _request(row)

    def list(
        self, plan_id: int | None = None, *, status: str | None = None, requested_by: str | None = None
    ) -> list[AssignmentRequest]:
        query = select(AssignmentRequestRow).order_by(AssignmentRequestRow.id)
        if plan_id is not None:
            query = query.where(AssignmentRequestRow.plan_id == plan_id)
        if status is not None:
            query = query.where(AssignmentRequestRow.status == status)
        if requested_by is not None:
            query = query.where(AssignmentRequestRow.requested_by == requested_by)
        return [_request(r) for r in self._session.scalars(query)]

    def decide(
        self, request_id: int, *, status: str, decided_by: str, comment: str | None
    ) -> AssignmentRequest:
        row = self._session.get(AssignmentRequestRow, request_id)
        assert row is not None
        row.status = status
        row.decided_by = decided_by
        row.decided_at = utcnow()
        row.comment = comment
        self._session.flush()
        return _request(row)


class DivisionUploadRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, plan_id: int, filename: str, data: bytes, uploaded_by: str) -> DivisionUpload:
        row = DivisionUploadRow(
            plan_id=plan_id, filename=filename, data=data, uploaded_by=uploaded_by, uploaded_at=utcnow()
        )
        self._session.add(row)
        self._session.flush()
        return _upload(row)

    def get(self, upload_id: int) -> DivisionUpload | None:
        row = self._session.get(DivisionUploadRow, upload_id) if _valid_id(upload_id) else None
        return None if row is None else _upload(row)

    def mark_applied(self, upload_id: int, applied_by: str) -> None:
        row = self._session.get(DivisionUploadRow, upload_id)
        assert row is not None
        row.applied_by = applied_by
        row.applied_at = utcnow()
        self._session.flush()
