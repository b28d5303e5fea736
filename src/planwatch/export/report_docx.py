"""An evaluation report as a Word document (python-docx): A4 portrait, 公文-like fonts, headings as
Word heading styles (so the navigation pane lists them), charts as pictures, tables as Word tables
whose header row repeats on every page, 【待填写：…】 places highlighted in yellow.

Word draws with the reader's fonts, so East Asian font names are set explicitly (w:eastAsia):
仿宋 for the body, 黑体 for headings, 宋体 in tables; the font table names fallbacks.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from planwatch.export.report_charts import chart_size, render_chart
from planwatch.export.word import (
    HEAD_FONT,
    TITLE_FONT,
    _declare_fallbacks,
    _page_field,
    _row_flag,
    _set_fonts,
    _shade,
    _spacing,
)
from planwatch.model.report import (
    PLACEHOLDER_OPEN,
    BarChart,
    EvaluationReport,
    Paragraph,
    ReportSection,
    SeriesChart,
    TableBlock,
)

BODY_FONT = "仿宋"
TABLE_FONT = "宋体"
PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21.0, 29.7
MARGIN_CM = 2.5
TYPE_WIDTH_CM = PAGE_WIDTH_CM - 2 * MARGIN_CM
BODY_PT, TABLE_PT, TITLE_PT = 14, 9, 20


def _run(paragraph: Any, text: str, font: str, size: float, *, bold: bool = False) -> Any:
    run = paragraph.add_run(text)
    _set_fonts(run._element.get_or_add_rPr(), font)
    run.font.size = Pt(size)
    run.font.bold = bold
    if PLACEHOLDER_OPEN in text:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return run


def _setup(doc: Any) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    r_pr = normal.element.get_or_add_rPr()
    _set_fonts(r_pr, BODY_FONT)
    for level in (1, 2):
        style = doc.styles[f"Heading {level}"]
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.size = Pt(16 if level == 1 else BODY_PT)
        style.font.bold = level == 2
        _set_fonts(style.element.get_or_add_rPr(), HEAD_FONT)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(footer, "— ", TABLE_FONT, 10.5)
    _page_field(footer)
    _run(footer, " —", TABLE_FONT, 10.5)
    # the template starts with one empty paragraph that would push the title down a line
    body = doc.element.body
    for p in list(body.findall(qn("w:p"))):
        if not p.xpath("string(.)"):
            body.remove(p)


def _body(doc: Any, block: Paragraph) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
    _spacing(p, exact_pt=26)
    _run(p, block.text, BODY_FONT, BODY_PT)


def _caption(doc: Any, text: str) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    _spacing(p, before=6, after=3)
    _run(p, text, HEAD_FONT, 11)


def _note(doc: Any, text: str) -> None:
    p = doc.add_paragraph()
    _spacing(p, after=6)
    _run(p, f"注：{text}", TABLE_FONT, 8)


def _cell(cell: Any, text: str, *, bold: bool = False, align: Any = WD_ALIGN_PARAGRAPH.LEFT) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    _spacing(p, exact_pt=13)
    _run(p, text, HEAD_FONT if bold else TABLE_FONT, TABLE_PT, bold=bold)


def _table(doc: Any, block: TableBlock) -> None:
    _caption(doc, block.title)
    if not block.rows:
        _body(doc, Paragraph(block.empty))
        return
    total = sum(block.widths)
    widths = [Cm(TYPE_WIDTH_CM * w / total) for w in block.widths]
    table = doc.add_table(rows=1, cols=len(block.headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for gc, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        gc.set(qn("w:w"), str(int(w.twips)))
    header = table.rows[0]
    _row_flag(header, "w:tblHeader")
    _row_flag(header, "w:cantSplit")
    for cell, text, w in zip(header.cells, block.headers, widths, strict=True):
        cell.width = w
        _shade(cell, "D9D9D9")
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    numeric = block.numeric or tuple(False for _ in block.headers)
    for values in block.rows:
        row = table.add_row()
        _row_flag(row, "w:cantSplit")
        for cell, text, w, right in zip(row.cells, values, widths, numeric, strict=True):
            cell.width = w
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            _cell(cell, text, align=WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT)
    if block.note:
        _note(doc, block.note)


def _picture(doc: Any, chart: BarChart | SeriesChart) -> None:
    png = render_chart(chart)
    width_px, height_px = chart_size(png)
    width = min(TYPE_WIDTH_CM, 16.0)
    # a tall chart is narrowed so that it fits on a page with its caption
    width = min(width, 20.0 * width_px / height_px)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(p, before=6, after=6)
    p.add_run().add_picture(io.BytesIO(png), width=Cm(width))


def _section(doc: Any, section: ReportSection, level: int) -> None:
    heading = doc.add_heading(level=level)
    _run(heading, section.heading, HEAD_FONT, 16 if level == 1 else BODY_PT, bold=level > 1)
    for block in section.blocks:
        if isinstance(block, Paragraph):
            _body(doc, block)
        elif isinstance(block, TableBlock):
            _table(doc, block)
        else:
            _picture(doc, block)
    for sub in section.subsections:
        _section(doc, sub, level + 1)


def write_report_docx(report: EvaluationReport) -> bytes:
    doc = Document()
    _setup(doc)
    for line, size in ((report.title, TITLE_PT), (report.subtitle, TITLE_PT)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(p, exact_pt=32)
        _run(p, line, TITLE_FONT, size)
    for note in report.notes:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(p, exact_pt=18)
        _run(p, note, BODY_FONT, 10.5)
    for section in report.sections:
        _section(doc, section, 1)
    props = doc.core_properties
    props.title = f"{report.title}{report.subtitle}"
    props.author = "PlanWatch"
    props.comments = "PlanWatch 生成的监测评估报告"
    buf = io.BytesIO()
    doc.save(buf)
    return _declare_fallbacks(buf.getvalue())
