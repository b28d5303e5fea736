"""Outline parsing: numbering schemes, the node tree with stable ids, and sentence spans.

Node ids follow the numbering path (``p3.a7``, ``c2.s1``, ``p1.s6.d2``, ``b1``; see ``build``).
Unnumbered stretches get fixed ids, all at the top level:

* ``title``: the title block (title, adoption line, date, speaker);
* ``preamble``: the text before the first heading;
* ``epilogue``: in a speech, the passage after the numbered programme and before the rallying
  close: the government's own conduct and 民族/国防/港澳台/外交 (“我们要…”), opened by an address
  (各位代表！) or by a paragraph on the government's own conduct; it directs like a section, and
  has no printed title (cited as 其他部署);
* ``closing``: the rallying close (让我们…团结在…周围…而奋斗), with the address right before it;
* appendices after the body are ``x1``, ``x2``…
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from planwatch.model.fold import fold

if TYPE_CHECKING:
    from planwatch.model import Document, Node, Sentence


@dataclass(frozen=True, slots=True)
class Outline:
    nodes: tuple[Node, ...]
    sentences: tuple[Sentence, ...]
    warnings: tuple[str, ...]
    folded: str  # the same-length folded view of the text, for later stages to reuse


def parse_outline(document: Document) -> Outline:
    # imported here: most importers of this package only want ``fold`` (the database commands,
    # search), and the outline builder compiles its numbering patterns when imported
    from planwatch.outline.build import build_outline
    from planwatch.outline.sentences import split_sentences

    folded = fold(document.text)
    result = build_outline(document, folded)
    sentences = split_sentences(document.text, folded, result.assignments)
    return Outline(result.nodes, tuple(sentences), result.warnings, folded)


__all__ = ["Outline", "fold", "parse_outline"]
