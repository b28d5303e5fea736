"""Assertions shared by the ingest tests (imported as ``ingest_helpers``: test dirs are on sys.path)."""

from __future__ import annotations

import re

from planwatch.model import Document

_CJK = re.compile(r"[\u4e00-\u9fff]")


def assert_chinese(text: str | None, *needles: str) -> None:
    """The message is written in Chinese and names the problem."""
    assert text is not None
    assert len(_CJK.findall(text)) >= 4, text
    for needle in needles:
        assert needle in text, (needle, text)


def squash(text: str) -> str:
    return "".join(text.split())


def block_texts(document: Document) -> list[str]:
    return [document.block_text(block) for block in document.blocks]


def check_spans(document: Document) -> None:
    """Every block and cell span lies inside the text, in order, without surrounding spaces."""
    last = 0
    for block in document.blocks:
        assert last <= block.start < block.end <= len(document.text)
        body = document.block_text(block)
        if block.kind != "table":  # a table's rows may start or end with an empty cell
            assert body == body.strip(), body
        last = block.end
        if block.kind == "table":
            assert block.table is not None
            table = document.tables[block.table]
            assert (table.start, table.end) == (block.start, block.end)
            for row, spans in zip(table.rows, table.cell_spans, strict=True):
                for cell, (start, end) in zip(row, spans, strict=True):
                    assert document.text[start:end] == cell
