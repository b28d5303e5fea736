"""Targets a 主要指标表 writes without a number of their own, and the indicator they refer to.

* Relative targets compare the indicator with another one or with a named figure:
  ``高于地区生产总值增长``, ``不低于经济增速``, ``与经济增长同步``, ``与经济增长基本同步``, or a bare
  ``基本同步`` in the row of an income indicator (the reference is then 经济增长, as in every
  national and provincial table that writes it so).
* Assigned targets are set by the level above and not printed: ``完成省下达任务``,
  ``完成国家下达目标``, ``达到省考核要求``.

Pure functions; the reference is resolved against the plan's indicators when a status is computed,
so an indicator added after the table still serves as the reference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from planwatch.model import Indicator
from planwatch.model.monitoring import Relation

# A figure the tables name instead of an indicator, and the indicator names that measure it.
NAMED_FIGURES: dict[str, tuple[str, ...]] = {
    "经济增长": (
        "地区生产总值增长",
        "地区生产总值增速",
        "国内生产总值增长",
        "国内生产总值增速",
        "生产总值增长",
        "GDP增长",
        "GDP增速",
        "经济增长",
        "经济增速",
    ),
    "劳动生产率增长": ("全员劳动生产率增长", "劳动生产率增长"),
}
_ALIAS = {alias: figure for figure, aliases in NAMED_FIGURES.items() for alias in aliases}
DEFAULT_REFERENCE = "经济增长"

# (words, relation); longer words first so 不低于 wins over 低于.
_COMPARATIVES: tuple[tuple[tuple[str, ...], Relation], ...] = (
    (("不低于", "不慢于", "不少于", "不小于"), "not_below"),
    (("不高于", "不超过", "不快于", "不大于"), "not_above"),
    (("略高于", "高于", "快于", "超过", "大于", "好于", "优于"), "above"),
    (("低于", "慢于", "小于"), "below"),
)
_IN_STEP = re.compile(
    r"^(?:与|和|同|跟)?(?P<ref>.*?)(?P<roughly>基本|大体|总体)?(?:保持)?同步(?:增长|提高|提升)?$"
)
_ASSIGNED = re.compile(
    r"(?:完成|达到|落实|控制在|不超过|满足)(?:国家|省|省级|自治区|市|上级|上级政府)?"
    r"(?:下达|下发|分解|确定|规定|考核)(?:的)?(?:任务|目标|指标|要求)"
)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class WordTarget:
    """A target cell that is words, not a number: ``kind`` is ``relative`` or ``assigned``."""

    kind: Literal["relative", "assigned"]
    text: str  # as written, spaces removed
    relation: Relation | None = None
    relation_to: str | None = None


def parse_word_target(text: str | None) -> WordTarget | None:
    """A relative or assigned target cell, or None when the cell is neither."""
    if not text:
        return None
    t = _SPACES.sub("", text).strip("。；;，,")
    if not t or (re.search(r"\d", t) and not _ASSIGNED.search(t)):
        return None
    if _ASSIGNED.search(t):
        return WordTarget("assigned", t)
    step = _IN_STEP.match(t)
    if step:
        ref = _clean_reference(step.group("ref")) or DEFAULT_REFERENCE
        relation: Relation = "roughly_in_step" if step.group("roughly") else "in_step"
        return WordTarget("relative", t, relation, ref)
    for words, relation in _COMPARATIVES:
        for word in words:
            if t.startswith(word):
                ref = _clean_reference(t[len(word) :])
                if ref:
                    return WordTarget("relative", t, relation, ref)
    return None


def _clean_reference(text: str) -> str:
    # 高于同期地区生产总值增长: the period is the row's own, only the figure names the reference
    return re.sub(r"^(?:同期|当年|同年)", "", text.strip("的")).strip("的")


def _key(name: str) -> str:
    """A name compared: spaces, the unit in brackets and a trailing 率/速度/幅度 removed."""
    n = _SPACES.sub("", name)
    n = re.sub(r"[(（][^()（）]*[)）]$", "", n)
    return re.sub(r"(?:速度|幅度|率)$", "", n).upper()


def resolve_reference(indicator: Indicator, indicators: Iterable[Indicator]) -> Indicator | None:
    """The indicator a relative target refers to, among ``indicators`` (the plan's), or None.

    An exact name first (ignoring the unit in brackets and 率/速度), then the indicators measuring the
    same named figure (经济增长 → 地区生产总值增长), then the one indicator whose name contains the
    reference (or is contained in it). Never the indicator itself.
    """
    ref = indicator.relation_to
    if not ref:
        return None
    others = [i for i in indicators if i.id != indicator.id and i.name != indicator.name]
    wanted = _key(ref)
    exact = [i for i in others if _key(i.name) == wanted]
    if exact:
        return exact[0]
    figure = _ALIAS.get(wanted) or (wanted if wanted in NAMED_FIGURES else None)
    if figure is not None:
        aliases = {_key(a) for a in NAMED_FIGURES[figure]}
        for alias in NAMED_FIGURES[figure]:  # in the order of preference
            found = [i for i in others if _key(i.name) == _key(alias)]
            if found:
                return found[0]
        near = [i for i in others if any(a in _key(i.name) for a in aliases)]
        if len(near) == 1:
            return near[0]
    if len(wanted) >= 4:
        near = [
            i for i in others if wanted in _key(i.name) or (len(_key(i.name)) >= 4 and _key(i.name) in wanted)
        ]
        if len(near) == 1:
            return near[0]
    return None


def reference_hint(indicator: Indicator) -> str:
    """How to give a relative target something to compare with (for an explanation)."""
    ref = indicator.relation_to or DEFAULT_REFERENCE
    figure = _ALIAS.get(_key(ref))
    names = [f"“{ref}”"]
    if figure is not None:
        names.append(f"“{NAMED_FIGURES[figure][0]}”")
    return f"请新增名为{'或'.join(dict.fromkeys(names))}的指标并录入其各年数值"
