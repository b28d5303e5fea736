"""A plan's own 部门目录 over JSON: the catalogue its 分工 uses and why; start editing from it, and
compute its proposals again (planners)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.services.catalogue import plan_admin as service
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, Planner, db_session, settings_of

router = APIRouter(tags=["plans"])
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]


class AdoptBody(BaseModel):
    base: int | None = Field(
        default=None, ge=0, description="您看到的部门目录版本（revision）/ the revision you saw"
    )


@router.get(
    "/plans/{plan}/catalogue", summary="规划使用的部门目录及原因 / the catalogue the plan's 分工 uses"
)
def get_plan_catalogue(
    plan: str, session: DB, settings: Config, version: int | None = None
) -> dict[str, Any]:
    return service.plan_catalogue_page(session, settings, plan, version)


@router.post(
    "/plans/{plan}/catalogue/adopt",
    summary="以该规划的目录开始编辑：设为已加载的部门目录（规划处、管理员）/ make it the loaded catalogue",
)
def adopt(
    plan: str,
    session: DB,
    settings: Config,
    user: Planner,
    body: AdoptBody | None = None,
    _csrf: Annotated[None, CSRF] = None,
) -> dict[str, Any]:
    return service.adopt_plan_catalogue(
        session, settings, plan, by=user, base=body.base if body is not None else None
    )


@router.post(
    "/plans/{plan}/catalogue/repropose",
    summary="按当前目录重新生成分工建议（规划处、管理员）/ compute the proposals again",
)
def repropose(
    plan: str, session: DB, settings: Config, user: Planner, _csrf: Annotated[None, CSRF] = None
) -> dict[str, Any]:
    return service.repropose_plan(session, settings, plan, by=user)
