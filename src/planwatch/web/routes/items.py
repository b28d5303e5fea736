"""指标, 重大项目, 主体与地点, 提法: lists of extracted items, each with where it appears."""

from __future__ import annotations

from typing import Any

from planwatch.services.views import items as views
from planwatch.web import links
from planwatch.web.params import DB, Version
from planwatch.web.schemas.items import EntitiesPage, IndicatorsPage
from planwatch.web.twin import Area

area = Area("plans")

ACTORS = ("organization", "place")


@area.page(
    "/plans/{plan}/indicators",
    template="indicators.html",
    active="indicators",
    model=IndicatorsPage,
    summary="指标：主要指标表、数量指标和目标 / indicators",
)
def indicators(plan: str, session: DB, version: Version = None) -> dict[str, Any]:
    data = views.indicators_page(session, plan, version)
    pid = data["plan"]["id"]
    return {
        **data,
        "indicator_table": [
            {**row, "places": [links.place(pid, p) for p in row["places"]]} for row in data["indicator_table"]
        ],
        "quantities": links.items(pid, data["quantities"]),
        "goals": links.items(pid, data["goals"]),
    }


def _entities(data: dict[str, Any]) -> dict[str, Any]:
    pid = data["plan"]["id"]
    return {
        **data,
        "entities": {
            kind: [{**e, "mentions": links.items(pid, e["mentions"])} for e in entries]
            for kind, entries in data["entities"].items()
        },
    }


def _entities_page(name: str, kinds: tuple[str, ...], summary: str) -> None:
    """The page ``/plans/{plan}/<name>`` (and its twin) listing the entities of ``kinds``: its view,
    template and navigation entry are all called ``name``."""

    def view(plan: str, session: DB, version: Version = None) -> dict[str, Any]:
        return _entities(views.entities_page(session, plan, kinds, version))

    view.__name__ = name
    area.page(
        f"/plans/{{plan}}/{name}", template=f"{name}.html", active=name, model=EntitiesPage, summary=summary
    )(view)


_entities_page("projects", ("project",), "重大项目 / major projects")
_entities_page("actors", ACTORS, "主体与地点：机构和地点 / organisations and places")
_entities_page("formulations", ("formulation",), "提法及其释义 / formulations with their definitions")
