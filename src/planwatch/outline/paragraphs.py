"""Paragraph spans of a document: the units the outline is built from."""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.ingest.fast_construct import maker
from planwatch.model import Document

_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int  # first non-blank character
    end: int  # after the last non-blank character
    kind: str  # "paragraph" | "heading" | "table"
    level: int | None = None


_Paragraph = maker(Paragraph)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraphs(document: Document) -> list[Paragraph]:
    """Non-blank paragraphs in order, from the reader's blocks or, lacking them, from the lines."""
    text = document.text
    out: list[Paragraph] = []
    if document.blocks:
        for block in document.blocks:
            if block.kind == "table":
                start, end = _trim(text, block.start, block.end)
                if start < end:
                    out.append(_Paragraph(start, end, "table"))
                continue
            # a block may hold soft line breaks (docx <w:br/>): each line is its own paragraph
            for m in _LINE.finditer(text, block.start, block.end):
                start, end = _trim(text, m.start(), m.end())
                if start < end:
                    out.append(_Paragraph(start, end, block.kind, block.level))
        return out
    for m in _LINE.finditer(text):
        start, end = _trim(text, m.start(), m.end())
        if start < end:
            out.append(_Paragraph(start, end, "paragraph"))
    return out
