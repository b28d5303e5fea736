"""搜索 over JSON."""

from __future__ import annotations

from planwatch.web.schemas.common import Shape


class SearchPlan(Shape):
    id: int
    name: str
    title: str | None


class SearchVersion(Shape):
    id: int
    number: int


class Part(Shape):
    text: str
    mark: bool


class Hit(Shape):
    plan_id: int
    plan_name: str
    version_id: int
    version: int
    node: str
    node_kind: str
    node_label: str
    node_title: str
    cite: str
    sentence: str
    start: int
    end: int
    text: str
    snippet: str
    rank: float
    url: str
    highlights: list[tuple[int, int]]
    parts: list[Part]


class SearchPage(Shape):
    query: str
    terms: list[str]
    plan: SearchPlan | None
    version: SearchVersion | None
    total: int
    limit: int
    offset: int
    relaxed: bool
    truncated: bool
    capped: bool
    message: str | None
    results: list[Hit]
