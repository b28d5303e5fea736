"""One function per page, served twice: as the HTML page and as its JSON twin under ``/api/v1``.

A page area (``web/routes/<area>.py``) makes an :class:`Area` and decorates each page's *view*: a
function of the request's parameters and dependencies that returns the page's data, plain and
JSON-ready. The decorator registers the view as the JSON route (serialised by orjson; its
``response_model`` documents the shape in OpenAPI) and registers an HTML route that receives the same
view's result as a dependency and renders the template with it. The data a page shows and the data its
twin returns therefore cannot drift apart (Datasette's "every page has a JSON twin").

Route names: a page is named after its view (``tasks``), its twin ``api.<view>``; ``web/urls.py``
builds every link from those names.
"""

# No ``from __future__ import annotations``: FastAPI reads the HTML route's dependency on ``view``
# (a closure variable) from its real annotation, which a string could not resolve.
import functools
from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from planwatch.web import pagecache
from planwatch.web.deps import db_session
from planwatch.web.jsonreply import json_reply
from planwatch.web.templating import templates

API_PREFIX = "/api/v1"
View = TypeVar("View", bound=Callable[..., Any])
# Extra template values computed from the request and the data (a rendered reader, counts …).
Context = Callable[[Request, Any], Mapping[str, Any]]
# More template values that need the request's dependencies (the user, the session …): a FastAPI
# dependency returning them, resolved for the HTML route only.
Extra = Callable[..., Mapping[str, Any]]
# The template's name, or a function choosing it (an htmx fragment or the whole page).
Template = str | Callable[[Request], str]
# Headers of the JSON twin computed from the data (an ETag a client sends back as If-Match …).
Headers = Callable[[Any], Mapping[str, str]]


def json_url(request: Request, api_path: str) -> str:
    """The JSON twin of the page being rendered: its API path with this request's parameters."""
    url = API_PREFIX + api_path.format(**request.path_params)
    return f"{url}?{request.url.query}" if request.url.query else url


def _nothing() -> Mapping[str, Any]:
    return {}


class Area:
    """The routes of one page area: ``pages`` (HTML, left out of OpenAPI) and ``api`` (JSON)."""

    def __init__(self, *tags: str) -> None:
        self.pages = APIRouter(include_in_schema=False)
        self.api = APIRouter(tags=list(tags))

    def page(
        self,
        path: str,
        *,
        template: Template,
        summary: str,
        api: str | None = None,
        model: Any = None,
        active: str | None = None,
        context: Context | None = None,
        extra: Extra | None = None,
        cached: bool = False,
        headers: Headers | None = None,
    ) -> Callable[[View], View]:
        """Register ``view`` as the page at ``path`` and its JSON twin at ``/api/v1`` + ``api``
        (default: the same path). ``cached`` renders through ``web/pagecache`` (pages whose bytes
        depend only on the data, the user's role and the URL). ``headers`` adds headers made from
        the data to the JSON reply. ``extra``: a dependency giving the page values its JSON twin does
        not hold (what the user may do, a form's choices). A view may set headers (ETag, Link) on a
        ``Response`` parameter: its JSON reply carries them."""
        api_path = api or path

        def register(view: View) -> View:
            @functools.wraps(view)
            def as_json(*args: Any, **kwargs: Any) -> Response:
                data = view(*args, **kwargs)
                reply = json_reply(data)
                if headers is not None:
                    reply.headers.update(headers(data))
                for value in kwargs.values():
                    # Headers the view set on its ``Response`` parameter (ETag, Link) go with the reply.
                    if isinstance(value, Response):
                        reply.headers.update(value.headers)
                return reply

            self.api.add_api_route(
                api_path,
                as_json,
                methods=["GET"],
                summary=summary,
                response_model=model,
                name=f"api.{view.__name__}",
            )

            def as_html(
                request: Request,
                data: Annotated[Any, Depends(view)],
                session: Annotated[Any, Depends(db_session)],
                more: Annotated[Mapping[str, Any], Depends(extra or _nothing)],
            ) -> Response:
                values: dict[str, Any] = {
                    "data": data,
                    "plan": data.get("plan") if isinstance(data, dict) else None,
                    "json_url": json_url(request, api_path),
                    "active": active,
                }
                if context is not None:
                    values.update(context(request, data))
                values.update(more)
                name = template(request) if callable(template) else template
                if cached:
                    return pagecache.page(request, session, name, values)
                return templates.TemplateResponse(request, name, values)

            as_html.__name__ = view.__name__
            self.pages.add_api_route(
                path, as_html, methods=["GET"], response_class=HTMLResponse, name=view.__name__
            )
            return view

        return register

    def include_into(self, pages: APIRouter, api: APIRouter) -> None:
        pages.include_router(self.pages)
        api.include_router(self.api)
