"""What the pages show, as plain JSON-ready data: one function per page, used by the HTML page
and by its JSON twin alike (Datasette's "every page has a JSON twin")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, replace
from typing import Any

from sqlalchemy.orm import Session

from planwatch.export import MEDIA_TYPES, export, suggested_filename
from planwatch.extract.departments import Catalogue
from planwatch.model import (
    STATUS_NAMES,
    Analysis,
    ForbiddenError,
    NotFoundError,
    PlanWatchError,
    User,
)
from planwatch.model.cite import Citer
from planwatch.services import memo
from planwatch.services.catalogue.plan import (
    in_catalogue,
    plan_catalogue,
)
from planwatch.services.division import adjustments, task_table
from planwatch.services.division.assignments import (
    effective,
    history,
    latest_decision,
    override,
    revert,
    revision,
)
from planwatch.services.plans.records import PlanView, load_plan
from planwatch.services.progress import reporting as progress_service
from planwatch.services.views.common import plan_info, version_info
from planwatch.services.views.departments import department_info
from planwatch.settings import Settings
from planwatch.store.assignments import OverrideRecord
from planwatch.store.locks import lock_plan


def _part_of(analysis: Analysis) -> dict[str, str]:
    """node id → the id of its top-level part (or itself)."""
    parent = {n.id: n.parent for n in analysis.outline}
    out: dict[str, str] = {}
    for n in analysis.outline:
        cur = n.id
        while parent.get(cur):
            cur = parent[cur] or cur
        out[n.id] = cur
    return out


def tasks_with_assignments(session: Session, view: PlanView, settings: Settings) -> list[dict[str, Any]]:
    """Every task with its effective assignment, citation and part, as the task table shows them.

    Computed once per change revision and shared (services.memo): do not mutate the rows; copy them."""
    return memo.cached(
        session,
        "tasks_with_assignments",
        (view.version.id, memo.settings_key(settings)),
        lambda: _tasks_with_assignments(session, view, settings),
        plan=view.plan.id,
    )


def _tasks_with_assignments(session: Session, view: PlanView, settings: Settings) -> list[dict[str, Any]]:
    analysis = view.analysis
    assigned = {a.task: a for a in effective(session, view).assignments}
    short = {d.name: d.short for d in plan_catalogue(session, settings, view)}
    cite = Citer(analysis.outline)
    part_of = _part_of(analysis)
    nodes = {n.id: n for n in analysis.outline}
    rows = []
    for t in analysis.tasks:
        a = assigned.get(t.id)
        part = nodes.get(part_of.get(t.node, ""))
        rows.append(
            {
                **asdict(t),
                "cite": cite(t.node),
                "part": part.id if part else None,
                "part_title": f"{part.label}、{part.title}"
                if part and part.kind == "part"
                else (part.title if part else ""),
                "lead": a.lead.department if a and a.lead else None,
                "lead_short": short.get(a.lead.department, a.lead.department) if a and a.lead else None,
                "lead_reason": a.lead.reason if a and a.lead else None,
                "cooperating": [u.department for u in a.cooperating] if a else [],
                "cooperating_short": [short.get(u.department, u.department) for u in a.cooperating]
                if a
                else [],
                "due": a.due if a else None,
                "due_reason": a.due_reason if a else None,
                "status": a.status if a else None,
                "status_name": STATUS_NAMES.get(a.status or "") if a else None,
                "status_reason": a.status_reason if a and a.status else None,
                "source": a.source if a else None,
                "decided_by": a.decided_by if a else None,
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------
# 规划文本, item details, 指标, 重大项目, 主体与地点, 提法, 任务分工, 导入 (pages 2, 3, 4 and 6)


def _sentence_starts(analysis: Analysis) -> dict[str, int]:
    return {s.id: s.start for s in analysis.sentences}


def tasks_page(
    session: Session,
    plan_ref: str,
    settings: Settings,
    version: int | None = None,
    *,
    part: str | None = None,
    lead: str | None = None,
    unit: str | None = None,
    domain: str | None = None,
    instrument: str | None = None,
    due: str | None = None,
    q: str | None = None,
    sort: str | None = None,
    page: int = 1,
    per_page: int = task_table.PER_PAGE,
) -> dict[str, Any]:
    """任务分工: one page of the task table with effective assignments, filtered and sorted as asked
    (both before the page is cut), and the choices each filter offers. ``lead`` matches the lead
    unit (``未分配`` for none), ``unit`` a unit leading or co-operating; ``sort`` is a key of
    TASK_SORTS, ``-`` in front for descending. ``count`` is what the filters keep, ``pages`` how
    many pages of ``per_page`` that makes; a page past the last is a NotFoundError."""
    view = load_plan(session, plan_ref, version)
    all_rows = tasks_with_assignments(session, view, settings)
    catalogue = plan_catalogue(session, settings, view)
    rank = {d.name: i for i, d in enumerate(catalogue)}
    short = {d.name: d.short for d in catalogue}
    f = task_table.clean_filters(
        {"part": part, "lead": lead, "unit": unit, "domain": domain}
        | {"instrument": instrument, "due": due, "q": q}
    )
    key, desc = task_table.parse_sort(sort)
    chosen = task_table.select(all_rows, f, key, desc, rank)
    at = task_table.page_of(len(chosen), page, per_page)
    starts = _sentence_starts(view.analysis)
    standing = {t.task: t for t in progress_service.task_progress(session, view)}
    rows = []
    for n in chosen[at.start : at.stop]:
        row = all_rows[n]
        status = standing.get(row["id"])
        anchor = starts.get(row["sentence"] or "", row["start"])
        # A new dict: the rows of tasks_with_assignments may be shared between requests.
        rows.append(
            {
                **row,
                "order": n,
                "progress": status.percent if status is not None else None,  # None: 未报送
                "progress_state": status.state if status is not None else None,
                "href": f"/plans/{view.plan.id}/text/{row['node']}#s-{anchor}",
            }
        )
    return {
        "plan": plan_info(view.plan),
        "version": version_info(view.version),
        "filters": f,
        "sort": ("-" if desc else "") + key,
        "total": len(all_rows),
        "count": len(chosen),
        "page": at.number,
        "per_page": at.per_page,
        "pages": at.pages,
        "first": at.start + 1 if rows else 0,  # the row numbers (from 1) this page shows
        "last": at.stop,
        "rows": rows,
        "options": task_table.options(all_rows, rank, short),
    }


def filtered_task_ids(
    session: Session, view: PlanView, settings: Settings, filters: Mapping[str, str | None]
) -> set[str]:
    """The ids of every task the table's ``filters`` keep, on all its pages (what a download holds)."""
    rows = tasks_with_assignments(session, view, settings)
    rank = {d.name: i for i, d in enumerate(plan_catalogue(session, settings, view))}
    f = task_table.clean_filters(filters)
    return {rows[i]["id"] for i in task_table.select(rows, f, "order", False, rank)}


def _history_entry(r: OverrideRecord) -> dict[str, Any]:
    return {
        "id": r.id,
        "task": r.task_key,
        "decided_by": r.decided_by,
        "decided_at": r.decided_at.isoformat(),
        "lead": r.lead,
        "cooperating": list(r.cooperating) if r.cooperating is not None else None,
        "due": r.due,
        "note": r.note,
        "reverts": r.reverts,
    }


def _task_row(session: Session, view: PlanView, settings: Settings, task_ref: str) -> dict[str, Any]:
    for row in tasks_with_assignments(session, view, settings):
        if row["id"] == task_ref:
            return dict(row)  # a copy: the shared row must stay as it is
    raise NotFoundError(
        f"第 {view.version.number} 版中没有编号为“{task_ref}”的任务。",
        hint="任务编号形如 p3.a7.t2，可在任务分工页查看。",
    )


def task_page(
    session: Session, plan_ref: str, task_ref: str, settings: Settings, version: int | None = None
) -> dict[str, Any]:
    """One task: its effective assignment and every decision people made about it."""
    view = load_plan(session, plan_ref, version)
    row = _task_row(session, view, settings, task_ref)
    starts = _sentence_starts(view.analysis)
    row["href"] = (
        f"/plans/{view.plan.id}/text/{row['node']}#s-{starts.get(row['sentence'] or '', row['start'])}"
    )
    return {
        "plan": plan_info(view.plan),
        "version": version_info(view.version),
        "task": row,
        "history": [_history_entry(r) for r in reversed(history(session, view, task_ref))],
        # What an edit sends back as its base (If-Match / hidden field): see assignments.revision.
        "revision": revision(session, view, task_ref),
    }


def _check_may_edit(user: User, row: dict[str, Any], catalogue: Catalogue | None = None) -> None:
    unit_user = in_catalogue(user, catalogue) or user
    if not unit_user.can_edit_task(row["lead"], tuple(row["cooperating"])):
        raise ForbiddenError(
            "您没有权限调整这项任务的分工：部门填报员只能调整本部门牵头或配合的任务。",
            where=f"任务 {row['id']}",
            hint="如需调整，请联系规划处。",
        )


def edit_assignment(
    session: Session,
    settings: Settings,
    plan_ref: str,
    task_ref: str,
    user: User,
    *,
    lead: str | None,
    cooperating: list[str] | None,
    due: str | None,
    note: str | None = None,
    version: int | None = None,
    base: int | None = None,
) -> dict[str, Any]:
    """A person decides a task's lead, cooperating units and due date (None keeps the proposal).

    Whether they may is judged on the assignment in force *before* the change: a reporter edits only
    tasks its unit leads or co-operates on. ``override`` writes the audit entry; ``task_page`` data
    is returned. ``base``: the ``revision`` of ``task_page`` the person saw; ConflictError when
    someone else changed the task since (None: a blind write, not checked).
    """
    view = load_plan(session, plan_ref, version)
    # The permission is judged on what is in force once this request holds the plan lock: checked
    # before it, a reporter's write could land after a planner removed the reporter's unit.
    lock_plan(session, view.plan.id)
    _check_may_edit(
        user, _task_row(session, view, settings, task_ref), plan_catalogue(session, settings, view)
    )
    # "待定" is what the matcher says when it cannot tell; it is not a due date a person can decide.
    if due is not None and due.strip() in ("", "待定"):
        due = None
    catalogue = plan_catalogue(session, settings, view)
    if user.role == "reporter":
        moved, _, _ = adjustments.changes_units(session, view, task_ref, catalogue, lead, cooperating)
        if moved:
            # A reporter never changes which units are on a task itself: a planner decides.
            request = adjustments.request_change(
                session,
                view,
                task_ref,
                catalogue,
                user,
                lead=lead,
                cooperating=cooperating,
                due=due,
                reason=note,
                base=base,
            )
            page = task_page(session, str(view.plan.id), task_ref, settings, view.version.number)
            return {**page, "request": adjustments.request_info(request)}
        # Only the due date: the units in force are carried over, not turned into the proposal's.
        latest = latest_decision(session, view, task_ref)
        lead = latest.lead if latest else None
        cooperating = list(latest.cooperating) if latest and latest.cooperating is not None else None
    override(
        session,
        view,
        task_ref,
        catalogue,
        decided_by=user.username,
        lead=lead or None,
        cooperating=cooperating,
        due=due,
        note=note or None,
        base=base,
    )
    return task_page(session, str(view.plan.id), task_ref, settings, view.version.number)


def revert_assignment(
    session: Session,
    settings: Settings,
    plan_ref: str,
    task_ref: str,
    user: User,
    *,
    note: str | None = None,
    version: int | None = None,
    base: int | None = None,
) -> dict[str, Any]:
    """The task goes back to the proposed assignment (same permission and ``base`` rules as
    ``edit_assignment``)."""
    view = load_plan(session, plan_ref, version)
    lock_plan(session, view.plan.id)
    _check_may_edit(
        user, _task_row(session, view, settings, task_ref), plan_catalogue(session, settings, view)
    )
    try:
        adjustments.check_not_reverting(user)
    except PlanWatchError as exc:
        raise ForbiddenError(exc.message, where=f"任务 {task_ref}", hint=exc.hint) from exc
    revert(session, view, task_ref, decided_by=user.username, note=note or None, base=base)
    return task_page(session, str(view.plan.id), task_ref, settings, view.version.number)


def export_file(
    session: Session,
    plan_ref: str,
    settings: Settings,
    what: str,
    fmt: str,
    version: int | None = None,
    filters: Mapping[str, str | None] | None = None,
) -> tuple[bytes, str, str]:
    """An export of the plan (tasks with the assignments in force, short unit names) as
    (bytes, file name, media type). ``filters`` (those of ``tasks_page``) narrow the task list to
    the rows the person sees, so the download matches the table."""
    view = load_plan(session, plan_ref, version)
    catalogue = plan_catalogue(session, settings, view)
    analysis = view.analysis
    wanted = {k: v for k, v in (filters or {}).items() if v and v.strip()}
    if what == "tasks" and wanted:
        shown = filtered_task_ids(session, view, settings, wanted)
        analysis = replace(analysis, tasks=tuple(t for t in analysis.tasks if t.id in shown))
    data = export(
        analysis,
        what,
        fmt,
        plan_name=view.plan.name,
        short_names={d.name: d.short for d in catalogue},
        assignments=effective(session, view).assignments,
    )
    name = suggested_filename(view.plan.name, what, fmt)
    return data, name, MEDIA_TYPES[name.rsplit(".", 1)[1]]


def plan_departments(
    session: Session, settings: Settings, plan_ref: str, version: int | None = None
) -> list[dict[str, Any]]:
    """The units a person may pick for the plan's tasks: those of the catalogue the plan uses."""
    view = load_plan(session, plan_ref, version)
    return [department_info(d) for d in plan_catalogue(session, settings, view)]


