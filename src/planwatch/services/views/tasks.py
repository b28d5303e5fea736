"""任务分工 page data: one page of the filtered, sorted task table, one task with its history, and a
download of the rows the table's filters keep. The rows name the sentence they come from (``anchor``,
a document offset); the web layer makes the link."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from planwatch.export import MEDIA_TYPES, export, suggested_filename
from planwatch.model import NotFoundError
from planwatch.services.catalogue.plan import plan_catalogue
from planwatch.services.division import task_table
from planwatch.services.division.assignments import effective, history, revision
from planwatch.services.plans.records import PlanView, load_plan
from planwatch.services.progress import reporting as progress_service
from planwatch.services.views.common import plan_info, version_info
from planwatch.services.views.task_rows import sentence_starts, tasks_with_assignments
from planwatch.settings import Settings
from planwatch.store.assignments import OverrideRecord


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
    starts = sentence_starts(view.analysis)
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
                "anchor": anchor,  # the sentence's start: the web layer links to it
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


def task_row(session: Session, view: PlanView, settings: Settings, task_ref: str) -> dict[str, Any]:
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
    row = task_row(session, view, settings, task_ref)
    starts = sentence_starts(view.analysis)
    row["anchor"] = starts.get(row["sentence"] or "", row["start"])
    return {
        "plan": plan_info(view.plan),
        "version": version_info(view.version),
        "task": row,
        "history": [_history_entry(r) for r in reversed(history(session, view, task_ref))],
        # What an edit sends back as its base (If-Match / hidden field): see assignments.revision.
        "revision": revision(session, view, task_ref),
    }


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
