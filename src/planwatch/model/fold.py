"""Folding full-width forms, the one way every layer does it.

``fold`` is same-length: full-width ASCII → half-width, ideographic space → space. Every character
maps to exactly one character, so an offset into the folded view is an offset into
``Document.text``. Pattern matching runs on the folded view; spans point at the original.

``fold_name`` is how names and table cells are compared (an indicator's name, its unit, a target
cell): folded the same way, with whitespace dropped, since people space names at will.
"""

from __future__ import annotations

import re

_TABLE: dict[int, int] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_TABLE[0x3000] = 0x20  # ideographic space
_TABLE[0x00A0] = 0x20  # no-break space
_TABLE[0x2014] = 0x2014  # em dash stays: "——" lead lines are matched as printed
_TABLE[0xFF0E] = ord(".")
_TABLE[0x2024] = ord(".")  # one-dot leader, seen in PDFs for "1."


_SPACES = re.compile(r"\s+")
_CHARS = {chr(k): chr(v) for k, v in _TABLE.items() if k != v}
_FOLDABLE = re.compile("[" + "".join(re.escape(c) for c in sorted(_CHARS)) + "]")


def fold(text: str) -> str:
    """Return ``text`` with full-width forms folded; ``len(fold(t)) == len(t)`` always.

    One regex scan lists the foldable characters present, then ``str.replace`` swaps each kind:
    plan text is mostly CJK, which ``str.translate`` would walk one character at a time through a
    dict, and a substitution with a function per run costs a scan and a string build even when
    (as in most documents after ingest) nothing is foldable.
    """
    for c in set(_FOLDABLE.findall(text)):
        text = text.replace(c, _CHARS[c])
    return text


def fold_name(text: str) -> str:
    """``fold(text)`` without whitespace: ``ＧＤＰ 增长（％）`` → ``GDP增长(%)``."""
    return _SPACES.sub("", fold(text))
