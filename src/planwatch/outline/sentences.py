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

# One match per sentence, its group the sentence without the whitespace around it: the blanks
# before it (and blank lines, which make no sentence), then either everything up to a run of
# sentence ends with the closing marks after them, or — where a line break or the paragraph's end
# comes first — everything up to the last non-blank character before it. The regex engine does in
# one pass what a cut list and two trimming loops per sentence did in Python. ``fold`` maps blanks
# to blanks and nothing else to a blank, so trimming the folded view trims the text alike.
_SENTENCE = re.compile(r"\s*+([^。!?;\n]*[。!?;]+[”’」』)\]\"']*|[^。!?;\n]*[^。!?;\s])")
_Sentence = maker(Sentence)


def split_sentences(text: str, folded: str, assignments: Iterable[Assignment]) -> list[Sentence]:
    """The sentences of each paragraph body, numbered per node (``node:n``). ``text`` is the
    document's text and ``folded`` its folded view; cuts and trimming read the folded view."""
    assert len(text) == len(folded)
    out: list[Sentence] = []
    append = out.append
    counter: dict[str, int] = {}
    finditer = _SENTENCE.finditer
    for a in assignments:
        node = a.node
        n = counter.get(node, 0)
        for m in finditer(folded, a.start, a.end):
            n += 1
            start, end = m.span(1)
            append(_Sentence(f"{node}:{n}", node, start, end))
        counter[node] = n
    return out
