"""Plan comparison and version diff (JSON twins of /compare and /plans/{plan}/diff)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.compare.align import COVERED
from planwatch.services.plans import carryover
from planwatch.services.plans import compare as compare_service
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, Planner, db_session, settings_of

router = APIRouter(tags=["compare"])
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]


@router.get(
    "/compare",
    summary="比对两份已导入的规划 / compare two stored plans",
)
def compare(
    session: DB,
    settings: Config,
    a: Annotated[
        str, Query(description="本规划：编号或名称，可加 @版本号 / plan A: id or name[@version]")
    ] = "",
    b: Annotated[str, Query(description="对照规划（如上级规划）/ plan B, e.g. the upper-level plan")] = "",
    threshold: Annotated[float, Query(gt=0, lt=1, description="承接阈值 / coverage threshold")] = COVERED,
) -> dict[str, Any]:
    return compare_service.compare_page(session, a or None, b or None, settings, threshold)


@router.get(
    "/plans/{plan}/diff",
    summary="同一规划两个版本的对照 / diff two versions of a plan",
)
def diff(
    plan: str,
    session: DB,
    old: Annotated[int | None, Query(alias="from", ge=1, description="旧版本号 / old version")] = None,
    new: Annotated[int | None, Query(alias="to", ge=1, description="新版本号 / new version")] = None,
) -> dict[str, Any]:
    return compare_service.diff_page(session, plan, old, new)


class ReattachBody(BaseModel):
    kind: str = Field("assignment", max_length=20, description="assignment（分工调整）")
    id: int = Field(ge=1, description="待重新关联的记录编号 / the stale record's id")
    task: str = Field(max_length=50, description="最新版本中的任务编号 / task key in the latest version")


@router.get(
    "/plans/{plan}/stale",
    summary="待重新关联的记录（任务文字已改）/ records whose task was rewritten, with candidates",
)
def stale(plan: str, session: DB) -> dict[str, Any]:
    return carryover.stale_page(session, plan)


@router.post(
    "/plans/{plan}/reattach",
    summary="把待重新关联的记录挂到最新版本的任务上（规划处）/ re-attach a stale record (planners)",
)
def reattach(
    plan: str, body: ReattachBody, session: DB, user: Planner, _csrf: Annotated[None, CSRF] = None
) -> dict[str, Any]:
    return carryover.reattach(session, plan, body.kind, body.id, body.task, by=user)
