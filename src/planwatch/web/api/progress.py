"""进展报送 over JSON: a task's reports, submitting one (multipart with files, or JSON with files as
Base64), the review queue, reviewing a report, and downloading an evidence file."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.services.catalogue.plan import plan_catalogue
from planwatch.services.plans.records import load_plan
from planwatch.services.views import progress as progress_views
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, CurrentUser, Planner, SignedIn, db_session, settings_of
from planwatch.web.pages.progress import Submission, download, review, submit

router = APIRouter(tags=["progress"])
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]


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


class ReviewBody(BaseModel):
    approve: bool = Field(description="true 通过，false 退回（须填意见）")
    comment: str | None = Field(None, description="审核意见（长度上限见 PLANWATCH_MAX_COMMENT_CHARS）")


@router.get(
    "/plans/{plan}/tasks/{task}/progress",
    summary="任务的进展报告、审核记录与佐证材料 / a task's progress reports and evidence",
)
def task_progress(plan: str, task: str, session: DB, settings: Config, user: CurrentUser) -> dict[str, Any]:
    return progress_views.task_progress_page(
        session, plan, task, user, max_bytes=settings.evidence_max_bytes, settings=settings
    )


@router.post(
    "/plans/{plan}/tasks/{task}/progress",
    summary="报送任务进展（multipart 表单含文件 evidence，或 JSON：files 为 Base64）/ submit a report",
    status_code=201,
    openapi_extra=SUBMIT_BODY,
)
def submit_progress(
    request: Request,
    plan: str,
    task: str,
    session: DB,
    settings: Config,
    user: SignedIn,
    *,
    _csrf: Annotated[None, CSRF] = None,
    form: Submission,
) -> dict[str, Any]:
    saved = submit(session, settings, plan, task, user, form)
    view = load_plan(session, plan)
    data = progress_views.task_progress_data(
        session, view, task, user, settings.evidence_max_bytes, plan_catalogue(session, settings, view)
    )
    return {"report": next(r for r in data["history"] if r["id"] == saved.id), **data}


@router.get("/plans/{plan}/reviews", summary="待审核的进展报告 / reports awaiting review")
def reviews(plan: str, session: DB, user: Planner) -> dict[str, Any]:
    return progress_views.reviews_page(session, plan)


@router.post(
    "/plans/{plan}/reports/{report_id}/review",
    summary="审核进展报告：通过或退回 / approve or return a report",
)
def review_report(
    plan: str,
    report_id: int,
    body: ReviewBody,
    session: DB,
    settings: Config,
    user: SignedIn,
    _csrf: Annotated[None, CSRF] = None,
) -> dict[str, Any]:
    saved = review(session, plan, report_id, user, body.approve, body.comment, settings)
    return progress_views.report_dict(saved, {})


@router.get(
    "/plans/{plan}/evidence/{file_id}",
    summary="下载佐证材料（须登录）/ download an evidence file",
    response_class=Response,
)
def evidence_file(plan: str, file_id: int, session: DB, user: SignedIn) -> Response:
    return download(session, plan, file_id)
