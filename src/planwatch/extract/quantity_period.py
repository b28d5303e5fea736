"""Which period a statement speaks about: a past plan period, a target year, or a report year.

Everything is derived from the document itself. A five-year plan names its number in the title
(第十五个五年规划 / “十五五”规划), which gives its years and the label of the plan before it; an annual
report prints its year in the title. Node titles then say whether a part looks back (“十四五”时期…成效,
2023年工作回顾, 过去一年…回顾) or forward, and paragraph openers (过去五年…, 一年来…, 今年…) move the
scope inside a part, the way the work reports are written.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from planwatch.extract.numbers_zh import cn_integer
from planwatch.model import Node, Sentence

_PLAN_ORDINAL = re.compile(r"第([一二三四五六七八九十]+)个五年规划")
_PLAN_LABEL = re.compile(r"(十?[一二三四五六七八九])五(?=”|\"|时期|规划|期间|期末|以来)")
_YEAR = re.compile(r"((?:19|20)\d\d|[二][〇零][〇零一二三四五六七八九]{2})年")
_TARGET_YEAR = re.compile(r"(?:到|至)((?:19|20)\d\d|二[〇零][〇零一二三四五六七八九]{2})年")
_REPORT_WORDS = re.compile(r"工作报告|年度计划|计划执行情况|工作总结|统计公报")
_PLAN_PAST_WORDS = re.compile(r"回顾|发展基础|发展成就|主要成就")

# Openers of a paragraph that set the scope of what follows, as the work reports write them.
_SCOPE_OPENER = re.compile(
    r"[ \t]*(?:"
    r"(?P<five>过去五年|五年来|过去的五年)"
    r"|(?P<last>过去一年|一年来|去年|回顾过去一年)"
    r"|(?P<this>今年|新的一年)"
    r"|(?P<year>(?:19|20)\d\d)年(?:是|以来|,|，)"
    r")"
)
# Time words inside a sentence; a 比/较 before one makes it a comparison base, not the period.
# A title without any of these cannot name a period (checked before the patterns, which cost more).
_TITLE_CUES = ("五", "年", "回顾", "基础", "成就")
_SENTENCE_TIME = re.compile(r"(?<![比较])(?P<last>去年)|(?<![比较])(?P<this>今年)")
# A sentence that opens with a year (2024年，全市… / 截至2024年底…) states that year's figures.
_SENTENCE_YEAR = re.compile(r"(?:截至|截止)?((?:19|20)\d\d)年(?:底|末)?(?:,|，|全年|以来)?")


@dataclass(frozen=True, slots=True)
class Anchor:
    """What the document says about its own time frame."""

    kind: str  # "plan" | "report" | "other"
    year: int | None = None  # the report's year, or the year printed in a plan's title block
    plan_label: str | None = None  # "十五五"
    previous_label: str | None = None  # "十四五"
    plan_start: int | None = None
    plan_end: int | None = None

    @property
    def default_period(self) -> str | None:
        if self.kind == "plan" and self.plan_end is not None:
            return str(self.plan_end)
        if self.year is not None:
            return str(self.year)
        return None


def plan_years(number: int) -> tuple[int, int]:
    """Years of the Nth five-year plan: the 1st began in 1953, the 3rd (after the 1963–65
    adjustment years) in 1966, and every one since follows five years after the last."""
    start = 1953 + 5 * (number - 1) if number <= 2 else 1966 + 5 * (number - 3)
    return start, start + 4


def plan_label(number: int) -> str:
    """The short name of the Nth plan: 15 → 十五五, 9 → 九五, 10 → 十五."""
    tens, ones = divmod(number, 10)
    digits = "〇一二三四五六七八九"
    if tens == 0:
        head = digits[ones]
    elif tens == 1:
        head = "十" + (digits[ones] if ones else "")
    else:
        head = digits[tens] + "十" + (digits[ones] if ones else "")
    return head + "五"


def _year_value(text: str) -> int | None:
    return int(text) if text.isdigit() else cn_integer(text)


def _label_number(label: str) -> int | None:
    """``十四`` (from 十四五) → 14."""
    return cn_integer(label)


def anchor_of(title_text: str) -> Anchor:
    """Read the anchor from the title block (title line, subtitle and date line)."""
    number: int | None = None
    m = _PLAN_ORDINAL.search(title_text)
    if m:
        number = cn_integer(m.group(1))
    else:
        lm = _PLAN_LABEL.search(title_text)
        if lm and "规划" in title_text:
            number = _label_number(lm.group(1))
    ym = _YEAR.search(title_text)
    year = _year_value(ym.group(1)) if ym else None
    if number:
        start, end = plan_years(number)
        return Anchor(
            "plan",
            year=year,
            plan_label=plan_label(number),
            previous_label=plan_label(number - 1) if number > 1 else None,
            plan_start=start,
            plan_end=end,
        )
    if year is not None and (_REPORT_WORDS.search(title_text) or ym is not None):
        return Anchor("report", year=year)
    return Anchor("other")


class PeriodResolver:
    """Period of any offset of one document: node titles, then paragraph scopes, then the sentence.

    Node periods are worked out on demand and remembered: a document has thousands of nodes and
    usually only a few dozen of them hold numbers.
    """

    def __init__(self, folded: str, nodes: Sequence[Node]) -> None:
        title_node = next((n for n in nodes if n.kind == "title"), None)
        title_text = folded[title_node.start : title_node.end] if title_node else folded[:200]
        self.anchor = anchor_of(title_text)
        self._folded = folded
        self._by_id = {n.id: n for n in nodes}
        # node id -> (period, start of the node whose own title set it, start of its top node)
        self._memo: dict[str, tuple[str | None, int | None, int]] = {}
        self._scopes: tuple[list[int], list[str | None]] | None = None

    def _node_info(self, node_id: str) -> tuple[str | None, int | None, int]:
        memo = self._memo.get(node_id)
        if memo is not None:
            return memo
        node = self._by_id.get(node_id)
        if node is None:
            return (self.anchor.default_period, None, 0)
        own = self.title_period(node.title)
        if node.parent is None or node.parent not in self._by_id:
            info = (
                own if own is not None else self.anchor.default_period,
                node.start if own else None,
                node.start,
            )
        else:
            period, own_start, top_start = self._node_info(node.parent)
            info = (own, node.start, top_start) if own is not None else (period, own_start, top_start)
        self._memo[node_id] = info
        return info

    def _past(self) -> str | None:
        a = self.anchor
        if a.kind == "plan":
            return a.previous_label
        return str(a.year - 1) if a.year is not None else None

    def _five_years(self) -> str | None:
        a = self.anchor
        if a.kind == "plan":
            return a.previous_label
        return f"{a.year - 5}-{a.year - 1}" if a.year is not None else None

    def _this(self) -> str | None:
        return self.anchor.default_period

    def title_period(self, title: str) -> str | None:
        """The period a node title sets for everything under it, or None to inherit."""
        if not title or not any(w in title for w in _TITLE_CUES):
            return None
        a = self.anchor
        for lm in _PLAN_LABEL.finditer(title):
            label = lm.group(1) + "五"
            if a.kind == "plan":
                if label == a.plan_label:
                    return a.default_period
                if label == a.previous_label:
                    return label
            number = _label_number(lm.group(1))
            if number is not None:
                if a.year is not None and plan_years(number)[1] >= a.year:
                    return str(plan_years(number)[1])
                return label
        ym = _YEAR.search(title)
        if ym:
            value = _year_value(ym.group(1))
            if value is not None:
                return str(value)
        if a.kind == "report":
            if "过去五年" in title and "过去一年" not in title:
                return self._five_years()
            if "过去一年" in title or "去年" in title or "回顾" in title:
                return self._past()
            if "今年" in title:
                return self._this()
        elif a.kind == "plan" and _PLAN_PAST_WORDS.search(title):
            return self._past()
        return None

    def _paragraph_scopes(self) -> tuple[list[int], list[str | None]]:
        """Scope changes as (offset, period), each valid until the next one or the end of its top node.

        Every opener contains 年, so only the 年 characters near the start of a line are looked at.
        """
        folded = self._folded
        starts: list[int] = []
        periods: list[str | None] = []
        find = folded.find
        p = find("年")
        while p != -1:
            line = folded.rfind("\n", max(0, p - 8), p) + 1
            if line or p < 8:
                m = _SCOPE_OPENER.match(folded, line)
                if m is not None and m.end() > p:
                    if m.group("five"):
                        period = self._five_years()
                    elif m.group("last"):
                        period = self._past()
                    elif m.group("this"):
                        period = self._this()
                    else:
                        period = m.group("year")
                    starts.append(m.start())
                    periods.append(period)
            p = find("年", p + 1)
        return starts, periods

    def period(self, sentence: Sentence, offset: int) -> str | None:
        """The period of a statement at ``offset`` in ``sentence``."""
        folded = self._folded
        targets = _TARGET_YEAR.findall(folded, sentence.start, offset)
        if targets:
            value = _year_value(targets[-1])
            if value is not None:
                return str(value)
        opening = _SENTENCE_YEAR.match(folded, sentence.start, offset)
        if opening is not None and not opening.group().endswith("以来"):
            return opening.group(1)
        said: str | None = None
        for m in _SENTENCE_TIME.finditer(folded, sentence.start, offset):
            said = self._past() if m.group("last") else self._this()
        if said is not None:
            return said
        node_period, own_start, top_start = self._node_info(sentence.node)
        if self._scopes is None:
            self._scopes = self._paragraph_scopes()
        scope_starts, scope_periods = self._scopes
        i = bisect.bisect_right(scope_starts, offset) - 1
        # An opener holds only inside its own top-level node, and a node whose own title names a
        # period after the opener overrides it.
        if i >= 0 and scope_starts[i] >= top_start and (own_start is None or scope_starts[i] >= own_start):
            return scope_periods[i]
        return node_period
