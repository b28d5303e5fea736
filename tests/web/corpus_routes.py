"""Every GET route of the real app, with its path parameters filled from a stored plan: the list a
test walks to open every page and JSON twin. Routes come from the app's own router, so a page added
later is opened too without touching the test."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
from fastapi import FastAPI
from fastapi.routing import APIRoute

# The query strings each page is opened with (default: none). The report and the export are built
# from scratch on every request; their text forms go through the same service calls as the binaries,
# which ``BINARIES`` opens for one plan only, to keep the walk fast.
VARIANTS: dict[str, tuple[str, ...]] = {
    "/plans/{plan}/report": ("kind=annual&format=html", "kind=midterm&format=html"),
    "/api/v1/plans/{plan}/report": ("kind=annual", "kind=midterm"),
    "/plans/{plan}/export": (
        "what=tasks&format=csv",
        "what=indicators&format=json",
        "what=entities&format=csv",
    ),
    "/api/v1/plans/{plan}/export": ("what=tasks&format=json",),
    "/plans/{plan}/tasks": ("", "status=未报送", "sort=due"),
}
# Pages of one catalogue unit, named in the query string: opened for the plan's departments.
BY_UNIT_NAME = frozenset({"/catalogue/unit", "/api/v1/catalogue/unit"})
# Values of path parameters that do not name a stored object: every value the route accepts.
CHOICES: dict[str, tuple[str, ...]] = {"fmt": ("yaml", "xlsx")}
BINARIES = (
    "/plans/{plan}/report?kind=annual&format=pdf",
    "/plans/{plan}/report?kind=midterm&format=docx",
    "/plans/{plan}/export?what=tasks&format=xlsx",
    "/plans/{plan}/export?what=indicators&format=docx",
)
# Opened by the admin only: the other roles see the same service calls through the JSON twins.
HEAVY = frozenset({"/plans/{plan}/report", "/plans/{plan}/export"})


def get_routes(app: FastAPI) -> list[tuple[str, APIRoute]]:
    """(full path, route) of every GET route, included routers walked with their prefixes."""

    def walk(routes: Iterable[Any], prefix: str) -> Iterator[tuple[str, APIRoute]]:
        for route in routes:
            if isinstance(route, APIRoute):
                if "GET" in route.methods:
                    yield prefix + route.path, route
            elif hasattr(route, "original_router"):  # FastAPI ≥0.16x keeps included routers lazy
                yield from walk(route.original_router.routes, prefix + route.include_context.prefix)
            elif hasattr(route, "routes"):
                yield from walk(route.routes, prefix + getattr(route, "path", ""))

    return list(walk(app.router.routes, ""))


@dataclass
class PlanObjects:
    """What fills a route's path parameters for one plan: a few of each kind, first and last."""

    plan: str
    nodes: list[str]
    tasks: list[str]
    items: list[tuple[str, int]]
    indicators: list[int]
    files: list[int]
    departments: list[str]
    # A 分工方案 upload exists only once a user has sent the filled-in workbook back; the fixture
    # that builds the database sends one (unchanged) so its preview is opened too.
    uploads: list[int]
    # evidence sources attached to the plan (落实佐证), read from its JSON twin
    sources: list[int] = field(default_factory=list)

    def first_only(self) -> PlanObjects:
        """One of each: what is opened on all but the representative plans (first and last there)."""
        return PlanObjects(
            self.plan,
            self.nodes[:1],
            self.tasks[:1],
            self.items,
            self.indicators[:1],
            self.files,
            self.departments[:1],
            self.uploads,
            self.sources[:1],
        )


def _ends(values: list[Any]) -> list[Any]:
    """The first and the last: where numbering and edge cases live."""
    return list(dict.fromkeys([*values[:1], *values[-1:]]))


def plan_objects(client: httpx.Client, plan_id: int, files: list[int], uploads: list[int]) -> PlanObjects:
    """Read the objects of a plan through its own JSON twins (as a user of the API would)."""
    base = f"/api/v1/plans/{plan_id}"
    nodes = [n["id"] for n in _json(client, f"{base}/nodes")]
    tasks = [t["id"] for t in _json(client, f"{base}/tasks")]
    analysis_items: list[tuple[str, int]] = []
    for kind, key in (("quantity", "quantities"), ("goal", "goals"), ("entity", "entities")):
        count = len(_json(client, f"{base}/{key}"))
        analysis_items += [(kind, i) for i in range(count)][-1:]
    indicators = [i["id"] for i in _json(client, f"{base}/monitoring")["indicators"]]
    departments = [d["name"] for d in _json(client, "/api/v1/departments")["departments"]][:2]
    sources = [s["id"] for s in _json(client, f"{base}/evidence")["sources"]]
    return PlanObjects(
        str(plan_id),
        _ends(nodes),
        _ends(tasks),
        analysis_items,
        _ends(indicators),
        files,
        departments,
        uploads,
        _ends(sources),
    )


def _json(client: httpx.Client, url: str) -> Any:
    r = client.get(url)
    assert r.status_code == 200, f"{url}: {r.status_code} {r.text[:300]}"
    return r.json()


def urls_for(path: str, objects: PlanObjects) -> list[str]:
    """Every URL of ``path`` for the plan; [] when the plan has nothing to fill a parameter with."""
    fills: list[dict[str, str]] = [{}]
    if "{job_id}" in path:
        return []  # a background job is its owner's alone: tests/web/test_jobs.py opens those pages

    def expand(name: str, values: Iterable[Any]) -> None:
        nonlocal fills
        fills = [{**f, name: str(v)} for f in fills for v in values]

    if "{plan}" in path:
        expand("plan", [objects.plan])
    if "{node}" in path:
        expand("node", objects.nodes)
    if "{task}" in path:
        expand("task", objects.tasks)
    if "{indicator_id}" in path:
        expand("indicator_id", objects.indicators)
    if "{file_id}" in path:
        expand("file_id", objects.files)
    if "{name}" in path:
        expand("name", objects.departments)
    if "{sid}" in path:
        expand("sid", objects.sources)
    if "{upload_id}" in path:
        expand("upload_id", objects.uploads)
    for name, values in CHOICES.items():
        if "{" + name + "}" in path:
            expand(name, values)
    if "{kind}" in path:
        fills = [{**f, "kind": k, "index": str(i)} for f in fills for k, i in objects.items]
    urls = []
    for f in fills:
        url = path
        for key, value in f.items():
            url = url.replace("{" + key + "}", value)
        if "{" in url:
            raise AssertionError(f"no value for a parameter of {path}: add it to corpus_routes.urls_for")
        queries = VARIANTS.get(path, ("",))
        if path in BY_UNIT_NAME:
            queries = tuple(urlencode({"name": name}) for name in objects.departments)
        urls += [f"{url}?{q}" if q else url for q in queries]
    return urls
