"""Every GET route of the real app, with its path parameters filled from a stored plan: the list a
test walks to open every page and JSON twin. Routes come from the app's own router, so a page added
later is opened too without touching the test."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.routing import APIRoute

# Extra query strings worth opening besides the defaults: the other kinds of the same page.
VARIANTS: dict[str, tuple[str, ...]] = {
    "/plans/{plan}/report": ("kind=annual&format=html", "kind=midterm&format=html", "kind=midterm&format=docx"),
    "/api/v1/plans/{plan}/report": ("kind=annual", "kind=midterm"),
    "/plans/{plan}/export": ("what=tasks&format=xlsx", "what=indicators&format=docx", "what=entities&format=csv"),
    "/api/v1/plans/{plan}/export": ("what=tasks&format=json",),
    "/plans/{plan}/tasks": ("", "status=未报送", "sort=due"),
}
# Routes whose default answer is a large binary built from scratch (PDF): opened once per plan, by
# the first role only, to keep the walk fast.
HEAVY = frozenset({"/plans/{plan}/report", "/api/v1/plans/{plan}/report"})


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


def _ends(values: list[Any]) -> list[Any]:
    return list(dict.fromkeys([*values[:2], *values[len(values) // 2 : len(values) // 2 + 1], *values[-1:]]))


def plan_objects(client: httpx.Client, plan_id: int, files: list[int]) -> PlanObjects:
    """Read the objects of a plan through its own JSON twins (as a user of the API would)."""
    base = f"/api/v1/plans/{plan_id}"
    nodes = [n["id"] for n in _json(client, f"{base}/nodes")]
    tasks = [t["id"] for t in _json(client, f"{base}/tasks")]
    analysis_items: list[tuple[str, int]] = []
    for kind, key in (("quantity", "quantities"), ("goal", "goals"), ("entity", "entities")):
        count = len(_json(client, f"{base}/{key}"))
        analysis_items += [(kind, i) for i in _ends(list(range(count)))]
    indicators = [i["id"] for i in _json(client, f"{base}/monitoring")["indicators"]]
    departments = [d["name"] for d in _json(client, "/api/v1/departments")["departments"]][:2]
    return PlanObjects(
        str(plan_id), _ends(nodes), _ends(tasks), analysis_items, _ends(indicators), files, departments
    )


def _json(client: httpx.Client, url: str) -> Any:
    r = client.get(url)
    assert r.status_code == 200, f"{url}: {r.status_code} {r.text[:300]}"
    return r.json()


def urls_for(path: str, objects: PlanObjects) -> list[str]:
    """Every URL of ``path`` for the plan; [] when the plan has nothing to fill a parameter with."""
    fills: list[dict[str, str]] = [{}]

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
    if "{kind}" in path:
        fills = [{**f, "kind": k, "index": str(i)} for f in fills for k, i in objects.items]
    urls = []
    for f in fills:
        url = path
        for key, value in f.items():
            url = url.replace("{" + key + "}", value)
        if "{" in url:
            raise AssertionError(f"no value for a parameter of {path}: add it to corpus_routes.urls_for")
        urls += [f"{url}?{q}" if q else url for q in VARIANTS.get(path, ("",))]
    return urls
