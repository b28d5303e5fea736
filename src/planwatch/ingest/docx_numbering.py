"""Word automatic numbering turned back into the labels a reader sees (一、 （一） 1. 第一章 …).

Plan documents drafted from templates often number headings with list numbering instead of typed
labels; without the labels the outline layer would see headings with no numbers at all. This covers
the formats such documents use and deliberately ignores bullets (their glyphs are private-use
symbol-font characters, not text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
# Labels ending like this already separate themselves from the text that follows.
_SELF_SEPARATING = "、，,．.）)】］]》〉：:。"


def _chinese_count(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    if n <= 0:
        return digits[0]
    if n >= 10000:
        return "".join(digits[int(d)] for d in str(n))
    parts: list[str] = []
    zero = False
    for power in (3, 2, 1, 0):
        d = n // 10**power % 10
        if d == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append(digits[0])
            zero = False
        parts.append(digits[d] + (units[power - 1] if power else ""))
    text = "".join(parts)
    # 十一, not 一十一: how numbers from ten to nineteen are written and read.
    if 10 <= n < 20 and digits is _CN_DIGITS:
        text = text[1:]
    return text


def _letters(n: int, upper: bool) -> str:
    if n <= 0:
        return ""
    letter = chr((ord("A") if upper else ord("a")) + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if n <= 0:
        return str(n)
    out: list[str] = []
    for value, sign in _ROMAN:
        while n >= value:
            out.append(sign)
            n -= value
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return _chinese_count(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt == "chineseLegalSimplified":
        return _chinese_count(n, _CN_LEGAL, "拾佰仟")
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(n, fmt == "upperLetter")
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


def _val(el: Any, path: str) -> str | None:
    found = el.find(path)
    if found is None:
        return None
    value = found.get(f"{W}val")
    return None if value is None else str(value)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@dataclass(slots=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    suffix: str = "tab"
    legal: bool = False
    style: str | None = None


@dataclass(slots=True)
class Numbering:
    """Counts list paragraphs in document order and renders each one's label."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    counters: dict[str, list[int | None]] = field(default_factory=dict)

    @classmethod
    def from_part(cls, numbering_el: Any | None) -> Numbering:
        numbering = cls()
        if numbering_el is None:
            return numbering
        for abstract in numbering_el.findall(f"{W}abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in abstract.findall(f"{W}lvl"):
                levels[_int(lvl.get(f"{W}ilvl"), 0)] = _Level(
                    start=_int(_val(lvl, f"{W}start"), 1),
                    fmt=_val(lvl, f"{W}numFmt") or "decimal",
                    text=_val(lvl, f"{W}lvlText") or "",
                    suffix=_val(lvl, f"{W}suff") or "tab",
                    legal=lvl.find(f"{W}isLgl") is not None,
                    style=_val(lvl, f"{W}pStyle"),
                )
            numbering.abstract[str(abstract.get(f"{W}abstractNumId"))] = levels
        for num in numbering_el.findall(f"{W}num"):
            overrides = {
                _int(o.get(f"{W}ilvl"), 0): _int(_val(o, f"{W}startOverride"), 1)
                for o in num.findall(f"{W}lvlOverride")
                if o.find(f"{W}startOverride") is not None
            }
            numbering.nums[str(num.get(f"{W}numId"))] = (
                _val(num, f"{W}abstractNumId") or "",
                overrides,
            )
        return numbering

    def level_for_style(self, num_id: str, style_id: str) -> int:
        abstract_id, _ = self.nums.get(num_id, ("", {}))
        for ilvl, level in self.abstract.get(abstract_id, {}).items():
            if level.style == style_id:
                return ilvl
        return 0

    def label(self, num_id: str, ilvl: int) -> str:
        """The next label of list ``num_id`` at level ``ilvl``, with the separator that follows it."""
        if num_id in ("", "0") or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id)
        if not levels or ilvl not in levels:
            return ""
        # Lists without a restart continue the abstract list's count, as Word shows them.
        key = num_id if overrides else f"a{abstract_id}"
        counters = self.counters.setdefault(key, [None] * 9)
        if not 0 <= ilvl < 9:
            return ""
        current = counters[ilvl]
        counters[ilvl] = overrides.get(ilvl, levels[ilvl].start) if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        level = levels[ilvl]
        if level.fmt == "bullet":
            return ""

        def render(match_level: int) -> str:
            if not 0 <= match_level < 9:
                return ""
            spec = levels.get(match_level, _Level())
            value = counters[match_level]
            if value is None:
                value = overrides.get(match_level, spec.start)
            fmt = "decimal" if level.legal and match_level != ilvl else spec.fmt
            return format_number(value, fmt)

        out: list[str] = []
        text = level.text
        i = 0
        while i < len(text):
            ch = text[i]
            if ch == "%" and i + 1 < len(text) and text[i + 1].isdigit():
                out.append(render(int(text[i + 1]) - 1))
                i += 2
                continue
            out.append(ch)
            i += 1
        label = "".join(out)
        if not label.strip():
            return ""
        if level.suffix == "nothing" or label[-1] in _SELF_SEPARATING:
            return label
        return label + " "
