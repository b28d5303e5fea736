"""Aho-Corasick scans over UTF-8 with matches in character offsets.

``ahocorasick_rs`` scans a ``str`` by turning it into UTF-8 and every match's byte offsets back into
character offsets, which costs more than the scan itself on CJK text. A pattern's bytes start and
end on a character's, so the matches over the bytes are those over the characters; only their
offsets need mapping, and the matches come in order of their ends, so one pass over the bytes
between consecutive ends maps them all.
"""

from __future__ import annotations

from typing import Any

import ahocorasick_rs


def build(words: list[str], matchkind: Any) -> Any:
    """A DFA over the UTF-8 of ``words``: slower to build, once, and faster per scan."""
    return ahocorasick_rs.BytesAhoCorasick(
        [w.encode() for w in words], matchkind=matchkind, implementation=ahocorasick_rs.Implementation.DFA
    )


def char_matches(
    automaton: Any, text: str, lengths: tuple[int, ...], *, overlapping: bool = False
) -> list[tuple[int, int, int]]:
    """(pattern index, start, end) in characters of ``text``, in the automaton's order;
    ``lengths`` is each pattern's length in characters."""
    data = text.encode()
    found: list[tuple[int, int, int]] = automaton.find_matches_as_indexes(data, overlapping=overlapping)
    if len(data) == len(text):  # all ASCII: bytes are characters
        return found
    out: list[tuple[int, int, int]] = []
    byte_pos = 0
    char_pos = 0
    for i, _, e in found:
        # ends never go back: leftmost matches do not overlap, overlapping ones come by their end
        if e != byte_pos:
            char_pos += len(data[byte_pos:e].decode())
            byte_pos = e
        out.append((i, char_pos - lengths[i], char_pos))
    return out
