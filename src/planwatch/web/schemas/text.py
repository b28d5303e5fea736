"""规划文本 (a node or the whole document with its items) and one item's details."""

from __future__ import annotations

from planwatch.web.schemas.common import Item, PlanHeader, Shape
from planwatch.web.schemas.plans import Cited


class OutlineNode(Shape):
    """A node of the outline (``model.Node``)."""

    id: str
    parent: str | None
    kind: str
    label: str
    ordinal: int | None
    title: str
    start: int
    end: int
    depth: int


class ShownNode(Shape):
    """The node being read; the whole document is a node without id (kind ``document``)."""

    id: str | None
    parent: str | None
    kind: str
    label: str
    ordinal: int | None
    title: str
    start: int
    end: int
    depth: int
    cite: str


class NodeRef(Shape):
    id: str
    label: str
    title: str
    cite: str


class TreeNode(Shape):
    id: str
    kind: str
    label: str
    title: str
    cite: str
    children: list[TreeNode]


class SentenceSpan(Shape):
    id: str
    node: str
    start: int
    end: int


class NodePage(PlanHeader):
    node: ShownNode
    children: list[OutlineNode]
    page: int
    pages: int
    offset: int
    text: str
    sentences: list[SentenceSpan]
    quantities: list[Item]
    entities: list[Item]
    goals: list[Item]
    tasks: list[Cited]
    path: list[NodeRef]
    prev: NodeRef | None
    next: NodeRef | None
    outline: list[TreeNode]


class ItemNode(Shape):
    id: str
    title: str
    cite: str


class SentenceText(Shape):
    start: int
    end: int
    text: str


class Mention(Item):
    current: bool


class ItemPage(PlanHeader):
    item: Item
    subtype_name: str
    node: ItemNode
    sentence: SentenceText | None
    mentions: list[Mention]
    articles: list[str]
