"""Builds ``Document.text`` piece by piece while recording block, table and cell spans.

Structured readers (docx, pdf, html) all lay their content out the same way: one line per paragraph,
one line per table row with cells joined by a tab. Sharing the layout keeps offsets computed in one
place, so a span can never disagree with the text it points into.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from dataclasses import replace
from typing import overload

from planwatch.ingest import errors, tidy
from planwatch.ingest.fast_construct import maker
from planwatch.ingest.tidy import Unit
from planwatch.ingest.titles import metadata_title
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
    text, blocks, tables, notes = tidy_layout(text, blocks, tables)
    return Document(
        text=text,
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        size=len(data),
        blocks=tuple(blocks),
        tables=tuple(tables),
        encoding=encoding,
        title=metadata_title(title),
        warnings=tuple(dict.fromkeys([*warnings, *notes])),
    )


def _clean_cell(text: str) -> str:
    # A cell must stay on its row's line and must not fake a column boundary.
    return " ".join(normalise_newlines(text).replace("\t", " ").split("\n")).strip(_EDGE_SPACE)


# (limit, source) of the document being read, set by ``ingest.read_bytes``: a reader stops as soon
# as its text passes the limit, instead of building (and tidying) millions of characters first.
CHAR_LIMIT: ContextVar[tuple[int, str] | None] = ContextVar("planwatch_ingest_char_limit", default=None)


class TextBuilder:
    """Accumulates blocks and tables; ``text`` ends with a newline after the last line."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pos = 0
        self.blocks: list[Block] = []
        self.tables: list[Table] = []
        self._limit = CHAR_LIMIT.get()

    def _append(self, piece: str) -> int:
        start = self._pos
        self._parts.append(piece)
        self._pos += len(piece)
        if self._limit is not None and self._pos > self._limit[0]:
            raise errors.too_many_chars(None, *self._limit)
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


_TABLE_UNIT = Unit("", joinable=False, table=True)
_MEMO_UNITS = 4096
_Unit = maker(Unit)


class _Units(Sequence[Unit]):
    """The blocks as tidy units, sliced on demand: a 10 MB text is not copied line by line."""

    def __init__(self, text: str, blocks: Sequence[Block]) -> None:
        self._text = text
        self._blocks = blocks
        # the tidy passes read each unit several times, mostly with its neighbours: units are kept
        # until the memo holds _MEMO_UNITS of them, so memory stays bounded on a 10 MB text
        self._memo: dict[int, Unit] = {}

    def __len__(self) -> int:
        return len(self._blocks)

    @overload
    def __getitem__(self, index: int) -> Unit: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Unit]: ...
    def __getitem__(self, index: int | slice) -> Unit | Sequence[Unit]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        unit = self._memo.get(index)
        if unit is not None:
            return unit
        block = self._blocks[index]
        if block.kind == "table":
            unit = _TABLE_UNIT
        else:
            line_start = self._text.rfind("\n", 0, block.start) + 1
            unit = _Unit(
                self._text[block.start : block.end],
                joinable=block.kind == "paragraph",
                indented=block.start - line_start >= 2,
            )
        if len(self._memo) >= _MEMO_UNITS:
            self._memo.clear()
        self._memo[index] = unit
        return unit


def _separator(before: str, after: str) -> str:
    # CJK text has no spaces to restore; a break between two Latin words stood for one.
    return (
        " "
        if before[-1:].isascii() and before[-1:].isalpha() and after[:1].isascii() and after[:1].isalpha()
        else ""
    )


def _apply(
    text: str, blocks: Sequence[Block], tables: Sequence[Table], plan: tidy.Plan, strip: bool
) -> tuple[str, list[Block], list[Table]]:
    parts: list[str] = []
    pos = 0
    out_blocks: list[Block] = []
    out_tables: list[Table] = []
    cursor = 0
    joining = False
    group: Block | None = None

    def emit(piece: str) -> None:
        nonlocal pos
        parts.append(piece)
        pos += len(piece)

    for i, block in enumerate(blocks):
        if i in plan.removed:
            cursor = block.end
            continue
        body = text[block.start : block.end]
        if strip and block.kind != "table":
            body = tidy.ZERO_WIDTH.sub("", body).strip(_EDGE_SPACE)
            if not body:
                cursor = block.end
                continue
        if joining and group is not None:
            emit(_separator(parts[-1], body))
        else:
            if group is not None:
                out_blocks.append(replace(group, end=pos))
            # A page break has done its work once page numbers are gone and lines rejoined.
            gap = text[cursor : block.start].replace("\f", "")
            if not parts:
                gap = gap[gap.rfind("\n") + 1 :]  # only the indent of a first line that followed debris
            emit(gap)
            group = replace(block, start=pos)
        if block.kind == "table" and block.table is not None:
            shift = pos - block.start
            table = tables[block.table]
            spans = tuple(tuple((s + shift, e + shift) for s, e in row) for row in table.cell_spans)
            out_tables.append(
                replace(table, start=table.start + shift, end=table.end + shift, cell_spans=spans)
            )
            group = replace(group, table=len(out_tables) - 1)
        emit(body)
        cursor = block.end
        joining = i in plan.joins
    if group is not None:
        out_blocks.append(replace(group, end=pos))
    emit(text[cursor:].replace("\f", ""))
    return "".join(parts), out_blocks, out_tables


def _report(text: str, blocks: Sequence[Block], plan: tidy.Plan, zero_width: int) -> list[str]:
    notes: list[str] = []
    debris = [
        text[b.start : b.end]
        for i, b in enumerate(blocks)
        if i in plan.removed and not tidy.PAGE_NUMBER.match(text[b.start : b.end])
    ]
    if debris:
        shown = "｜".join(line if len(line) <= 24 else line[:24] + "…" for line in debris[:15])
        more = f"等 {len(debris)} 行" if len(debris) > 15 else f"共 {len(debris)} 行"
        notes.append(f"已删除网页或版面残留内容（{more}）：{shown}")
    if plan.page_numbers:
        notes.append(f"已删除 {plan.page_numbers} 个页码行")
    if plan.joins:
        if plan.wrap_width is not None:
            notes.append(
                f"文本按固定宽度硬换行（约每行 {plan.wrap_width // 2} 个汉字），"
                f"已把 {len(plan.joins)} 处行尾换行接回段落"
            )
        else:
            notes.append(f"已把 {len(plan.joins)} 处被拆成单独一行的词语接回所在句子")
    if zero_width:
        notes.append(f"已删除 {zero_width} 个零宽字符（如 U+200B 零宽空格），它们会把词语和句子截断")
    return notes


def tidy_layout(
    text: str, blocks: Sequence[Block], tables: Sequence[Table]
) -> tuple[str, Sequence[Block], Sequence[Table], list[str]]:
    """Removes web-page debris, page numbers and zero-width characters, and joins hard-wrapped
    lines, re-laying out the text so every block and cell span points into the result."""
    units: Sequence[Unit] = _Units(text, blocks)
    if len(blocks) <= _MEMO_UNITS:
        # the memo would keep every unit anyway: build each once and let the passes index a list
        units = [units[i] for i in range(len(blocks))]
    plan = tidy.plan(units, paged="\f" in text)
    zero_width = len(tidy.ZERO_WIDTH.findall(text))
    if not plan and not zero_width:
        return text, blocks, tables, []
    notes = _report(text, blocks, plan, zero_width)
    new_text, new_blocks, new_tables = _apply(text, blocks, tables, plan, zero_width > 0)
    return new_text, new_blocks, new_tables, notes
