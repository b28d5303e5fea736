"""Indicator files as planning offices keep them: a 主要指标表 (Word or Excel table) and observation
sheets (CSV or Excel, one row per indicator, one column per year).

Both imports check every row first and report every problem with its row, column, reason and fix;
nothing is written when any row is bad, unless the caller asks to import only the good rows
(``skip_bad``). Writing happens in the caller's transaction, so a failure part-way leaves nothing.

Files are recognised by their content, not their suffix: a zip with ``xl/workbook.xml`` is Excel, one
with ``word/document.xml`` Word, and anything else is read as CSV text (UTF-8, UTF-16 or GB18030, as
Excel saves it on Chinese Windows).
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy.orm import Session

from planwatch.ingest import DEFAULT_MAX_BYTES, read_bytes
from planwatch.ingest.text import decode_text
from planwatch.ingest.zipguard import ZipCorrupt, check_zip
from planwatch.model import ErrorCode, Indicator, InputError, Observation, PlanInfo, User
from planwatch.model.monitoring import COMPLETED_NOTE
from planwatch.services.monitoring.build import IndicatorFields, IndicatorInputError, build_indicator
from planwatch.services.monitoring.indicators import store_indicator, suggest
from planwatch.services.monitoring.observations import write_observation
from planwatch.services.monitoring.targets import (
    completion_of,
    fold,
    format_number,
    is_empty_cell,
    normalise_period,
    parse_number,
    period_label,
    same_unit,
)
from planwatch.store.monitoring import IndicatorRepository

_HEADER_SCAN = 10  # a header is looked for in the first rows only (titles may sit above it)

EXPECTED_TABLE = "序号 | 类别 | 指标 | 单位 | 基期值（或 2025年） | 目标值（或 2030年） | 年均/累计 | 属性"
EXPECTED_SHEET = "指标 | 单位 | 2025 | 2026 | 2027 …（年份也可写成 2026年，季度写成 2026Q3）"


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
        kind = _zip_kind(data, name)
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


def _zip_kind(data: bytes, name: str) -> str:
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
                    if c.value is not None or not _is_formula(f.value)
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


def _is_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("=")


def _formula_problem(grid: Grid, where: str, filled: list[tuple[int, str]]) -> Problem | None:
    """A row with formula cells (an xlsx formula without a saved result, or a CSV cell "=…") is
    reported: its value cannot be read, and silently skipping it would lose an indicator."""
    found = [(i, c) for i, c in filled if _is_formula(c)]
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


def _has_content(grid: Grid) -> bool:
    return any(any(c for c in cells) for _, cells in grid.rows)


# -- header recognition -----------------------------------------------------------------------------

_YEAR = re.compile(r"(?:19|20)\d\d")
_ESTIMATE = re.compile(r"\((?:预计|预计数|预计值|估计|估算|初步统计|初步核算|快报|暂定)\)")
_YEAR_ONLY = re.compile(r"((?:19|20)\d\d)年?(?:末|底)?(?:\((?:基期|目标|规划目标|预期)?值?\))?")
_WORDS: dict[str, tuple[str, ...]] = {
    "no": ("序号", "编号", "NO", "NO.", "序"),
    "category": ("类别", "分类", "领域", "指标类别", "类型", "维度", "一级指标", "指标分类"),
    "name": (
        "指标",
        "指标名称",
        "主要指标",
        "名称",
        "指标项",
        "具体指标",
        "二级指标",
        "监测指标",
        "指标内容",
    ),
    "unit": ("单位", "计量单位", "指标单位"),
    "attribute": ("属性", "指标属性", "性质", "指标性质"),
    "department": ("责任单位", "牵头单位", "责任部门", "牵头部门", "负责单位", "责任主体", "牵头责任单位"),
    "data_source": ("数据来源", "来源", "统计来源", "资料来源"),
    "note": ("备注", "说明", "注"),
}
_WORD_ROLE = {word: role for role, words in _WORDS.items() for word in words}


def _header_key(cell: str) -> str:
    return re.sub(r"\(.*?\)", "", fold(cell)).upper()


def _role(cell: str) -> tuple[str | None, int | None]:
    """What a 主要指标表 header cell is (name, unit, base, target, year, mode …) and the year in it."""
    folded = fold(cell)
    if not folded:
        return None, None
    years = _YEAR.findall(folded)
    year = int(years[-1]) if years else None
    key = _header_key(cell)
    if key in _WORD_ROLE:
        return _WORD_ROLE[key], None
    # 2025年（预计）, 2025年(预计数): still the 2025 column
    if _YEAR_ONLY.fullmatch(folded) or _YEAR_ONLY.fullmatch(_ESTIMATE.sub("", folded)):
        if "目标" in folded or "预期" in folded:
            return "target", year
        if "基期" in folded:
            return "base", year
        return "year", year
    if any(w in key for w in ("基期", "现状", "基数", "基准")):
        return "base", year
    if any(w in key for w in ("目标", "预期", "规划值", "规划期末")):
        return "target", year
    if "年均" in key or "累计" in key:
        return "mode", None
    if key.endswith("指标名称"):
        return "name", None
    return None, None


@dataclass
class TableHeader:
    columns: dict[str, int] = field(default_factory=dict)
    headers: dict[int, str] = field(default_factory=dict)
    base_year: int | None = None
    target_year: int | None = None

    @property
    def usable(self) -> bool:
        return "name" in self.columns and ("target" in self.columns or "base" in self.columns)


def _table_header(cells: Sequence[str]) -> TableHeader:
    header = TableHeader(headers={i: c for i, c in enumerate(cells) if c})
    year_columns: list[tuple[int, int]] = []
    for i, cell in enumerate(cells):
        role, year = _role(cell)
        if role is None:
            continue
        if role == "year":
            assert year is not None
            year_columns.append((year, i))
            continue
        if role in header.columns:
            continue  # the first column of a kind wins (a second 备注 and so on)
        header.columns[role] = i
        if role == "base":
            header.base_year = year
        elif role == "target":
            header.target_year = year
    # Year-headed columns: the latest is the target, the one before it the base (2020年 | 2025年 |
    # 2030年 in a 十五五 table: base 2025, target 2030).
    year_columns.sort()
    if "target" not in header.columns and year_columns:
        header.target_year, header.columns["target"] = year_columns.pop()
    if "base" not in header.columns and year_columns:
        earlier = [yc for yc in year_columns if header.target_year is None or yc[0] < header.target_year]
        if earlier:
            header.base_year, header.columns["base"] = earlier[-1]
    return header


def _merge_header_rows(upper: Sequence[str], lower: Sequence[str]) -> list[str]:
    """A two-row header (目标值 spanning 2025年 | 2030年): the lower cell where there is one."""
    width = max(len(upper), len(lower))
    up = list(upper) + [""] * (width - len(upper))
    low = list(lower) + [""] * (width - len(lower))
    return [b if b else a for a, b in zip(up, low, strict=True)]


def _find_table_header(grid: Grid) -> tuple[TableHeader, int] | None:
    """The header of a 主要指标表 and the index of the first data row, or None."""
    rows = grid.rows
    for index in range(min(_HEADER_SCAN, len(rows))):
        cells = rows[index][1]
        header = _table_header(cells)
        if "name" not in header.columns:
            continue
        if index + 1 < len(rows):
            below = rows[index + 1][1]
            name_col = header.columns["name"]
            below_years = [c for c in below if _role(c)[0] in ("year", "base", "target")]
            if below_years and not (name_col < len(below) and below[name_col]):
                merged = _table_header(_merge_header_rows(cells, below))
                if merged.usable:
                    return merged, index + 2
        if header.usable:
            return header, index + 1
    return None


# -- importing a 主要指标表 ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TableImport:
    source: str
    created: tuple[Indicator, ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()  # (name, reason): already in the plan
    problems: tuple[Problem, ...] = ()
    bad_rows: int = 0
    rows: int = 0  # indicator rows read


@dataclass(frozen=True, slots=True)
class TableRow:
    """One indicator row of a 主要指标表 as read, for the preview: what it becomes, or why not."""

    where: str
    name: str
    category: str
    cells: dict[str, str]  # the cells by role (base, target, mode, attribute …), as written
    draft: Indicator | None  # the indicator it makes, if the row is good
    problems: tuple[Problem, ...] = ()
    skip_reason: str | None = None  # a good row left alone (the plan has the indicator already)

    @property
    def action(self) -> str:
        if self.problems:
            return "error"
        return "skip" if self.skip_reason else "create"


class _CheckedRow(Protocol):
    @property
    def problems(self) -> tuple[Problem, ...]: ...


_RowT = TypeVar("_RowT", bound=_CheckedRow)


@dataclass(frozen=True, slots=True)
class _CheckedFile(Generic[_RowT]):
    """A file checked row by row, nothing written yet: both imports preview and refuse alike."""

    source: str
    rows: tuple[_RowT, ...]

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(p for r in self.rows for p in r.problems)

    @property
    def bad_rows(self) -> int:
        return sum(1 for r in self.rows if r.problems)


@dataclass(frozen=True, slots=True)
class TablePlan(_CheckedFile[TableRow]):
    """A 主要指标表 checked row by row, nothing written yet."""


_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、](?!\d))\s*"
)
_NOTE = re.compile(r"^(?:注|说明|备注|资料来源|数据来源)\s*[:：\d]")
_FOOTNOTE = re.compile(r"[*＊★☆※△▲①②③④⑤⑥⑦⑧⑨⑩¹²³⁴⁵⁶⁷⁸⁹]+$")
_MODE_LABEL = re.compile(r"^(?:年均|累计|年均增长|五年累计|平均|增长)$")
_LEADING_BRACKET = re.compile(r"^[\[〔【［]")
_FIELD_COLUMN = {
    "name": "name",
    "unit": "unit",
    "target": "target",
    "target_max": "target",
    "kind": "target",
    "tolerance": "target",
    "target_year": "target",
    "baseline": "base",
    "baseline_year": "base",
    "attribute": "attribute",
    "direction": None,
    "category": "category",
    "data_source": "data_source",
    "department": "department",
}


@dataclass(frozen=True, slots=True)
class _TableRow:
    grid: Grid
    header: TableHeader
    cells: list[str]

    def cell(self, role: str) -> str:
        return self.cells[self.header.columns[role]] if role in self.header.columns else ""

    def column(self, role: str) -> str | None:
        if role not in self.header.columns:
            return None
        index = self.header.columns[role]
        return self.grid.column(index, self.header.headers.get(index, ""))


def _clean_category(text: str) -> str:
    text = _NUMBERING.sub("", text.strip())
    return text[:-1] if text.endswith("类") and len(text) > 2 else text


def _clean_value(text: str) -> str:
    """A value cell without its footnote mark or estimate note: 5.5*, 5.5（预计）, 13①."""
    t = _ESTIMATE.sub("", text.strip().replace("（", "(").replace("）", ")"))
    return _FOOTNOTE.sub("", t).strip() if t != text.strip() or _FOOTNOTE.search(t) else text


def _target_cell(row: _TableRow) -> tuple[str, str, bool | None, bool | None]:
    """(the cell holding the target, its role, cumulative, annual) of a row.

    The 2030年 cell when it has a value; otherwise the 年均增长〔累计〕 cell, where a bracketed value
    is a five-year total and a plain one a yearly rate (the header says which when it names only
    one). A mode cell that is a label (累计, 年均) says how the 2030年 value is meant.
    """
    target, mode = row.cell("target"), row.cell("mode")
    mode_header = row.header.headers.get(row.header.columns.get("mode", -1), "")
    label = fold(mode)
    if _MODE_LABEL.fullmatch(label):
        return target, "target", ("累计" in label) or None, ("年均" in label) or None
    if not is_empty_cell(target) or is_empty_cell(mode):
        return target, "target", None, None
    if _LEADING_BRACKET.match(fold(mode)):
        return mode, "mode", True, False
    cumulative_only = "累计" in mode_header and "年均" not in mode_header
    if cumulative_only:
        return mode, "mode", True, False
    # a yearly rate, unless the cell is words (build_indicator then keeps neither)
    return mode, "mode", False, ("年均" in fold(mode_header)) or None


def plan_indicator_table(session: Session, plan: PlanInfo, grids: Sequence[Grid], source: str) -> TablePlan:
    """Read every indicator row of the 主要指标表 among ``grids`` into what it would become.

    Raises :class:`InputError` when there is no table or no indicator row at all.
    """
    found = [(g, h) for g in grids for h in [_find_table_header(g)] if h is not None]
    if not found:
        raise InputError(
            "没有找到主要指标表：表头中需要有“指标”（或“指标名称”）列，以及“目标值”（或 2030年 这样的年份）列。",
            where=source,
            hint=f"表头可写成：{EXPECTED_TABLE}。",
        )
    qualified = len(found) > 1 or any(g.label.startswith("表") for g, _ in found)
    repo = IndicatorRepository(session)
    rows: list[TableRow] = []
    seen: dict[str, str] = {}
    for grid, (header, start) in found:
        cols = header.columns
        category = ""
        for number, raw in grid.rows[start:]:
            cells = list(raw) + [""] * (max(cols.values(), default=0) + 1 - len(raw))
            filled = [(i, c) for i, c in enumerate(cells) if c]
            if not filled:
                continue
            where = grid.where(number, qualified=qualified)
            formula = _formula_problem(grid, where, filled)
            if formula is not None:
                named = _TableRow(grid, header, cells).cell("name").strip()
                rows.append(TableRow(where, named, category, {}, None, (formula,)))
                continue

            row = _TableRow(grid, header, cells)
            cell, column = row.cell, row.column
            values = {c for _, c in filled}
            if _NOTE.match(filled[0][1]) and len(values) == 1:
                continue
            if len(values) == 1 and re.fullmatch(r"[\d.]+", filled[0][1]):
                continue  # only a 序号
            if len(values) == 1:
                # a heading row (一、经济发展, often one cell spanning the table): a name with
                # nothing else is no indicator
                category = _clean_category(filled[0][1])
                continue
            if cell("category"):
                category = _clean_category(cell("category"))
            name = _FOOTNOTE.sub("", _NUMBERING.sub("", cell("name").strip())).strip()
            unit = cell("unit").strip()
            unit_in_name = re.search(r"[(（]([^()（）]+)[)）]$", name)
            if unit_in_name and (not unit or same_unit(unit_in_name.group(1), unit)):
                unit = unit or unit_in_name.group(1)
                name = _FOOTNOTE.sub("", name[: unit_in_name.start()].strip()).strip()
            target, target_role, cumulative, annual = _target_cell(row)
            target = _clean_value(target)
            shown = {
                role: cell(role) for role in ("base", "target", "mode", "attribute", "unit") if cell(role)
            }
            row_problems: list[Problem] = []
            if not name:
                row_problems.append(
                    Problem(where, column("name"), "指标名称为空", "请填写指标名称，或删除这一行")
                )
            elif name in seen:
                row_problems.append(
                    Problem(
                        where,
                        column("name"),
                        f"与{seen[name]}的指标同名（“{name}”）",
                        "请删除重复的行或改用不同名称",
                    )
                )
            else:
                seen[name] = where
            draft: Indicator | None = None
            if not row_problems:
                try:
                    draft = build_indicator(
                        plan,
                        IndicatorFields(
                            name=name,
                            unit=unit,
                            target=target,
                            baseline=_clean_value(cell("base")),
                            baseline_year=header.base_year if not is_empty_cell(cell("base")) else None,
                            target_year=header.target_year if not is_empty_cell(target) else None,
                            attribute=cell("attribute") or None,
                            category=category or None,
                            cumulative=cumulative,
                            annual=annual,
                            data_source=cell("data_source") or None,
                            department=cell("department") or None,
                        ),
                    )
                except IndicatorInputError as exc:
                    for p in exc.problems:
                        role = _FIELD_COLUMN.get(p.field)
                        if role == "target":
                            role = target_role
                        row_problems.append(
                            Problem(
                                where,
                                column(role) if role else None,
                                p.reason if p.reason.startswith(p.label) else f"{p.label}{p.reason}",
                                p.hint,
                            )
                        )
            skip = None
            if draft is not None and repo.find(plan.id, name) is not None:
                skip = "规划中已有同名指标，未改动"
            rows.append(
                TableRow(
                    where, name, category, shown, None if row_problems else draft, tuple(row_problems), skip
                )
            )
    if not rows:
        raise InputError(
            "主要指标表中没有指标行。", where=source, hint="请确认表头下面有指标行，每行一个指标。"
        )
    return TablePlan(source, tuple(rows))


def apply_indicator_table(
    session: Session, plan: TablePlan, *, by: User | str | None, skip_bad: bool = False
) -> TableImport:
    """Create the indicators of a checked table. Raises :class:`ImportRejected` and writes nothing
    when a row is bad, unless ``skip_bad``."""
    if plan.problems and not skip_bad:
        raise ImportRejected(plan.source, plan.problems, plan.bad_rows)
    created = tuple(
        store_indicator(session, r.draft, by=by, action="indicator.import")
        for r in plan.rows
        if r.action == "create" and r.draft is not None
    )
    skipped = tuple((r.name, r.skip_reason) for r in plan.rows if r.action == "skip" and r.skip_reason)
    return TableImport(plan.source, created, skipped, plan.problems, plan.bad_rows, len(plan.rows))


def import_indicator_table(
    session: Session,
    plan: PlanInfo,
    path: str | os.PathLike[str],
    *,
    by: User | str | None,
    skip_bad: bool = False,
) -> TableImport:
    """Create indicators from a 主要指标表 in a .docx or .xlsx (or .csv) file.

    Indicators already in the plan (same name) are left alone and reported as skipped. Raises
    :class:`ImportRejected` listing every bad row, and writes nothing, when a row is bad and
    ``skip_bad`` is false.
    """
    source = Path(path).name
    _, grids = read_grids(path, word=True)
    return apply_indicator_table(
        session, plan_indicator_table(session, plan, grids, source), by=by, skip_bad=skip_bad
    )


# -- importing observations -------------------------------------------------------------------------

_SHEET_ROLES = {
    "name": ("指标", "指标名称", "名称", "指标项", "监测指标", "主要指标", "具体指标"),
    "unit": ("单位", "计量单位", "指标单位"),
    "source": ("来源", "数据来源", "资料来源"),
    "note": ("备注", "说明"),
}
_SHEET_ROLE = {word: role for role, words in _SHEET_ROLES.items() for word in words}


@dataclass
class SheetHeader:
    columns: dict[str, int] = field(default_factory=dict)
    periods: dict[int, str] = field(default_factory=dict)  # column -> "2026" / "2026Q3"
    headers: dict[int, str] = field(default_factory=dict)


def _sheet_header(grid: Grid, source: str, qualified: bool) -> tuple[SheetHeader, int] | None:
    for index in range(min(_HEADER_SCAN, len(grid.rows))):
        number, cells = grid.rows[index]
        header = SheetHeader(headers={i: c for i, c in enumerate(cells) if c})
        seen: dict[str, int] = {}
        for i, c in enumerate(cells):
            key = _header_key(c)
            role = _SHEET_ROLE.get(key) or ("name" if key.endswith("指标名称") else None)
            if role is not None:
                header.columns.setdefault(role, i)
                continue
            try:
                period = normalise_period(c)
            except ValueError:
                continue
            if period in seen:
                raise InputError(
                    f"{grid.where(number, qualified=qualified)}：{grid.column(seen[period], cells[seen[period]])}"
                    f"和{grid.column(i, c)}是同一时期（{period}）。",
                    where=source,
                    hint="每个年份（季度）只能有一列，请删除或合并重复的列。",
                )
            seen[period] = i
            header.periods[i] = period
        if "name" in header.columns and header.periods:
            return header, index + 1
    return None


@dataclass(frozen=True, slots=True)
class ObservationImport:
    source: str
    observations: tuple[tuple[str, Observation], ...] = ()  # (indicator name, value) from good rows
    problems: tuple[Problem, ...] = ()
    bad_rows: int = 0
    rows: int = 0  # indicator rows read
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One row of an observations sheet as read, for the preview."""

    where: str
    name: str
    indicator: Indicator | None
    values: tuple[Observation, ...]
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class SheetPlan(_CheckedFile[SheetRow]):
    """An observations sheet checked row by row, nothing written yet."""


def parse_value(text: str, indicator: Indicator | None) -> tuple[float | None, str | None]:
    """(value, completion note) of a cell: a number, or 完成/未完成 for an assigned target."""
    if indicator is not None and indicator.target_kind == "assigned":
        done = completion_of(text)
        if done is not None:
            return (1.0 if done == COMPLETED_NOTE else 0.0), done
    return parse_number(text, indicator.unit if indicator else ""), None


def plan_observations(
    session: Session, plan: PlanInfo, grids: Sequence[Grid], source_name: str, *, source: str | None = None
) -> SheetPlan:
    """Check every row of an observations sheet against the plan's indicators (see
    :func:`import_observations`); nothing is written."""
    grids = [g for g in grids if _has_content(g)]
    if not grids:
        raise InputError("文件中没有任何数据。", where=source_name, hint=f"表头可写成：{EXPECTED_SHEET}。")
    qualified = len(grids) > 1
    found = [(g, h) for g in grids for h in [_sheet_header(g, source_name, qualified)] if h is not None]
    if not found:
        first = next(cells for _, cells in grids[0].rows if any(cells))
        shown = " | ".join(c for c in first if c)[:120]
        raise InputError(
            f"没有找到表头：需要一列“指标”（或“指标名称”）和至少一列年份（如 2026 或 2026年）。第一行是：{shown}",
            where=source_name,
            hint=f"请把第一行写成表头，如：{EXPECTED_SHEET}。",
        )
    repo = IndicatorRepository(session)
    indicators = repo.indicators(plan.id)
    by_name = {i.name: i for i in indicators}
    by_folded = {fold(i.name): i for i in indicators}
    rows: list[SheetRow] = []
    first_seen: dict[tuple[int, str], str] = {}
    default_source = (source or "").strip() or None
    for grid, (header, start) in found:
        cols = header.columns
        for number, raw in grid.rows[start:]:
            width = max([*cols.values(), *header.periods]) + 1
            cells = list(raw) + [""] * (width - len(raw))
            if not any(cells):
                continue
            where = grid.where(number, qualified=qualified)
            name = cells[cols["name"]].strip()
            has_values = any(not is_empty_cell(cells[i]) for i in header.periods)
            if not has_values and (not name or _NOTE.match(name)):
                continue
            row_problems: list[Problem] = []
            name_column = grid.column(cols["name"], header.headers.get(cols["name"], ""))
            indicator = (by_name.get(name) or by_folded.get(fold(name))) if name else None
            if indicator is None and name:
                # 1.名称（单位）① as the table writes it
                bare = _FOOTNOTE.sub("", _NUMBERING.sub("", name)).strip()
                bare = _FOOTNOTE.sub("", re.sub(r"[(（][^()（）]+[)）]$", "", bare)).strip()
                indicator = by_name.get(bare) or by_folded.get(fold(bare))
            if not name:
                row_problems.append(
                    Problem(where, name_column, "指标名称为空", "请填写指标名称，或删除这一行")
                )
            elif indicator is None:
                close = suggest(name, indicators)
                row_problems.append(
                    Problem(
                        where,
                        name_column,
                        f"规划中没有名为“{name}”的指标",
                        "如是新指标，请先新增" + (f"；{close}" if close else ""),
                    )
                )
            elif indicator.sample:
                row_problems.append(
                    Problem(
                        where,
                        name_column,
                        f"“{name}”是示例数据，不能录入真实数据",
                        "请先新增同名的真实指标，再导入数据",
                    )
                )
            if indicator is not None and "unit" in cols:
                unit = cells[cols["unit"]].strip()
                if unit and not same_unit(unit, indicator.unit):
                    row_problems.append(
                        Problem(
                            where,
                            grid.column(cols["unit"], header.headers.get(cols["unit"], "")),
                            f"单位“{unit}”与指标“{indicator.name}”的单位“{indicator.unit or '无'}”不一致",
                            f"请换算成“{indicator.unit or '无单位'}”后填写，或核对是否填错了行",
                        )
                    )
            row_source = cells[cols["source"]].strip() if "source" in cols else ""
            row_note = cells[cols["note"]].strip() if "note" in cols else ""
            row_values: list[Observation] = []
            for i, period in header.periods.items():
                text = cells[i]
                column = grid.column(i, header.headers.get(i, ""))
                if _is_formula(text):
                    row_problems.append(
                        Problem(
                            where,
                            column,
                            f"单元格是公式“{text[:40]}”，无法读出其数值",
                            "请在 Excel 或 WPS 中打开并保存（或把公式“选择性粘贴为数值”）后重新导入",
                        )
                    )
                    continue
                try:
                    value, done = parse_value(text, indicator)
                except ValueError as exc:
                    unit_hint = f"（单位：{indicator.unit}）" if indicator and indicator.unit else ""
                    row_problems.append(
                        Problem(
                            where, column, str(exc), f"请填写数字{unit_hint}，如 3.2；没有数据的格子请留空"
                        )
                    )
                    continue
                if value is None or indicator is None:
                    continue
                key = (indicator.id, period)
                if key in first_seen:
                    row_problems.append(
                        Problem(
                            where,
                            column,
                            f"指标“{indicator.name}”{period_label(period)}的数据与{first_seen[key]}重复",
                            "同一指标同一时期只能填一次，请删除其中一行",
                        )
                    )
                    continue
                first_seen[key] = where
                row_values.append(
                    Observation(
                        indicator.id,
                        period,
                        value,
                        source=row_source or default_source,
                        note=done or row_note or None,
                    )
                )
            rows.append(SheetRow(where, name, indicator, tuple(row_values), tuple(row_problems)))
    if not rows:
        raise InputError("表头下面没有数据行。", where=source_name, hint="请每行填写一个指标的各年数值。")
    return SheetPlan(source_name, tuple(rows))


def apply_observations(
    session: Session, plan: PlanInfo, checked: SheetPlan, *, by: User | str | None, skip_bad: bool = False
) -> ObservationImport:
    """Record the values of a checked sheet. Raises :class:`ImportRejected` and writes nothing when
    a row is bad, unless ``skip_bad``."""
    if checked.problems and not skip_bad:
        raise ImportRejected(checked.source, checked.problems, checked.bad_rows)
    repo = IndicatorRepository(session)
    good = [(r.indicator, o) for r in checked.rows if not r.problems and r.indicator for o in r.values]
    added = updated = unchanged = 0
    for indicator, o in good:
        current = repo.observation(indicator.id, o.period)
        if current == o:
            unchanged += 1
            continue
        write_observation(session, plan, indicator, o, by=by, action="observation.import")
        if current is None:
            added += 1
        else:
            updated += 1
    return ObservationImport(
        checked.source,
        tuple((i.name, o) for i, o in good),
        checked.problems,
        checked.bad_rows,
        len(checked.rows),
        added,
        updated,
        unchanged,
    )


def import_observations(
    session: Session,
    plan: PlanInfo,
    path: str | os.PathLike[str],
    *,
    by: User | str | None,
    skip_bad: bool = False,
    source: str | None = None,
) -> ObservationImport:
    """Record observed values from a CSV or Excel sheet laid out as offices keep them:
    指标 | 单位 | 2025 | 2026 | … (one row per indicator; 来源 and 备注 columns are optional).

    Every row is checked first: unknown indicator, unit mismatch, non-numeric value, the same
    indicator and period twice, 示例数据 indicators. Any bad row raises :class:`ImportRejected` and
    nothing is written, unless ``skip_bad``. A value for a period that already has one replaces it
    (the audit log keeps the old value). ``source`` is the default 来源 of every value. An indicator
    whose target is set by the level above (完成省下达任务) also takes 完成 / 未完成.
    """
    name_of_file = Path(path).name
    _, grids = read_grids(path, word=False)
    checked = plan_observations(session, plan, grids, name_of_file, source=source)
    return apply_observations(session, plan, checked, by=by, skip_bad=skip_bad)
