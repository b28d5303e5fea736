"""Opening evaluation report files back: docx (python-docx), pdf (pdfminer), html (BeautifulSoup).
Shared by the export tests and the CLI tests."""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from bs4 import BeautifulSoup
from pdfminer.high_level import extract_text
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1


@dataclass(frozen=True)
class DocxContent:
    headings: list[str]
    text: str
    tables: list[list[list[str]]]  # every table's rows of cell texts, header row first
    pictures: int


def read_docx(data: bytes) -> DocxContent:
    document = docx.Document(io.BytesIO(data))
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")
    ]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n" + "\n".join(c for t in tables for row in t for c in row)
    return DocxContent(headings, text, tables, len(document.inline_shapes))


@dataclass(frozen=True)
class PdfFont:
    name: str
    subtype: str
    embedded: bool  # a FontFile / FontFile2 / FontFile3 stream in its descriptor


def _name(value: object) -> str:
    value = resolve1(value)
    name = getattr(value, "name", value)  # a PSLiteral
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


def pdf_fonts(data: bytes) -> dict[str, PdfFont]:
    """Every font the pages use, by base name, and whether its program is embedded."""
    doc = PDFDocument(PDFParser(io.BytesIO(data)))
    found: dict[str, PdfFont] = {}
    for page in PDFPage.create_pages(doc):
        fonts = resolve1(page.resources.get("Font", {})) or {}
        for ref in fonts.values():
            font = resolve1(ref)
            descendants = resolve1(font.get("DescendantFonts")) or []
            described = resolve1(descendants[0]) if descendants else font
            descriptor = resolve1(described.get("FontDescriptor")) or {}
            embedded = any(k in descriptor for k in ("FontFile", "FontFile2", "FontFile3"))
            name = _name(font.get("BaseFont"))
            found[name] = PdfFont(name, _name(font.get("Subtype")), embedded)
    return found


def pdf_text(data: bytes) -> str:
    return extract_text(io.BytesIO(data))


def read_html(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "lxml")
