"""Hard-wrapped copies of real documents: text as it comes out of "copy all" in a PDF viewer
(lines cut at a fixed display width, page numbers and blank lines between pages, form feeds), and
the same lines drawn as a real PDF with a CJK TrueType font."""

from __future__ import annotations

from pathlib import Path

# Closing punctuation may not begin a line (CJK line-breaking rules): a typesetter squeezes it
# onto the line before.
_NO_LINE_START = "，。、；：？！）》」』】”’,.;:?!)%"


def columns(ch: str) -> int:
    return 1 if ch.isascii() else 2


def wrap_paragraph(paragraph: str, width: int) -> list[str]:
    """Cuts a paragraph into lines of ``width`` half-width columns (a CJK character takes two)."""
    lines: list[str] = []
    current = ""
    used = 0
    for ch in paragraph:
        if current and used + columns(ch) > width and ch not in _NO_LINE_START:
            lines.append(current)
            current, used = "", 0
        current += ch
        used += columns(ch)
    if current:
        lines.append(current)
    return lines


def wrapped_pages(text: str, width: int = 72, lines_per_page: int = 38) -> list[list[str]]:
    """The document's non-blank lines wrapped at ``width`` columns and cut into pages."""
    rows = [row for line in text.split("\n") if line.strip() for row in wrap_paragraph(line.strip(), width)]
    return [rows[i : i + lines_per_page] for i in range(0, len(rows), lines_per_page)]


def hard_wrapped_text(text: str, width: int = 72, lines_per_page: int = 38) -> str:
    """A PDF viewer's text copy: each page's lines, a blank line, the page number, a form feed."""
    pages = wrapped_pages(text, width, lines_per_page)
    out = []
    for number, rows in enumerate(pages, start=1):
        out.append("\n".join(rows) + f"\n\n- {number} -\n\f")
    return "".join(out)


def lines_pdf(pages: list[list[str]], path: Path, font_size: float = 11) -> Path:
    """Draws each page's lines left-aligned (ragged right, as a hard-wrapped text prints) with a
    page number, in the packaged CJK TrueType font."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from planwatch.export.fonts import cjk_font

    name = "WrapTestCJK"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(cjk_font(for_pdf=True)), subfontIndex=0))
    page_width, page_height = A4
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number, rows in enumerate(pages, start=1):
        pdf.setFont(name, font_size)
        y = page_height - 72
        for row in rows:
            pdf.drawString(72, y, row)
            y -= font_size * 1.6
        pdf.drawCentredString(page_width / 2, 40, f"- {number} -")
        pdf.showPage()
    pdf.save()
    return path
