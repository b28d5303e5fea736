"""An evaluation report as PDF (reportlab platypus): A4 portrait, the CJK font from ``fonts``
registered as a TrueType font, which reportlab embeds as a subset of the glyphs used, so the file
reads the same on a machine without Chinese fonts. Tables repeat their header row on each page;
charts are the same PNGs as in the Word file.
"""

from __future__ import annotations

import io
import threading
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    LongTable,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Paragraph as PdfParagraph

from planwatch.export.fonts import cjk_font
from planwatch.export.report_charts import chart_size, render_chart
from planwatch.model.report import (
    PLACEHOLDER_OPEN,
    BarChart,
    EvaluationReport,
    Paragraph,
    ReportSection,
    SeriesChart,
    TableBlock,
)

FONT = "PlanWatchCJK"
MARGIN = 2.0 * cm
TYPE_WIDTH = A4[0] - 2 * MARGIN
_LOCK = threading.Lock()


def _register() -> None:
    with _LOCK:
        if FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FONT, str(cjk_font(for_pdf=True)), subfontIndex=0))


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=18, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", base, fontSize=18, leading=28, alignment=TA_CENTER),
        "note": ParagraphStyle(
            "note", base, fontSize=9, leading=14, alignment=TA_CENTER, textColor=colors.HexColor("#57606a")
        ),
        # a heading never ends a page alone
        "h1": ParagraphStyle(
            "h1", base, fontSize=14, leading=22, spaceBefore=10, spaceAfter=4, keepWithNext=1
        ),
        "h2": ParagraphStyle(
            "h2", base, fontSize=12, leading=20, spaceBefore=6, spaceAfter=2, keepWithNext=1
        ),
        "body": ParagraphStyle("bodytext", base, firstLineIndent=21, alignment=TA_JUSTIFY, spaceAfter=4),
        "caption": ParagraphStyle(
            "caption", base, fontSize=10, alignment=TA_CENTER, spaceBefore=6, spaceAfter=3
        ),
        "cell": ParagraphStyle("cell", base, fontSize=7.5, leading=10),
        "cell_right": ParagraphStyle("cell_right", base, fontSize=7.5, leading=10, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", base, fontSize=7.5, leading=10, alignment=TA_CENTER),
        "small": ParagraphStyle(
            "small", base, fontSize=7.5, leading=11, spaceAfter=6, textColor=colors.HexColor("#57606a")
        ),
    }


def _markup(text: str) -> str:
    """Escaped text; 【待填写：…】 places on a yellow ground so nobody overlooks them."""
    safe = escape(text)
    if PLACEHOLDER_OPEN not in text:
        return safe
    out, rest = [], safe
    while PLACEHOLDER_OPEN in rest:
        before, _, after = rest.partition(PLACEHOLDER_OPEN)
        inner, _, rest = after.partition("】")
        out.append(f'{before}<span backColor="#fff8c5">{PLACEHOLDER_OPEN}{inner}】</span>')
    out.append(rest)
    return "".join(out)


def _table(block: TableBlock, st: dict[str, ParagraphStyle], *, first: bool) -> list[Any]:
    """Caption and table. The table splits across pages; the conditional break before the caption
    keeps a caption from ending a page without rows below it (the section's own break does that
    for a table right under its heading, so the heading stays with it)."""
    caption = PdfParagraph(escape(block.title), st["caption"])
    if not block.rows:
        return [caption, PdfParagraph(escape(block.empty), st["body"])]
    total = sum(block.widths)
    widths = [TYPE_WIDTH * w / total for w in block.widths]
    numeric = block.numeric or tuple(False for _ in block.headers)
    data = [[PdfParagraph(escape(h), st["head"]) for h in block.headers]]
    for row in block.rows:
        data.append(
            [
                PdfParagraph(_markup(v), st["cell_right" if right else "cell"])
                for v, right in zip(row, numeric, strict=True)
            ]
        )
    table = LongTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#8c959f")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eaeef2")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    out: list[Any] = [caption, table] if first else [CondPageBreak(3 * cm), caption, table]
    if block.note:
        out.append(PdfParagraph("注：" + escape(block.note), st["small"]))
    return out


def _image(chart: BarChart | SeriesChart) -> Image:
    png = render_chart(chart)
    width_px, height_px = chart_size(png)
    width = min(TYPE_WIDTH, 16 * cm)
    height = width * height_px / width_px
    limit = A4[1] - 2 * MARGIN - 3 * cm
    if height > limit:  # a tall chart is scaled down to fit a page
        width, height = width * limit / height, limit
    return Image(io.BytesIO(png), width=width, height=height)


def _section(section: ReportSection, st: dict[str, ParagraphStyle], level: int) -> list[Any]:
    heading = PdfParagraph(escape(section.heading), st["h1" if level == 1 else "h2"])
    flow: list[Any] = []
    for i, block in enumerate(section.blocks):
        if isinstance(block, Paragraph):
            flow.append(PdfParagraph(_markup(block.text), st["body"]))
        elif isinstance(block, TableBlock):
            flow += _table(block, st, first=i == 0)
        else:
            flow.append(KeepTogether([Spacer(1, 4), _image(block), Spacer(1, 4)]))
    out = [CondPageBreak(5 * cm), heading, *flow]
    for sub in section.subsections:
        out += _section(sub, st, level + 1)
    return out


def _footer(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 9)
    canvas.drawCentredString(A4[0] / 2, 1.2 * cm, f"— {doc.page} —")
    canvas.restoreState()


def write_report_pdf(report: EvaluationReport) -> bytes:
    _register()
    st = _styles()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{report.title}{report.subtitle}",
        author="PlanWatch",
        creator="PlanWatch",
        invariant=True,
        # the canvas starts every page in this font: ours, so no unembedded Helvetica is referenced
        initialFontName=FONT,
        initialFontSize=10.5,  # no creation date or random file id: the same report gives the same bytes
    )
    story: list[Any] = [
        PdfParagraph(escape(report.title), st["title"]),
        PdfParagraph(escape(report.subtitle), st["title"]),
        Spacer(1, 6),
    ]
    story += [PdfParagraph(escape(n), st["note"]) for n in report.notes]
    story.append(Spacer(1, 10))
    for section in report.sections:
        story += _section(section, st, 1)
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buf.getvalue()
