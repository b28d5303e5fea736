"""Reports as Excel workbooks (openpyxl), laid out to be filtered on screen and printed on A4."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.properties import PageSetupProperties  # type: ignore[import-untyped]

from planwatch.export.report import Report, Sheet
from planwatch.export.rows import Column

TITLE_ROW, NOTE_ROW, HEADER_ROW = 1, 2, 3
FIRST_DATA_ROW = HEADER_ROW + 1

# 宋体 and 黑体 ship with every Chinese Windows and Office; LibreOffice maps them to the CJK fonts
# it has, so the sheet renders wherever it is opened.
BODY_FONT = "宋体"
HEAD_FONT = "黑体"
BODY_PT = 10.5
BODY_LINE_PT = 14  # one wrapped line of BODY_PT text, with the leading LibreOffice and Excel use

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
_INVALID_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _sheet_title(name: str, taken: set[str]) -> str:
    base = name.translate(_INVALID_SHEET_CHARS)[:31] or "Sheet"
    title, n = base, 2
    while title in taken:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def _text_lines(text: str, width_units: float) -> int:
    """Lines ``text`` wraps to in a cell ``width_units`` wide (a Chinese character is two units)."""
    units = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
    # Wrapping breaks before a character that does not fit, so a line holds a little less than
    # the full width; 1.5 units of slack keeps the estimate from cutting off the last line.
    return max(1, math.ceil(units / max(width_units - 1.5, 1)))


def _write_sheet(ws: Any, report: Report, sheet: Sheet) -> None:
    columns: Sequence[Column] = sheet.columns
    ncols = len(columns)
    last = get_column_letter(ncols)
    total_width = sum(c.width for c in columns)

    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width

    ws.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    title = ws.cell(TITLE_ROW, 1, report.title)
    title.font = Font(name=HEAD_FONT, size=16, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[TITLE_ROW].height = 24 * _text_lines(report.title, total_width / 1.5) + 12

    # Excel does not grow a merged row to fit its text, so the note row gets a height for its length.
    ws.merge_cells(f"A{NOTE_ROW}:{last}{NOTE_ROW}")
    note = ws.cell(NOTE_ROW, 1, report.note)
    note.font = Font(name=BODY_FONT, size=10, color="404040")
    note.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
    ws.row_dimensions[NOTE_ROW].height = 15 * _text_lines(report.note, total_width / 1.1) + 6

    for i, col in enumerate(columns, start=1):
        cell = ws.cell(HEADER_ROW, i, col.header)
        cell.font = Font(name=HEAD_FONT, size=11, bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[HEADER_ROW].height = 22

    body_font = Font(name=BODY_FONT, size=BODY_PT)
    group_font = Font(name=HEAD_FONT, size=11, bold=True)
    r = FIRST_DATA_ROW
    for section in sheet.sections:
        if section.heading is not None:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
            for i in range(1, ncols + 1):
                cell = ws.cell(r, i)
                cell.border = _BORDER
                cell.fill = _GROUP_FILL
            head = ws.cell(r, 1, section.heading)
            head.font = group_font
            head.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
            ws.row_dimensions[r].height = 18 * _text_lines(section.heading, total_width) + 4
            r += 1
        for values in section.rows:
            # Neither LibreOffice nor Excel (on open) grows a row to fit wrapped text that openpyxl
            # wrote, so the height comes from the longest cell's estimated line count.
            lines = max(_text_lines(str(v), c.width) for c, v in zip(columns, values, strict=True))
            ws.row_dimensions[r].height = BODY_LINE_PT * lines + 4
            for i, (col, value) in enumerate(zip(columns, values, strict=True), start=1):
                cell = ws.cell(r, i, value)
                cell.font = body_font
                cell.border = _BORDER
                cell.alignment = Alignment(
                    horizontal="center" if col.center else "left", vertical="center", wrap_text=True
                )
            if section.heading is not None:
                # Rows of a part fold under its heading row (Excel's 1/2 outline buttons).
                ws.row_dimensions[r].outline_level = 1
            r += 1

    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{max(r - 1, HEADER_ROW)}"
    # The fold button belongs on the heading row above a part's rows, not below them.
    ws.sheet_properties.outlinePr.summaryBelow = False

    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages as it takes
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.7
    ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9


def write_xlsx(report: Report) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for sheet in report.sheets:
        ws = wb.create_sheet(_sheet_title(sheet.name, taken))
        _write_sheet(ws, report, sheet)
    wb.properties.title = report.title
    wb.properties.creator = "PlanWatch"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
