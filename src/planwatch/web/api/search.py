"""Full-text search over the sentences of the stored plans."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from planwatch.services.plans import search as search_service
from planwatch.store.search import MAX_CANDIDATES
from planwatch.web.deps import db_session

router = APIRouter(tags=["search"])
DB = Annotated[Session, Depends(db_session)]


@router.get(
    "/search",
    summary="全文搜索句子 / full-text search over sentences",
    response_model=dict[str, Any],
    # Handed straight to the response: the data is plain JSON already, and FastAPI's re-validation
    # of it took longer than the search itself.
    response_class=JSONResponse,
)
def search(
    session: DB,
    q: Annotated[
        str,
        Query(
            description="查询：词语用空格分隔，须全部出现；按字面匹配，标点与运算符只作文字。"
            f"超过 {search_service.MAX_QUERY_CHARS} 个字符的部分忽略。"
            " / Terms separated by spaces, all required; matched literally."
        ),
    ] = "",
    plan: Annotated[
        str | None, Query(description="规划编号或名称；省略则搜索全部规划的最新版本 / plan id or name")
    ] = None,
    version: Annotated[
        int | None, Query(description="版本号，须同时指定规划；默认最新 / version number, needs plan")
    ] = None,
    limit: Annotated[
        int, Query(ge=1, le=search_service.MAX_LIMIT, description="每页条数 / results per page")
    ] = search_service.DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_CANDIDATES, description="起始位置 / offset")] = 0,
) -> JSONResponse:
    return JSONResponse(
        search_service.search_page(session, q, plan, version=version, limit=limit, offset=offset)
    )
