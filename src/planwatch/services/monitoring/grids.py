"""Reading indicator files into grids of cell text, and what the two indicator imports share.

Files are recognised by their content, not their suffix: a zip with ``xl/workbook.xml`` is Excel, one
with ``word/document.xml`` Word, and anything else is read as CSV text (UTF-8, UTF-16 or GB18030, as
Excel saves it on Chinese Windows).

Shared by the 主要指标表 import (``indicator_import``) and the observations sheet import
(``observation_import``): a :class:`Problem` with a row, :class:`ImportRejected`, a file checked row
by row (:class:`CheckedFile`), formula cells, and how offices write header cells, row numbering,
footnote marks and note rows.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from planwatch.ingest import DEFAULT_MAX_BYTES, read_bytes
from planwatch.ingest.text import decode_text
from planwatch.ingest.zipguard import ZipCorrupt, check_zip
from planwatch.model import ErrorCode, InputError
from planwatch.services.monitoring.targets import fold, format_number

HEADER_SCAN = 10  # a header is looked for in the first rows only (titles may sit above it)

# The Word reader names the 主要指标表 layout: only that import reads Word files.
EXPECTED_TABLE = "序号 | 类别 | 指标 | 单位 | 基期值（或 2025年） | 目标值（或 2030年） | 年均/累计 | 属性"

# -- problems ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a file: where (``表1第5行``, ``第5行``), which column, why, how to fix it."""

    where: str
    column: str | None
    reason: str
    hint: str

    def __str__(self) -> str:
        place = self.where + (f"，{self.column}" if self.column else "")
        return f"{place}：{self.reason}。{self.hint}"


class ImportRejected(InputError):
    """Some rows of a file are bad and nothing was imported; ``problems`` lists every one."""

    def __init__(self, source: str, problems: Sequence[Problem], bad_rows: int) -> None:
        lines = "\n".join(f"  · {p}" for p in problems)
        super().__init__(
            f"{bad_rows} 行有错误，未导入任何数据（共 {len(problems)} 处问题）：\n{lines}",
            where=source,
            hint="请按提示逐行改正后重新导入。",
            code=ErrorCode.INDICATOR_IMPORT_REJECTED,
        )
        self.problems = tuple(problems)


# -- reading files into grids -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Grid:
    """The cells of one table or worksheet. ``rows`` pairs each row with its number as a person sees
    it (Excel's row number, the CSV line, the row of the Word table)."""

    label: str  # "表1", "工作表“2026年”", "" (a CSV file)
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    spreadsheet: bool  # columns are named by letter (A, B, …) rather than 第N列

    def where(self, row: int, *, qualified: bool) -> str:
        return f"{self.label}第{row}行" if qualified and self.label else f"第{row}行"

    def column(self, index: int, header: str = "") -> str:
        name = f"{_letter(index)}列" if self.spreadsheet else f"第{index + 1}列"
        return f"{name}（{header}）" if header else name


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _read(path: Path) -> bytes:
    name = path.name or str(path)
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise InputError(f"找不到文件：{path}", where=name, hint="请检查文件路径和文件名是否正确。") from exc
    except OSError as exc:
        raise InputError(f"无法访问文件：{path}（{exc.strerror or exc}）", where=name) from exc
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"这是一个文件夹，不是文件：{path}", where=name, hint="请选择具体的文件。")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"不是普通文件：{path}", where=name, hint="请选择保存在磁盘上的文件。")
    if info.st_size > DEFAULT_MAX_BYTES:
        raise InputError(
            f"文件过大（{info.st_size:,} 字节，上限 {DEFAULT_MAX_BYTES:,} 字节）。",
            where=name,
            hint="指标表和数据表不会这么大；请确认选择了正确的文件。",
        )
    try:
        with path.open("rb") as handle:
            return handle.read(DEFAULT_MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"读取文件失败：{exc.strerror or exc}", where=name) from exc


def _corrupt(name: str, what: str) -> InputError:
    return InputError(
        f"{what}已损坏或不完整（可能在下载、复制或发送时被截断），无法读取。",
        where=name,
        hint="请在 Excel 或 WPS 中打开确认能正常显示，重新保存或重新下载后再导入。",
    )


def read_grids(path: str | os.PathLike[str], *, word: bool) -> tuple[str, list[Grid]]:
    """The format ("xlsx", "docx", "csv") and the tables of a file. ``word`` allows .docx."""
    path = Path(path)
    return grids_of(_read(path), path.name or str(path), word=word)


def grids_of(data: bytes, name: str, *, word: bool) -> tuple[str, list[Grid]]:
    """:func:`read_grids` of a file's bytes (an upload); ``name`` is how errors refer to it."""
    if len(data) > DEFAULT_MAX_BYTES:
        raise InputError(
            f"文件过大（{len(data):,} 字节，上限 {DEFAULT_MAX_BYTES:,} 字节）。",
            where=name,
            hint="指标表和数据表不会这么大；请确认选择了正确的文件。",
        )
    if not data.strip():
        raise InputError("文件为空，没有任何内容。", where=name, hint="请确认选择了正确的文件。")
    allowed = "Excel（.xlsx）、Word（.docx）或 CSV" if word else "Excel（.xlsx）或 CSV"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise InputError(
            "这是旧版 Office 文件（.xls 或 .doc），无法直接读取。",
            where=name,
            hint=f"请在 Excel、Word 或 WPS 中打开，“另存为”{allowed} 格式后再导入。",
        )
    if data.startswith(b"PK"):
        kind = zip_kind(data, name)
        if kind == "xlsx":
            return "xlsx", _xlsx_grids(data, name)
        if kind == "docx" and word:
            return "docx", _docx_grids(data, name)
        what = "Word 文档（.docx）" if kind == "docx" else "ZIP 压缩包"
        raise InputError(f"文件内容是{what}，不是可导入的表格。", where=name, hint=f"请提供 {allowed} 文件。")
    if data.startswith(b"%PDF"):
        raise InputError(
            "这是 PDF 文件，其中的表格无法可靠读取。", where=name, hint=f"请提供 {allowed} 文件。"
        )
    return "csv", [_csv_grid(data, name)]


def zip_kind(data: bytes, name: str) -> str:
    try:
        # openpyxl and python-docx inflate whole parts: each is measured first, whatever it declares.
        members = check_zip(data, name)
    except ZipCorrupt as exc:
        what = "Word 文档" if b"word/" in data[:65536] else "Excel 文件"
        raise _corrupt(name, what) from exc
    names = {m.filename for m in members}
    if "xl/workbook.xml" in names:
        return "xlsx"
    if any(n.startswith("word/document") for n in names):
        return "docx"
    return "zip"


def _cell_text(value: Any, number_format: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            return str(value)
        if "%" in number_format:
            # A cell formatted as a percentage shows 3.1% but holds 0.031.
            return format_number(float(f"{number * 100:.12g}")) + "%"
        return format_number(number)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _xlsx_grids(data: bytes, name: str) -> list[Grid]:
    import openpyxl  # type: ignore[import-untyped]

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        # The formulas too: a formula the file holds no computed value for reads as an empty cell
        # in ``workbook``, and its row would vanish without a word.
        formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # openpyxl raises anything from KeyError to XML errors for a broken file
        raise _corrupt(name, "Excel 文件") from exc
    try:
        grids = []
        sheets = workbook.worksheets
        for sheet, formula_sheet in zip(sheets, formulas.worksheets, strict=True):
            rows: list[tuple[int, tuple[str, ...]]] = []
            # Explicit bounds from A1: row numbers and column letters are then the ones Excel shows,
            # whatever empty rows and columns the sheet starts with.
            bounds = {"min_row": 1, "min_col": 1, "max_row": sheet.max_row, "max_col": sheet.max_column}
            pairs = zip(sheet.iter_rows(**bounds), formula_sheet.iter_rows(**bounds), strict=True)
            for number, (row, formula_row) in enumerate(pairs, start=1):
                cells = tuple(
                    _cell_text(c.value, getattr(c, "number_format", "") or "")
                    if c.value is not None or not is_formula(f.value)
                    else str(f.value)
                    for c, f in zip(row, formula_row, strict=True)
                )
                rows.append((number, cells))
            label = f"工作表“{sheet.title}”" if len(sheets) > 1 else ""
            grids.append(Grid(label, tuple(rows), spreadsheet=True))
    finally:
        workbook.close()
        formulas.close()
    return grids


def is_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("=")


def formula_problem(grid: Grid, where: str, filled: list[tuple[int, str]]) -> Problem | None:
    """A row with formula cells (an xlsx formula without a saved result, or a CSV cell "=…") is
    reported: its value cannot be read, and silently skipping it would lose an indicator."""
    found = [(i, c) for i, c in filled if is_formula(c)]
    if not found:
        return None
    index, text = found[0]
    return Problem(
        where,
        grid.column(index),
        f"单元格是公式“{text[:40]}”，无法读出其数值，这一行未导入",
        "请在 Excel 或 WPS 中打开并保存（或把公式“选择性粘贴为数值”）后重新导入",
    )


def _docx_grids(data: bytes, name: str) -> list[Grid]:
    document = read_bytes(data, name)
    if not document.tables:
        raise InputError(
            "Word 文档中没有表格。",
            where=name,
            hint=f"主要指标表应是文档中的一个表格，表头如：{EXPECTED_TABLE}。",
        )
    return [
        Grid(
            f"表{i}",
            tuple((n, tuple(c.strip() for c in row)) for n, row in enumerate(t.rows, start=1)),
            False,
        )
        for i, t in enumerate(document.tables, start=1)
    ]


def _csv_grid(data: bytes, name: str) -> Grid:
    text = decode_text(data, name).text
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[tuple[int, tuple[str, ...]]] = []
    line = 1
    try:
        for row in reader:
            rows.append((line, tuple(c.strip() for c in row)))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(
            f"CSV 格式有误（第 {reader.line_num} 行）：{exc}",
            where=name,
            hint="请检查引号是否成对；也可以在 Excel 中打开后另存为 .xlsx 再导入。",
        ) from exc
    return Grid("", tuple(rows), spreadsheet=True)


def has_content(grid: Grid) -> bool:
    return any(any(c for c in cells) for _, cells in grid.rows)


# -- cell text both imports read alike --------------------------------------------------------

NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、](?!\d))\s*"
)
NOTE_LINE = re.compile(r"^(?:注|说明|备注|资料来源|数据来源)\s*[:：\d]")
FOOTNOTE_MARK = re.compile(r"[*＊★☆※△▲①②③④⑤⑥⑦⑧⑨⑩¹²³⁴⁵⁶⁷⁸⁹]+$")


def header_key(cell: str) -> str:
    """A header cell as compared with the known column names: folded, without a bracketed note
    (指标名称（单位）), upper case (No.)."""
    return re.sub(r"\(.*?\)", "", fold(cell)).upper()


# -- a file checked row by row ----------------------------------------------------------------


class CheckedRow(Protocol):
    @property
    def problems(self) -> tuple[Problem, ...]: ...


_RowT = TypeVar("_RowT", bound=CheckedRow)


@dataclass(frozen=True, slots=True)
class CheckedFile(Generic[_RowT]):
    """A file checked row by row, nothing written yet: both imports preview and refuse alike."""

    source: str
    rows: tuple[_RowT, ...]

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(p for r in self.rows for p in r.problems)

    @property
    def bad_rows(self) -> int:
        return sum(1 for r in self.rows if r.problems)
