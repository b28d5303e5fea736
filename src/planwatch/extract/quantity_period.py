"""Which period a statement speaks about: a past plan period, a target year, or a report year.

Everything is derived from the document itself. A five-year plan names its number in the title
(第十五个五年规划 / “十五五”规划), which gives its years and the label of the plan before it; an annual
report prints its year in the title. Node titles then say whether a part looks back (“十四五”时期…成效,
2023年工作回顾, 过去一年…回顾) or forward, and paragraph openers (过去五年…, 一年来…, 今年…) move the
scope inside a part, the way the work reports are written.

Vocabulary of the periods: a year ("2025"); a plan label ("十四五") for a past plan or for a flow
over a plan (年均增长, 累计 under a plan period); the end year of a plan for a level it targets
("2030" for 十五五 targets, as plans state their goals for the last year); "2018-2022" for a run of
five report years that is no plan period (a run that is one, 2021-2025, is named by its label).

Rules added for reports as scraped from the web:

- when the title node holds no year (page debris before the title), the title block is looked
  for in the first lines of the document;
- a heading that names two periods (“十四五”时期和2025年工作回顾, “十三五”时期发展成就和
  “十四五”时期主要目标任务) sets none alone: a clause with a forward marker (预期, 力争, 目标,
  到2030年…) takes the later period, any other clause the earlier one, unless a paragraph opener
  says otherwise;
- 去年/上年 after 比/较/与 or before 同期 is the base of a comparison (Quantity.compared_to),
  not the period; 今年 and 去年 are looked for in the number's own clause first;
- 年均 and 累计 under a period that is the end year of a plan give the plan's label, and so does
  a count of new things (新增/新建… with a counting unit, not a share in %);
- an opener at the start of a sentence inside a paragraph moves the scope for the rest of that
  paragraph only (…今年…), except one that turns the text to a review of a stretch of time
  (…顺利收官。五年来，… / 过去一年，…), which holds for the paragraphs after it too, as a paragraph
  opener does.
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

# Openers that set the scope of what follows, as the work reports write them: at the start of a
# paragraph (for the paragraphs after it too) or of a sentence inside one (for the rest of that
# paragraph: 2025年目标任务顺利完成…。五年来，… moves a review paragraph onto the five years).
_SCOPE_OPENER = re.compile(
    r"[ \t]*(?:各位代表[,，！!：:]?)?(?:"
    r"(?P<five>过去五年|五年来|过去的五年|过去5年|5年来)"
    r"|(?P<last>过去一年|一年来|去年|回顾过去一年|(?:刚刚)?过去的一年)"
    r"|(?P<this>今年|新的一年)"
    r"|(?P<year>(?:19|20)\d\d)年(?:是|以来|,|，)"
    r"|(?:刚刚)?过去的(?P<year2>(?:19|20)\d\d)年"
    r"|[“\"]?(?P<plan>十?[一二三四五六七八九])五[”\"]?(?:时期|期间|以来|的五年)"
    r")"
)
# Every opener holds one of these; only hits near the start of a line or sentence are tried.
_OPENER_NEEDLES = ("年", "时期", "期间", "以来")
# Ends of a sentence (or of a clause as long as one) after which an opener may stand.
_SENTENCE_ENDS = "。！？；!?;"
# up to and through the last of them in a window: one match where a search per end mark cost seven
_THROUGH_LAST_END = re.compile("(?s:.*)[" + re.escape(_SENTENCE_ENDS) + "]")
# Time words inside a sentence; a 比/较 before one makes it a comparison base, not the period.
# A title without any of these cannot name a period (checked before the patterns, which cost more).
_TITLE_CUES = ("五", "年", "回顾", "基础", "成就")
_SENTENCE_TIME = re.compile(r"(?<![比较与同])(?P<last>去年|上年)(?!同期)|(?<![比较与同])(?P<this>今年)")
# Words that put a clause in the future: a target, not a result.
_FORWARD = re.compile(r"预期|力争|目标|争取|确保|努力|预计|拟|到(?:19|20)\d\d年")
_FLOW = re.compile(r"年均|累计")
# A count of new things over a plan period is cumulative too (城镇新增就业500万人 over 十五五); a
# share among new things is a level (新增非化石能源装机占比达到75%).
_NEW_COUNT = re.compile(r"新增|新建|新培育|新设|净增")
_SHARE = re.compile(r"[\d.．０-９]+\s*(?:[%％‰]|个百分点)")
_CLAUSE_CUT = "，,；;：:"
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


_HEAD_LINES = 20
# How far into a line the 年 of a paragraph opener may stand (刚刚过去的2025年 is the longest).
_OPENER_REACH = 18
# Joins the periods of a heading that names several; split again per clause in ``period``.
_MIXED = "|"


def _head_anchor(folded: str) -> Anchor | None:
    """The title line among the first lines of a document whose title node is page debris
    (下载 / 打印 / 【字号…】 before 2026年某省政府工作报告): the first line naming a plan or a report."""
    for line in folded.split("\n", _HEAD_LINES)[:_HEAD_LINES]:
        if len(line) > 60 or not (_REPORT_WORDS.search(line) or "规划" in line):
            continue
        anchor = anchor_of(line)
        if anchor.kind != "other":
            return anchor
    return None


def _turns_to_review(m: re.Match[str]) -> bool:
    """Whether an opener inside a paragraph turns the text to a review of a stretch of time (五年来,
    过去一年, “十四五”时期 …), which the paragraphs after it go on with (…顺利收官。五年来，我们… /
    这是经济实力持续提升的五年。…); a bare 去年 or 今年 inside a paragraph only dates its own sentences."""
    if m.group("five") or m.group("plan"):
        return True
    last = m.group("last")
    return bool(last) and last != "去年"


def _plan_of_years(first: int, last: int) -> str | None:
    """The label of the plan that runs exactly from ``first`` to ``last``, if one does."""
    if last - first != 4 or first < 1966 or (first - 1966) % 5:
        return None
    number = (first - 1966) // 5 + 3
    return plan_label(number)


# Scope openers: their offsets (sorted), periods, and ends (None: until the next opener).
_Scopes = tuple[list[int], list[str | None], list[int | None]]


class PeriodResolver:
    """Period of any offset of one document: node titles, then paragraph scopes, then the sentence.

    Node periods are worked out on demand and remembered: a document has thousands of nodes and
    usually only a few dozen of them hold numbers.
    """

    def __init__(self, folded: str, nodes: Sequence[Node]) -> None:
        title_node = next((n for n in nodes if n.kind == "title"), None)
        title_text = folded[title_node.start : title_node.end] if title_node else folded[:200]
        self.anchor = anchor_of(title_text)
        if self.anchor.kind == "other":
            self.anchor = _head_anchor(folded) or self.anchor
        self._folded = folded
        self._by_id = {n.id: n for n in nodes}
        # node id -> (period, start of the node whose own title set it, start of its top node)
        self._memo: dict[str, tuple[str | None, int | None, int]] = {}
        self._scopes: _Scopes | None = None

    def _node_info(self, node_id: str) -> tuple[str | None, int | None, int]:
        memo = self._memo.get(node_id)
        if memo is not None:
            return memo
        node = self._by_id.get(node_id)
        if node is None:
            return (self.anchor.default_period, None, 0)
        own_periods = self.title_periods(node.title)
        own = _MIXED.join(own_periods) if own_periods else None
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
        if a.year is None:
            return None
        return _plan_of_years(a.year - 5, a.year - 1) or f"{a.year - 5}-{a.year - 1}"

    def _this(self) -> str | None:
        return self.anchor.default_period

    def title_period(self, title: str) -> str | None:
        """The period a node title sets for everything under it, or None to inherit; the first one
        where the title names several."""
        periods = self.title_periods(title)
        return periods[0] if periods else None

    def _label_period(self, label_head: str) -> str | None:
        a = self.anchor
        label = label_head + "五"
        if a.kind == "plan":
            if label == a.plan_label:
                return a.default_period
            if label == a.previous_label:
                return label
        number = _label_number(label_head)
        if number is None:
            return None
        if a.year is not None and plan_years(number)[1] >= a.year:
            return str(plan_years(number)[1])
        return label

    def title_periods(self, title: str) -> list[str]:
        """Every period a node title names, in reading order (two for “十四五”时期和2025年工作回顾)."""
        if not title or not any(w in title for w in _TITLE_CUES):
            return []
        a = self.anchor
        named: list[tuple[int, str]] = []
        for lm in _PLAN_LABEL.finditer(title):
            period = self._label_period(lm.group(1))
            if period is not None:
                named.append((lm.start(), period))
        for om in _PLAN_ORDINAL.finditer(title):
            period = self._label_period(om.group(1))
            if period is not None:
                named.append((om.start(), period))
        for ym in _YEAR.finditer(title):
            value = _year_value(ym.group(1))
            if value is not None:
                named.append((ym.start(), str(value)))
        if named:
            return list(dict.fromkeys(p for _, p in sorted(named)))
        found: str | None = None
        if a.kind == "report":
            if "过去五年" in title and "过去一年" not in title:
                found = self._five_years()
            elif "过去一年" in title or "去年" in title or "回顾" in title:
                found = self._past()
            elif "今年" in title:
                found = self._this()
        elif a.kind == "plan" and _PLAN_PAST_WORDS.search(title):
            found = self._past()
        return [found] if found is not None else []

    def _paragraph_scopes(self) -> _Scopes:
        """Scope changes as (offset, period, end): an opener at a line start holds until the next
        one or the end of its top node (end None); one at a sentence start inside a paragraph holds
        until the next one or the end of that paragraph, after which the paragraph's scope resumes.
        """
        folded = self._folded
        found: dict[int, tuple[str | None, int | None]] = {}
        find = folded.find
        through_last_end = _THROUGH_LAST_END.match
        for needle in _OPENER_NEEDLES:
            p = find(needle)
            while p != -1:
                lo = max(0, p - _OPENER_REACH)
                line = folded.rfind("\n", lo, p) + 1
                if line or p < _OPENER_REACH:
                    m = _SCOPE_OPENER.match(folded, line)
                    if m is not None and m.end() > p:
                        found[m.start()] = (self._opener_period(m), None)
                        p = find(needle, p + 1)
                        continue
                last_end = through_last_end(folded, lo, p)
                cut = last_end.end() if last_end is not None else 0
                if cut > line:
                    m = _SCOPE_OPENER.match(folded, cut)
                    if m is not None and m.end() > p:
                        end = find("\n", m.end())
                        stop: int | None = len(folded) if end == -1 else end
                        if _turns_to_review(m):
                            stop = None  # a review that opens here goes on into the paragraphs after it
                        found[m.start()] = (self._opener_period(m), stop)
                p = find(needle, p + 1)
        starts = sorted(found)
        return starts, [found[i][0] for i in starts], [found[i][1] for i in starts]

    def _opener_period(self, m: re.Match[str]) -> str | None:
        if m.group("five"):
            return self._five_years()
        if m.group("last"):
            return self._past()
        if m.group("this"):
            return self._this()
        if m.group("plan"):
            return self._label_period(m.group("plan"))
        return m.group("year") or m.group("year2")

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
        clause_lo = max(sentence.start, *(folded.rfind(c, sentence.start, offset) + 1 for c in _CLAUSE_CUT))
        said: str | None = None
        # The number's own clause first: 今年拟安排…，去年… must not take the later 去年.
        for lo in (clause_lo, sentence.start):
            for m in _SENTENCE_TIME.finditer(folded, lo, offset):
                said = self._past() if m.group("last") else self._this()
            if said is not None:
                return said
        base = self._scoped(sentence, offset)
        if base is not None and _MIXED in base:
            periods = base.split(_MIXED)
            forward = _FORWARD.search(folded, sentence.start, sentence.end) is not None
            base = periods[-1] if forward else periods[0]
        if base is not None and base.isdigit() and self._is_flow(clause_lo, offset):
            base = self._flow_period(int(base)) or base
        return base

    def _is_flow(self, clause_lo: int, offset: int) -> bool:
        folded = self._folded
        if _FLOW.search(folded, clause_lo, offset):
            return True
        return _NEW_COUNT.search(folded, clause_lo, offset) is not None and not _SHARE.match(folded, offset)

    def _flow_period(self, year: int) -> str | None:
        """年均/累计 over a plan whose end year is the period: the plan's label, when that plan is the
        document's own or one still ahead of the report."""
        label = _plan_of_years(year - 4, year)
        if label is None:
            return None
        a = self.anchor
        if (a.kind == "plan" and label == a.plan_label) or (
            a.kind == "report" and a.year is not None and year > a.year
        ):
            return label
        return None

    def _scoped(self, sentence: Sentence, offset: int) -> str | None:
        node_period, own_start, top_start = self._node_info(sentence.node)
        if self._scopes is None:
            self._scopes = self._paragraph_scopes()
        scope_starts, scope_periods, scope_ends = self._scopes
        i = bisect.bisect_right(scope_starts, offset) - 1
        # A sentence opener of an earlier paragraph has lapsed: the opener before it holds again.
        while i >= 0 and (end := scope_ends[i]) is not None and offset >= end:
            i -= 1
        # An opener holds only inside its own top-level node, and a node whose own title names a
        # period after the opener overrides it.
        if i >= 0 and scope_starts[i] >= top_start and (own_start is None or scope_starts[i] >= own_start):
            return scope_periods[i]
        return node_period
