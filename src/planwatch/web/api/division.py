"""分工方案 round trip and 调整申请 over JSON (twins of planwatch.web.pages.division).

Upload a filled-in workbook (multipart ``file``) → 201 with the preview; apply it with
``{"rows": null}`` (every change; refused while a row has an error or a conflict) or
``{"rows": [Excel row numbers]}`` (exactly those). A reporter's change of a task's units sent to
``PUT …/assignment`` answers 202 with the request it filed; planners list and decide requests here.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.services.division.adjustments import STATUS_NAMES, requests_of
from planwatch.services.plans.records import load_plan
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, Planner, SignedIn, db_session, settings_of
from planwatch.web.pages.division import (
    apply_upload,
    division_info,
    download_file,
    preview_of,
    review_request,
    upload_file,
)

router = APIRouter(tags=["division"])
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]


class ApplyBody(BaseModel):
    rows: list[Annotated[int, Field(ge=1, le=10**6)]] | None = Field(
        None, max_length=20000, description="要应用的 Excel 行号；null 表示全部改动（有错误或冲突时拒绝）"
    )


class RequestReviewBody(BaseModel):
    approve: bool = Field(description="true 批准，false 驳回")
    comment: str | None = Field(None, max_length=2000, description="审核意见（驳回时必填）")


@router.get("/plans/{plan}/division", summary="分工方案征求意见 / the 分工方案 round trip")
def division(plan: str, session: DB) -> dict[str, Any]:
    data = division_info(session, plan)
    return {**data, "download": f"/api/v1{data['download']}"}


@router.get(
    "/plans/{plan}/division.xlsx",
    summary="下载分工方案 Excel / download the workbook",
    response_class=Response,
)
def division_download(plan: str, session: DB, settings: Config) -> Response:
    return download_file(session, settings, plan)


@router.post(
    "/plans/{plan}/division/uploads",
    summary="上传填写后的分工方案并预览 / upload a filled-in workbook, get the preview",
    status_code=201,
)
def division_upload(
    plan: str,
    session: DB,
    settings: Config,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    file: Annotated[UploadFile | None, File(description="填写后的分工方案 .xlsx")] = None,
) -> dict[str, Any]:
    return upload_file(session, settings, plan, file, user).as_dict()


@router.get(
    "/plans/{plan}/division/uploads/{upload_id}", summary="分工方案反馈预览 / the preview of an upload"
)
def division_preview(
    plan: str, upload_id: int, session: DB, settings: Config, user: Planner
) -> dict[str, Any]:
    return preview_of(session, settings, plan, upload_id).as_dict()


@router.post(
    "/plans/{plan}/division/uploads/{upload_id}/apply",
    summary="应用分工方案反馈 / apply the upload's changes",
)
def division_apply(
    plan: str,
    upload_id: int,
    body: ApplyBody,
    session: DB,
    settings: Config,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
) -> dict[str, Any]:
    result = apply_upload(session, settings, plan, upload_id, user, body.rows)
    return {"upload_id": result.upload_id, "applied": list(result.applied), "skipped": result.skipped}


@router.get("/plans/{plan}/assignment-requests", summary="调整申请 / adjustment requests")
def requests(
    plan: str,
    session: DB,
    user: SignedIn,
    status: Annotated[str | None, Query(max_length=20, description="pending / approved / rejected")] = None,
) -> Any:
    from planwatch.services.division.adjustments import request_info

    if status is not None and status not in STATUS_NAMES:
        return JSONResponse(
            {"error": f"状态“{status}”无效。", "where": None, "hint": "可选 pending、approved、rejected。"},
            status_code=400,
        )
    view = load_plan(session, plan)
    # A reporter sees its own requests; planners and admins every request of the plan.
    mine = None if user.role in ("admin", "planner") else user.username
    found = requests_of(session, view, status, mine)
    return [request_info(r) for r in found]


@router.post(
    "/plans/{plan}/assignment-requests/{request_id}/review",
    summary="批准或驳回调整申请 / approve or reject an adjustment request",
)
def request_review(
    plan: str,
    request_id: int,
    body: RequestReviewBody,
    session: DB,
    settings: Config,
    user: SignedIn,
    _csrf: Annotated[None, CSRF] = None,
) -> dict[str, Any]:
    return review_request(session, settings, plan, request_id, user, body.approve, body.comment)
