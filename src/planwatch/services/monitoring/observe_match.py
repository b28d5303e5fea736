"""Matching a document's figures to a plan's indicators: subject, unit and period, with reasons.

A pure function of the document's quantities, its sentences and the indicators: no database. Three
tests decide a match, each of which can only refuse:

- subject: names compared after removing scope words (全年, 全国 …) and mapping synonyms and
  abbreviations from the editable lexicon ``data/lexicons/indicator_synonyms.yaml``; otherwise by
  containment or the Dice coefficient of character bigrams. A "change" indicator (…增长率, …涨幅,
  …降低) only takes a change (增长5.2%); a level indicator (城镇调查失业率) only a level.
- unit: converted through a common base of the units table ``data/units.yaml`` (元/万元/亿元/万亿元,
  人/万人, 斤/吨, 公顷/平方公里, …); % and 个百分点 are told
  apart except where a percentage-point change is what a % indicator measures (a rate's rise).
- period: the year the figure describes (the quantity's period), never the report's year. A five-year
  review's figure counts for the review's last year only when it states the level reached there
  (提高到, 达到); averages and multi-year changes describe no single year. Targets — figures in a
  forward-looking report for its own year or later, and sentences that set a goal (预期目标, 力争,
  左右/以上 in a target sentence) — are never results.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from planwatch.compare.terms import bigram_set
from planwatch.extract.numbers_zh import parse_number as parse_cn_number
from planwatch.extract.quantity_period import anchor_of
from planwatch.model import Indicator, Quantity, Sentence
from planwatch.model.fold import fold_name
from planwatch.model.units import unit_table

LEXICON_FILE = ("data", "lexicons", "indicator_synonyms.yaml")
MIN_SUBJECT_SIMILARITY = 0.6

# -- lexicon ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lexicon:
    synonyms: Mapping[str, str]  # a whole name → its standard form
    terms: Mapping[str, str]  # a word inside a name → its standard form
    prefixes: tuple[str, ...]
    change_suffixes: tuple[str, ...]
    suffixes: tuple[str, ...] = ()
    distinguishing: tuple[str, ...] = ()
    terms_pattern: re.Pattern[str] | None = None


_QUOTES = re.compile(r"[“”\"'‘’]")


def _fold(text: str) -> str:
    """A name or unit as compared: full-width forms folded, spaces and quotes removed, upper case."""
    return _QUOTES.sub("", fold_name(text)).upper()


def lexicon_from(data: Mapping[str, Any]) -> Lexicon:
    def groups(key: str) -> dict[str, str]:
        mapping: dict[str, str] = {}
        for group in data.get(key) or ():
            words = [_fold(str(w)) for w in group if str(w).strip()]
            for word in words:
                mapping.setdefault(word, words[0])
        return mapping

    terms = groups("terms")
    alternation = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return Lexicon(
        synonyms=groups("synonyms"),
        terms=terms,
        prefixes=tuple(
            sorted((_fold(str(p)) for p in data.get("ignored_prefixes") or ()), key=len, reverse=True)
        ),
        change_suffixes=tuple(
            sorted((_fold(str(s)) for s in data.get("change_suffixes") or ()), key=len, reverse=True)
        ),
        terms_pattern=re.compile(alternation) if alternation else None,
        suffixes=tuple(
            sorted((_fold(str(s)) for s in data.get("ignored_suffixes") or ()), key=len, reverse=True)
        ),
        distinguishing=tuple(_fold(str(w)) for w in data.get("distinguishing_words") or ()),
    )


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    text = resources.files("planwatch").joinpath(*LEXICON_FILE).read_text(encoding="utf-8")
    return lexicon_from(yaml.safe_load(text) or {})


# -- names ------------------------------------------------------------------------------------------

_DECREASE = ("下降", "降低", "减少", "降幅", "下降率", "压减", "净减少", "降")
_UNIT_IN_NAME = re.compile(r"[(（][^()（）]{0,12}[)）]$")


@dataclass(frozen=True, slots=True)
class Name:
    written: str
    base: str  # scope words and change word removed, synonyms mapped
    change: str | None  # the change word (增长率, 涨幅, 降低 …), None for a level
    average: bool  # 年均
    synonym: str | None = None  # the written base when a synonym mapped it

    @property
    def decrease(self) -> bool:
        return self.change is not None and self.change.startswith(_DECREASE)


def analyse_name(written: str, lexicon: Lexicon, *, qualifier: str | None = None) -> Name:
    text = _fold(_UNIT_IN_NAME.sub("", written.strip()))
    stripped = True
    while stripped:  # 全年全市… : scope words come stacked
        stripped = False
        for prefix in lexicon.prefixes:
            if text.startswith(prefix) and len(text) > len(prefix) + 1:
                text, stripped = text[len(prefix) :], True
                break
    for suffix in lexicon.suffixes:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text[: -len(suffix)]
            break
    change: str | None = None
    for suffix in lexicon.change_suffixes:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            change, text = suffix, text[: -len(suffix)]
            break
    average = "年均" in written
    if change is None and qualifier:
        change = _change_of_qualifier(qualifier)
        average = average or "年均" in qualifier
    text = text.removesuffix("的")
    base, synonym = text, None
    if text in lexicon.synonyms:
        base = lexicon.synonyms[text]
    elif lexicon.terms_pattern is not None:
        base = lexicon.terms_pattern.sub(lambda m: lexicon.terms[m.group(0)], text)
        if base in lexicon.synonyms:
            base = lexicon.synonyms[base]
    if base != text:
        synonym = text
    return Name(written, base, change, average, synonym)


_LEVEL_MARK = re.compile(r"到|至|为|达|突破|覆盖")
_CHANGE_WORDS = (
    "增长",
    "上涨",
    "下降",
    "降低",
    "提高",
    "提升",
    "增加",
    "减少",
    "增产",
    "压减",
    "上升",
    "回落",
    "净减少",
    "增",
)


def _change_of_qualifier(qualifier: str) -> str | None:
    """The change word of a qualifier (增长, 下降 …) unless it states the level reached (提高到)."""
    if _LEVEL_MARK.search(qualifier):
        return None
    for word in _CHANGE_WORDS:
        if word in qualifier:
            return word
    return None


def subject_similarity(a: Name, b: Name, lexicon: Lexicon | None = None) -> tuple[float, str]:
    """How alike two names' bases are (0..1), and why, in Chinese. Names that are not the same must
    agree on the distinguishing words (人均, 农村, 单位 …) of the lexicon."""
    if not a.base or not b.base:
        return 0.0, ""
    if a.base == b.base:
        a_written, b_written = a.synonym or a.base, b.synonym or b.base
        if a_written == b_written:
            return 1.0, f"名称相同：“{a_written}”"
        return 0.95, f"同义词：“{b_written}”与“{a_written}”（词表标准写法“{a.base}”）"
    words = (lexicon or default_lexicon()).distinguishing
    if {w for w in words if w in a.base} != {w for w in words if w in b.base}:
        return 0.0, ""
    short, long = sorted((a.base, b.base), key=len)
    ratio = len(short) / len(long)
    if len(short) >= 3 and long.endswith(short):
        return 0.75 + 0.2 * ratio, f"名称包含：“{long}”以“{short}”结尾"
    if len(short) >= 4 and long.startswith(short):
        return 0.7 + 0.2 * ratio, f"名称包含：“{long}”以“{short}”开头"
    x, y = bigram_set(a.base), bigram_set(b.base)
    dice = 2 * len(x & y) / (len(x) + len(y))
    return dice, f"名称相近：“{b.base}”与“{a.base}”字符相似度 {dice:.2f}"


# -- units ------------------------------------------------------------------------------------------

PERCENT, POINTS = "%", "个百分点"
_RATE_WORDS = re.compile(r"(率|比重|比例|占比|强度|比率|系数)$")


def parse_unit(unit: str) -> tuple[str, float]:
    """(base, factor) by the units table: ``亿元`` → ("元", 1e8); ``万亿斤`` → ("千克", 5e11);
    unknown units → (unit, 1)."""
    return unit_table().measure(_fold(unit))


@dataclass(frozen=True, slots=True)
class Conversion:
    factor: float  # multiply the document's value by this to get the indicator's unit
    reason: str
    exact: bool  # the same unit, no conversion


def convert_unit(q_unit: str, ind_unit: str, ind_name: Name) -> Conversion | None:
    """How a figure in ``q_unit`` becomes a value in the indicator's unit, or None if it cannot."""
    q_base, q_factor = parse_unit(q_unit)
    i_base, i_factor = parse_unit(ind_unit)
    if q_base == i_base:
        if q_factor == i_factor:
            return Conversion(1.0, f"单位相同：{ind_unit or '无单位'}", True)
        return Conversion(q_factor / i_factor, f"单位换算：{q_unit} → {ind_unit}", False)
    # A rate's rise in percentage points is what a "% rise" indicator of that rate records; the
    # reverse (a % change of a rate) is a relative change and says nothing about points.
    if (
        q_base == POINTS
        and i_base == PERCENT
        and ind_name.change is not None
        and _RATE_WORDS.search(ind_name.base)
    ):
        return Conversion(1.0, "单位换算：个百分点即该比率的百分比变化", False)
    return None


# -- periods and targets ----------------------------------------------------------------------------

_YEAR = re.compile(r"^((?:19|20)\d\d)$")
_YEAR_RANGE = re.compile(r"^((?:19|20)\d\d)\s*[-—–~至到]\s*((?:19|20)\d\d)$")
_END_LEVEL = re.compile(r"到|至|达|突破|超过|为")
_FORWARD_TITLE = re.compile(r"工作报告|计划草案|预算草案|计划执行情况")
_TARGET_CUES = re.compile(r"预期目标|主要目标|目标|力争|争取|确保|预计|计划|拟")
_TARGET_QUALIFIERS = re.compile(r"左右|以上|以内|以下|不低于|不超过|不高于|力争|拟|控制在|上下")
_APPROXIMATE = re.compile(r"超过|近|多|约|以上|左右|余|突破|逾")


@dataclass(frozen=True, slots=True)
class Period:
    year: int
    weight: float  # explicit year 0.2, end of a multi-year review 0.12, taken from --year 0.08
    reason: str


def forward_year(title: str) -> int | None:
    """The year a forward-looking report (政府工作报告, 计划草案) sets targets for: its figures for this
    year and later are targets, not results. None for bulletins (统计公报) and other documents."""
    if not _FORWARD_TITLE.search(title):
        return None
    anchor = anchor_of(title)
    return anchor.year if anchor.kind == "report" else None


def period_of(q: Quantity, level: bool, year: int | None) -> Period | None:
    period = (q.period or "").strip()
    m = _YEAR.match(period)
    if m:
        return Period(int(m.group(1)), 0.2, f"年份：原文所述为 {m.group(1)} 年的数字")
    m = _YEAR_RANGE.match(period)
    if m:
        # A review of several years: only the level reached at its end is a figure for one year.
        if level and _END_LEVEL.search(q.text):
            end = int(m.group(2))
            return Period(end, 0.12, f"年份：{period} 期间达到的水平，记为期末 {end} 年")
        return None
    if year is not None and not period:
        return Period(year, 0.08, f"年份：原文未写年份，按指定的 {year} 年")
    return None


def is_target(q: Quantity, sentence_text: str, year: int, forward: int | None) -> bool:
    if forward is not None and year >= forward:
        return True
    qualifier = q.qualifier or ""
    if qualifier.startswith("拟") or "力争" in qualifier:
        return True
    return bool(_TARGET_QUALIFIERS.search(q.text) and _TARGET_CUES.search(sentence_text))


# -- the figure inside its sentence -----------------------------------------------------------------

_NUMBER_TOKEN = re.compile(
    r"[0-9０-９][0-9０-９,，.．]*|[〇零一二两三四五六七八九十百千]+(?:点[〇零一二三四五六七八九]+)?"
)


def figure_span(q: Quantity, text: str) -> tuple[int, int]:
    """[start, end) of the figure (number and unit) in the document text; the quantity's whole span
    when the number cannot be found in it."""
    phrase = text[q.start : q.end]
    best: tuple[int, int] | None = None
    for m in _NUMBER_TOKEN.finditer(phrase):
        token = _fold(m.group(0)).replace(",", "").replace("，", "")
        try:
            value: float | None = float(token)
        except ValueError:
            value = parse_cn_number(token)
        if value is None or abs(value - q.value) > 1e-9 * max(1.0, abs(q.value)):
            continue
        end = m.end()
        rest = _fold(phrase[end:])
        for piece in ("多", "余"):
            if rest.startswith(piece) and not _fold(q.unit).startswith(piece):
                end, rest = end + 1, rest[1:]
        if q.unit and rest.startswith(_fold(q.unit)):
            end += len(q.unit)
        best = (m.start(), end)
    if best is None:
        return q.start, q.end
    return q.start + best[0], q.start + best[1]


# -- matching ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Proposal:
    indicator: Indicator
    year: int
    value: float  # in the indicator's unit
    quantity: Quantity
    sentence_start: int  # the sentence's [start, end) in the document text
    sentence_end: int
    figure_start: int  # the figure's [start, end) in the document text
    figure_end: int
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Untracked:
    """A figure that looks like an indicator the plan does not track."""

    subject: str
    value: float
    unit: str
    year: int
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class MatchResult:
    proposals: tuple[Proposal, ...]
    missing: tuple[Indicator, ...]  # indicators the document has no figure for
    untracked: tuple[Untracked, ...]
    targets: int  # figures left out because they are targets
    figures: int  # quantities read from the document
    extra: Mapping[str, Any] = field(default_factory=dict)


_INDICATOR_LIKE = re.compile(
    r"(率|比重|比例|占比|强度|总值|总额|总量|产量|收入|投资|增加值|规模|余额|人数|就业|价格|里程|产值|"
    r"消费|进出口|出口|进口|利润|排放|能耗|浓度|寿命|年限|面积|容量|用户数|保有量|储备|额)$"
)
_UNTRACKED_BASES = {PERCENT, POINTS, "元", "美元", "人", "千克", "公里", "千瓦", "户", "千瓦时"}


_ELIDED_RATIO = re.compile(r"^(?:与|同)?(.{2,20}?)(之比|的比重|比重|的比例|比例)$")


def complete_ratio(subject: str, previous: Quantity | None) -> str:
    """``与国内生产总值之比`` after ``研发经费支出33278亿元`` in one sentence is the ratio of the
    earlier figure's subject to GDP: the numerator is left out in writing, so put it back."""
    m = _ELIDED_RATIO.match(subject)
    if previous is None or m is None or not previous.subject or subject.startswith(("占", previous.subject)):
        return subject
    if subject.startswith(("与", "同")) or m.group(2) == "之比":
        return f"{previous.subject}与{m.group(1)}之比"
    return subject


def _sign(ind: Name, q_name: Name) -> tuple[float, str | None]:
    if ind.change is None or q_name.change is None or ind.decrease == q_name.decrease:
        return 1.0, None
    return -1.0, f"原文为“{q_name.change}”，按指标方向记为负值"


def match(
    quantities: Sequence[Quantity],
    sentences: Sequence[Sentence],
    text: str,
    title: str,
    indicators: Iterable[Indicator],
    *,
    year: int | None = None,
    lexicon: Lexicon | None = None,
) -> MatchResult:
    """Propose a value for each indicator the document has a result for (best figure per indicator
    and year; each figure used once)."""
    lex = lexicon or default_lexicon()
    inds = [(ind, analyse_name(ind.name, lex)) for ind in indicators if not ind.sample]
    by_sentence = {s.id: s for s in sentences}
    forward = forward_year(title)
    candidates: list[tuple[float, int, int, Proposal]] = []
    usable: list[tuple[int, Quantity, Name, Period]] = []
    targets = 0
    previous: Quantity | None = None
    for qi, q in enumerate(quantities):
        sentence = by_sentence.get(q.sentence or "")
        s_start, s_end = (sentence.start, sentence.end) if sentence else (q.start, q.end)
        same_sentence = previous is not None and previous.sentence == q.sentence
        q_name = analyse_name(
            complete_ratio(q.subject, previous if same_sentence else None), lex, qualifier=q.qualifier
        )
        previous = q
        period = period_of(q, q_name.change is None and not q_name.average, year)
        if period is None:
            continue
        if is_target(q, text[s_start:s_end], period.year, forward):
            targets += 1
            continue
        if year is not None and period.year != year:
            continue
        usable.append((qi, q, q_name, period))
        f_start, f_end = figure_span(q, text)
        for ii, (ind, i_name) in enumerate(inds):
            if (i_name.change is None) != (q_name.change is None) or i_name.average != q_name.average:
                continue
            similarity, why = subject_similarity(i_name, q_name, lex)
            if similarity < MIN_SUBJECT_SIMILARITY:
                continue
            conversion = convert_unit(q.unit, ind.unit, i_name)
            if conversion is None:
                continue
            sign, sign_reason = _sign(i_name, q_name)
            value = round(sign * q.value * conversion.factor, 10)
            approximate = bool(q.qualifier and _APPROXIMATE.search(q.qualifier))
            score = (
                0.55 * similarity
                + (0.15 if conversion.exact else 0.12)
                + period.weight
                + (0.05 if approximate else 0.1)
            )
            reasons = [why, conversion.reason, period.reason]
            if i_name.change is not None:
                reasons.append(f"变化类数字（{q_name.change}）对应变化类指标")
            if sign_reason:
                reasons.append(sign_reason)
            if approximate:
                reasons.append(f"原文带限定词“{q.qualifier}”，取所写数值")
            proposal = Proposal(
                ind,
                period.year,
                value,
                q,
                s_start,
                s_end,
                f_start,
                f_end,
                round(min(score, 1.0), 3),
                tuple(r for r in reasons if r),
            )
            candidates.append((proposal.score, qi, ii, proposal))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_q: set[int] = set()
    used_slot: set[tuple[int, int]] = set()
    chosen: list[Proposal] = []
    for _score, qi, _ii, p in candidates:
        slot = (p.indicator.id, p.year)
        if qi in used_q or slot in used_slot:
            continue
        used_q.add(qi)
        used_slot.add(slot)
        chosen.append(p)
    chosen.sort(key=lambda p: (p.quantity.start, p.indicator.id))
    proposed = {p.indicator.id for p in chosen}
    missing = tuple(ind for ind, _ in inds if ind.id not in proposed)
    return MatchResult(
        proposals=tuple(chosen),
        missing=missing,
        untracked=_untracked(usable, used_q, {name.base for _, name in inds}),
        targets=targets,
        figures=len(quantities),
    )


def _untracked(
    usable: Sequence[tuple[int, Quantity, Name, Period]], used: set[int], tracked: set[str]
) -> tuple[Untracked, ...]:
    """Figures for one stated year, of an indicator-like subject the plan has no indicator for."""
    seen: set[tuple[str, str | None, int]] = set()
    found: list[Untracked] = []
    for qi, q, name, period in usable:
        if qi in used or len(name.base) < 2 or period.weight < 0.2 or name.base in tracked:
            continue
        base, _ = parse_unit(q.unit)
        if base not in _UNTRACKED_BASES or not _INDICATOR_LIKE.search(name.base):
            continue
        key = (name.base, name.change, period.year)
        if key in seen:
            continue
        seen.add(key)
        found.append(Untracked(q.subject, q.value, q.unit, period.year, q.text, q.start, q.end))
    return tuple(found)


def _number(value: float) -> str:
    return f"{value:.10g}"
