"""指标, 重大项目, 主体与地点, 提法."""

from __future__ import annotations

from planwatch.web.schemas.common import Item, Place, PlanHeader, Shape


class IndicatorTableRow(Shape):
    no: int
    category: str
    name: str
    unit: str
    base: str
    target: str
    mode: str
    binding: str
    citation: str
    source: str
    nodes: list[str]
    places: list[Place]


class IndicatorsPage(PlanHeader):
    indicator_table: list[IndicatorTableRow]
    quantities: list[Item]
    goals: list[Item]


class Kind(Shape):
    kind: str
    name: str
    count: int


class Entity(Shape):
    name: str
    kind: str
    kind_name: str
    subtype: str | None
    subtype_name: str
    definition: str | None
    count: int
    articles: list[str]
    mentions: list[Item]


class EntitiesPage(PlanHeader):
    kinds: list[Kind]
    entities: dict[str, list[Entity]]
