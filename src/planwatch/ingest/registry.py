"""Which reader handles which format. Formats are decided by ``detect.sniff``, never by suffix."""

from __future__ import annotations

from typing import Protocol

from planwatch.ingest.text import Decoded, read_txt
from planwatch.model import Document


class Reader(Protocol):
    def __call__(self, data: bytes, source: str, *, decoded: Decoded | None = None) -> Document: ...


# The docx, PDF and HTML readers are imported when a file of theirs comes: each compiles its own
# patterns on import, which reading a plain-text plan (the default, and every command-line start)
# need not pay for.


def read_docx(data: bytes, source: str, *, decoded: Decoded | None = None) -> Document:
    from planwatch.ingest.docx_reader import read_docx

    return read_docx(data, source, decoded=decoded)


def read_pdf(data: bytes, source: str, *, decoded: Decoded | None = None) -> Document:
    from planwatch.ingest.pdf_reader import read_pdf

    return read_pdf(data, source, decoded=decoded)


def read_html(data: bytes, source: str, *, decoded: Decoded | None = None) -> Document:
    from planwatch.ingest.html_reader import read_html

    return read_html(data, source, decoded=decoded)


READERS: dict[str, Reader] = {
    "txt": read_txt,
    "docx": read_docx,
    "pdf": read_pdf,
    "html": read_html,
}

# Suffixes each format is saved under, to warn when a file's name says something else than its
# content. Pages saved from a browser as .txt are common enough not to warn about.
SUFFIXES: dict[str, frozenset[str]] = {
    "txt": frozenset({".txt", ".text", ".md", ".csv", ".log"}),
    "docx": frozenset({".docx"}),
    "pdf": frozenset({".pdf"}),
    "html": frozenset({".html", ".htm", ".xhtml", ".shtml", ".txt"}),
}
