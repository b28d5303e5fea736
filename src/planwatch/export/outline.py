"""Citations and groupings of outline nodes, as export tables print them.

Citations follow ``planwatch.model.cite`` (the one rule); this adds what tables need beyond a
citation: the article a row belongs to (with its title) and the top-level part a row is grouped under.
"""

from __future__ import annotations

from collections.abc import Iterable

from planwatch.model import Node
from planwatch.model.cite import FIXED, Citer, own

# The unit a task table's 规划条目 names; items (——, (1)) inside an article are cited by their article.
_ENTRY_KINDS = frozenset({"article", "section", "chapter", "part", "box", *FIXED})
_CN_DIGITS = frozenset("〇零一二三四五六七八九十百")


class OutlineIndex:
    """Looks up nodes of one outline by id and says how to print them."""

    def __init__(self, outline: Iterable[Node]) -> None:
        self._by_id = {n.id: n for n in outline}
        self._citer = Citer(self._by_id.values())

    def node(self, node_id: str) -> Node | None:
        return self._by_id.get(node_id)

    def _ancestors(self, node: Node) -> list[Node]:
        """``node`` and its ancestors, innermost first; stops at a missing parent."""
        chain = [node]
        while chain[-1].parent:
            parent = self._by_id.get(chain[-1].parent)
            if parent is None or parent in chain:
                break
            chain.append(parent)
        return chain

    def cite(self, node_id: str) -> str:
        """第7条, 第三部分, 第4条第1段, 前言 … (the unknown id itself when it is not in the outline)."""
        return self._citer(node_id)

    def entry(self, node_id: str) -> str:
        """The 规划条目 of a row: the enclosing article (or section, chapter …) cited with its title.

        A part is cited without its title, because a grouped table already prints that title in the
        part's heading row right above.
        """
        node = self._by_id.get(node_id)
        if node is None:
            return node_id
        anchor = next((n for n in self._ancestors(node) if n.kind in _ENTRY_KINDS), node)
        cited = self.cite(anchor.id)
        if anchor.kind == "part" or anchor.kind in FIXED or not anchor.title:
            return cited
        return f"{cited} {anchor.title}"

    def top(self, node_id: str) -> Node | None:
        """The top-level node (part, chapter, preamble …) that contains ``node_id``."""
        node = self._by_id.get(node_id)
        return self._ancestors(node)[-1] if node is not None else None

    def heading(self, node_id: str) -> str:
        """How a group row names the top-level node of ``node_id``: 三、坚持工业立市… / 第二章　总则."""
        top = self.top(node_id)
        if top is None:
            return ""
        if top.kind in FIXED:
            return FIXED[top.kind]
        label, title = top.label, top.title
        if not label:
            return title
        if not title:
            return own(top)
        if label.startswith("第"):
            return f"{label}\u3000{title}"
        if all(ch in _CN_DIGITS for ch in label):
            return f"{label}、{title}"
        return f"{label} {title}"

    def titles(self, node_id: str) -> list[str]:
        """Titles of ``node_id`` and its ancestors, innermost first (empty titles skipped)."""
        node = self._by_id.get(node_id)
        if node is None:
            return []
        return [n.title for n in self._ancestors(node) if n.title]
