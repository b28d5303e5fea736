"""Numbers as Chinese documents print them: Arabic (already folded to half-width), Chinese numerals
(三十, 一百零五, 二〇三〇), and the 万/亿 multipliers.

Builds on ``outline.numerals`` (digits and sections below 万) with what quantities need beyond
outline labels: decimals, digit-by-digit years and the 万/亿 multipliers.
"""

from __future__ import annotations

from planwatch.outline.numerals import CN_DIGITS, cn_to_int

_CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}

MULTIPLIERS: dict[str, float] = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}


def _cn_section(text: str) -> int | None:
    """A numeral below 万: ``"三十"`` → 30, ``"一百零五"`` → 105, ``"十"`` → 10 (Chinese only)."""
    return None if text.isdigit() else cn_to_int(text)


def cn_integer(text: str) -> int | None:
    """A Chinese integer numeral, or None.

    A run of bare digits without 十/百/千 (``二〇三〇``, ``一二九``) is read digit by digit, the way
    years and house numbers are printed; otherwise positional units apply, with 万/亿 sections.
    """
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if len(text) > 1 and all(ch in CN_DIGITS for ch in text):
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total = 0
    rest = text
    for big in ("亿", "万"):
        if big in rest:
            head, _, rest = rest.partition(big)
            value = _cn_section(head) if head else 1
            if value is None:
                return None
            total += value * _CN_BIG_UNITS[big]
    if rest:
        section = _cn_section(rest)
        if section is None:
            return None
        total += section
    return total


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
