"""分工方案 round trip (download the workbook, upload it filled in, review the differences, apply)
and 调整申请 (a reporter's change of a task's units, waiting for a planner's decision).

Over JSON: upload a filled-in workbook (multipart ``file``) → 201 with the preview; apply it with
``{"rows": null}`` (every change; refused while a row has an error or a conflict) or
``{"rows": [Excel row numbers]}`` (exactly those). A reporter's change of a task's units sent to
``PUT …/assignment`` answers 202 with the request it filed; planners list and decide requests here.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.model import InputError
from planwatch.services import jobs
from planwatch.services.division import feedback
from planwatch.services.division.adjustments import STATUS_NAMES
from planwatch.services.plans.records import find_plan
from planwatch.services.views import division as division_views
from planwatch.settings import Settings
from planwatch.web.deps import CurrentUser, Planner, SignedIn
from planwatch.web.downloads import attachment
from planwatch.web.forms import refusal
from planwatch.web.handoff import Runner, to_job
from planwatch.web.params import DB, Config, Csrf
from planwatch.web.review_page import refused
from planwatch.web.schemas.division import AdjustmentRequest, Applied, DivisionPage, Preview
from planwatch.web.templating import templates
from planwatch.web.twin import Area
from planwatch.web.urls import url

area = Area("division")
Workbook = Annotated[UploadFile | None, File(description="填写后的分工方案 .xlsx")]


# -- the round trip ------------------------------------------------------------------------------


def _may_upload(user: CurrentUser) -> dict[str, Any]:
    return {"may_upload": user is not None and user.can_edit_plans}


@area.page(
    "/plans/{plan}/division",
    template="division.html",
    active="tasks",
    model=DivisionPage,
    extra=_may_upload,
    summary="分工方案征求意见 / the 分工方案 round trip",
)
def division(plan: str, session: DB) -> dict[str, Any]:
    data = division_views.division_page(session, plan)
    download = url("api.division_download", plan=data["plan"]["id"])
    return {"plan": data["plan"], "version": data["version"], "tasks": data["tasks"]} | {
        "download": download,
        "columns": data["columns"],
    }


def _download(session: Session, settings: Settings, plan: str) -> Response:
    return attachment(*division_views.division_file(session, settings, plan))


@area.pages.get("/plans/{plan}/division.xlsx")
def division_download(
    plan: str, session: DB, settings: Config, runner: Runner, user: CurrentUser
) -> Response:
    if user is not None:
        # As the task export: thousands of tasks make a job with progress.
        info = find_plan(session, plan)
        if jobs.export_runs_as_job(session, settings, info.id, None):
            job = jobs.queue_export(
                runner,
                settings,
                user,
                info.id,
                f"导出“{info.name}”分工方案（Excel）",
                lambda s: division_views.division_file(s, settings, str(info.id)),
            )
            return to_job(job.id)
    return _download(session, settings, plan)


@area.api.get(
    "/plans/{plan}/division.xlsx",
    name="division_download",
    summary="下载分工方案 Excel / download the workbook",
    response_class=Response,
)
def division_download_now(plan: str, session: DB, settings: Config) -> Response:
    return _download(session, settings, plan)


def _upload(session: Session, settings: Settings, plan: str, upload: UploadFile | None, user: Any) -> Any:
    if upload is None or not upload.filename:
        raise InputError("没有收到文件。", hint="请选择填写后的分工方案 Excel 文件（.xlsx）。")
    data = upload.file.read(settings.max_file_bytes + 1)
    if len(data) > settings.max_file_bytes:
        raise InputError(
            f"文件超过 {settings.max_file_bytes // (1024 * 1024)} MB 上限。",
            where=upload.filename,
            hint="分工方案通常只有几百 KB；请上传下载的原文件。",
        )
    return feedback.upload(session, settings, plan, data, upload.filename, user)


@area.pages.post("/plans/{plan}/division", response_class=HTMLResponse)
def division_upload(
    request: Request,
    plan: str,
    session: DB,
    settings: Config,
    user: Planner,
    _csrf: Csrf = None,
    file: Workbook = None,
) -> Response:
    try:
        result = _upload(session, settings, plan, file, user)
    except InputError as exc:
        session.rollback()
        data = division(plan, session)
        context = {
            "data": data,
            "plan": data["plan"],
            "json_url": url("api.division", plan=plan),
            "active": "tasks",
            "may_upload": True,
            "error": refusal(exc),
        }
        return templates.TemplateResponse(request, "division.html", context, status_code=400)
    return RedirectResponse(url("division_preview", plan=plan, upload_id=result.upload_id), status_code=303)


@area.api.post(
    "/plans/{plan}/division/uploads",
    name="division_upload",
    summary="上传填写后的分工方案并预览 / upload a filled-in workbook, get the preview",
    status_code=201,
    response_model=Preview,
)
def division_upload_json(
    plan: str,
    session: DB,
    settings: Config,
    user: Planner,
    _csrf: Csrf = None,
    file: Workbook = None,
) -> dict[str, Any]:
    preview: dict[str, Any] = _upload(session, settings, plan, file, user).as_dict()
    return preview


def _preview_context(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    applied = request.query_params.get("applied", "0")
    return {"preview": data, "applied": int(applied) if applied.isascii() and applied.isdigit() else 0}


def _plan_of_preview(plan: str, session: DB) -> dict[str, Any]:
    return {"plan": division_views.division_page(session, plan)["plan"]}


@area.page(
    "/plans/{plan}/division/uploads/{upload_id}",
    template="division_preview.html",
    active="tasks",
    model=Preview,
    context=_preview_context,
    extra=_plan_of_preview,
    summary="分工方案反馈预览 / the preview of an upload",
)
def division_preview(
    plan: str, upload_id: int, session: DB, settings: Config, user: Planner
) -> dict[str, Any]:
    return division_views.preview_page(session, settings, plan, upload_id)


class ApplyForm(BaseModel):
    """Apply every change (mode=all) or the rows ticked (mode=selected, repeated ``line`` fields)."""

    mode: str = Field("all", max_length=20)
    line: list[int] | None = Field(None, max_length=20000)

    def lines(self) -> list[int] | None:
        if self.mode != "selected":
            return None
        if not self.line:
            raise InputError("没有勾选要应用的行。", hint="请勾选“将修改”或“冲突”的行后再应用。")
        return self.line


class ApplyBody(BaseModel):
    rows: list[Annotated[int, Field(ge=1, le=10**6)]] | None = Field(
        None, max_length=20000, description="要应用的 Excel 行号；null 表示全部改动（有错误或冲突时拒绝）"
    )


@area.pages.post("/plans/{plan}/division/uploads/{upload_id}/apply", response_class=HTMLResponse)
def division_apply(
    request: Request,
    plan: str,
    upload_id: int,
    session: DB,
    settings: Config,
    user: Planner,
    form: Annotated[ApplyForm, Form()],
    _csrf: Csrf = None,
) -> Response:
    try:
        result = feedback.apply(session, settings, plan, upload_id, user, form.lines())
    except InputError as exc:
        session.rollback()
        preview = division_views.preview_page(session, settings, plan, upload_id)
        context = {
            "preview": preview,
            **_plan_of_preview(plan, session),
            "error": refusal(exc),
            "json_url": url("api.division_preview", plan=plan, upload_id=upload_id),
            "active": "tasks",
        }
        return templates.TemplateResponse(request, "division_preview.html", context, status_code=400)
    target = url("division_preview", {"applied": len(result.applied)}, plan=plan, upload_id=upload_id)
    return RedirectResponse(target, status_code=303)


@area.api.post(
    "/plans/{plan}/division/uploads/{upload_id}/apply",
    name="division_apply",
    summary="应用分工方案反馈 / apply the upload's changes",
    response_model=Applied,
)
def division_apply_json(
    plan: str,
    upload_id: int,
    body: ApplyBody,
    session: DB,
    settings: Config,
    user: Planner,
    _csrf: Csrf = None,
) -> dict[str, Any]:
    result = feedback.apply(session, settings, plan, upload_id, user, body.rows)
    return {"upload_id": result.upload_id, "applied": list(result.applied), "skipped": result.skipped}


# -- 调整申请 ------------------------------------------------------------------------------------------


@area.api.get(
    "/plans/{plan}/assignment-requests",
    summary="调整申请 / adjustment requests",
    response_model=list[AdjustmentRequest],
)
def requests(
    plan: str,
    session: DB,
    user: SignedIn,
    status: Annotated[str | None, Query(max_length=20, description="pending / approved / rejected")] = None,
) -> Any:
    if status is not None and status not in STATUS_NAMES:
        return JSONResponse(
            {"error": f"状态“{status}”无效。", "where": None, "hint": "可选 pending、approved、rejected。"},
            status_code=400,
        )
    return division_views.requests_page(session, plan, status, user)


class RequestReviewForm(BaseModel):
    action: str = Field("", max_length=20)
    comment: str = Field("", max_length=2000)


class RequestReviewBody(BaseModel):
    approve: bool = Field(description="true 批准，false 驳回")
    comment: str | None = Field(None, max_length=2000, description="审核意见（驳回时必填）")


@area.pages.post("/plans/{plan}/assignment-requests/{request_id}/review", response_class=HTMLResponse)
def request_review_page(
    request: Request,
    plan: str,
    request_id: int,
    session: DB,
    settings: Config,
    user: SignedIn,
    form: Annotated[RequestReviewForm, Form()],
    _csrf: Csrf = None,
) -> Response:
    if form.action not in ("approve", "reject"):
        raise InputError("请选择“批准”或“驳回”。")
    try:
        feedback.review_request(
            session, settings, plan, request_id, user, form.action == "approve", form.comment
        )
    except InputError as exc:
        session.rollback()
        return refused(request, session, settings, plan, exc, error_request=request_id)
    target = url("reviews", {"done": f"{form.action}-request"}, "requests", plan=plan)
    return RedirectResponse(target, status_code=303)


@area.api.post(
    "/plans/{plan}/assignment-requests/{request_id}/review",
    name="request_review",
    summary="批准或驳回调整申请 / approve or reject an adjustment request",
    response_model=AdjustmentRequest,
)
def request_review(
    plan: str,
    request_id: int,
    body: RequestReviewBody,
    session: DB,
    settings: Config,
    user: SignedIn,
    _csrf: Csrf = None,
) -> dict[str, Any]:
    return feedback.review_request(session, settings, plan, request_id, user, body.approve, body.comment)
