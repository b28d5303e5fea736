"""Builds ``Document.text`` piece by piece while recording block, table and cell spans.

Structured readers (docx, pdf, html) all lay their content out the same way: one line per paragraph,
one line per table row with cells joined by a tab. Sharing the layout keeps offsets computed in one
place, so a span can never disagree with the text it points into.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from planwatch.model import Block, Document, Table

# Characters a block span leaves out at its ends; the text itself keeps them (an author's
# full-width indent is part of what a person sees, but not part of the paragraph's content).
_EDGE_SPACE = " \t\n\r\f\v\u00a0\u3000"


def normalise_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def make_document(
    data: bytes,
    source: str,
    fmt: str,
    text: str,
    blocks: Sequence[Block],
    *,
    tables: Sequence[Table] = (),
    encoding: str | None = None,
    title: str | None = None,
    warnings: Iterable[str] = (),
) -> Document:
    return Document(
        text=text,
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        size=len(data),
        blocks=tuple(blocks),
        tables=tuple(tables),
        encoding=encoding,
        title=title,
        warnings=tuple(dict.fromkeys(warnings)),
    )


def _clean_cell(text: str) -> str:
    # A cell must stay on its row's line and must not fake a column boundary.
    return " ".join(normalise_newlines(text).replace("\t", " ").split("\n")).strip(_EDGE_SPACE)


class TextBuilder:
    """Accumulates blocks and tables; ``text`` ends with a newline after the last line."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pos = 0
        self.blocks: list[Block] = []
        self.tables: list[Table] = []

    def _append(self, piece: str) -> int:
        start = self._pos
        self._parts.append(piece)
        self._pos += len(piece)
        return start

    def add_block(self, text: str, kind: str = "paragraph", level: int | None = None) -> bool:
        """Adds one paragraph or heading on its own line; whitespace-only text is skipped."""
        text = normalise_newlines(text)
        core = text.strip(_EDGE_SPACE)
        if not core:
            return False
        start = self._append(text) + len(text) - len(text.lstrip(_EDGE_SPACE))
        self._append("\n")
        self.blocks.append(Block(kind=kind, start=start, end=start + len(core), level=level))
        return True

    def add_table(self, rows: Iterable[Sequence[str]]) -> bool:
        """Adds a table as tab-separated lines; rows are padded to the widest row.

        Returns False (and adds nothing) when no cell has text: an empty layout grid is not content.
        """
        cleaned = [[_clean_cell(cell) for cell in row] for row in rows]
        cleaned = [row for row in cleaned if row]
        if not any(cell for row in cleaned for cell in row):
            return False
        width = max(len(row) for row in cleaned)
        table_start = self._pos
        spans: list[tuple[tuple[int, int], ...]] = []
        for row in cleaned:
            row.extend([""] * (width - len(row)))
            row_spans: list[tuple[int, int]] = []
            for i, cell in enumerate(row):
                if i:
                    self._append("\t")
                start = self._append(cell)
                row_spans.append((start, start + len(cell)))
            spans.append(tuple(row_spans))
            self._append("\n")
        table_end = self._pos - 1
        index = len(self.tables)
        self.tables.append(
            Table(
                start=table_start,
                end=table_end,
                rows=tuple(tuple(row) for row in cleaned),
                cell_spans=tuple(spans),
            )
        )
        self.blocks.append(Block(kind="table", start=table_start, end=table_end, table=index))
        return True

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def __bool__(self) -> bool:
        return bool(self.blocks)
