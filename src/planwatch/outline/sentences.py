"""Sentence spans: cut at 。！？；(and their half-width forms) and at paragraph ends.

Sentences are cut inside one paragraph body at a time, and every paragraph belongs to exactly one
node, so a sentence never crosses a node boundary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from planwatch.ingest.fast_construct import maker
from planwatch.model import Sentence
from planwatch.outline.build import Assignment

_END = re.compile(r"[。!?;]+[”’」』)\]\"']*|\n")
_Sentence = maker(Sentence)


def split_sentences(text: str, folded: str, assignments: Iterable[Assignment]) -> list[Sentence]:
    out: list[Sentence] = []
    counter: dict[str, int] = {}
    for a in assignments:
        pos = a.start
        cuts = [m.end() for m in _END.finditer(folded, a.start, a.end)]
        if not cuts or cuts[-1] != a.end:
            cuts.append(a.end)
        for cut in cuts:
            start, end = pos, cut
            pos = cut
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start >= end:
                continue
            n = counter.get(a.node, 0) + 1
            counter[a.node] = n
            out.append(_Sentence(f"{a.node}:{n}", a.node, start, end))
    return out
