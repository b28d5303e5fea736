"""Outline parsing: numbering schemes, the node tree with stable ids, and sentence spans."""

from __future__ import annotations

from dataclasses import dataclass

from planwatch.model import Document, Node, Sentence
from planwatch.outline.build import build_outline
from planwatch.outline.fold import fold
from planwatch.outline.sentences import split_sentences


@dataclass(frozen=True, slots=True)
class Outline:
    nodes: tuple[Node, ...]
    sentences: tuple[Sentence, ...]
    warnings: tuple[str, ...]
    folded: str  # the same-length folded view of the text, for later stages to reuse


def parse_outline(document: Document) -> Outline:
    folded = fold(document.text)
    result = build_outline(document, folded)
    sentences = split_sentences(document.text, folded, result.assignments)
    return Outline(result.nodes, tuple(sentences), result.warnings, folded)


__all__ = ["Outline", "fold", "parse_outline"]
