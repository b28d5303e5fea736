"""A plan's issuer (发文机关) and the department catalogue its 分工 uses."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.services.catalogue import plan as plan_catalogue
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, Planner, db_session, settings_of

router = APIRouter(tags=["plans"])
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]


class IssuerBody(BaseModel):
    issuer: str | None = Field(
        None,
        max_length=60,
        description="发文机关名称，如 四川省、大连市、国务院；null 表示按文件识别 / issuer",
    )
    level: Literal["national", "provincial", "municipal", "county"] | None = Field(
        None, description="层级；null 表示由名称判断 / level, read from the name when null"
    )
    catalogue: Literal["auto", "issuer", "configured"] = Field(
        "auto", description="部门目录：自动、发文机关的目录、已加载的目录 / which catalogue"
    )


@router.get("/plans/{plan}/issuer", summary="发文机关与部门目录 / the plan's issuer and catalogue")
def get_issuer(plan: str, session: DB, settings: Config) -> dict[str, Any]:
    return plan_catalogue.catalogue_info(session, settings, plan)


@router.put(
    "/plans/{plan}/issuer",
    summary="更正发文机关、选择部门目录（规划处、管理员）/ set the issuer and catalogue (planners)",
)
def put_issuer(
    plan: str,
    body: IssuerBody,
    session: DB,
    settings: Config,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
) -> dict[str, Any]:
    return plan_catalogue.set_catalogue(
        session,
        settings,
        plan,
        by=user,
        issuer_name=body.issuer,
        issuer_level=body.level,
        catalogue=body.catalogue,
    )


@router.delete(
    "/plans/{plan}/issuer",
    summary="恢复为按文件识别的发文机关（规划处、管理员）/ back to the detected issuer (planners)",
)
def delete_issuer(
    plan: str, session: DB, settings: Config, user: Planner, _csrf: Annotated[None, CSRF] = None
) -> dict[str, Any]:
    return plan_catalogue.reset_catalogue(session, settings, plan, by=user)
