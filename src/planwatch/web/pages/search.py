"""搜索: sentences of one plan, with highlighted snippets linking to the article reader."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from planwatch.services.plans import search as search_service
from planwatch.store.search import MAX_CANDIDATES
from planwatch.web.deps import db_session
from planwatch.web.templating import templates

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]


@router.get("/plans/{plan}/search", response_class=HTMLResponse)
def search(
    request: Request,
    plan: str,
    session: DB,
    q: str = "",
    version: int | None = None,
    limit: Annotated[int, Query(ge=1, le=search_service.MAX_LIMIT)] = search_service.DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_CANDIDATES)] = 0,
) -> Response:
    data = search_service.search_page(session, q, plan, version=version, limit=limit, offset=offset)
    pid = data["plan"]["id"]
    params: dict[str, str | int] = {"q": q}
    if version is not None:
        params["version"] = version
    if limit != search_service.DEFAULT_LIMIT:
        params["limit"] = limit

    def page_url(at: int) -> str:
        return f"/plans/{pid}/search?" + urlencode({**params, **({"offset": at} if at else {})})

    total, shown = data["total"], len(data["results"])
    return templates.TemplateResponse(
        request,
        "search.html",
        {
            "data": data,
            "plan": data["plan"],
            "active": "search",
            "json_url": "/api/v1/search?" + urlencode({**params, "plan": pid, "offset": offset}),
            "prev_url": page_url(max(0, offset - limit)) if offset > 0 else None,
            "next_url": page_url(offset + limit) if offset + shown < total else None,
        },
    )
