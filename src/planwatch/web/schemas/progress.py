"""进展报送: a task's reports and evidence files, the review queue."""

from __future__ import annotations

from planwatch.web.schemas.common import Plan, Shape
from planwatch.web.schemas.division import PendingRequest


class EvidenceEntry(Shape):
    name: str
    file_id: int | None
    size: int | None
    url: str | None


class Report(Shape):
    id: int
    task: str
    period: str
    state: str
    percent: float
    narrative: str
    evidence: list[EvidenceEntry]
    status: str
    status_name: str
    closes_task: bool
    submitted_by: str
    submitted_at: str
    reviewed_by: str | None
    reviewed_at: str | None
    review_comment: str | None
    sample: bool


class EvidenceFile(Shape):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: str
    url: str


class ProgressTask(Shape):
    id: str
    text: str
    lead: str | None
    cooperating: list[str]


class TaskProgress(Shape):
    plan: Plan
    task: ProgressTask
    standing: Report | None
    closed: bool
    pending: list[int]
    history: list[Report]
    files: list[EvidenceFile]
    latest_files: list[int]
    can_report: bool
    can_review: bool
    default_period: str
    states: list[str]
    max_bytes: int | None
    max_mb: float | None
    allowed: str


class Submitted(TaskProgress):
    """The task's progress after a submission, and the report just stored."""

    report: Report


class ReviewRow(Report):
    text: str
    lead: str | None


class Reviews(Shape):
    plan: Plan
    count: int
    reports: list[ReviewRow]
    requests: list[PendingRequest]
