"""Which extracted quantities set a target, and the name a 主要指标表 gives the indicator.

A plan's indicators are what it aims at, not what it has done. A quantity is a *target* when its
period is the plan's own (a year from the plan's first year on, or no period); one of an earlier
year (a work report's review of last year) or of an earlier plan period (十四五 results such as
“9年”, “7次”) is a *past result*: at most a baseline, never an indicator by itself. A change against
last year (比上年增加1800亿元) is no level to aim at either.

Names follow the table: a growth or fall in percent carries its verb (国内生产总值增长, 单位国内生产
总值能耗降低), and the words that only say it is a target are dropped (经济增长预期目标 → 经济增长).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from planwatch.model import Quantity
from planwatch.model.units import RATE_FAMILIES, unit_table

_YEAR = re.compile(r"(?:19|20)\d\d")
# the verb between a subject and its percentage that makes it a rate of change
_RATE_VERB = re.compile(r"^(?:的)?(?:年均|平均|实际)?(增长|增速|下降|降低|减少|提高|上涨|涨幅)")
_STEP_QUALIFIERS = frozenset({"提高", "增加", "延长", "再延长", "减少", "降低", "下调", "上调"})
# a subject that is a clause, not a measure: 先发行, 启动第二轮土地承包到期后, 国家关于土地承包期
CLAUSE_SUBJECT = re.compile(r"^(?:先|再|拟|将|启动|国家关于)|关于|后$")
_TARGET_WORDS = re.compile(r"(?:的)?(?:预期目标|主要目标|目标值|目标|预期)$")


def _is_rate(unit: str) -> bool:
    """A rate: a unit of the percent or permille family of ``data/units.yaml`` (%, 个百分点, ‰)."""
    found = unit_table().get(unit)
    return found is not None and found.family in RATE_FAMILIES


def is_past(q: Quantity, first_year: int | None) -> bool:
    """A value reached before the plan's first year or in an earlier plan period."""
    period = q.period
    if period is None:
        return False
    if _YEAR.fullmatch(period):
        return first_year is not None and int(period) < first_year
    if re.fullmatch(r"(?:19|20)\d\d\s*-\s*(?:19|20)\d\d", period):
        return first_year is not None and int(period[-4:]) < first_year
    return True  # a plan label (十四五): a past period's result or flow


def target_quantities(qs: Sequence[Quantity], first_year: int | None) -> list[Quantity]:
    """The quantities of one subject that set a target: the plan's own period, a level or a rate,
    not a change against an earlier year nor a step up by an amount (补助标准提高30元)."""
    return [
        q
        for q in qs
        if not is_past(q, first_year)
        and q.compared_to is None
        and (_is_rate(q.unit) or (q.qualifier or "") not in _STEP_QUALIFIERS)
    ]


def indicator_name(q: Quantity, text: str) -> str:
    """The name a 主要指标表 would give the indicator ``q`` measures; ``text`` is Document.text."""
    name = re.sub(r"\s+", "", q.subject or q.text)
    if _is_rate(q.unit):
        said = text[q.start : q.end]
        at = said.find(q.subject) if q.subject else -1
        after = said[at + len(q.subject) :] if at >= 0 else ""
        verb = _RATE_VERB.match(after)
        if verb and not name.endswith(verb.group(1)):
            name += verb.group(1)
    stripped = _TARGET_WORDS.sub("", name)
    return stripped if len(stripped) >= 2 else name


def same_aim(a: Quantity, b: Quantity) -> bool:
    """Two growth targets stated twice in one part (国内生产总值增长5%左右 … 经济增长预期目标为5%左右)."""
    return (
        a.node == b.node
        and a.unit == b.unit
        and _is_rate(a.unit)
        and a.value == b.value
        and a.value_max == b.value_max
        and (a.qualifier or "") == (b.qualifier or "")
    )


def latest_past(qs: Sequence[Quantity]) -> list[Quantity]:
    """The past values of the latest year among ``qs`` (a review's last year before its five)."""
    years = [int(q.period) for q in qs if q.period and _YEAR.fullmatch(q.period)]
    if not years:
        return []
    return [q for q in qs if q.period == str(max(years))]
