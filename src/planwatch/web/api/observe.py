"""Indicator data from documents over JSON: propose (multipart upload), list, accept, reject."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.services.monitoring import observe as service
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, Planner, db_session, settings_of
from planwatch.web.pages.observe import upload_and_run

router = APIRouter(tags=["observe"])
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]


class Decision(BaseModel):
    value: float | str | None = Field(default=None, description="改正后的数值（指标单位）；省略则用建议值")
    year: int | str | None = Field(default=None, description="改正后的年份；省略则用建议年份")


@router.get("/plans/{plan}/observe", summary="从文件提取的待审核指标数据 / proposals to review")
def list_proposals(
    plan: str,
    session: DB,
    status: Annotated[str | None, Query(description="pending / accepted / rejected")] = None,
) -> dict[str, Any]:
    return service.list_proposals(session, plan, status=status)


@router.get(
    "/plans/{plan}/observe/indicators/{indicator_id}",
    summary="指标各期数据的出处（从文件采纳的）/ provenance of an indicator's values",
)
def provenance(plan: str, indicator_id: int, session: DB) -> dict[str, Any]:
    return service.indicator_provenance(session, plan, indicator_id)


@router.post(
    "/plans/{plan}/observe",
    summary="上传统计公报或工作报告，生成待审核数据 / propose values from a document",
    status_code=201,
)
def run(
    plan: str,
    session: DB,
    settings: Config,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    file: Annotated[UploadFile | None, File(description="统计公报或工作报告（txt/docx/pdf/html）")] = None,
    year: Annotated[str, Form(max_length=8, description="只取该年份的数字")] = "",
) -> dict[str, Any]:
    return upload_and_run(session, settings, plan, file, year, user)


@router.post("/plans/{plan}/observe/{proposal_id}/accept", summary="采纳（可改数值和年份）/ accept")
def accept(
    plan: str,
    proposal_id: int,
    session: DB,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    decision: Decision | None = None,
) -> dict[str, Any]:
    d = decision or Decision()
    return service.accept(session, plan, proposal_id, by=user, value=d.value, year=d.year)


@router.post("/plans/{plan}/observe/{proposal_id}/reject", summary="驳回 / reject")
def reject(
    plan: str, proposal_id: int, session: DB, user: Planner, _csrf: Annotated[None, CSRF] = None
) -> dict[str, Any]:
    return service.reject(session, plan, proposal_id, by=user)
