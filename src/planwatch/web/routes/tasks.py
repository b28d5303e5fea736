"""任务分工: the filterable, sortable task table, one page at a time, and one task with its history,
each a page with its JSON twin; deciding a task's assignment in place (htmx swaps one row; without
JavaScript the same routes work as plain pages and forms) or over JSON; downloads.

Optimistic locking: the task's twin returns its ``revision`` (also as the ``ETag`` header); a change
sent with that revision (``If-Match: "N"``, ``"base": N`` or the form's hidden ``base``) is refused
with 409 when someone else changed the task in between. A JSON change without either is a blind
write, accepted as before, for scripts that set assignments without showing them to a person.

A department reporter's change of a task's lead or cooperating units is not applied: it is filed as a
调整申请 (``note`` is its required reason) and answered with 202 and the request; a planner decides it
(web/routes/division.py). A reporter's change of the due date alone applies directly; a reporter may
not go back to the proposal (403). Who may change a task is checked under the plan lock.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Form, Header, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.model import ConflictError, InputError, User
from planwatch.services import jobs
from planwatch.services.division import decisions, task_table
from planwatch.services.plans.records import find_plan
from planwatch.services.views import tasks as task_views
from planwatch.services.views.evidence import task_evidence_count
from planwatch.settings import Settings
from planwatch.web.deps import AuthError, CurrentUser, SignedIn
from planwatch.web.downloads import attachment
from planwatch.web.forms import error_line
from planwatch.web.handoff import Runner, to_job
from planwatch.web.htmx import FRAGMENT_HEADER, is_htmx
from planwatch.web.paging import page_links, table_query
from planwatch.web.params import DB, Config, Csrf, Version
from planwatch.web.schemas.tasks import Decided, Decision, TaskPage, TaskTable
from planwatch.web.task_page import (
    may_edit,
    reporter_catalogue,
    split_units,
    task_context,
    task_data,
    task_extras,
    task_values,
    with_href,
)
from planwatch.web.task_query import ExportQuery, TaskQuery
from planwatch.web.templating import templates
from planwatch.web.twin import Area
from planwatch.web.urls import url

area = Area("tasks")
Table = Annotated[TaskQuery, Depends()]


# -- the table -----------------------------------------------------------------------------------


def _table_template(request: Request) -> str:
    # The filter form and the pager swap the table alone (hx-target=task-table).
    if is_htmx(request) and request.headers.get("hx-target") == "task-table":
        return "_task_table.html"
    return "tasks.html"


def _table_context(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    pid, filters, per = data["plan"]["id"], data["filters"], data["per_page"]
    asked = request.query_params.get("version", "")
    version = int(asked) if asked.isascii() and asked.isdigit() else None  # checked by the view
    base = url("tasks", plan=pid)

    def at(query: str) -> str:
        return f"{base}?{query}" if query else base

    return {
        "pid": pid,
        # Sorting starts again on the first page; the filters, page size and version stay.
        "sort_url": lambda key: at(table_query(filters, key, per_page=per, version=version)),
        "page_url": lambda n: at(table_query(filters, data["sort"], page=n, per_page=per, version=version)),
        "links": page_links(base, data, version),  # the page's own pager, not the twin's
        "page_numbers": task_table.Page(data["page"], data["per_page"], data["count"]).numbers(),
        "export_query": table_query(filters, version=version),
        "version": version,
        "json_url": data["links"]["self"],
        # The filter form keeps the sort order in a hidden field; the fragment updates it out of band.
        "fragment": _table_template(request) == "_task_table.html",
    }


def _table_extras(
    plan: str, session: DB, settings: Config, user: CurrentUser, version: Version = None
) -> dict[str, Any]:
    return {"can_edit": may_edit(user, reporter_catalogue(session, settings, plan, version, user))}


@area.page(
    "/plans/{plan}/tasks",
    api="/plans/{plan}/assignments",
    template=_table_template,
    active="tasks",
    model=TaskTable,
    context=_table_context,
    extra=_table_extras,
    summary="任务分工表（筛选、排序、分页）/ the task table, filtered, sorted, one page (JSON twin of 任务分工)",
)
def tasks(
    plan: str, session: DB, settings: Config, response: Response, query: Table, version: Version = None
) -> dict[str, Any]:
    """One page of the filtered, sorted table: ``rows`` (this page), ``count`` (rows the filters
    keep), ``total`` (all tasks), ``page``, ``pages``, ``per_page``, ``first``/``last`` (row numbers
    shown, from 1) and ``links`` (self, first, prev, next, last; prev/next null at either end, also
    sent as the ``Link`` header). A page past the last is 404. The download (``/export``) follows the
    same filters and holds every row they keep, on all pages."""
    data = task_views.tasks_page(session, plan, settings, version, **query.arguments())
    pid = data["plan"]["id"]
    data["rows"] = [with_href(row, pid) for row in data["rows"]]
    links = page_links(url("api.tasks", plan=pid), data, version)
    response.headers["Link"] = ", ".join(
        f'<{link}>; rel="{rel}"' for rel, link in links.items() if link is not None and rel != "self"
    )
    return {**data, "links": links}


# -- one task ------------------------------------------------------------------------------------


def _flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in ("1", "true", "on", "yes")


def _task_page_context(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    return {**task_values(data), "saved": _flag(request, "saved"), "requested": _flag(request, "requested")}


def _task_page_extras(
    plan: str, task: str, session: DB, settings: Config, user: CurrentUser, version: Version = None
) -> dict[str, Any]:
    extras = task_extras(session, settings, plan, task, user, version)
    return {**extras, "evidence_count": task_evidence_count(session, find_plan(session, plan).id, task)}


@area.page(
    "/plans/{plan}/tasks/{task}",
    template="task.html",
    active="tasks",
    model=TaskPage,
    context=_task_page_context,
    extra=_task_page_extras,
    summary="一项任务及其分工调整记录 / one task and its history",
)
def task(
    plan: str, task: str, session: DB, settings: Config, response: Response, version: Version = None
) -> dict[str, Any]:
    data = task_data(session, settings, plan, task, version)
    response.headers["ETag"] = f'"{data["revision"]}"'
    return data


@area.api.get(
    "/plans/{plan}/tasks/{task}/history",
    summary="任务分工调整记录 / a task's assignment history",
    response_model=list[Decision],
)
def task_history(
    plan: str, task: str, session: DB, settings: Config, version: Version = None
) -> list[dict[str, Any]]:
    history: list[dict[str, Any]] = task_views.task_page(session, plan, task, settings, version)["history"]
    return history


@area.pages.get("/plans/{plan}/tasks/{task}/row", response_class=HTMLResponse)
def task_row(
    request: Request,
    plan: str,
    task: str,
    session: DB,
    settings: Config,
    user: CurrentUser,
    version: Version = None,
) -> Response:
    context = task_context(session, settings, plan, task, user, version)
    return templates.TemplateResponse(request, "_task_row.html", context)


@area.pages.get("/plans/{plan}/tasks/{task}/edit", response_class=HTMLResponse)
def task_edit(
    request: Request,
    plan: str,
    task: str,
    session: DB,
    settings: Config,
    user: SignedIn,
    version: Version = None,
) -> Response:
    context = task_context(session, settings, plan, task, user, version)
    if not context["can_edit"](context["r"]):
        raise AuthError(
            403,
            "您没有权限调整这项任务的分工：部门填报员只能调整本部门牵头或配合的任务。",
            "如需调整，请联系规划处。",
        )
    name = "_task_edit.html" if is_htmx(request) else "task.html"
    return templates.TemplateResponse(request, name, {**context, "editing": True})


# -- deciding the assignment -----------------------------------------------------------------------


class AssignmentBody(BaseModel):
    """A decision about one task. With PUT a field left out (or null) keeps the system's proposal;
    with PATCH it keeps what is in force now. ``cooperating: []`` means no cooperating units."""

    lead: str | None = Field(None, max_length=200, description="牵头单位（全称、简称或别名）")
    cooperating: list[str] | None = Field(None, max_length=50, description="配合单位")
    due: str | None = Field(None, max_length=50, description="完成时限：四位年份或“持续推进”")
    note: str | None = Field(None, max_length=500, description="调整说明")
    base: int | None = Field(
        None,
        ge=0,
        le=2**62,
        description="看到的分工版本（GET 返回的 revision）；他人已修改时返回 409 / the revision seen",
    )


class AssignmentForm(BaseModel):
    """The edit form as typed: units separated by 、，, and the like, the revision in a hidden field;
    ``action=revert`` goes back to the proposal."""

    lead: str = Field("", max_length=200)
    cooperating: str = Field("", max_length=2000)
    due: str = Field("", max_length=50)
    note: str = Field("", max_length=500)
    action: str = Field("save", max_length=20)
    base: str = Field("", max_length=20)

    def seen(self) -> int | None:
        """The revision the form was built from (None: not sent)."""
        base = self.base.strip()
        if not base:
            return None
        if not (base.isascii() and base.isdigit()):
            raise InputError("表单中的分工版本无效。", hint="请刷新页面后重新填写。")
        return int(base)

    def body(self) -> AssignmentBody:
        # Not validated again: the form's own limits hold, and an empty unit list is a decision.
        return AssignmentBody.model_construct(
            lead=self.lead.strip() or None,
            cooperating=split_units(self.cooperating),
            due=self.due.strip() or None,
            note=self.note.strip() or None,
            base=self.seen(),
        )

    def typed(self) -> dict[str, str]:
        return {"lead": self.lead, "cooperating": self.cooperating, "due": self.due, "note": self.note}


IfMatch = Annotated[
    str | None,
    Header(
        max_length=100, description='GET 返回的 ETag（如 "12"）；他人已修改时返回 409 / the revision seen'
    ),
]


def _base(if_match: str | None, body_base: int | None = None) -> int | None:
    """The revision the client saw, from If-Match or the body (they must agree when both are sent)."""
    header: int | None = None
    if if_match is not None and if_match.strip() not in ("", "*"):
        tag = if_match.strip().removeprefix("W/").strip('"')
        if not (tag.isascii() and tag.isdigit()) or len(tag) > 18:
            raise InputError(
                f"If-Match 头“{if_match}”无效。", hint='请原样发送 GET 返回的 ETag，例如 If-Match: "12"。'
            )
        header = int(tag)
    if header is not None and body_base is not None and header != body_base:
        raise InputError("If-Match 与 base 不一致。", hint="只发送其中一个，或让两者相同。")
    return header if header is not None else body_base


def decide(
    session: Session,
    settings: Settings,
    plan: str,
    task: str,
    user: User,
    body: AssignmentBody,
    version: int | None,
    base: int | None,
    *,
    merge: bool = False,
) -> dict[str, Any]:
    """Record ``body`` as the task's assignment (``merge``: fields not sent keep what is in force).
    The reply holds ``request`` when a reporter's change of units was filed as a 调整申请."""
    lead, cooperating, due = body.lead, body.cooperating, body.due
    # A reporter's fields left out always keep what is in force (edit_assignment reads it under the
    # lock); filling them in here, before the lock, could replay a state a planner just changed.
    if merge and user.role != "reporter":
        now = task_views.task_page(session, plan, task, settings, version)["task"]
        sent = body.model_fields_set
        lead = lead if "lead" in sent else now["lead"]
        cooperating = cooperating if "cooperating" in sent else now["cooperating"]
        due = due if "due" in sent else now["due"]
    data = decisions.edit_assignment(
        session,
        settings,
        plan,
        task,
        user,
        lead=lead,
        cooperating=cooperating,
        due=due,
        note=body.note,
        version=version,
        base=base,
    )
    return {**data, "task": with_href(data["task"], data["plan"]["id"])}


def revert(
    session: Session,
    settings: Settings,
    plan: str,
    task: str,
    user: User,
    note: str | None,
    version: int | None,
    base: int | None,
) -> dict[str, Any]:
    data = decisions.revert_assignment(
        session, settings, plan, task, user, note=note, version=version, base=base
    )
    return {**data, "task": with_href(data["task"], data["plan"]["id"])}


@area.pages.post("/plans/{plan}/tasks/{task}", response_class=HTMLResponse)
def task_save(
    request: Request,
    plan: str,
    task: str,
    session: DB,
    settings: Config,
    user: SignedIn,
    form: Annotated[AssignmentForm, Form()],
    _csrf: Csrf = None,
    version: Version = None,
) -> Response:
    """Save the edit form (or go back to the proposal with action=revert). htmx gets the new row;
    a plain form post is redirected to the task's page. A form built on a revision someone else
    has since changed comes back with 409, their change and the message saying so."""
    result: dict[str, Any] = {}
    try:
        if form.action == "revert":
            revert(session, settings, plan, task, user, form.note, version, form.seen())
        else:
            body = form.body()
            result = decide(session, settings, plan, task, user, body, version, body.base)
    except InputError as exc:
        # Nothing of the refused change stays; the form comes back with what the person typed.
        session.rollback()
        context = task_context(session, settings, plan, task, user, version)
        conflict = isinstance(exc, ConflictError)
        # After a conflict the form shows what is now in force (and its new revision), not what
        # was typed over the old state: saving again is then a decision made on the current state.
        typed = None if conflict else form.typed()
        name = "_task_edit.html" if is_htmx(request) else "task.html"
        return templates.TemplateResponse(
            request,
            name,
            {**context, "editing": True, "error": error_line(exc), "typed": typed},
            status_code=409 if conflict else 400,
            headers=FRAGMENT_HEADER,
        )
    requested = result.get("request")
    if not is_htmx(request):
        flag = "requested" if requested else "saved"
        return RedirectResponse(url("task", {flag: 1}, plan=plan, task=task), status_code=303)
    context = task_context(session, settings, plan, task, user, version)
    return templates.TemplateResponse(
        request, "_task_row.html", {**context, "saved": not requested, "requested": requested}
    )


def _decided(data: dict[str, Any], response: Response) -> dict[str, Any]:
    if "request" in data:
        # A reporter's change of units is not in force yet: a planner decides (调整申请).
        response.status_code = 202
    return data


def _assignment_route(method: str, summary: str, *, merge: bool) -> None:
    """The JSON route deciding a task's assignment: PUT replaces it, PATCH (``merge``) keeps what
    is in force for the fields left out."""

    def assignment(
        plan: str,
        task: str,
        body: AssignmentBody,
        session: DB,
        settings: Config,
        user: SignedIn,
        response: Response,
        _csrf: Csrf = None,
        version: Version = None,
        if_match: IfMatch = None,
    ) -> dict[str, Any]:
        base = _base(if_match, body.base)
        return _decided(
            decide(session, settings, plan, task, user, body, version, base, merge=merge), response
        )

    area.api.add_api_route(
        "/plans/{plan}/tasks/{task}/assignment",
        assignment,
        methods=[method],
        summary=summary,
        response_model=Decided,
        response_model_exclude_unset=True,
        name=f"{method.lower()}_assignment",
    )


_assignment_route(
    "PUT", "设定任务分工 / decide a task's assignment (fields left out keep the proposal)", merge=False
)
_assignment_route(
    "PATCH",
    "修改任务分工 / change some fields of a task's assignment (others stay as in force)",
    merge=True,
)


@area.api.delete(
    "/plans/{plan}/tasks/{task}/assignment",
    summary="恢复系统建议的分工 / back to the proposed assignment",
    response_model=TaskPage,
)
def delete_assignment(
    plan: str,
    task: str,
    session: DB,
    settings: Config,
    user: SignedIn,
    _csrf: Csrf = None,
    version: Version = None,
    note: Annotated[str | None, Query(max_length=500)] = None,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    return revert(session, settings, plan, task, user, note, version, _base(if_match))


# -- downloads -----------------------------------------------------------------------------------


Export = Annotated[ExportQuery, Depends()]


def _export(
    session: Session, settings: Settings, plan: str, query: ExportQuery, version: int | None
) -> Response:
    found = task_views.export_file(
        session, plan, settings, query.what, query.format, version, query.filters()
    )
    return attachment(*found)


@area.pages.get("/plans/{plan}/export")
def plan_export(
    plan: str,
    session: DB,
    settings: Config,
    runner: Runner,
    user: CurrentUser,
    query: Export,
    version: Version = None,
) -> Response:
    """下载: 重点任务分工方案 / 主要指标表 / 一览表 as xlsx, docx, csv or json; the task list
    follows the table's filters."""
    if user is not None and query.what == "tasks" and query.format == "xlsx":
        # A task list of thousands of rows takes seconds to lay out: a job, with progress. Without a
        # login (public reading) there is nobody the file could be kept for, so it is built here.
        info = find_plan(session, plan)
        if jobs.export_runs_as_job(session, settings, info.id, version):
            filters = query.filters()
            job = jobs.queue_export(
                runner,
                settings,
                user,
                info.id,
                f"导出“{info.name}”重点任务分工（Excel）",
                lambda s: task_views.export_file(
                    s, str(info.id), settings, "tasks", "xlsx", version, filters
                ),
            )
            return to_job(job.id)
    return _export(session, settings, plan, query, version)


@area.api.get(
    "/plans/{plan}/export",
    name="plan_export",
    summary="导出 / download tasks, indicators or entities as xlsx, docx, csv or json",
    response_class=Response,
)
def export_now(plan: str, session: DB, settings: Config, query: Export, version: Version = None) -> Response:
    return _export(session, settings, plan, query, version)
