"""Chinese numerals as used in outline labels (一 … 九十九, 一百 …, 〇/零) to integers."""

from __future__ import annotations

CN_DIGITS: dict[str, int] = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL_CHARS = "〇零一二两三四五六七八九十百千"


def cn_to_int(numeral: str) -> int | None:
    """``"十四"`` → 14, ``"二十"`` → 20, ``"一百零五"`` → 105; ``None`` if it is not a numeral."""
    if not numeral:
        return None
    # isdecimal, not isdigit: superscripts such as "²" are digits that int() refuses.
    if numeral.isdecimal():
        return int(numeral)
    total = 0
    digit: int | None = None
    for ch in numeral:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            return None
    if digit is not None:
        total += digit
    return total
