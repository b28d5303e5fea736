"""Goals: the main targets of a plan (the lead line of each bullet of its main-goals article) and
its long-range vision (the 到二〇三五年… sentence), each with the year it is set for.

The main-goals node is found by its title (主要目标 / 发展目标 / 目标任务 …) and its bullet items; the
year comes from the node's own 到二〇三〇年, else from the plan period its title names (十五五 → 2030),
else from the document. A document without such a node (an annual work report) gives the items of
its 预期目标是：…；…；… list, for the report year.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from operator import attrgetter
from typing import Any

from planwatch.extract.numbers_zh import cn_integer
from planwatch.extract.pipeline import Context, component
from planwatch.extract.quantity_period import PeriodResolver
from planwatch.model import Goal, Node, Sentence

_GOAL_TITLE = re.compile(r"主要目标|发展目标|目标任务|奋斗目标|总体目标|预期目标")
_CONTAINER_KINDS = frozenset(("part", "chapter", "section", "article", "box"))
_YEAR = r"((?:19|20)\d\d|二[〇零][〇零一二三四五六七八九]{2})年"
_BY_YEAR = re.compile(rf"到{_YEAR}")
_AHEAD_YEAR = re.compile(rf"(?:到|展望){_YEAR}")
_TARGET_LIST = re.compile(r"预期目标(?:是|为)?:")
_STRIP = " \t\n\u3000。;!?"


def _year(text: str) -> int | None:
    return int(text) if text.isdigit() else cn_integer(text)


class _Goals:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.text = ctx.document.text
        self.folded = ctx.folded
        self.sentences = sorted(ctx.sentences, key=attrgetter("start"))
        self.by_node: dict[str, list[Sentence]] = {}
        for s in self.sentences:
            self.by_node.setdefault(s.node, []).append(s)
        self.children: dict[str, list[Node]] = {}
        for n in ctx.nodes:
            if n.parent is not None:
                self.children.setdefault(n.parent, []).append(n)
        self._resolver: PeriodResolver | None = None

    @property
    def resolver(self) -> PeriodResolver:
        if self._resolver is None:
            self._resolver = PeriodResolver(self.folded, self.ctx.nodes)
        return self._resolver

    def run(self) -> list[Goal]:
        out: list[Goal] = []
        for node in self.ctx.nodes:
            if node.kind not in _CONTAINER_KINDS or not _GOAL_TITLE.search(node.title):
                continue
            items = [c for c in self.children.get(node.id, ()) if c.kind == "item"]
            if len(items) < 2:
                continue
            out.extend(self._main_goals(node, items))
        if not out:
            out.extend(self._target_list())
        # Two goal nodes under one parent find the same vision sentence; keep it once.
        unique = {(g.start, g.end): g for g in out}
        return sorted(unique.values(), key=lambda g: (g.start, g.end))

    def _goal(self, s: Sentence, lo: int | None = None, year: str = "") -> Goal | None:
        lo = s.start if lo is None else lo
        hi = s.end
        folded = self.folded
        while lo < hi and (folded[lo] in _STRIP or folded[lo] == "—"):
            lo += 1
        while hi > lo and folded[hi - 1] in _STRIP:
            hi -= 1
        if lo >= hi:
            return None
        return Goal(self.text[lo:hi], year, s.node, lo, hi, sentence=s.id)

    def _target_year(self, node: Node, items: list[Node]) -> str:
        """到二〇三〇年 in the lines before the bullets, else the end of the plan period."""
        first_item = items[0].start
        for s in self.by_node.get(node.id, ()):
            if s.start >= first_item:
                break
            m = _BY_YEAR.search(self.folded, s.start, s.end)
            if m:
                value = _year(m.group(1))
                if value is not None:
                    return str(value)
        period = self.resolver.title_period(node.title) or self.resolver.anchor.default_period
        return period if period is not None and period.isdigit() else ""

    def _main_goals(self, node: Node, items: list[Node]) -> list[Goal]:
        year = self._target_year(node, items)
        out: list[Goal] = []
        for item in items:
            sentences = self.by_node.get(item.id)
            if sentences:
                goal = self._goal(sentences[0], year=year)
                if goal is not None:
                    out.append(goal)
        out.extend(self._vision(node, year))
        return out

    def _vision(self, node: Node, target: str) -> list[Goal]:
        """Sentences of the goals node (or of a sibling) that look further ahead than its target."""
        siblings = self.children.get(node.parent, []) if node.parent is not None else [node]
        candidates = [node] + [n for n in siblings if n.id != node.id]
        for n in candidates:
            found: list[Goal] = []
            for s in self.by_node.get(n.id, ()):
                m = _AHEAD_YEAR.search(self.folded, s.start, s.end)
                if not m:
                    continue
                value = _year(m.group(1))
                if value is None or (target.isdigit() and value <= int(target)):
                    continue
                goal = self._goal(s, year=str(value))
                if goal is not None:
                    found.append(goal)
            if found:
                return found
        return []

    def _target_list(self) -> list[Goal]:
        """预期目标是：A；B；C。 — one goal per item, for the period the list is written for."""
        folded = self.folded
        out: list[Goal] = []
        sentences = self.sentences
        i = 0
        while i < len(sentences):
            s = sentences[i]
            m = _TARGET_LIST.search(folded, s.start, s.end)
            if not m:
                i += 1
                continue
            year = self.resolver.period(s, m.start()) or ""
            lo: int | None = m.end()
            while i < len(sentences) and sentences[i].node == s.node:
                current = sentences[i]
                goal = self._goal(current, lo, year)
                if goal is not None:
                    out.append(goal)
                lo = None
                i += 1
                if folded[current.end - 1 : current.end] in "。!?":
                    break
        return out


def extract_goals(ctx: Context) -> tuple[Goal, ...]:
    return tuple(_Goals(ctx).run())


@component("goals", provides=("goals",))
def goals(ctx: Context) -> Mapping[str, Any]:
    return {"goals": extract_goals(ctx)}
