"""进展报送 and 待审核: a department reports a task's progress with evidence files (a multipart form
on the task page, or JSON with the files as Base64), planners approve or return reports, and anyone
signed in downloads the files.

Every form is a plain POST that redirects on success (no JavaScript needed); a refused submission
comes back as the task page with the message and what the person typed, and nothing stored.
"""

from __future__ import annotations

import base64
import binascii
import math
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from planwatch.model import InputError, User
from planwatch.services.catalogue.plan import plan_catalogue
from planwatch.services.plans.records import find_plan, load_plan
from planwatch.services.progress import evidence_files as evidence
from planwatch.services.progress import reporting as progress
from planwatch.services.views import progress as progress_views
from planwatch.settings import Settings
from planwatch.web.deps import CurrentUser, Planner, SignedIn
from planwatch.web.downloads import attachment
from planwatch.web.forms import error_line
from planwatch.web.params import DB, Config, Csrf
from planwatch.web.review_page import refused
from planwatch.web.schemas.progress import Report, Reviews, Submitted, TaskProgress
from planwatch.web.task_page import task_context
from planwatch.web.templating import templates
from planwatch.web.twin import Area
from planwatch.web.urls import url

area = Area("progress")
DOWNLOAD_CSP = "default-src 'none'; sandbox"

# The form is read by hand (files and fields, or JSON), so the documented body is spelled out here.
SUBMIT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "period": {"type": "string", "description": "填报期，如 2026Q1，默认当前季度"},
                        "state": {"type": "string", "description": "未启动/推进中/已完成/滞后/暂缓"},
                        "percent": {"type": "number"},
                        "narrative": {"type": "string"},
                        "closes": {"type": "string", "description": "1：申请销号"},
                        "keep": {
                            "type": "array",
                            "items": {"type": "integer"},
                            "description": "沿用的已上传文件编号",
                        },
                        "evidence": {"type": "array", "items": {"type": "string", "format": "binary"}},
                    },
                }
            },
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "period": {"type": "string"},
                        "state": {"type": "string"},
                        "percent": {"type": "number"},
                        "narrative": {"type": "string"},
                        "closes": {"type": "boolean"},
                        "keep": {"type": "array", "items": {"type": "integer"}},
                        "files": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "filename": {"type": "string"},
                                    "content_base64": {"type": "string"},
                                },
                            },
                        },
                    },
                }
            },
        },
    }
}


@dataclass
class ReportForm:
    """A submission as it arrived, from a multipart form or a JSON body, not yet checked."""

    period: str = ""
    state: str = ""
    percent: str = ""
    narrative: str = ""
    closes: bool = False
    uploads: list[evidence.Upload] = field(default_factory=list)
    keep: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # JSON only: evidence recorded by name

    def typed(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "state": self.state,
            "percent": self.percent,
            "narrative": self.narrative,
            "closes": self.closes,
            "keep": self.keep,
        }


def _int_list(values: list[Any]) -> list[int]:
    found = []
    for v in values:
        try:
            found.append(int(str(v)))
        except ValueError:
            continue
    return found


async def _read(upload: UploadFile, limit: int) -> evidence.Upload:
    # Read one byte past the limit only: enough to know the file is too big, without holding it all.
    data = await upload.read(limit + 1)
    size = upload.size if upload.size is not None else len(data)
    return evidence.Upload(upload.filename or "", data, size)


def _json_uploads(raw: Any) -> list[evidence.Upload]:
    uploads = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            raise InputError("files 的每一项须为 {filename, content_base64}。")
        try:
            data = base64.b64decode(str(item.get("content_base64", "")), validate=True)
        except (binascii.Error, ValueError):
            raise InputError(f"文件“{item.get('filename')}”的 content_base64 不是有效的 Base64。") from None
        uploads.append(evidence.Upload(str(item.get("filename", "")), data))
    return uploads


def _bounded(form: ReportForm, settings: Settings) -> ReportForm:
    """Refuses (422) a narrative or a list beyond the settings' limits, before anything is stored."""
    if len(form.narrative) > settings.max_narrative_chars:
        raise HTTPException(
            422,
            f"进展情况过长：{len(form.narrative):,} 个字符，上限 {settings.max_narrative_chars:,} 个字符。",
        )
    for label, items in (
        ("佐证材料名称", form.names),
        ("沿用的已上传文件", form.keep),
        ("上传的文件", form.uploads),
    ):
        if len(items) > settings.max_list_items:
            raise HTTPException(422, f"{label}过多：{len(items)} 项，上限 {settings.max_list_items} 项。")
    return form


def _list(raw: Any) -> list[Any]:
    return raw if isinstance(raw, list) else []


async def report_form(request: Request) -> ReportForm:
    """The submission from a multipart / urlencoded form, or from JSON (files as Base64)."""
    settings: Settings = request.app.state.settings
    limit = settings.evidence_max_bytes
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body = await request.json()
        except (ValueError, RecursionError):
            raise InputError("请求内容不是有效的 JSON。") from None
        if not isinstance(body, dict):
            raise InputError("请求内容须为 JSON 对象。")
        percent = body.get("percent", "")
        for key in ("keep", "evidence", "files"):
            if len(_list(body.get(key))) > settings.max_list_items:
                raise HTTPException(422, f"{key} 的项目过多，上限 {settings.max_list_items} 项。")
        return _bounded(
            ReportForm(
                period=str(body.get("period") or ""),
                state=str(body.get("state") or ""),
                percent="" if percent is None else str(percent),
                narrative=str(body.get("narrative") or ""),
                closes=bool(body.get("closes", False)),
                uploads=_json_uploads(body.get("files")),
                keep=_int_list(_list(body.get("keep"))),
                names=[str(n) for n in _list(body.get("evidence"))],
            ),
            settings,
        )
    form = await request.form()
    files = [f for f in form.getlist("evidence") if isinstance(f, UploadFile)]
    if max(len(files), len(form.getlist("keep"))) > settings.max_list_items:
        raise HTTPException(422, f"文件项目过多，上限 {settings.max_list_items} 项。")
    return _bounded(
        ReportForm(
            period=str(form.get("period") or ""),
            state=str(form.get("state") or ""),
            percent=str(form.get("percent") or ""),
            narrative=str(form.get("narrative") or ""),
            closes=form.get("closes") in ("1", "on", "true"),
            uploads=[await _read(f, limit) for f in files],
            keep=_int_list(form.getlist("keep")),
        ),
        settings,
    )


Submission = Annotated[ReportForm, Depends(report_form)]


def submit(session: Session, settings: Settings, plan: str, task: str, user: User, form: ReportForm) -> Any:
    """Check the permission, then store the files and the report (one transaction)."""
    view = load_plan(session, plan)
    progress.check_may_report(session, view, task, user, plan_catalogue(session, settings, view))
    text = form.percent.strip().rstrip("%").strip()
    try:
        percent = float(text)
    except ValueError:
        raise InputError(f"完成百分比“{form.percent}”无效。", hint="请填写 0 到 100 之间的数。") from None
    if not math.isfinite(percent):
        raise InputError(f"完成百分比“{form.percent}”无效。", hint="请填写 0 到 100 之间的数。")
    return progress.submit_report(
        session,
        view,
        progress.ReportDraft(
            task_key=task,
            period=form.period,
            state=form.state.strip(),
            percent=percent,
            narrative=form.narrative,
            evidence=form.names,
            closes=form.closes,
            files=form.uploads,
            keep=form.keep,
        ),
        by=user,
        max_bytes=settings.evidence_max_bytes,
    )


def review(
    session: Session,
    plan: str,
    report_id: int,
    user: User,
    approve: bool,
    comment: str | None,
    settings: Settings,
) -> Any:
    limit = settings.max_comment_chars
    if comment is not None and len(comment) > limit:
        raise HTTPException(422, f"审核意见过长：{len(comment):,} 个字符，上限 {limit:,} 个字符。")
    progress.check_may_review(user)
    return progress.review_report(
        session,
        load_plan(session, plan),
        report_id,
        approve,
        comment,
        user,
        separate=settings.separate_review_duties,
    )


def download(session: Session, plan: str, file_id: int) -> Response:
    found = evidence.fetch(session, find_plan(session, plan).id, file_id)
    assert found.data is not None
    reply = attachment(found.data, found.filename, found.content_type)
    reply.headers["X-Content-Type-Options"] = "nosniff"
    reply.headers["Content-Security-Policy"] = DOWNLOAD_CSP
    return reply


# -- a task's progress ---------------------------------------------------------------------------


@area.api.get(
    "/plans/{plan}/tasks/{task}/progress",
    summary="任务的进展报告、审核记录与佐证材料 / a task's progress reports and evidence",
    response_model=TaskProgress,
)
def task_progress(plan: str, task: str, session: DB, settings: Config, user: CurrentUser) -> dict[str, Any]:
    return progress_views.task_progress_page(
        session, plan, task, user, max_bytes=settings.evidence_max_bytes, settings=settings
    )


@area.pages.post("/plans/{plan}/tasks/{task}/progress", response_class=HTMLResponse)
def submit_page(
    request: Request,
    plan: str,
    task: str,
    session: DB,
    settings: Config,
    user: SignedIn,
    *,
    _csrf: Csrf = None,
    form: Submission,
) -> Response:
    try:
        submit(session, settings, plan, task, user, form)
    except InputError as exc:
        session.rollback()  # nothing of the refused submission stays
        context = task_context(session, settings, plan, task, user, None)
        return templates.TemplateResponse(
            request,
            "task.html",
            {**context, "progress_error": error_line(exc), "typed": form.typed()},
            status_code=400,
        )
    return RedirectResponse(url("task", {"reported": 1}, "progress", plan=plan, task=task), status_code=303)


@area.api.post(
    "/plans/{plan}/tasks/{task}/progress",
    name="submit_progress",
    summary="报送任务进展（multipart 表单含文件 evidence，或 JSON：files 为 Base64）/ submit a report",
    status_code=201,
    openapi_extra=SUBMIT_BODY,
    response_model=Submitted,
)
def submit_progress(
    plan: str,
    task: str,
    session: DB,
    settings: Config,
    user: SignedIn,
    *,
    _csrf: Csrf = None,
    form: Submission,
) -> dict[str, Any]:
    saved = submit(session, settings, plan, task, user, form)
    view = load_plan(session, plan)
    data = progress_views.task_progress_data(
        session, view, task, user, settings.evidence_max_bytes, plan_catalogue(session, settings, view)
    )
    return {"report": next(r for r in data["history"] if r["id"] == saved.id), **data}


# -- 待审核 ----------------------------------------------------------------------------------------


def _reviews_context(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    settings: Settings = request.app.state.settings
    return {"done": request.query_params.get("done"), "separate": settings.separate_review_duties}


@area.page(
    "/plans/{plan}/reviews",
    template="reviews.html",
    active="reviews",
    model=Reviews,
    context=_reviews_context,
    summary="待审核的进展报告 / reports awaiting review",
)
def reviews(plan: str, session: DB, user: Planner) -> dict[str, Any]:
    return progress_views.reviews_page(session, plan)


class ReviewForm(BaseModel):
    action: str = Field("", max_length=20)
    comment: str = ""


class ReviewBody(BaseModel):
    approve: bool = Field(description="true 通过，false 退回（须填意见）")
    comment: str | None = Field(None, description="审核意见（长度上限见 PLANWATCH_MAX_COMMENT_CHARS）")


@area.pages.post("/plans/{plan}/reports/{report_id}/review", response_class=HTMLResponse)
def review_page(
    request: Request,
    plan: str,
    report_id: int,
    session: DB,
    settings: Config,
    user: SignedIn,
    form: Annotated[ReviewForm, Form()],
    _csrf: Csrf = None,
) -> Response:
    if form.action not in ("approve", "return"):
        raise InputError("请选择“通过”或“退回”。")
    try:
        review(session, plan, report_id, user, form.action == "approve", form.comment, settings)
    except InputError as exc:
        session.rollback()
        return refused(request, session, settings, plan, exc, error_report=report_id)
    return RedirectResponse(url("reviews", {"done": form.action}, plan=plan), status_code=303)


@area.api.post(
    "/plans/{plan}/reports/{report_id}/review",
    name="review_report",
    summary="审核进展报告：通过或退回 / approve or return a report",
    response_model=Report,
)
def review_report(
    plan: str,
    report_id: int,
    body: ReviewBody,
    session: DB,
    settings: Config,
    user: SignedIn,
    _csrf: Csrf = None,
) -> dict[str, Any]:
    saved = review(session, plan, report_id, user, body.approve, body.comment, settings)
    return progress_views.report_dict(saved, {})


# -- evidence files --------------------------------------------------------------------------------


@area.pages.get("/plans/{plan}/evidence/{file_id}")
def evidence_file(plan: str, file_id: int, session: DB, user: SignedIn) -> Response:
    """Download one evidence file (signed-in users only), always as an attachment."""
    return download(session, plan, file_id)


@area.api.get(
    "/plans/{plan}/evidence/{file_id}",
    name="evidence_file",
    summary="下载佐证材料（须登录）/ download an evidence file",
    response_class=Response,
)
def evidence_file_json(plan: str, file_id: int, session: DB, user: SignedIn) -> Response:
    return download(session, plan, file_id)
