"""任务分工: the filterable, sortable task table, one page at a time; editing a task's lead and
cooperating units in place (htmx swaps one row; without JavaScript the same routes work as plain
pages and forms); downloads."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from planwatch.extract.departments import Catalogue
from planwatch.model import ConflictError, InputError, User
from planwatch.services import jobs
from planwatch.services.catalogue.plan import in_catalogue, plan_catalogue
from planwatch.services.division import task_table
from planwatch.services.plans.records import find_plan, load_plan
from planwatch.services.views import plan as views
from planwatch.services.views.evidence import task_evidence_count
from planwatch.services.views.progress import task_progress_page
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, AuthError, CurrentUser, SignedIn, db_session, settings_of
from planwatch.web.handoff import Runner, to_job
from planwatch.web.htmx import is_htmx
from planwatch.web.templating import templates

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]
FILTERS = task_table.FILTERS
Filter = Annotated[str | None, Query(max_length=200)]
PageNumber = Annotated[int, Query(ge=1, le=1_000_000, description="页码，从 1 开始 / page number, from 1")]
PerPage = Annotated[
    int,
    Query(
        ge=1,
        le=task_table.MAX_PER_PAGE,
        description=f"每页条数，1 至 {task_table.MAX_PER_PAGE}，默认 {task_table.PER_PAGE} / rows a page",
    ),
]
# The header that tells app.js to swap an error response in like a success: it is a form to correct.
FRAGMENT_HEADER = {"X-PlanWatch-Fragment": "1"}


def split_units(text: str | None) -> list[str]:
    """“教育局、科技局, 财政局” → the names; a person types them with any of these separators."""
    return [u.strip() for u in re.split(r"[、，,；;\s]+", text or "") if u.strip()]


def may_edit(user: User | None, catalogue: Catalogue | None = None) -> Callable[[dict[str, Any]], bool]:
    """``catalogue``: the plan's own, in which a reporter's unit is looked up."""
    unit_user = in_catalogue(user, catalogue)

    def check(row: dict[str, Any]) -> bool:
        return unit_user is not None and unit_user.can_edit_task(row["lead"], tuple(row["cooperating"]))

    return check


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the real (Chinese) name as RFC 5987 ``filename*``."""
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "_", filename).strip("_") or "export"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def table_query(
    filters: dict[str, Any],
    sort: str = "order",
    *,
    page: int = 1,
    per_page: int = task_table.PER_PAGE,
    version: int | None = None,
) -> str:
    """The query string of the table with ``filters``, sorted by ``sort``, page ``page`` of
    ``per_page`` rows (defaults left out: document order, page 1, PER_PAGE)."""
    values: dict[str, Any] = {"version": version, **{k: filters.get(k) for k in FILTERS}}
    values["sort"] = None if sort == "order" else sort
    values["per_page"] = None if per_page == task_table.PER_PAGE else per_page
    values["page"] = None if page == 1 else page
    return urlencode({k: v for k, v in values.items() if v})


def page_links(base: str, data: dict[str, Any], version: int | None = None) -> dict[str, str | None]:
    """Addresses of the pages of ``data`` (a tasks_page) under ``base``, filters and sort kept:
    self, first, prev, next, last (prev/next None at either end)."""

    def url(n: int | None) -> str | None:
        if n is None:
            return None
        query = table_query(data["filters"], data["sort"], page=n, per_page=data["per_page"], version=version)
        return f"{base}?{query}" if query else base

    page, pages = data["page"], data["pages"]
    return {
        "self": url(page),
        "first": url(1),
        "prev": url(page - 1 if page > 1 else None),
        "next": url(page + 1 if page < pages else None),
        "last": url(pages),
    }


@router.get("/plans/{plan}/tasks", response_class=HTMLResponse)
def tasks(
    request: Request,
    plan: str,
    session: DB,
    settings: Config,
    user: CurrentUser,
    version: int | None = None,
    part: Filter = None,
    lead: Filter = None,
    unit: Filter = None,
    domain: Filter = None,
    instrument: Filter = None,
    due: Filter = None,
    q: Filter = None,
    sort: Filter = None,
    page: PageNumber = 1,
    per_page: PerPage = task_table.PER_PAGE,
) -> Response:
    data = views.tasks_page(
        session,
        plan,
        settings,
        version,
        part=part,
        lead=lead,
        unit=unit,
        domain=domain,
        instrument=instrument,
        due=due,
        q=q,
        sort=sort,
        page=page,
        per_page=per_page,
    )
    pid = data["plan"]["id"]
    filters, per = data["filters"], data["per_page"]
    base = f"/plans/{pid}/tasks"

    def at(query: str) -> str:
        return f"{base}?{query}" if query else base

    context = {
        "data": data,
        "plan": data["plan"],
        "pid": pid,
        "can_edit": may_edit(user, _reporter_catalogue(session, settings, plan, version, user)),
        # Sorting starts again on the first page; the filters, page size and version stay.
        "sort_url": lambda key: at(table_query(filters, key, per_page=per, version=version)),
        "page_url": lambda n: at(table_query(filters, data["sort"], page=n, per_page=per, version=version)),
        "links": page_links(base, data, version),
        "page_numbers": task_table.Page(data["page"], data["per_page"], data["count"]).numbers(),
        "export_query": table_query(filters, version=version),
        "version": version,
        "json_url": page_links(f"/api/v1/plans/{pid}/assignments", data, version)["self"],
        "active": "tasks",
    }
    if is_htmx(request) and request.headers.get("hx-target") == "task-table":
        # The filter form keeps the sort order in a hidden field; the fragment updates it out of band.
        return templates.TemplateResponse(request, "_task_table.html", {**context, "fragment": True})
    return templates.TemplateResponse(request, "tasks.html", context)


def _reporter_catalogue(
    session: Session, settings: Settings, plan: str, version: int | None, user: User | None
) -> Catalogue | None:
    """The plan's catalogue when a reporter's unit has to be looked up in it; None otherwise."""
    if user is None or user.role != "reporter":
        return None
    return plan_catalogue(session, settings, load_plan(session, plan, version))


def _task_context(
    session: Session, settings: Settings, plan: str, task: str, user: User | None, version: int | None
) -> dict[str, Any]:
    data = views.task_page(session, plan, task, settings, version)
    return {
        "data": data,
        "r": data["task"],
        "plan": data["plan"],
        "pid": data["plan"]["id"],
        "can_edit": may_edit(user, _reporter_catalogue(session, settings, plan, version, user)),
        "departments": views.plan_departments(session, settings, plan, version),
        "progress": task_progress_page(
            session, plan, task, user, version, settings.evidence_max_bytes, settings=settings
        ),
        "json_url": f"/api/v1/plans/{plan}/tasks/{task}",
        "active": "tasks",
    }


@router.get("/plans/{plan}/tasks/{task}", response_class=HTMLResponse)
def task(
    request: Request,
    plan: str,
    task: str,
    session: DB,
    settings: Config,
    user: CurrentUser,
    version: int | None = None,
    saved: bool = False,
    requested: bool = False,
) -> Response:
    context = _task_context(session, settings, plan, task, user, version)
    count = task_evidence_count(session, context["pid"], task)
    return templates.TemplateResponse(
        request, "task.html", {**context, "saved": saved, "requested": requested, "evidence_count": count}
    )


@router.get("/plans/{plan}/tasks/{task}/row", response_class=HTMLResponse)
def task_row(
    request: Request,
    plan: str,
    task: str,
    session: DB,
    settings: Config,
    user: CurrentUser,
    version: int | None = None,
) -> Response:
    context = _task_context(session, settings, plan, task, user, version)
    return templates.TemplateResponse(request, "_task_row.html", context)


@router.get("/plans/{plan}/tasks/{task}/edit", response_class=HTMLResponse)
def task_edit(
    request: Request,
    plan: str,
    task: str,
    session: DB,
    settings: Config,
    user: SignedIn,
    version: int | None = None,
) -> Response:
    context = _task_context(session, settings, plan, task, user, version)
    if not context["can_edit"](context["r"]):
        raise AuthError(
            403,
            "您没有权限调整这项任务的分工：部门填报员只能调整本部门牵头或配合的任务。",
            "如需调整，请联系规划处。",
        )
    name = "_task_edit.html" if is_htmx(request) else "task.html"
    return templates.TemplateResponse(request, name, {**context, "editing": True})


@router.post("/plans/{plan}/tasks/{task}", response_class=HTMLResponse)
def task_save(
    request: Request,
    plan: str,
    task: str,
    session: DB,
    settings: Config,
    user: SignedIn,
    _csrf: Annotated[None, CSRF] = None,
    lead: Annotated[str, Form(max_length=200)] = "",
    cooperating: Annotated[str, Form(max_length=2000)] = "",
    due: Annotated[str, Form(max_length=50)] = "",
    note: Annotated[str, Form(max_length=500)] = "",
    action: Annotated[str, Form(max_length=20)] = "save",
    base: Annotated[str, Form(max_length=20)] = "",
    version: int | None = None,
) -> Response:
    """Save the edit form (or go back to the proposal with action=revert). htmx gets the new row;
    a plain form post is redirected to the task's page.

    ``base`` (hidden field) is the revision of the assignment the form was built from: when someone
    else saved in between, the form comes back with 409, their change and the message saying so.
    """
    result: dict[str, Any] = {}
    try:
        seen = int(base) if base.strip().isascii() and base.strip().isdigit() else None
        if base.strip() and seen is None:
            raise InputError("表单中的分工版本无效。", hint="请刷新页面后重新填写。")
        if action == "revert":
            views.revert_assignment(
                session, settings, plan, task, user, note=note, version=version, base=seen
            )
        else:
            result = views.edit_assignment(
                session,
                settings,
                plan,
                task,
                user,
                lead=lead.strip() or None,
                cooperating=split_units(cooperating),
                due=due.strip() or None,
                note=note.strip() or None,
                version=version,
                base=seen,
            )
    except InputError as exc:
        # Nothing of the refused change stays; the form comes back with what the person typed.
        session.rollback()
        context = _task_context(session, settings, plan, task, user, version)
        conflict = isinstance(exc, ConflictError)
        # After a conflict the form shows what is now in force (and its new revision), not what
        # was typed over the old state: saving again is then a decision made on the current state.
        typed = None if conflict else {"lead": lead, "cooperating": cooperating, "due": due, "note": note}
        error = f"{exc.message}{'（' + exc.hint + '）' if exc.hint else ''}"
        name = "_task_edit.html" if is_htmx(request) else "task.html"
        return templates.TemplateResponse(
            request,
            name,
            {**context, "editing": True, "error": error, "typed": typed},
            status_code=409 if conflict else 400,
            headers=FRAGMENT_HEADER,
        )
    requested = result.get("request")
    if not is_htmx(request):
        flag = "requested" if requested else "saved"
        return RedirectResponse(f"/plans/{plan}/tasks/{task}?{flag}=1", status_code=303)
    context = _task_context(session, settings, plan, task, user, version)
    return templates.TemplateResponse(
        request, "_task_row.html", {**context, "saved": not requested, "requested": requested}
    )


@router.get("/plans/{plan}/export")
def export(
    plan: str,
    session: DB,
    settings: Config,
    runner: Runner,
    user: CurrentUser,
    what: Annotated[str, Query(max_length=20)] = "tasks",
    format: Annotated[str, Query(max_length=10)] = "xlsx",
    version: int | None = None,
    part: Filter = None,
    lead: Filter = None,
    unit: Filter = None,
    domain: Filter = None,
    instrument: Filter = None,
    due: Filter = None,
    q: Filter = None,
) -> Response:
    """下载: 重点任务分工方案 / 主要指标表 / 一览表 as xlsx, docx, csv or json; the task list
    follows the table's filters."""
    filters = {"part": part, "lead": lead, "unit": unit, "domain": domain}
    filters |= {"instrument": instrument, "due": due, "q": q}
    if user is not None and what == "tasks" and format == "xlsx":
        # A task list of thousands of rows takes seconds to lay out: a job, with progress. Without a
        # login (public reading) there is nobody the file could be kept for, so it is built here.
        info = find_plan(session, plan)
        if jobs.export_runs_as_job(session, settings, info.id, version):
            return to_job(
                jobs.queue_export(
                    runner,
                    settings,
                    user,
                    info.id,
                    f"导出“{info.name}”重点任务分工（Excel）",
                    lambda s: views.export_file(s, str(info.id), settings, what, format, version, filters),
                ).id
            )
    data, filename, media_type = views.export_file(session, plan, settings, what, format, version, filters)
    return Response(
        data, media_type=media_type, headers={"Content-Disposition": content_disposition(filename)}
    )
