"""How a node is cited to a person: 第7条, 第三部分, 第二章第一节, 前言 …

One rule for every layer: pages, the CLI, reports and the export tables (``export/outline.py``) cite alike."""

from __future__ import annotations

from collections.abc import Iterable

from planwatch.model.analysis import Node

FIXED = {"title": "标题", "preamble": "前言", "epilogue": "其他部署", "closing": "结束语"}

# Where a citation chain stops: a person looks up 第7条 or 第二章, not the part around it.
CITE_STOP = frozenset({"article", "chapter", *FIXED})


def own(node: Node) -> str:
    """How ``node`` alone is named: 第7条, 第三部分, 第一节, 前言 …"""
    if node.kind in FIXED:
        return FIXED[node.kind]
    if node.kind == "appendix":
        return node.label or node.title
    if node.kind == "article" and node.ordinal is not None:
        return f"第{node.ordinal}条"
    if node.kind == "part" and node.label and not node.label.startswith("第"):
        return f"第{node.label}部分"
    if node.label and node.label.startswith("第"):
        return node.label  # 第二章, 第一节, 第一篇 as printed
    if node.kind == "item" and node.label in ("——", "—"):
        return f"第{node.ordinal}段" if node.ordinal else "段"
    return node.label or node.id


class Citer:
    """Cites nodes of one outline; the chain stops at the nearest article or chapter."""

    def __init__(self, outline: Iterable[Node]) -> None:
        self._by_id = {n.id: n for n in outline}

    def __call__(self, node_id: str) -> str:
        node = self._by_id.get(node_id)
        if node is None:
            return node_id
        chain = [node]
        while chain[-1].kind not in CITE_STOP and chain[-1].parent:
            parent = self._by_id.get(chain[-1].parent)
            if parent is None or parent in chain:
                break
            chain.append(parent)
        return "".join(own(n) for n in reversed(chain))
