"""The web application: ``create_app(settings)`` builds it; nothing happens at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response

from planwatch import __version__
from planwatch.model import ConflictError, ForbiddenError, InputError, NotFoundError, PlanWatchError
from planwatch.services.jobs import JobRunner, recover
from planwatch.settings import Settings
from planwatch.store.engine import make_engine, session_factory
from planwatch.store.migrate import upgrade
from planwatch.web import auth, errors, urls
from planwatch.web.assets import StaticAssets, manifest
from planwatch.web.compression import CompressionMiddleware
from planwatch.web.etag import ETagMiddleware
from planwatch.web.limits import BodyLimitMiddleware, reject_control_characters
from planwatch.web.respcache import ResponseCache
from planwatch.web.revision_reads import RevisionReads
from planwatch.web.routes import api, pages
from planwatch.web.security import SecurityHeadersMiddleware
from planwatch.web.templating import templates


def create_app(settings: Settings) -> FastAPI:
    engine = make_engine(settings.db_url, busy_timeout_seconds=settings.db_busy_timeout_seconds)
    if settings.auto_migrate:
        upgrade(engine)
    # Jobs a dead process left unfinished would otherwise show "进行中" for ever.
    recover(engine)
    app = FastAPI(
        title="PlanWatch 规划实施监测评估平台 API",
        version=__version__,
        description="规划文本、大纲、抽取结果、任务分工、搜索、用户与审计日志的 JSON 接口。"
        "每个页面都有对应的 JSON 接口，由同一个服务函数计算。",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # our own page (routes/api_docs.py): Swagger UI from static files, no CDN
        redoc_url=None,
        lifespan=_lifespan,
        # Every text a request carries is checked once, here, before any route sees it.
        dependencies=[Depends(reject_control_characters)],
    )
    # Every app create_app builds has the same routes, so one OpenAPI document serves them all:
    # building it takes seconds with the response models, once per process instead of per app.
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    app.state.jobs = JobRunner(engine, settings)
    # Middleware order, innermost first (each add_middleware wraps the ones before it); a request
    # passes them bottom-up, a response top-down. A middleware that computes ETags on the page it
    # is given belongs before CompressionMiddleware, so it sees the uncompressed body.
    # ETags inside the session middleware (added next): a tag names the user the reply is for.
    app.state.responses = ResponseCache()  # the replies ETagMiddleware keeps, per tag
    app.state.revision_reads = RevisionReads(engine)  # a worker's requests share revision reads
    app.add_middleware(ETagMiddleware, cache=app.state.responses)
    auth.install(app, settings)  # sessions, login routes; before the headers so those cover its replies
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(CompressionMiddleware)  # gzip for pages and JSON (static files come gzipped already)
    # Outermost of ours: a body over the limit is refused before sessions or routes read it.
    app.add_middleware(BodyLimitMiddleware, settings=settings)
    errors.install(app)
    app.mount("/static", StaticAssets(manifest()), name="static")
    app.include_router(api, prefix="/api/v1")
    app.include_router(pages)
    urls.register(pages, api, "/api/v1", auth.router)

    @app.exception_handler(PlanWatchError)
    async def _planwatch_error(request: Request, exc: PlanWatchError) -> Response:
        statuses = ((NotFoundError, 404), (ConflictError, 409), (InputError, 400), (ForbiddenError, 403))
        status = next((code for kind, code in statuses if isinstance(exc, kind)), 500)
        payload = errors.payload(exc)
        if status == 403:
            # As every other refusal (web/errors.py): JSON for htmx too, whose toast shows the reason.
            return errors.error_response(
                request, status, payload["error"], payload["hint"], code=exc.code, where=exc.where
            )
        if request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", ""):
            return JSONResponse(payload, status_code=status)
        return templates.TemplateResponse(request, "error.html", {"error": payload}, status_code=status)

    return app


_OPENAPI: dict[str, Any] = {}


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, as FastAPI builds it, built once per process for every app."""
    if not _OPENAPI:
        _OPENAPI.update(
            get_openapi(
                title=app.title,
                version=app.version,
                openapi_version=app.openapi_version,
                description=app.description,
                routes=app.routes,
            )
        )
    return _OPENAPI


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    app.state.jobs.shutdown()
    app.state.revision_reads.close()
    app.state.engine.dispose()
