"""The units two plans are compared by: articles, sections, or whatever numbered block holds text.

A unit is a node none of whose children is anything but a —— lead item: the lead items of an
article (its goals list, say) belong to the article's text rather than standing alone, and a work
report's review part, which has only lead items under it, is one unit. The title block, the
preamble and the closing are left out: they are formula, not content. A speech's epilogue (the
government's own conduct, 国防/外交… after the programme) directs, and is a unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.model import Analysis, Node

_SKIPPED_KINDS = frozenset({"title", "preamble", "closing"})
_FOLDED_KINDS = frozenset({"item"})
_LEADING_LABEL = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]{1,6}[篇章节]|[（(][^）)\n]{1,4}[）)]|[一二三四五六七八九十百]+、"
    r"|\d{1,3}[.．、]|专栏\s*\d*)\s*"
)


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    label: str  # as printed and readable: "(7)", "三", "第二章"
    title: str
    text: str  # the node's whole text, heading included
    start: int
    end: int
    body: str = ""  # the text without its leading label: renumbering alone changes nothing


def display_label(node: Node) -> str:
    """The label a reader would quote: (7) for an article, 三、 for a part, 第二章 as is."""
    label = node.label
    if node.kind == "epilogue":
        return "其他部署"  # unnumbered and untitled: named by what it is, as citations name it
    if not label:
        return ""
    if node.kind == "article":
        return f"({label})" if not label.startswith(("(", "（")) else label
    if node.kind == "part" and not label.endswith("、"):
        return f"{label}、"
    if node.kind in ("section", "subsection") and label[:1] not in "(（第" and not label[:1].isdigit():
        return f"（{label}）"
    return label


def units_of(analysis: Analysis) -> list[Unit]:
    children: dict[str | None, list[Node]] = {}
    for node in analysis.outline:
        children.setdefault(node.parent, []).append(node)
    out: list[Unit] = []
    for node in analysis.outline:
        if node.kind in _SKIPPED_KINDS or node.kind in _FOLDED_KINDS:
            continue
        if any(c.kind not in _FOLDED_KINDS for c in children.get(node.id, ())):
            continue
        text = analysis.text_of(node.start, node.end)
        if not text.strip():
            continue
        body = _LEADING_LABEL.sub("", text, count=1)
        out.append(Unit(node.id, display_label(node), node.title, text, node.start, node.end, body))
    return out
