"""Every link the app writes, built from the route it points to: ``url("task", plan=3, task="p3.a7.t1")``.

Routes are named where they are declared (``web/twin.py``: a page after its view, its JSON twin
``api.<view>``; a plain route after its function), so a path is written once, in its route, and a
link to a page that moved or lost a parameter fails on the first render (a test renders every page)
instead of pointing nowhere. Templates call the same ``url`` (a Jinja global).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from string import Formatter
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter

from planwatch.model.page_ref import PageRef

_PATHS: dict[str, str] = {}
_FIELDS: dict[str, frozenset[str]] = {}  # each template's parameters, parsed once in register
_AMBIGUOUS: set[str] = set()


def _walk(router: APIRouter, prefix: str, api: bool) -> Iterable[tuple[str, str]]:
    for route in router.routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            context = getattr(route, "include_context", None)
            yield from _walk(inner, prefix + (getattr(context, "prefix", "") or ""), api)
        elif getattr(route, "methods", None):  # pages and actions alike: a form posts to url(...)
            name = str(getattr(route, "name", ""))
            if api and not name.startswith("api."):
                name = f"api.{name}"
            yield name, prefix + str(getattr(route, "path", ""))


def register(pages: APIRouter, api: APIRouter, api_prefix: str, *others: APIRouter) -> None:
    """Learn the paths of every route (called once by ``create_app``; every app has the same).
    ``others``: routers of pages outside ``pages`` (logging in and out)."""
    if _PATHS:
        return
    seen: dict[str, str] = {}
    routes = [*_walk(pages, "", False), *(r for o in others for r in _walk(o, "", False))]
    for name, path in [*routes, *_walk(api, api_prefix, True)]:
        if name in seen and seen[name] != path:
            _AMBIGUOUS.add(name)
        seen[name] = path
    _PATHS.update(seen)
    _FIELDS.update({k: frozenset(f for _, f, _, _ in Formatter().parse(v) if f) for k, v in seen.items()})


def names() -> dict[str, str]:
    """Every named route and its path template (for tests and the curious)."""
    return {k: v for k, v in _PATHS.items() if k not in _AMBIGUOUS}


def url(name: str, query: Mapping[str, Any] | None = None, fragment: str = "", **params: Any) -> str:
    """The path of route ``name`` with its parameters filled in (quoted), then ``query`` (items
    whose value is None are left out) and ``#fragment``."""
    if name in _AMBIGUOUS:
        raise KeyError(f"route name {name!r} names several paths; give the route a name of its own")
    template, wanted = _PATHS[name], _FIELDS[name]
    if wanted != params.keys():
        raise KeyError(f"route {name!r} ({template}) takes {sorted(wanted)}, given {sorted(params)}")
    path = template.format(**{k: quote(str(v), safe="") for k, v in params.items()})
    if query:
        kept = {k: v for k, v in query.items() if v is not None}
        if kept:
            path += "?" + urlencode(kept, doseq=True, safe="/")  # next=/plans/… as people read it
    return f"{path}#{fragment}" if fragment else path


def page_url(page: PageRef, query: Mapping[str, Any] | None = None) -> str:
    """The link to a page a service named (a notification's task page …), from its route."""
    return url(page.name, query, page.fragment, **page.kwargs())
