"""任务分工 over JSON: the filtered task table (one page at a time, with links to the others), one task with its history, and deciding a task's
assignment (PUT sets it whole, PATCH changes the fields sent, DELETE goes back to the proposal).

Optimistic locking: GET of a task returns its ``revision`` (also as the ``ETag`` header); a change
sent with that revision (``If-Match: "N"`` or ``"base": N``) is refused with 409 when someone else
changed the task in between. A change without either is a blind write, accepted as before, for
scripts that set assignments without showing them to a person; the web pages always send it.

A department reporter's change of a task's lead or cooperating units is not applied: it is filed as a
调整申请 (``note`` is its required reason) and answered with 202 and the request; a planner decides it
(planwatch.web.api.division). A reporter's change of the due date alone applies directly; a reporter
may not go back to the proposal (403). Who may change a task is checked under the plan lock.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.model import InputError, User
from planwatch.services.division import task_table
from planwatch.services.views import plan as views
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, SignedIn, db_session, settings_of
from planwatch.web.pages.tasks import PageNumber, PerPage, content_disposition, page_links

router = APIRouter(tags=["tasks"])
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]
Version = Annotated[int | None, Query(description="版本号，默认最新 / version number, default latest")]


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


@router.get(
    "/plans/{plan}/assignments",
    summary="任务分工表（筛选、排序、分页）/ the task table, filtered, sorted, one page (JSON twin of 任务分工)",
)
def assignments(
    plan: str,
    session: DB,
    settings: Config,
    response: Response,
    version: Version = None,
    part: Annotated[str | None, Query(max_length=200, description="部分（如 p3）")] = None,
    lead: Annotated[
        str | None, Query(max_length=200, description="牵头单位全称；“未分配”为没有牵头单位")
    ] = None,
    unit: Annotated[str | None, Query(max_length=200, description="牵头或配合单位全称")] = None,
    domain: Annotated[str | None, Query(max_length=200, description="领域")] = None,
    instrument: Annotated[str | None, Query(max_length=200, description="政策工具")] = None,
    due: Annotated[str | None, Query(max_length=200, description="完成时限")] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="关键词（任务、条目、编号、单位、领域）")
    ] = None,
    sort: Annotated[
        str | None,
        Query(
            max_length=200,
            description="排序：order、part、task、lead、domain、instrument、due，前加 - 为降序",
        ),
    ] = None,
    page: PageNumber = 1,
    per_page: PerPage = task_table.PER_PAGE,
) -> dict[str, Any]:
    """One page of the filtered, sorted table: ``rows`` (this page), ``count`` (rows the filters
    keep), ``total`` (all tasks), ``page``, ``pages``, ``per_page``, ``first``/``last`` (row numbers
    shown, from 1) and ``links`` (self, first, prev, next, last; prev/next null at either end, also
    sent as the ``Link`` header). A page past the last is 404. The download (``/export``) follows the
    same filters and holds every row they keep, on all pages."""
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
    links = page_links(f"/api/v1/plans/{data['plan']['id']}/assignments", data, version)
    response.headers["Link"] = ", ".join(
        f'<{url}>; rel="{rel}"' for rel, url in links.items() if url is not None and rel != "self"
    )
    return {**data, "links": links}


@router.get("/plans/{plan}/tasks/{task}", summary="一项任务及其分工调整记录 / one task and its history")
def task(
    plan: str, task: str, session: DB, settings: Config, response: Response, version: Version = None
) -> dict[str, Any]:
    data = views.task_page(session, plan, task, settings, version)
    response.headers["ETag"] = f'"{data["revision"]}"'
    return data


@router.get("/plans/{plan}/tasks/{task}/history", summary="任务分工调整记录 / a task's assignment history")
def task_history(
    plan: str, task: str, session: DB, settings: Config, version: Version = None
) -> list[dict[str, Any]]:
    history: list[dict[str, Any]] = views.task_page(session, plan, task, settings, version)["history"]
    return history


def _decide(
    session: Session,
    settings: Settings,
    plan: str,
    task: str,
    user: User,
    body: AssignmentBody,
    version: int | None,
    if_match: str | None,
    response: Response,
    *,
    merge: bool,
) -> dict[str, Any]:
    base = _base(if_match, body.base)
    lead, cooperating, due = body.lead, body.cooperating, body.due
    # A reporter's fields left out always keep what is in force (edit_assignment reads it under the
    # lock); filling them in here, before the lock, could replay a state a planner just changed.
    if merge and user.role != "reporter":
        now = views.task_page(session, plan, task, settings, version)["task"]
        sent = body.model_fields_set
        lead = lead if "lead" in sent else now["lead"]
        cooperating = cooperating if "cooperating" in sent else now["cooperating"]
        due = due if "due" in sent else now["due"]
    data = views.edit_assignment(
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
    if "request" in data:
        # A reporter's change of units is not in force yet: a planner decides (调整申请).
        response.status_code = 202
    return data


@router.put(
    "/plans/{plan}/tasks/{task}/assignment",
    summary="设定任务分工 / decide a task's assignment (fields left out keep the proposal)",
)
def put_assignment(
    plan: str,
    task: str,
    body: AssignmentBody,
    session: DB,
    settings: Config,
    user: SignedIn,
    response: Response,
    _csrf: Annotated[None, CSRF] = None,
    version: Version = None,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    return _decide(session, settings, plan, task, user, body, version, if_match, response, merge=False)


@router.patch(
    "/plans/{plan}/tasks/{task}/assignment",
    summary="修改任务分工 / change some fields of a task's assignment (others stay as in force)",
)
def patch_assignment(
    plan: str,
    task: str,
    body: AssignmentBody,
    session: DB,
    settings: Config,
    user: SignedIn,
    response: Response,
    _csrf: Annotated[None, CSRF] = None,
    version: Version = None,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    return _decide(session, settings, plan, task, user, body, version, if_match, response, merge=True)


@router.delete(
    "/plans/{plan}/tasks/{task}/assignment",
    summary="恢复系统建议的分工 / back to the proposed assignment",
)
def delete_assignment(
    plan: str,
    task: str,
    session: DB,
    settings: Config,
    user: SignedIn,
    _csrf: Annotated[None, CSRF] = None,
    version: Version = None,
    note: Annotated[str | None, Query(max_length=500)] = None,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    return views.revert_assignment(
        session, settings, plan, task, user, note=note, version=version, base=_base(if_match)
    )


@router.get(
    "/plans/{plan}/export",
    summary="导出 / download tasks, indicators or entities as xlsx, docx, csv or json",
    response_class=Response,
)
def export(
    plan: str,
    session: DB,
    settings: Config,
    what: Annotated[str, Query(max_length=20, description="tasks / indicators / entities")] = "tasks",
    format: Annotated[str, Query(max_length=10, description="xlsx / docx / csv / json")] = "xlsx",
    version: Version = None,
    part: Annotated[str | None, Query(max_length=200, description="只导出该部分的任务")] = None,
    lead: Annotated[str | None, Query(max_length=200, description="牵头单位")] = None,
    unit: Annotated[str | None, Query(max_length=200, description="牵头或配合单位")] = None,
    domain: Annotated[str | None, Query(max_length=200, description="领域")] = None,
    instrument: Annotated[str | None, Query(max_length=200, description="政策工具")] = None,
    due: Annotated[str | None, Query(max_length=200, description="完成时限")] = None,
    q: Annotated[str | None, Query(max_length=200, description="关键词")] = None,
) -> Response:
    filters = {"part": part, "lead": lead, "unit": unit, "domain": domain}
    filters |= {"instrument": instrument, "due": due, "q": q}
    data, filename, media_type = views.export_file(session, plan, settings, what, format, version, filters)
    return Response(
        data, media_type=media_type, headers={"Content-Disposition": content_disposition(filename)}
    )
