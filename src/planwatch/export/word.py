"""Reports as Word documents (python-docx) in the style of a 公文 attachment (GB/T 9704).

A4 with 公文 margins, turned landscape because the tables are wide; title in 小标宋 二号, body in
仿宋_GB2312 三号, headings in 黑体, the table in 仿宋 五号 with its header row repeated on every page,
and the page number as "— N —" centred in the footer.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from planwatch.export.report import Report, Sheet
from planwatch.export.rows import Column

PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 29.7, 21.0  # A4 landscape
MARGIN_TOP_CM, MARGIN_BOTTOM_CM, MARGIN_LEFT_CM, MARGIN_RIGHT_CM = 3.7, 3.5, 2.8, 2.6
FOOTER_DISTANCE_CM = 2.3  # puts the page number about 7 mm below the type area, as GB/T 9704 asks

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEAD_FONT = "黑体"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"

TITLE_PT = 22  # 二号
BODY_PT = 16  # 三号
TABLE_PT = 10.5  # 五号
TABLE_LINE_PT = 14
PAGE_NUMBER_PT = 14  # 四号

# Word substitutes a missing font by its w:altName and charset in the font table (python-docx
# writes neither), so an office without 方正小标宋简体 or 仿宋_GB2312 falls back to 宋体 / 仿宋.
FALLBACKS: dict[str, tuple[str, str, str]] = {
    # name: (altName, panose1, pitch)
    TITLE_FONT: ("宋体", "02000000000000000000", "variable"),
    BODY_FONT: ("仿宋", "02010609030101010101", "fixed"),
    "仿宋": ("FangSong", "02010609060101010101", "fixed"),
    HEAD_FONT: ("SimHei", "02010609060101010101", "fixed"),
    "宋体": ("SimSun", "02010600030101010101", "variable"),
}

_CN_ORDINALS = "一二三四五六七八九十"


def _set_fonts(r_pr: Any, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set the fonts of a w:rPr. python-docx's ``font.name`` sets only ascii/hAnsi, which leaves
    Chinese text in whatever East Asian font the template or theme says."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    # Theme attributes win over explicit names, so they must go.
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _run(paragraph: Any, text: str, font: str, size: float, *, bold: bool = False) -> Any:
    run = paragraph.add_run(text)
    _set_fonts(run._element.get_or_add_rPr(), font)
    run.font.size = Pt(size)
    run.font.bold = bold
    return run


def _spacing(paragraph: Any, *, exact_pt: float | None = None, before: float = 0, after: float = 0) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if exact_pt is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(exact_pt)


def _setup_styles(doc: Any) -> None:
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if r_pr is not None:
            _set_fonts(r_pr, BODY_FONT)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    r_pr = normal.element.get_or_add_rPr()
    _set_fonts(r_pr, BODY_FONT)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    # Line breaking and punctuation compression follow the East Asian language.
    lang.set(qn("w:eastAsia"), "zh-CN")


def _setup_page(doc: Any) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width = Cm(PAGE_WIDTH_CM)
    section.page_height = Cm(PAGE_HEIGHT_CM)
    section.top_margin = Cm(MARGIN_TOP_CM)
    section.bottom_margin = Cm(MARGIN_BOTTOM_CM)
    section.left_margin = Cm(MARGIN_LEFT_CM)
    section.right_margin = Cm(MARGIN_RIGHT_CM)
    section.footer_distance = Cm(FOOTER_DISTANCE_CM)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(footer)
    _run(footer, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
    _page_field(footer)
    _run(footer, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)


def _page_field(paragraph: Any) -> None:
    """A PAGE field, so every page prints its own number."""

    def fld_char(kind: str) -> Any:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    _run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)._r.append(fld_char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    _run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)._r.append(instr)
    _run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)._r.append(fld_char("separate"))
    _run(paragraph, "1", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
    _run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)._r.append(fld_char("end"))


def _title_block(doc: Any, report: Report) -> None:
    lines = [f"《{report.plan_title}》", report.kind_title] if report.plan_title else [report.kind_title]
    for i, line in enumerate(lines):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(p, exact_pt=36, after=12 if i == len(lines) - 1 else 0)
        _run(p, line, TITLE_FONT, TITLE_PT)
    note = doc.add_paragraph()
    note.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    note.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
    _spacing(note, exact_pt=28, after=6)
    _run(note, report.note, BODY_FONT, BODY_PT)


def _column_widths(columns: Sequence[Column]) -> list[float]:
    """Share the type area out in proportion to the Excel widths, but never so narrow that a
    column's header (完成时限, 年均/累计) has to wrap."""
    available = PAGE_WIDTH_CM - MARGIN_LEFT_CM - MARGIN_RIGHT_CM
    char_cm = TABLE_PT * 2.54 / 72
    minimum = [max(len(c.header), 2) * char_cm + 0.45 for c in columns]
    total = sum(c.width for c in columns)
    widths = [available * c.width / total for c in columns]
    narrow = {i for i, (w, m) in enumerate(zip(widths, minimum, strict=True)) if w < m}
    if narrow:
        rest = available - sum(minimum[i] for i in narrow)
        wide_total = sum(w for i, w in enumerate(widths) if i not in narrow)
        widths = [minimum[i] if i in narrow else w * rest / wide_total for i, w in enumerate(widths)]
    return widths


def _shade(cell: Any, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _row_flag(row: Any, tag: str) -> None:
    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _fill_cell(cell: Any, text: str, font: str, *, bold: bool = False, center: bool = False) -> Any:
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    # An exact line pitch: "single" follows each font's own leading, which for the CJK fonts a
    # reader may fall back to is half again as tall, and the table would run to more pages.
    _spacing(p, exact_pt=TABLE_LINE_PT)
    _run(p, text, font, TABLE_PT, bold=bold)
    return p


def _table(doc: Any, sheet: Sheet) -> None:
    columns = sheet.columns
    widths = _column_widths(columns)
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # A fixed layout (w:tblLayout) keeps the widths below; with autofit Word re-flows columns to
    # their content.
    table.autofit = False
    for gc, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        gc.set(qn("w:w"), str(int(Cm(w).twips)))

    header = table.rows[0]
    _row_flag(header, "w:tblHeader")  # repeated at the top of every page
    _row_flag(header, "w:cantSplit")
    for cell, col, w in zip(header.cells, columns, widths, strict=True):
        cell.width = Cm(w)
        _shade(cell, "D9D9D9")  # before vAlign: w:tcPr children have a fixed order
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _fill_cell(cell, col.header, HEAD_FONT, bold=True, center=True)

    for section in sheet.sections:
        if section.heading is not None:
            row = table.add_row()
            _row_flag(row, "w:cantSplit")
            cells = row.cells
            merged = cells[0].merge(cells[-1])
            _shade(merged, "F2F2F2")
            p = _fill_cell(merged, section.heading, HEAD_FONT, bold=True)
            p.paragraph_format.keep_with_next = True  # a part's heading never ends a page alone
        for values in section.rows:
            row = table.add_row()
            _row_flag(row, "w:cantSplit")
            for cell, col, w, value in zip(row.cells, columns, widths, values, strict=True):
                cell.width = Cm(w)
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                _fill_cell(cell, str(value), BODY_FONT, center=col.center)


def _heading(doc: Any, text: str) -> None:
    p = doc.add_paragraph()
    _spacing(p, exact_pt=28, before=6, after=6)
    p.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
    p.paragraph_format.keep_with_next = True
    _run(p, text, HEAD_FONT, BODY_PT)


def _declare_fallbacks(docx_bytes: bytes) -> bytes:
    """Add the fonts and their fallbacks to word/fontTable.xml.

    The package is rewritten with a fixed time stamp on every member, so the same report gives the
    same bytes (python-docx stamps members with the current time).
    """
    entries = []
    for name, (alt, panose, pitch) in FALLBACKS.items():
        entries.append(
            f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:panose1 w:val="{panose}"/>'
            f'<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="{pitch}"/></w:font>'
        )
    src = zipfile.ZipFile(io.BytesIO(docx_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/fontTable.xml":
                xml = data.decode("utf-8")
                present = set(re.findall(r'w:name="([^"]+)"', xml))
                extra = "".join(e for e, n in zip(entries, FALLBACKS, strict=True) if n not in present)
                data = xml.replace("</w:fonts>", extra + "</w:fonts>").encode("utf-8")
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, data)
    return out.getvalue()


def write_docx(report: Report) -> bytes:
    doc = Document()
    _setup_styles(doc)
    _setup_page(doc)
    # The default template starts with one empty paragraph that would push the title down a line.
    body = doc.element.body
    for p in list(body.findall(qn("w:p"))):
        if not p.xpath("string(.)"):
            body.remove(p)
    _title_block(doc, report)
    several = len(report.sheets) > 1
    for i, sheet in enumerate(report.sheets):
        if several:
            ordinal = _CN_ORDINALS[i] if i < len(_CN_ORDINALS) else str(i + 1)
            _heading(doc, f"{ordinal}、{sheet.name}（{sheet.row_count}项）")
        if sheet.row_count == 0 and several:
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
            _spacing(p, exact_pt=28)
            _run(p, "未识别到此类条目。", BODY_FONT, BODY_PT)
            continue
        _table(doc, sheet)
    props = doc.core_properties
    props.title = report.title
    props.author = "PlanWatch"
    props.comments = "PlanWatch 导出"
    props.last_modified_by = "PlanWatch"
    # The template's thumbnail shows python-docx's sample page in file browsers, not this report.
    rels = doc.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            rels.pop(rid)
    buf = io.BytesIO()
    doc.save(buf)
    return _declare_fallbacks(buf.getvalue())
