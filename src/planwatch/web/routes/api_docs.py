"""API 文档: Swagger UI served from our own static files (npm package swagger-ui-dist, vendored by
scripts/frontend.sh) and started by an external script, so the page works offline and keeps the CSP
every other page has. FastAPI's own docs page loads Swagger UI from a CDN with an inline script."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from planwatch.web.templating import templates

router = APIRouter(include_in_schema=False)


@router.get("/api/v1/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    # The app's own OpenAPI address (create_app sets it), not a copy of it.
    return templates.TemplateResponse(request, "api_docs.html", {"openapi_url": request.app.openapi_url})
