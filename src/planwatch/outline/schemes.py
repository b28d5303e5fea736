"""Numbering schemes of Chinese plan documents, matched at the start of a paragraph.

Each scheme has a rank: a marker of rank r closes every open node of rank >= r and opens a new one
under what remains. Matching runs on the folded view (see ``fold``), so （一） and (一), ３． and 3.
are one scheme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.ingest.fast_construct import maker
from planwatch.outline.numerals import CN_NUMERAL_CHARS, cn_to_int


@dataclass(frozen=True, slots=True)
class Scheme:
    name: str
    rank: float
    pattern: re.Pattern[str]
    ordered: bool = True  # an ordered scheme's ordinals must run 1, 2, 3 …


_CN = f"[{CN_NUMERAL_CHARS}]{{1,4}}"

VOLUME = Scheme("volume", 1, re.compile(rf"第({_CN}|\d{{1,3}})篇[ \t]*"))
CHAPTER = Scheme("chapter", 2, re.compile(rf"第({_CN}|\d{{1,3}})章[ \t]*"))
SECTION = Scheme("section", 3, re.compile(rf"第({_CN}|\d{{1,3}})节[ \t]*"))
CN = Scheme("cn", 4, re.compile(rf"({_CN})[、.][ \t]*"))
PAREN_CN = Scheme("paren_cn", 5, re.compile(rf"\(({_CN})\)[ \t]*"))
PAREN_NUM = Scheme("paren_num", 6, re.compile(r"\((\d{1,3})\)[ \t]*"))
NUM = Scheme("num", 7, re.compile(r"(\d{1,3})(?:[、]|\.(?![\d%]))[ \t]*"))
CIRCLED = Scheme("circled", 8, re.compile(r"([①-⑳])[ \t]*"))
BOX = Scheme("box", 9, re.compile(r"专栏[ \t]*(\d{1,3}|" + _CN + r")?[ \t:]*"), ordered=False)
LEAD = Scheme("lead", 10, re.compile(r"——(?=\S)"), ordered=False)

SCHEMES: tuple[Scheme, ...] = (VOLUME, CHAPTER, SECTION, CN, PAREN_CN, PAREN_NUM, NUM, CIRCLED, BOX, LEAD)
HEADING_STYLE_RANK = 3.5  # a styled heading with no printed number sits between 节 and 一、


@dataclass(frozen=True, slots=True)
class Marker:
    scheme: Scheme
    ordinal: int | None
    label_end: int  # offset (relative to the paragraph) where the label ends
    title_start: int  # offset where the title text begins (label and following blanks skipped)


_Marker = maker(Marker)


def _ordinal(raw: str | None) -> int | None:
    if raw is None:
        return None
    if raw in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳" and len(raw) == 1:
        return ord(raw) - ord("①") + 1
    return cn_to_int(raw)


def _may_open(scheme: Scheme, first: str) -> bool:
    """Whether ``scheme``'s pattern can match a text starting with ``first`` (``\\d`` is what
    ``str.isdecimal`` says, as in ``re``)."""
    if scheme in (VOLUME, CHAPTER, SECTION):
        return first == "第"
    if scheme is CN:
        return first in CN_NUMERAL_CHARS
    if scheme in (PAREN_CN, PAREN_NUM):
        return first == "("
    if scheme is NUM:
        return first.isdecimal()
    if scheme is CIRCLED:
        return "①" <= first <= "⑳"
    if scheme is BOX:
        return first == "专"
    if scheme is LEAD:
        return first == "—"
    return True  # a scheme this table does not know is always tried


# first character -> the schemes that may match there, in SCHEMES order: most paragraphs open on a
# character no scheme starts with, and a heading need not try the nine patterns before its own
_BY_FIRST: dict[str, tuple[Scheme, ...]] = {}


def match_marker(folded_paragraph: str) -> Marker | None:
    """The numbering marker a paragraph starts with, if any. The paragraph must start at its first
    non-blank character."""
    first = folded_paragraph[:1]
    if not first:
        return None
    schemes = _BY_FIRST.get(first)
    if schemes is None:
        schemes = _BY_FIRST[first] = tuple(s for s in SCHEMES if _may_open(s, first))
    for scheme in schemes:
        m = scheme.pattern.match(folded_paragraph)
        if m is None:
            continue
        rest = folded_paragraph[m.end() :]
        # a bare number on a line is page furniture or a table cell, not a heading
        if not rest.strip() and scheme is not BOX:
            continue
        ordinal = _ordinal(m.group(1)) if m.groups() else None
        if scheme.ordered and ordinal is None:
            continue
        label_end = m.end()
        while label_end > 0 and folded_paragraph[label_end - 1] in " \t":
            label_end -= 1
        # "1、" and "一、": the printed label is the number without its enumeration comma
        return _Marker(scheme, ordinal, label_end, m.end())
    return None
