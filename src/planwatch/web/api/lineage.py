"""Plan lineage (规划体系): a plan's upper-level plan and the plans derived from it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.services.plans import lineage as lineage_service
from planwatch.web.deps import CSRF, Planner, db_session

router = APIRouter(tags=["plans"])
DB = Annotated[Session, Depends(db_session)]


class LineageBody(BaseModel):
    upper: str | None = Field(
        None, max_length=200, description="上级规划的编号或名称；null 表示没有 / upper plan"
    )
    level: str | None = Field(None, max_length=32, description="规划层级：建议、纲要、专项规划… / level")


@router.get("/plans/{plan}/lineage", summary="规划体系：上级规划与下级规划 / the plan's lineage")
def get_lineage(plan: str, session: DB) -> dict[str, Any]:
    return lineage_service.lineage(session, plan)


@router.put(
    "/plans/{plan}/lineage",
    summary="设置上级规划和层级（规划处、管理员）/ set the upper-level plan and level (planners)",
)
def put_lineage(
    plan: str, body: LineageBody, session: DB, user: Planner, _csrf: Annotated[None, CSRF] = None
) -> dict[str, Any]:
    lineage_service.set_upper(session, plan, body.upper, body.level, by=user)
    return lineage_service.lineage(session, plan)
