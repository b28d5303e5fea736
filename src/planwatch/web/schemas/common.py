"""Shapes shared by many pages: the plan and version headers, a link to a place in the text, an
extracted item as the lists and the reader show it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Shape(BaseModel):
    """Every key of a reply is declared: a key the data gains without its model fails the check."""

    model_config = ConfigDict(extra="forbid")


class Version(Shape):
    id: int
    plan_id: int
    number: int
    sha256: str
    source: str
    format: str
    size: int
    chars: int
    title: str | None
    node_count: int
    sentence_count: int
    created_at: str


class Plan(Shape):
    id: int
    name: str
    title: str | None
    created_at: str
    versions: list[Version]


class PlanHeader(Shape):
    """What every page of a plan starts with."""

    plan: Plan
    version: Version


class Place(Shape):
    node: str
    cite: str
    href: str


class Item(BaseModel):
    """An extracted quantity, goal or entity: its own fields (``model.analysis``) plus these."""

    model_config = ConfigDict(extra="allow")
    kind: str
    kind_name: str
    index: int
    ref: str
    cite: str
    href: str
    detail: str
    text: str
    node: str
    start: int
    end: int
