"""Units of measure: ``data/units.yaml`` read and checked once, for every layer.

The extractor reads units in text in the table's order (``read_patterns``), matching indicator data
converts figures through a common base (``measure``: 亿元 → (元, 1e8)), and the indicator status
treats the percent family as percentages (``is_percent``). A wrong table is refused with its file
and line, when it is first used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from importlib import resources

import yaml

from planwatch.model.errors import InputError
from planwatch.model.yaml_read import NodeReader

SHIPPED = ("data", "units.yaml")
SHIPPED_NAME = "units.yaml"
_TOP_KEYS = ("families", "multipliers", "units")
_UNIT_KEYS = ("unit", "family", "base", "factor", "aliases", "not_before", "read")
_HINT = "请按 units.yaml 开头的格式说明修改后重试。"
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]次?$")
_FRACTION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*")

PERCENT_FAMILY = "percent"
RATE_FAMILIES = frozenset((PERCENT_FAMILY, "permille"))


@dataclass(frozen=True, slots=True)
class Unit:
    unit: str  # as printed
    family: str  # what kind of measure (money, area, percent …)
    base: str  # the unit it converts to; itself when it is a base
    factor: float  # how many of ``base`` one of it is
    aliases: tuple[str, ...] = ()
    not_before: str = ""  # a regex character class's inside: what may not follow it in text
    read: bool = True  # the extractor reads it in text
    line: int = 0  # where the table defines it


@dataclass(frozen=True)
class UnitTable:
    families: tuple[str, ...]
    multipliers: tuple[tuple[str, float], ...]  # longest first: 万亿 before 万
    units: tuple[Unit, ...]  # in the extractor's order
    _by_spelling: dict[str, Unit] = field(init=False, repr=False, compare=False)
    _by_family: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # lookups the hot paths make per figure and per indicator, built once
        by_spelling = {s: u for u in self.units for s in (u.unit, *u.aliases)}
        by_family: dict[str, tuple[str, ...]] = {}
        for u in self.units:
            by_family[u.family] = (*by_family.get(u.family, ()), u.unit, *u.aliases)
        object.__setattr__(self, "_by_spelling", by_spelling)
        object.__setattr__(self, "_by_family", by_family)

    def get(self, spelling: str) -> Unit | None:
        """The unit written ``spelling`` (its name or an alias), without a multiplier."""
        return self._by_spelling.get(spelling)

    def read_patterns(self) -> tuple[str, ...]:
        """One regex per unit the extractor reads in text, in the table's order."""
        return tuple(
            re.escape(u.unit) + (f"(?![{u.not_before}])" if u.not_before else "")
            for u in self.units
            if u.read
        )

    def split(self, unit: str) -> tuple[float, Unit | None]:
        """A written unit as (multiplier, unit): ``亿元`` → (1e8, 元); ``万`` → (1e4, None);
        (1, None) when it is no unit of the table."""
        found = self.get(unit)
        if found is not None:
            return 1.0, found
        for prefix, factor in self.multipliers:
            if unit.startswith(prefix):
                rest = unit[len(prefix) :]
                if not rest:
                    return factor, None
                inner = self.get(rest)
                if inner is not None:
                    return factor, inner
        return 1.0, None

    def measure(self, unit: str) -> tuple[str, float]:
        """(base, factor): ``亿元`` → ("元", 1e8); ``万亿斤`` → ("千克", 5e11); ``万`` → ("", 1e4);
        a unit the table does not know is its own base: ``万台套`` → ("万台套", 1)."""
        multiplier, found = self.split(unit)
        if found is None:
            return ("", multiplier) if multiplier != 1.0 else (unit, 1.0)
        return found.base, multiplier * found.factor

    def family_of(self, unit: str) -> str | None:
        """The family of a unit as an extractor prints it: multiplier, then the unit, then perhaps
        a divisor (万元/人) or the other counters in brackets (条（个）, 辆（艘、架、列）次)."""
        numerator = unit.split("/", 1)[0]
        for head in (unit, _BRACKETED.sub("", unit), numerator, _BRACKETED.sub("", numerator)):
            _, found = self.split(head)
            if found is not None:
                return found.family
        return None

    def spellings(self, family: str) -> tuple[str, ...]:
        """Every way a unit of ``family`` is written: names and aliases, in the table's order."""
        return self._by_family.get(family, ())

    def is_percent(self, unit: str) -> bool:
        """Whether an indicator's unit, as a person typed it (%, 个百分点, 百分比 …), is in percent."""
        return any(s in unit for s in self.spellings(PERCENT_FAMILY))


@cache
def unit_table() -> UnitTable:
    """The shipped table, read once."""
    text = resources.files("planwatch").joinpath(*SHIPPED).read_text(encoding="utf-8")
    return parse_units(text, SHIPPED_NAME)


def parse_units(text: str, source: str) -> UnitTable:
    """A units table from its YAML ``text``; ``source`` names it in error messages."""
    r = NodeReader(source, _HINT)
    root = r.compose(text)
    if root is None:
        raise InputError("单位表为空。", where=source, hint=_HINT)
    top = r.mapping(root, _TOP_KEYS, "单位表")
    r.require(root, top, _TOP_KEYS)
    families = tuple(r.string(n, "families 的一项") for n in r.items(top["families"], "families"))
    multipliers = _multipliers(r, top["multipliers"])
    units: list[Unit] = []
    seen: dict[str, int] = {}
    for node in r.items(top["units"], "units"):
        unit = _unit(r, node, families)
        for spelling in (unit.unit, *unit.aliases):
            if spelling in seen:
                raise r.fail(node, f"单位“{spelling}”重复（第{seen[spelling]}行已有）。")
            seen[spelling] = unit.line
        units.append(unit)
    by_name = {u.unit: u for u in units}
    for u in units:
        base = by_name.get(u.base)
        if base is None:
            raise r.fail(u.line, f"单位“{u.unit}”的换算基准“{u.base}”不在单位表中。")
        if base.base != base.unit:
            raise r.fail(
                u.line, f"单位“{u.unit}”的换算基准“{u.base}”本身不是基准单位（它换算为“{base.base}”）。"
            )
        if base.family != u.family:
            raise r.fail(
                u.line, f"单位“{u.unit}”（{u.family}）与其换算基准“{u.base}”（{base.family}）类别不同。"
            )
    return UnitTable(families, multipliers, tuple(units))


def _multipliers(r: NodeReader, node: yaml.Node) -> tuple[tuple[str, float], ...]:
    if not isinstance(node, yaml.MappingNode):
        raise r.fail(node, "multipliers 应为“倍数词: 数值”形式的映射。")
    out: dict[str, float] = {}
    for key, value in node.value:
        word = r.string(key, "倍数词")
        out[word] = _number(r, value, f"倍数词“{word}”的数值")
    return tuple(sorted(out.items(), key=lambda kv: len(kv[0]), reverse=True))


def _unit(r: NodeReader, node: yaml.Node, families: tuple[str, ...]) -> Unit:
    f = r.mapping(node, _UNIT_KEYS, "units 的一项")
    r.require(node, f, ("unit", "family"))
    unit = r.string(f["unit"], "unit")
    family = r.string(f["family"], "family")
    if family not in families:
        raise r.fail(
            f["family"], f"单位“{unit}”的类别“{family}”不在 families 中（可用：{'、'.join(families)}）。"
        )
    if "factor" in f and "base" not in f:
        raise r.fail(f["factor"], f"单位“{unit}”写了 factor 而没有 base：换算系数须指明换算成哪个单位。")
    base = r.string(f["base"], "base") if "base" in f else unit
    factor = _number(r, f["factor"], f"单位“{unit}”的 factor") if "factor" in f else 1.0
    aliases = (
        tuple(r.string(a, "aliases 的一项") for a in r.items(f["aliases"], "aliases"))
        if "aliases" in f
        else ()
    )
    not_before = r.string(f["not_before"], "not_before") if "not_before" in f else ""
    if not_before:
        try:
            re.compile(f"[{not_before}]")
        except re.error as exc:
            raise r.fail(
                f["not_before"], f"单位“{unit}”的 not_before“{not_before}”不是有效的字符类：{exc}。"
            ) from exc
    read = r.flag(f["read"], "read") if "read" in f else True
    return Unit(unit, family, base, factor, aliases, not_before, read, r.line(node))


def _number(r: NodeReader, node: yaml.Node, what: str) -> float:
    """A positive number, or a fraction written ``a/b`` (亩 is 10000/15 平方米)."""
    text = r.scalar(node, what)
    fraction = _FRACTION.fullmatch(text)
    try:
        value = float(Fraction(fraction.group(1)) / Fraction(fraction.group(2))) if fraction else float(text)
    except (ValueError, ZeroDivisionError):
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise r.fail(node, f"{what}“{text}”应为正数或分数（如 10000/15）。")
    return value
