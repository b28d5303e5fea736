"""任务分工: the task table, one task with its history, a decision about its assignment."""

from __future__ import annotations

from planwatch.web.schemas.common import PlanHeader, Shape
from planwatch.web.schemas.division import AdjustmentRequest


class TaskAssignment(Shape):
    """A task (``model.Task``) with its effective assignment, citation and part, as the task table
    shows it (``services/views/task_rows.py``)."""

    id: str
    text: str
    verb: str
    object: str
    node: str
    start: int
    end: int
    domain: str | None
    instrument: str | None
    instrument_subtype: str | None
    sentence: str | None
    topic: str | None
    cite: str
    part: str | None
    part_title: str
    lead: str | None
    lead_short: str | None
    lead_reason: str | None
    cooperating: list[str]
    cooperating_short: list[str]
    due: str | None
    due_reason: str | None
    status: str | None
    status_name: str | None
    status_reason: str | None
    source: str | None
    decided_by: str | None


class TaskRow(TaskAssignment):
    """A task of the table with its link into the text."""

    href: str


class TableRow(TaskRow):
    order: int
    progress: float | None
    progress_state: str | None


class Filters(Shape):
    part: str | None
    lead: str | None
    unit: str | None
    domain: str | None
    instrument: str | None
    due: str | None
    q: str | None


class Option(Shape):
    value: str
    label: str


class Options(Shape):
    part: list[Option]
    lead: list[Option]
    unit: list[Option]
    domain: list[Option]
    instrument: list[Option]
    due: list[Option]
    sort: list[Option]
    per_page: list[int]


class PageLinks(Shape):
    self: str | None
    first: str | None
    prev: str | None
    next: str | None
    last: str | None


class TaskTable(PlanHeader):
    filters: Filters
    sort: str
    total: int
    count: int
    page: int
    per_page: int
    pages: int
    first: int
    last: int
    rows: list[TableRow]
    options: Options
    links: PageLinks


class Decision(Shape):
    """One decision about a task's assignment (all of lead, cooperating, due None: back to the
    proposal)."""

    id: int
    task: str
    decided_by: str
    decided_at: str
    lead: str | None
    cooperating: list[str] | None
    due: str | None
    note: str | None
    reverts: bool


class TaskPage(PlanHeader):
    task: TaskRow
    history: list[Decision]
    revision: int


class Decided(TaskPage):
    """The task after a decision; a reporter's change of units is a request, not yet in force."""

    request: AdjustmentRequest | None = None
