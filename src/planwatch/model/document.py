"""The ingested document: the text a person is shown, plus its block structure."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Table:
    """A table kept as rows and cells. Each cell's text also lies in ``Document.text`` at ``cell_spans``."""

    start: int
    end: int
    rows: tuple[tuple[str, ...], ...]
    cell_spans: tuple[tuple[tuple[int, int], ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, heading or table of the source, as a span of ``Document.text``.

    ``level`` is the heading level declared by the source's style (docx Heading 1 → 1, html h2 → 2);
    ``table`` indexes ``Document.tables`` for a table block.
    """

    kind: str  # "paragraph" | "heading" | "table"
    start: int
    end: int
    level: int | None = None
    table: int | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded document. ``text`` is what a person is shown; every span in PlanWatch indexes it.

    Readers normalise line ends (CRLF/CR → LF), strip a BOM, and (``planwatch.ingest.tidy``) drop
    web-page debris, page numbers and zero-width characters and rejoin hard-wrapped lines, each
    reported in ``warnings``; what they drop is not in ``text``. Full-width/half-width folding
    and whitespace handling happen in same-length views (see ``planwatch.model.fold``), so offsets
    never drift.
    """

    text: str
    source: str
    sha256: str
    format: str  # "txt" | "docx" | "pdf" | "html"
    size: int
    blocks: tuple[Block, ...]
    tables: tuple[Table, ...] = ()
    encoding: str | None = None
    title: str | None = None
    warnings: tuple[str, ...] = field(default=())

    def block_text(self, block: Block) -> str:
        return self.text[block.start : block.end]
