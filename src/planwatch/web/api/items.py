"""JSON twins of 规划文本 (whole document) and item details."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from planwatch.services.views import plan as views
from planwatch.settings import Settings
from planwatch.web.deps import db_session, settings_of

router = APIRouter(tags=["plans"])
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]
Version = Annotated[int | None, Query(description="版本号，默认最新 / version number, default latest")]


@router.get("/plans/{plan}/text", summary="规划全文及其中的抽取结果 / the whole text with its items")
def text(plan: str, session: DB, settings: Config, version: Version = None, page: int = 1) -> dict[str, Any]:
    return views.node_page(session, plan, None, version, page=page, page_chars=settings.text_page_chars)


@router.get(
    "/plans/{plan}/items/{kind}/{index}",
    summary="一条抽取结果的详情及其出现位置 / one extracted item, where it and its namesakes appear",
)
def item(plan: str, kind: str, index: int, session: DB, version: Version = None) -> dict[str, Any]:
    return views.item_page(session, plan, kind, index, version)
