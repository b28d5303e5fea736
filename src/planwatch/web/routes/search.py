"""搜索: sentences of one plan (the page) or of every plan's latest version (the API), with
highlighted snippets linking to the article reader.

The page takes its plan from the path and the API from the query string (or none), so they are two
routes over one set of parameters (``SearchQuery``) and one service call."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.orm import Session

from planwatch.services.plans import search as search_service
from planwatch.web.params import DB
from planwatch.web.schemas.search import SearchPage
from planwatch.web.templating import templates
from planwatch.web.twin import Area
from planwatch.web.urls import url

area = Area("search")


class SearchQuery:
    """The search's own parameters, the same on the page and the API."""

    def __init__(
        self,
        q: Annotated[
            str,
            Query(
                description="查询：词语用空格分隔，须全部出现；按字面匹配，标点与运算符只作文字。"
                f"超过 {search_service.MAX_QUERY_CHARS} 个字符的部分忽略。"
                " / Terms separated by spaces, all required; matched literally."
            ),
        ] = "",
        version: Annotated[
            int | None, Query(description="版本号，须同时指定规划；默认最新 / version number, needs plan")
        ] = None,
        limit: Annotated[
            int, Query(ge=1, le=search_service.MAX_LIMIT, description="每页条数 / results per page")
        ] = search_service.DEFAULT_LIMIT,
        offset: Annotated[
            int, Query(ge=0, le=search_service.MAX_OFFSET, description="起始位置 / offset")
        ] = 0,
    ) -> None:
        self.q, self.version, self.limit, self.offset = q, version, limit, offset

    def run(self, session: Session, plan: str | None) -> dict[str, Any]:
        return search_service.search_page(
            session, self.q, plan, version=self.version, limit=self.limit, offset=self.offset
        )

    def params(self) -> dict[str, str | int]:
        """The query string of this search, without its offset (defaults left out)."""
        out: dict[str, str | int] = {"q": self.q}
        if self.version is not None:
            out["version"] = self.version
        if self.limit != search_service.DEFAULT_LIMIT:
            out["limit"] = self.limit
        return out


Search = Annotated[SearchQuery, Depends()]


@area.pages.get("/plans/{plan}/search", response_class=HTMLResponse, name="search_page")
def search_page(request: Request, plan: str, session: DB, search: Search) -> Response:
    data = search.run(session, plan)
    pid, params, offset = data["plan"]["id"], search.params(), search.offset

    def page_url(at: int) -> str:
        return url("search_page", query={**params, **({"offset": at} if at else {})}, plan=pid)

    total, shown = data["total"], len(data["results"])
    return templates.TemplateResponse(
        request,
        "search.html",
        {
            "data": data,
            "plan": data["plan"],
            "active": "search",
            "json_url": url("api.search", query={**params, "plan": pid, "offset": offset}),
            "prev_url": page_url(max(0, offset - search.limit)) if offset > 0 else None,
            "next_url": page_url(offset + search.limit) if offset + shown < total else None,
        },
    )


@area.api.get(
    "/search",
    summary="全文搜索句子 / full-text search over sentences",
    response_model=SearchPage,
    # Handed straight to the response: the data is plain JSON already, and FastAPI's re-validation
    # of it took longer than the search itself.
    response_class=JSONResponse,
)
def search(
    session: DB,
    search: Search,
    plan: Annotated[
        str | None, Query(description="规划编号或名称；省略则搜索全部规划的最新版本 / plan id or name")
    ] = None,
) -> JSONResponse:
    return JSONResponse(search.run(session, plan))
