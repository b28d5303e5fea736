"""分工方案 round trip (download the workbook, upload it filled in, review the differences, apply)
and the planner's decision on a 调整申请. JSON twins: planwatch.web.api.division."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from planwatch.model import InputError, User
from planwatch.services import jobs
from planwatch.services.catalogue.plan import plan_catalogue
from planwatch.services.division import adjustments
from planwatch.services.division import workbook as division
from planwatch.services.plans.records import find_plan, load_plan
from planwatch.services.views import progress as progress_views
from planwatch.services.views.common import plan_info, version_info
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, CurrentUser, Planner, SignedIn, db_session, settings_of
from planwatch.web.handoff import Runner, to_job
from planwatch.web.pages.tasks import content_disposition
from planwatch.web.templating import templates

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def division_info(session: Session, plan: str) -> dict[str, Any]:
    view = load_plan(session, plan)
    return {
        "plan": plan_info(view.plan),
        "version": version_info(view.version),
        "tasks": len(view.analysis.tasks),
        "download": f"/plans/{view.plan.id}/division.xlsx",
        "columns": ["编号", "任务内容", "牵头单位", "配合单位", "完成时限", "反馈意见"],
    }


def division_file(session: Session, settings: Settings, plan: str) -> tuple[bytes, str, str]:
    view = load_plan(session, plan)
    data = division.download(session, view, plan_catalogue(session, settings, view))
    return data, division.filename(view), XLSX


def download_file(session: Session, settings: Settings, plan: str) -> Response:
    data, filename, media_type = division_file(session, settings, plan)
    return Response(
        data, media_type=media_type, headers={"Content-Disposition": content_disposition(filename)}
    )


def read_file(upload: UploadFile | None, settings: Settings) -> tuple[bytes, str]:
    if upload is None or not upload.filename:
        raise InputError("没有收到文件。", hint="请选择填写后的分工方案 Excel 文件（.xlsx）。")
    data = upload.file.read(settings.max_file_bytes + 1)
    if len(data) > settings.max_file_bytes:
        raise InputError(
            f"文件超过 {settings.max_file_bytes // (1024 * 1024)} MB 上限。",
            where=upload.filename,
            hint="分工方案通常只有几百 KB；请上传下载的原文件。",
        )
    return data, upload.filename


def upload_file(
    session: Session, settings: Settings, plan: str, upload: UploadFile | None, user: User
) -> division.DivisionPreview:
    data, name = read_file(upload, settings)
    view = load_plan(session, plan)
    return division.upload(session, view, plan_catalogue(session, settings, view), data, name, user)


def preview_of(session: Session, settings: Settings, plan: str, upload_id: int) -> division.DivisionPreview:
    view = load_plan(session, plan)
    return division.preview(session, view, plan_catalogue(session, settings, view), upload_id)


def apply_upload(
    session: Session, settings: Settings, plan: str, upload_id: int, user: User, lines: list[int] | None
) -> division.ApplyResult:
    view = load_plan(session, plan)
    return division.apply(session, view, plan_catalogue(session, settings, view), upload_id, user, lines)


def review_request(
    session: Session,
    settings: Settings,
    plan: str,
    request_id: int,
    user: User,
    approve: bool,
    comment: str | None,
) -> dict[str, Any]:
    view = load_plan(session, plan)
    decided = adjustments.decide(
        session,
        view,
        request_id,
        plan_catalogue(session, settings, view),
        user,
        approve=approve,
        comment=comment,
    )
    return adjustments.request_info(decided)


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    return templates.TemplateResponse(request, name, {"active": "tasks", **context}, status_code=status)


def _error(exc: InputError) -> dict[str, str | None]:
    return {"error": exc.message, "where": exc.where, "hint": exc.hint}


@router.get("/plans/{plan}/division", response_class=HTMLResponse)
def division_page(request: Request, plan: str, session: DB, user: CurrentUser) -> Response:
    data = division_info(session, plan)
    context = {"data": data, "plan": data["plan"], "json_url": f"/api/v1/plans/{plan}/division"}
    return _page(
        request, "division.html", {**context, "may_upload": user is not None and user.can_edit_plans}
    )


@router.get("/plans/{plan}/division.xlsx")
def division_download(
    plan: str, session: DB, settings: Config, runner: Runner, user: CurrentUser
) -> Response:
    if user is not None:
        # As the task export (pages/tasks.py): thousands of tasks make a job with progress.
        info = find_plan(session, plan)
        if jobs.export_runs_as_job(session, settings, info.id, None):
            job = jobs.queue_export(
                runner,
                settings,
                user,
                info.id,
                f"导出“{info.name}”分工方案（Excel）",
                lambda s: division_file(s, settings, str(info.id)),
            )
            return to_job(job.id)
    return download_file(session, settings, plan)


@router.post("/plans/{plan}/division", response_class=HTMLResponse)
def division_upload(
    request: Request,
    plan: str,
    session: DB,
    settings: Config,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    file: Annotated[UploadFile | None, File(description="填写后的分工方案")] = None,
) -> Response:
    try:
        result = upload_file(session, settings, plan, file, user)
    except InputError as exc:
        session.rollback()
        data = division_info(session, plan)
        context = {"data": data, "plan": data["plan"], "json_url": f"/api/v1/plans/{plan}/division"}
        return _page(request, "division.html", {**context, "may_upload": True, "error": _error(exc)}, 400)
    return RedirectResponse(f"/plans/{plan}/division/uploads/{result.upload_id}", status_code=303)


@router.get("/plans/{plan}/division/uploads/{upload_id}", response_class=HTMLResponse)
def division_preview(
    request: Request,
    plan: str,
    upload_id: int,
    session: DB,
    settings: Config,
    user: Planner,
    applied: int = 0,
) -> Response:
    result = preview_of(session, settings, plan, upload_id)
    data = division_info(session, plan)
    context = {
        "preview": result,
        "plan": data["plan"],
        "applied": applied,
        "json_url": f"/api/v1/plans/{plan}/division/uploads/{upload_id}",
    }
    return _page(request, "division_preview.html", context)


@router.post("/plans/{plan}/division/uploads/{upload_id}/apply", response_class=HTMLResponse)
def division_apply(
    request: Request,
    plan: str,
    upload_id: int,
    session: DB,
    settings: Config,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    mode: Annotated[str, Form(max_length=20)] = "all",
    line: Annotated[list[int] | None, Form(max_length=20000)] = None,
) -> Response:
    """Apply every change (mode=all) or the rows ticked (mode=selected, repeated ``line`` fields)."""
    try:
        if mode == "selected" and not line:
            raise InputError("没有勾选要应用的行。", hint="请勾选“将修改”或“冲突”的行后再应用。")
        result = apply_upload(session, settings, plan, upload_id, user, line if mode == "selected" else None)
    except InputError as exc:
        session.rollback()
        preview = preview_of(session, settings, plan, upload_id)
        data = division_info(session, plan)
        context = {
            "preview": preview,
            "plan": data["plan"],
            "error": _error(exc),
            "json_url": f"/api/v1/plans/{plan}/division/uploads/{upload_id}",
        }
        return _page(request, "division_preview.html", context, 400)
    return RedirectResponse(
        f"/plans/{plan}/division/uploads/{upload_id}?applied={len(result.applied)}", status_code=303
    )


@router.post("/plans/{plan}/assignment-requests/{request_id}/review", response_class=HTMLResponse)
def request_review_page(
    request: Request,
    plan: str,
    request_id: int,
    session: DB,
    settings: Config,
    user: SignedIn,
    _csrf: Annotated[None, CSRF] = None,
    action: Annotated[str, Form(max_length=20)] = "",
    comment: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    if action not in ("approve", "reject"):
        raise InputError("请选择“批准”或“驳回”。")
    try:
        review_request(session, settings, plan, request_id, user, action == "approve", comment)
    except InputError as exc:
        session.rollback()
        data = progress_views.reviews_page(session, plan)
        context = {
            "data": data,
            "plan": data["plan"],
            "error": f"{exc.message}{'（' + exc.hint + '）' if exc.hint else ''}",
            "error_request": request_id,
            "separate": settings.separate_review_duties,
            "json_url": f"/api/v1/plans/{plan}/reviews",
            "active": "reviews",
        }
        return templates.TemplateResponse(request, "reviews.html", context, status_code=400)
    return RedirectResponse(f"/plans/{plan}/reviews?done={action}-request#requests", status_code=303)
