"""Plan comparison and version diff (JSON twins of /compare and /plans/{plan}/diff)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from planwatch.compare.align import COVERED
from planwatch.services import compare as compare_service
from planwatch.settings import Settings
from planwatch.web.deps import db_session, settings_of

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
