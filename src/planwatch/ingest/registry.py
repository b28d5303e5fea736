"""Which reader handles which format. Formats are decided by ``detect.sniff``, never by suffix."""

from __future__ import annotations

from typing import Protocol

from planwatch.ingest.docx_reader import read_docx
from planwatch.ingest.html_reader import read_html
from planwatch.ingest.pdf_reader import read_pdf
from planwatch.ingest.text import Decoded, read_txt
from planwatch.model import Document


class Reader(Protocol):
    def __call__(self, data: bytes, source: str, *, decoded: Decoded | None = None) -> Document: ...


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
