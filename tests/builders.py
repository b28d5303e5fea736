"""Real documents for tests: docx (python-docx) and pdf (reportlab) built from plain paragraphs.

The PDF is laid out like a printed Chinese plan: A4, one column hard-wrapped at a fixed width, a
two-character first-line indent and "— N —" page numbers, so readers are tested on the same
de-wrapping problems real files pose.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

CJK_FONT = "STSong-Light"


def make_docx(
    paragraphs: Iterable[str],
    path: str | Path,
    *,
    headings: Mapping[int, int] | None = None,
    title: str | None = None,
) -> Path:
    """One docx paragraph per item; ``headings`` maps a paragraph's index to a Heading level."""
    import docx

    headings = headings or {}
    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    for i, text in enumerate(paragraphs):
        if i in headings:
            document.add_heading(text, level=headings[i])
        else:
            document.add_paragraph(text)
    path = Path(path)
    document.save(str(path))
    return path


def _register_cjk_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))


def wrap(text: str, width: float, first_width: float, font_size: float) -> list[str]:
    """Greedy wrap by glyph width, as a word processor breaks CJK text: anywhere between characters."""
    from reportlab.pdfbase import pdfmetrics

    lines: list[str] = []
    current = ""
    used = 0.0
    limit = first_width
    for ch in text:
        w = pdfmetrics.stringWidth(ch, CJK_FONT, font_size)
        if current and used + w > limit + 1e-6:
            lines.append(current)
            current, used, limit = "", 0.0, width
        current += ch
        used += w
    if current:
        lines.append(current)
    return lines


def make_pdf(
    paragraphs: Sequence[str],
    path: str | Path,
    *,
    chars_per_line: int = 38,
    font_size: float = 12,
    indent_chars: int = 2,
    leading: float = 1.5,
    page_number: str | None = "— {page} —",
    header: str | None = None,
    centered: Iterable[int] = (),
    encrypt_password: str | None = None,
) -> Path:
    """A text-layer PDF, one paragraph per item, hard-wrapped at ``chars_per_line`` CJK characters.

    ``page_number`` is the footer (``{page}`` and ``{total}`` are filled in; None for none);
    ``header`` is a running header on every page; ``centered`` lists paragraph indexes set centred
    without indent (a title). Blank paragraphs are skipped.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _register_cjk_font()
    page_width, page_height = A4
    column = chars_per_line * font_size
    left = (page_width - column) / 2
    top = page_height - 72
    step = font_size * leading
    per_page = int((top - 72) // step) + 1
    centered = set(centered)

    # Lay out first so the footer can say how many pages there are.
    placed: list[tuple[float | None, str]] = []  # x (None: centred), text
    for index, paragraph in enumerate(paragraphs):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        indent = 0.0 if index in centered else indent_chars * font_size
        for n, line in enumerate(wrap(paragraph, column, column - indent, font_size)):
            x = None if index in centered else left + (indent if n == 0 else 0.0)
            placed.append((x, line))
    pages = [placed[i : i + per_page] for i in range(0, len(placed), per_page)] or [[]]

    path = Path(path)
    encrypt = None
    if encrypt_password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(encrypt_password, canPrint=0)
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    for number, lines in enumerate(pages, start=1):
        pdf.setFont(CJK_FONT, font_size)
        if header:
            pdf.drawCentredString(page_width / 2, page_height - 40, header)
        y = top
        for x, line in lines:
            if x is None:
                pdf.drawCentredString(page_width / 2, y, line)
            else:
                pdf.drawString(x, y, line)
            y -= step
        if page_number:
            label = page_number.format(page=number, total=len(pages))
            pdf.drawCentredString(page_width / 2, 40, label)
        pdf.showPage()
    pdf.save()
    return path
