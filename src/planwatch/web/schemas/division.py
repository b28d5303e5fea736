"""分工方案 round trip (the workbook, an upload's preview, applying it) and 调整申请."""

from __future__ import annotations

from planwatch.web.schemas.common import Plan, Shape, Version


class DivisionPage(Shape):
    plan: Plan
    version: Version
    tasks: int
    download: str
    columns: list[str]


class FieldChange(Shape):
    field: str
    label: str
    current: str
    downloaded: str
    proposed: str
    conflict: bool


class PreviewRow(Shape):
    line: int
    number: str
    key: str
    text: str
    status: str
    status_name: str
    feedback: str
    changes: list[FieldChange]
    errors: list[str]
    suggestions: dict[str, list[str]]
    changed_by: str | None
    lead: str | None
    cooperating: list[str] | None
    due: str | None
    applicable: bool


class Preview(Shape):
    upload_id: int | None
    filename: str
    plan_id: int
    version: int
    downloaded_at: str
    uploaded_by: str | None
    uploaded_at: str | None
    applied_by: str | None
    applied_at: str | None
    rows: list[PreviewRow]
    counts: dict[str, int]


class Applied(Shape):
    upload_id: int
    applied: list[str]
    skipped: int


class AdjustmentRequest(Shape):
    """A reporter's request to change a task's units, and what a planner decided."""

    id: int
    task: str
    text: str
    lead: str | None
    cooperating: list[str] | None
    due: str | None
    reason: str | None
    requested_by: str
    requested_at: str
    status: str
    status_name: str
    decided_by: str | None
    decided_at: str | None
    comment: str | None


class PendingRequest(AdjustmentRequest):
    """A request waiting for a decision, beside the assignment in force now."""

    current_lead: str | None
    current_cooperating: list[str]
    task_found: bool
    changed_since: bool
