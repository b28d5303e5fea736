"""The 分工方案 workbook sent to departments for 征求意见 and read back when they return it.

One row per task: 编号, 任务内容, 牵头单位, 配合单位, 完成时限 and an empty 反馈意见 column the
department fills in. Hidden, locked columns carry what the upload needs to be checked: the task's key
and a fingerprint of its text, the revision of its assignment and the values it had at download, so
that an upload can tell what the department changed from what someone else changed meanwhile. A very
hidden sheet holds the plan, version and download time. The sheet is protected (without a password:
the aim is to stop slips, not people) with only the four fillable columns unlocked.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import (  # type: ignore[import-untyped]
    Alignment,
    Border,
    Font,
    NamedStyle,
    PatternFill,
    Protection,
    Side,
)
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

SHEET = "分工方案"
META_SHEET = "_planwatch"
UNIT_SEPARATOR = "、"

# (header, width); the first six are shown, the rest hidden. Headers are what the reader looks for.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("编号", 6),
    ("任务内容", 60),
    ("牵头单位", 18),
    ("配合单位", 30),
    ("完成时限", 10),
    ("反馈意见", 30),
    ("行键", 12),
    ("文字校验", 14),
    ("修订", 8),
    ("原牵头单位", 18),
    ("原配合单位", 30),
    ("原完成时限", 10),
)
VISIBLE = 6
EDITABLE = ("牵头单位", "配合单位", "完成时限", "反馈意见")
TITLE_ROW, NOTE_ROW, HEADER_ROW = 1, 2, 3
NOTE = (
    "填写说明：请在“牵头单位”“配合单位”“完成时限”列填写本部门的意见，多个配合单位用顿号（、）分隔，"
    "完成时限写四位年份或“持续推进”；需要说明的写在“反馈意见”列。请勿增删行、修改编号和任务内容。"
)

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_EDIT_FILL = PatternFill("solid", fgColor="FFF9E5")


def text_fingerprint(text: str) -> str:
    """Tells whether a row's task still reads the same (the key alone shifts between versions)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class DivisionRow:
    """One task as downloaded. Units are full catalogue names; ``shown_*`` what the sheet prints."""

    key: str
    text: str
    lead: str | None
    cooperating: tuple[str, ...]
    due: str
    revision: int
    shown_lead: str
    shown_cooperating: str


@dataclass(frozen=True, slots=True)
class DivisionMeta:
    plan_id: int
    plan_name: str
    version: int
    revision: int  # the plan's latest assignment decision at download (0: none)
    downloaded_at: datetime


def write_division(meta: DivisionMeta, rows: list[DivisionRow]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    last_visible = get_column_letter(VISIBLE)
    for i, (_header, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
        if i > VISIBLE:
            ws.column_dimensions[get_column_letter(i)].hidden = True

    ws.merge_cells(f"A{TITLE_ROW}:{last_visible}{TITLE_ROW}")
    title = ws.cell(TITLE_ROW, 1, f"{meta.plan_name}重点任务分工方案（征求意见稿）")
    title.font = Font(name="黑体", size=16, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[TITLE_ROW].height = 48
    ws.merge_cells(f"A{NOTE_ROW}:{last_visible}{NOTE_ROW}")
    note = ws.cell(
        NOTE_ROW, 1, f"{NOTE}（第 {meta.version} 版，下载于 {meta.downloaded_at:%Y-%m-%d %H:%M} UTC）"
    )
    note.font = Font(name="宋体", size=10, color="404040")
    note.alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[NOTE_ROW].height = 46
    for i, (header, _) in enumerate(COLUMNS, start=1):
        cell = ws.cell(HEADER_ROW, i, header)
        cell.font = Font(name="黑体", size=11, bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center")

    editable = {i for i, (h, _) in enumerate(COLUMNS, start=1) if h in EDITABLE}
    # Named styles: one style record for all cells of a kind (setting font, border … cell by cell
    # costs seconds on a plan of a few hundred tasks).
    common = {
        "font": Font(name="宋体", size=10.5),
        "border": _BORDER,
        "alignment": Alignment(wrap_text=True, vertical="center"),
    }
    number_style = NamedStyle(name="pw_number", **common)
    text_style = NamedStyle(name="pw_text", number_format="@", **common)
    edit_style = NamedStyle(
        name="pw_edit", number_format="@", fill=_EDIT_FILL, protection=Protection(locked=False), **common
    )
    for style in (number_style, text_style, edit_style):
        wb.add_named_style(style)
    r = HEADER_ROW
    for number, row in enumerate(rows, start=1):
        r = HEADER_ROW + number
        values = (
            number,
            row.text,
            row.shown_lead,
            row.shown_cooperating,
            row.due,
            None,
            row.key,
            text_fingerprint(row.text),
            row.revision,
            row.lead or "",
            UNIT_SEPARATOR.join(row.cooperating),
            row.due,
        )
        for i, value in enumerate(values, start=1):
            cell = ws.cell(r, i, value)
            # Every value but 编号 is text: a 完成时限 of 2027 must read back as the string it was.
            cell.style = "pw_edit" if i in editable else ("pw_number" if i == 1 else "pw_text")
        ws.row_dimensions[r].height = max(18, 14 * (len(row.text) // 30 + 1) + 4)

    if rows:
        due_column = get_column_letter(5)
        first = f"{due_column}{HEADER_ROW + 1}"
        check = DataValidation(
            type="custom",
            formula1=f'OR({first}="持续推进",AND(LEN({first})=4,ISNUMBER(VALUE({first}))))',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="完成时限",
            error="请写四位年份（如 2027）或“持续推进”。",
        )
        check.add(f"{due_column}{HEADER_ROW + 1}:{due_column}{r}")
        ws.add_data_validation(check)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widths may change; content and structure may not
    ws.protection.formatRows = False
    ws.page_setup.paperSize = 9
    ws.page_setup.orientation = "landscape"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"

    info = wb.create_sheet(META_SHEET)
    for i, (k, v) in enumerate(
        (
            ("plan_id", meta.plan_id),
            ("plan_name", meta.plan_name),
            ("version", meta.version),
            ("revision", meta.revision),
            ("downloaded_at", meta.downloaded_at.isoformat()),
        ),
        start=1,
    ):
        info.cell(i, 1, k)
        info.cell(i, 2, v)
    info.sheet_state = "veryHidden"
    info.protection.sheet = True
    wb.properties.title = f"{meta.plan_name}重点任务分工方案"
    wb.properties.creator = "PlanWatch"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
