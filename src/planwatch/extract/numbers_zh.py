"""Numbers as Chinese documents print them: Arabic (already folded to half-width), Chinese numerals
(三十, 一百零五, 二〇三〇), and the 万/亿 multipliers.

Builds on ``outline.numerals`` (digits and sections below 万) with what quantities need beyond
outline labels: decimals, digit-by-digit years and the 万/亿 multipliers.
"""

from __future__ import annotations

from planwatch.model.units import unit_table
from planwatch.outline.numerals import CN_DIGITS, cn_to_int

_CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}

# what a multiplier printed before a unit multiplies by (data/units.yaml)
MULTIPLIERS: dict[str, float] = dict(unit_table().multipliers)


def _cn_section(text: str) -> int | None:
    """A numeral below 万: ``"三十"`` → 30, ``"一百零五"`` → 105, ``"十"`` → 10 (Chinese only)."""
    return None if text.isdigit() else cn_to_int(text)


def cn_integer(text: str) -> int | None:
    """A Chinese integer numeral, or None.

    A run of bare digits without 十/百/千 (``二〇三〇``, ``一二九``) is read digit by digit, the way
    years and house numbers are printed; otherwise positional units apply, with 万/亿 sections
    split at the last 亿 and then the last 万, so that a section may itself hold the smaller
    multiplier (一万三千亿 → 13000 × 10⁸, 一亿两千万 → 1 × 10⁸ + 2000 × 10⁴).
    """
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if len(text) > 1 and all(ch in CN_DIGITS for ch in text):
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    return _positional(text)


def _positional(text: str) -> int | None:
    for big in ("亿", "万"):
        head, sep, rest = text.rpartition(big)
        if not sep:
            continue
        high = _positional(head) if head else 1
        if high is None:
            return None
        if not rest:
            return high * _CN_BIG_UNITS[big]
        # 一亿零五百万: 零 marks a gap inside the lower section, it adds nothing.
        low = _positional(rest.lstrip("零〇")) if rest.strip("零〇") else 0
        if low is None:
            return None
        return high * _CN_BIG_UNITS[big] + low
    return _cn_section(text)


def cn_amount(numeral: str) -> tuple[float, str | None] | None:
    """A Chinese numeral as value and the multiplier printed right before the unit, the way Arabic
    figures keep it (2350万人, 1万亿元, 13000亿斤): ``"二千三百五十万"`` → (2350, ``"万"``),
    ``"一亿两千万"`` → (12000, ``"万"``), ``"一万三千亿"`` → (13000, ``"亿"``), ``"一万亿"`` → (1, ``"万亿"``)."""
    total = cn_integer(numeral)
    if total is None:
        return None
    for mult in ("万亿", "亿", "万"):
        if numeral.endswith(mult):
            if mult != "万亿" and numeral[: -len(mult)].endswith("万"):
                continue
            return total / MULTIPLIERS[mult], mult
    return float(total), None


def parse_number(text: str) -> float | None:
    """``"2,825"`` → 2825.0, ``"3.2"`` → 3.2, ``"三十"`` → 30.0, ``"三点五"`` → 3.5; None otherwise."""
    if not text:
        return None
    if text[0].isdigit():
        try:
            return float(text.replace(",", ""))
        except ValueError:
            return None
    whole, sep, frac = text.partition("点")
    value = cn_integer(whole)
    if value is None:
        return None
    if not sep:
        return float(value)
    if not frac or any(ch not in CN_DIGITS for ch in frac):
        return None
    return float(f"{value}.{''.join(str(CN_DIGITS[ch]) for ch in frac)}")


def is_digit_run_year(text: str) -> bool:
    """Four numeral digits with no positional unit: a year as printed (``2030``, ``二〇三〇``)."""
    if len(text) != 4:
        return False
    if text.isdigit():
        return 1000 <= int(text) <= 2999
    return all(ch in CN_DIGITS for ch in text)
