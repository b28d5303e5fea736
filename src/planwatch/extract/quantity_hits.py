"""Number shapes in plan text: where a number may start, and what one matched number reads as
(value, range, unit, multiplier, 多/余, a following post-qualifier), or why it is no amount
(ranks, dates, ordinals, names of rates, classes of equipment). The judgement of the number in
its sentence is ``quantities``' work.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import rjieba

from planwatch.extract import quantity_rules as R
from planwatch.extract.numbers_zh import cn_amount, is_digit_run_year, parse_number

_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


@dataclass(slots=True)
class Hit:
    """One number shape and what the text right around it says."""

    start: int
    end: int  # after unit and post-qualifier
    value: float
    value_max: float | None
    unit: str | None
    mult: str | None
    post: str | None = None
    more: str | None = None  # 多 or 余 as printed
    ordinal: bool = False  # 第N次 + achievement verb
    count_verb: bool = False  # N次 + action verb (两次降低…)
    needs_verb: bool = False  # only a measurement after a quantity verb
    range_sep: str | None = None
    from_target: bool = False  # a 从A提高到B start, kept for its target
    unit_tail: str = ""  # the bracketed other counters of 条（个）, kept for the printed unit only


def read_hit(match: re.Match[str], folded: str) -> Hit | None:
    """The number ``match`` found in ``folded`` with its unit and the words right after it, or None
    when the text around it shows it is no amount."""
    start = match.start()
    before = folded[start - 1] if start > 0 else ""
    if _rank_or_denominator(match, folded, before):
        return None
    hit = _read_shape(match, folded)
    if hit is None:
        return None
    if hit.unit is not None:
        _read_unit_tail(hit, folded)
    if _no_amount_after(hit, folded):
        return None
    if not _read_count_verb(hit, folded, before):
        return None
    if hit.unit == "岁":
        hit.needs_verb = True
    _read_after(hit, folded)
    return hit


def _rank_or_denominator(match: re.Match[str], folded: str, before: str) -> bool:
    start = match.start()
    if R.RANK_BEFORE.search(folded, max(0, start - 8), start) and match.group("u1") in R.RANK_UNITS:
        # 居全国前10位: a rank is an ordinal, not an amount.
        return True
    # 每10万人刑事案件数: a denominator inside the name of a rate, not an amount.
    return before in _ASCII_LETTERS or before == "+" or before == "每"


def _read_shape(match: re.Match[str], folded: str) -> Hit | None:
    """Value, range, unit and multiplier of whichever alternative of ``R.NUMBER`` matched."""
    g = match.group
    if g("pn1") is not None:
        return _percent_shape(match)
    if g("n1") is not None:
        return _digit_shape(match)
    if g("b1") is not None:
        if not _word_starts_at(folded, match.start()):
            return None
        return _numeral_shape(match, g("b1"), g("bu"), g("bmore"))
    if g("z1") is not None:
        return _numeral_shape(match, g("z1"), g("zu"), None)
    return _counted_numeral_shape(match)


def _percent_shape(match: re.Match[str]) -> Hit | None:
    """百分之五 / 百分之五到百分之六."""
    g = match.group
    value = parse_number(g("pn1"))
    if value is None:
        return None
    hit = Hit(match.start(), match.end(), value, None, "%", None)
    if g("pn2") is not None:
        hit.value_max = parse_number(g("pn2"))
        hit.range_sep = g("psep")
    return hit


def _digit_shape(match: re.Match[str]) -> Hit | None:
    """Arabic figures, a range of them (5%—6%) included; a four-digit year is no amount."""
    g = match.group
    n1 = g("n1")
    value = parse_number(n1)
    hit = Hit(match.start(), match.end(), 0.0, None, g("u1"), g("m1"), more=g("more1") or g("more1b"))
    if g("n2") is not None:
        if hit.unit is not None and hit.unit != g("u2"):
            # Two differently measured numbers are not a range; keep the first alone.
            hit.end = match.end("u1")
        else:
            hit.value_max = parse_number(g("n2"))
            hit.range_sep = g("sep")
            hit.unit = g("u2")
            hit.mult = hit.mult or g("m2")
            hit.more = hit.more or g("more2") or g("more2b")
            if is_digit_run_year(g("n2")) and hit.unit == "年":
                return None
    if (hit.unit == "年" and is_digit_run_year(n1)) or value is None:
        return None
    hit.value = value
    return hit


def _numeral_shape(match: re.Match[str], numeral: str, unit: str | None, more: str | None) -> Hit | None:
    """A Chinese numeral with its multiplier (一万三千亿)."""
    amount = cn_amount(numeral)
    if amount is None:
        return None
    value, mult = amount
    return Hit(match.start(), match.end(), value, None, unit, mult, more=more)


def _counted_numeral_shape(match: re.Match[str]) -> Hit | None:
    """A Chinese numeral before a counter: an amount only after a quantity verb."""
    g = match.group
    c1 = g("c1")
    value = parse_number(c1)
    unit = g("cu")
    if (unit == "年" and is_digit_run_year(c1)) or value is None:
        return None
    return Hit(match.start(), match.end(), value, None, unit, g("cm"), more=g("cmore"), needs_verb=True)


def _read_unit_tail(hit: Hit, folded: str) -> None:
    """The bracketed other counters (条（个）) and a per-unit (元/吨) after the unit."""
    alt = R.ALT_UNIT.match(folded, hit.end)
    if alt:
        hit.unit_tail = alt.group()
        hit.end = alt.end()
    per = R.PER_UNIT.match(folded, hit.end)
    if per:
        hit.unit = f"{hit.unit}{per.group()}"
        hit.end = per.end()


def _no_amount_after(hit: Hit, folded: str) -> bool:
    """Does the character after the unit make the number a name, a class or an anniversary?"""
    unit, end = hit.unit, hit.end
    after = folded[end : end + 1]
    if after == "级":
        # 25兆瓦级, 万吨级: a class of equipment or facility, not an amount.
        return True
    if unit is None and hit.mult is None and (after in _ASCII_LETTERS or after == "+"):
        return True
    if unit == "周年":
        return True
    return unit == "年" and (
        bool(after and after in R.YEAR_ADVERBIAL_NEXT) or R.PROGRAM_AFTER_YEAR.match(folded, end) is not None
    )


def _read_count_verb(hit: Hit, folded: str, before: str) -> bool:
    """第N次 / N次 before an action verb: an achievement or a count of actions, not needing a
    quantity verb. False when 第 makes the number an ordinal of anything else."""
    counts = hit.unit == "次" and R.COUNT_VERB.match(folded, hit.end) is not None
    if before == "第":
        if not counts:
            return False
        hit.ordinal = True
        hit.needs_verb = False
    elif counts:
        hit.count_verb = True
        hit.needs_verb = False
    return True


def _read_after(hit: Hit, folded: str) -> None:
    """多/余 after a multiple (增长2倍多) and a post-qualifier (以上, 左右)."""
    end = hit.end
    if hit.unit == "倍" and hit.more is None and folded[end : end + 1] in ("多", "余"):
        hit.more = folded[end]
        hit.end = end + 1
    pm = R.POST_QUALIFIER.match(folded, hit.end)
    if pm:
        hit.post = pm.group()
        hit.end = pm.end()


def _word_starts_at(folded: str, start: int) -> bool:
    """Does a word begin at ``start``? 统一万吨级 holds 一万 but the 一 belongs to 统一."""
    if start == 0 or not R.CJK.match(folded, start - 1):
        return True
    lo = max(0, start - 3)
    pos = lo
    for word in rjieba.cut(folded[lo : start + 3]):
        if pos == start:
            return True
        pos += len(word)
        if pos > start:
            return False
    return True


def _find_all(folded: str, needle: str) -> list[int]:
    out: list[int] = []
    find = folded.find
    p = find(needle)
    while p != -1:
        out.append(p)
        p = find(needle, p + 1)
    return out


def number_starts(folded: str) -> list[int]:
    """Offsets where a number may begin, in order.

    Found with ``str.find`` per digit and per unit character rather than one regex scan: on CJK
    text the regex engine tests every character against a class, which costs several times more
    than the C search for one character, and numbers are sparse.
    """
    starts: set[int] = set()
    for digit in "0123456789":
        for p in _find_all(folded, digit):
            before = folded[p - 1] if p else ""
            if before.isdigit() or (before == "." and p >= 2 and folded[p - 2].isdigit()):
                continue
            if before == "," and p >= 2 and folded[p - 2].isdigit() and _thousands_group(folded, p):
                continue
            starts.add(p)
    starts.update(_find_all(folded, "百分之"))
    numeral = R.CN_NUMERAL_SET
    glue = R.CN_GLUE_SET
    for unit_char in R.CN_UNIT_LAST_CHARS:
        for u in _find_all(folded, unit_char):
            # Step back over 个/多/万 and the numeral itself: a few characters, never a text scan.
            p = u
            while p > 0 and folded[p - 1] in glue and u - p < 4:
                p -= 1
            q = p
            while q > 0 and folded[q - 1] in numeral and p - q < 12:
                q -= 1
            if q < p:
                starts.add(q)
            elif folded[p - 1 : p] in R.ROUND_BEFORE:
                # 超千亿元 / 超万列: a round amount without its 一.
                starts.add(p)
    return sorted(starts)


def _thousands_group(folded: str, p: int) -> bool:
    """Do the digits at ``p`` after a comma form a thousands group (1,234) rather than a new
    number after a clause comma (第4，21个)?"""
    return folded[p : p + 3].isdigit() and not folded[p + 3 : p + 4].isdigit()


def scaled(value: float, factor: float) -> float:
    # 100.86 × 10⁴ is 1008599.9999999999 in binary floating point; round to the digits printed.
    return round(value * factor, 6)


__all__: Sequence[str] = ("Hit", "number_starts", "read_hit", "scaled")
