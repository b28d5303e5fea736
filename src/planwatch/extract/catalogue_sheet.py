"""The department catalogue as a spreadsheet, the way offices keep 部门职责: one row per unit.

Columns (header row in Chinese, variants accepted): 单位全称, 简称, 类别, 职责关键词, 别名, 牵头领域,
职能角色 (optional: the role of roles.yaml the unit fills; a unit with no 职责关键词 takes its role's,
as a YAML entry with ``role:`` and ``duties: []`` does).
A cell may hold several values separated by 、，,；; or line breaks. A cell merged over several rows
(a 类别 written once for a block of units) counts for every row it covers; a row that is one cell
merged across the sheet (一、党委部门) is a heading, and gives its 类别 to the rows below it.
An optional sheet 目录信息 holds 城市 and 中性短语 (the ``city`` and ``neutral`` of the YAML format).

The workbook is checked whole: every problem is collected with its sheet, row and column, and one
problem refuses the file (:class:`SheetRejected`), as the YAML reader does. The workbook is read in
openpyxl's read-only mode (rows streamed, nothing evaluated), after the zip checks of ``ingest``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from planwatch.extract.departments import KINDS, ROLES_NAME, Catalogue
from planwatch.extract.roles import inherit, role_ids
from planwatch.ingest.detect import is_zip, zip_names
from planwatch.model import Department, InputError
from planwatch.outline import fold

UNIT_SHEET = "部门目录"
INFO_SHEET = "目录信息"
GUIDE_SHEET = "填写说明"
HEADERS = {
    "name": "单位全称",
    "short": "简称",
    "kind": "类别",
    "duties": "职责关键词",
    "aliases": "别名",
    "lead_domains": "牵头领域",
    "role": "职能角色",
}
_REQUIRED = ("name", "short", "kind", "duties")
_VARIANTS: dict[str, tuple[str, ...]] = {
    "name": (
        "单位全称",
        "全称",
        "单位名称",
        "部门全称",
        "部门名称",
        "机构名称",
        "单位",
        "部门",
        "名称",
        "name",
    ),
    "short": ("简称", "单位简称", "部门简称", "short"),
    "kind": ("类别", "类型", "单位类别", "部门类别", "单位类型", "分类", "kind"),
    "duties": ("职责关键词", "职责关键字", "关键词", "职责", "主要职责", "部门职责", "职能", "duties"),
    "aliases": ("别名", "其他名称", "又称", "加挂牌子", "曾用名", "aliases"),
    "lead_domains": ("牵头领域", "常牵头领域", "牵头任务领域", "主要领域", "领域", "lead_domains"),
    "role": ("职能角色", "角色", "职能类型", "role"),
}
_HEADER_OF = {fold(v).lower(): key for key, names in _VARIANTS.items() for v in names}
KIND_LABELS = {
    "party": "党委部门",
    "government": "政府部门",
    "district": "区市县",
    "park": "先导区/园区",
    "other": "其他",
}
_KIND_WORDS = {
    "party": ("党委部门", "党委", "党委工作机关", "党委工作部门", "党群部门", "党群"),
    "government": ("政府部门", "政府", "政府工作部门", "政府组成部门", "政府直属机构"),
    "district": ("区市县", "区县", "县区", "区县市", "县市区", "地区", "行政区"),
    "park": ("先导区/园区", "先导区", "园区", "开发区", "功能区", "先导区、园区"),
    "other": ("其他", "其它", "其他单位"),
}
_SPLIT = re.compile(r"[、，,；;\r\n]+")
_HEADER_NOISE = re.compile(r"[（(][^）)]*[）)]|[*＊\s]")
_HEADING_NUMBER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])\s*"
)
_HEADER_SCAN = 10  # a title may sit above the header row
_MIN_KEYWORD = 2
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_FIX = "请改正后重新加载；整个文件未加载，数据库没有变化。"


@dataclass(frozen=True, slots=True)
class SheetProblem:
    """One thing wrong with the workbook: where (工作表, 行, 列), why, and what to do."""

    sheet: str
    row: int | None
    column: str | None  # "C列（类别）"
    reason: str
    hint: str

    @property
    def where(self) -> str:
        place = f"工作表“{self.sheet}”" if self.sheet else ""
        if self.row is not None:
            place += f"第{self.row}行"
        if self.column:
            place += f"，{self.column}"
        return place

    def __str__(self) -> str:
        return f"{self.where}：{self.reason}{self.hint}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "where": self.where,
            "reason": self.reason,
            "hint": self.hint,
        }


class SheetRejected(InputError):
    """The workbook has problems and nothing was loaded; ``problems`` lists every one."""

    def __init__(self, source: str, problems: Sequence[SheetProblem]) -> None:
        lines = "\n".join(f"  · {p}" for p in problems)
        super().__init__(
            f"部门目录表格有 {len(problems)} 处错误，未加载任何内容：\n{lines}",
            where=source,
            hint="请按提示逐处改正后重新加载；可先下载当前目录的 Excel 文件作为模板。",
        )
        self.problems = tuple(problems)


# ---------------------------------------------------------------- reading


def looks_like_workbook(data: bytes) -> bool:
    """Zip-based (xlsx) or an OLE compound file (old .xls, or an xlsx with a password to open)."""
    return is_zip(data) or data.startswith(_CFB)


def parse_catalogue_xlsx(data: bytes, source: str) -> Catalogue:
    """Read a catalogue from the bytes of an .xlsx; ``source`` names it in messages (a file name)."""
    workbook = _open(data, source)
    try:
        sheets = [(ws.title, _sheet_rows(ws)) for ws in workbook.worksheets]
    finally:
        workbook.close()
    return _catalogue(sheets, source)


def _open(data: bytes, source: str) -> Any:
    if not data:
        raise InputError("文件为空。", where=source, hint="请选择填写了部门的 Excel（.xlsx）文件。")
    if data.startswith(_CFB):
        if _ENCRYPTED in data:
            raise InputError(
                "Excel 文件设置了打开密码（已加密），无法读取。",
                where=source,
                hint="请在 Excel 中打开，于“文件→信息→保护工作簿→用密码进行加密”中清空密码并保存后重新加载。",
            )
        raise InputError(
            "这是旧版 Excel（.xls）或 WPS 表格文件，不是 .xlsx。",
            where=source,
            hint="请用 Excel 或 WPS 打开后“另存为”Excel 工作簿（.xlsx）再加载。",
        )
    if not is_zip(data):
        raise InputError(
            "不是 Excel 工作簿（.xlsx）文件。",
            where=source,
            hint="请选择 .xlsx 文件；YAML 格式的部门目录请以 .yaml 文件加载。",
        )
    names = zip_names(data, source, "Excel 工作簿（xlsx）")
    if "xl/workbook.xml" not in names:
        raise InputError(
            "这是一个压缩包（可能是 Word 文档），不是 Excel 工作簿（.xlsx）。",
            where=source,
            hint="请选择部门目录的 .xlsx 文件。",
        )
    import openpyxl  # type: ignore[import-untyped]

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # a broken part surfaces as anything from KeyError to an XML error
        raise InputError(
            "Excel 文件已损坏或不完整，无法打开。",
            where=source,
            hint="文件可能在传输时被截断；请在 Excel 中打开检查，重新保存后再加载。",
        ) from exc


@dataclass(frozen=True, slots=True)
class _Cell:
    text: str
    formula: bool = False
    merged: tuple[int, int] | None = None  # (rows, columns) the merge spans, on its first cell


def _sheet_rows(ws: Any) -> list[tuple[int, list[_Cell]]]:
    """Rows as (Excel row number, cells from column A), merged cells filled from their first cell."""
    merges = _merged_ranges(ws)
    grid: dict[int, list[_Cell]] = {}
    # rows come one per sheet row from A1 on, empty ones included, so counting gives Excel's number
    for number, row in enumerate(ws.iter_rows(min_row=1, min_col=1), start=1):
        cells: list[_Cell] = []
        for cell in row:
            value = cell.value
            formula = getattr(cell, "data_type", None) == "f" or (
                isinstance(value, str) and value.startswith("=") and len(value) > 1
            )
            cells.append(_Cell(_text(value), formula))
        grid[number] = cells
    for top, left, bottom, right in merges:
        first = grid.get(top, [])
        source = first[left - 1] if left - 1 < len(first) else _Cell("")
        for r in range(top, bottom + 1):
            row_cells = grid.setdefault(r, [])
            while len(row_cells) < right:
                row_cells.append(_Cell(""))
            for c in range(left, right + 1):
                span = (bottom - top + 1, right - left + 1) if (r, c) == (top, left) else None
                row_cells[c - 1] = _Cell(source.text, source.formula, span)
    return sorted(grid.items())


def _merged_ranges(ws: Any) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a read-only sheet, from its XML (read-only sheets do not expose them)."""
    from openpyxl.utils.cell import range_boundaries  # type: ignore[import-untyped]
    from openpyxl.xml.functions import iterparse  # type: ignore[import-untyped]

    tag = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"
    ranges = []
    source = ws._get_source()
    try:
        for _, element in iterparse(source):
            if element.tag == tag and element.get("ref"):
                left, top, right, bottom = range_boundaries(element.get("ref"))
                ranges.append((top, left, bottom, right))
            element.clear()
    finally:
        source.close()
    return ranges


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return fold(str(value)).strip()


def _header_key(text: str) -> str | None:
    return _HEADER_OF.get(_HEADER_NOISE.sub("", fold(text)).lower())


def _column(index: int, header: str) -> str:
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    return f"{get_column_letter(index + 1)}列（{header}）"


def kind_of(text: str) -> str | None:
    """The catalogue kind a 类别 cell names: a code (party …) or its Chinese wording."""
    value = re.sub(r"\s", "", fold(text))
    if value.lower() in KINDS:
        return value.lower()
    for kind, words in _KIND_WORDS.items():
        if value in words and kind in KINDS:
            return kind
    return None


def split_values(text: str) -> list[str]:
    return [v.strip() for v in _SPLIT.split(text) if v.strip()]


@dataclass(slots=True)
class _Row:
    sheet: str
    row: int
    department: Department
    columns: dict[str, str]  # field -> "C列（类别）"


class _Checker:
    def __init__(self) -> None:
        self.problems: list[SheetProblem] = []

    def add(self, sheet: str, row: int | None, column: str | None, reason: str, hint: str = _FIX) -> None:
        self.problems.append(SheetProblem(sheet, row, column, reason, hint))


def _catalogue(sheets: Sequence[tuple[str, list[tuple[int, list[_Cell]]]]], source: str) -> Catalogue:
    check = _Checker()
    units: list[_Row] = []
    city: str | None = None
    neutral: list[str] = []
    empty: list[str] = []
    for title, rows in sheets:
        content = [(n, cells) for n, cells in rows if any(c.text for c in cells)]
        if title == GUIDE_SHEET:
            continue
        if title == INFO_SHEET:
            city, neutral = _info(title, content, check)
            continue
        if not content:
            empty.append(title)
            continue
        units += _unit_rows(title, content, check)
    if not units and not check.problems:
        where = "、".join(f"“{t}”" for t in empty) or "（无）"
        check.add(
            empty[0] if len(empty) == 1 else "",
            None,
            None,
            "工作表是空的，没有任何单位。"
            if len(empty) == 1
            else f"工作簿中没有任何单位：工作表{where}都是空的。",
            f"请在第一行填写表头（{'、'.join(HEADERS.values())}），从第二行起每行填一个单位。",
        )
    _check_unique(units, check)
    if check.problems:
        raise SheetRejected(source, check.problems)
    return Catalogue(
        departments=inherit([u.department for u in units]),
        city=city,
        neutral=tuple(dict.fromkeys(neutral)),
        sources=(source,),
        origins={u.department.name: (f"{source} 工作表“{u.sheet}”", u.row) for u in units},
    )


def _info(
    title: str, rows: Iterable[tuple[int, list[_Cell]]], check: _Checker
) -> tuple[str | None, list[str]]:
    city: str | None = None
    neutral: list[str] = []
    for number, cells in rows:
        key = re.sub(r"\s", "", cells[0].text) if cells else ""
        value = cells[1].text if len(cells) > 1 else ""
        if key in ("城市", "city", "地区", "所属地区"):
            city = value or None
        elif key in ("中性短语", "neutral", "排除短语"):
            neutral += split_values(value)
        elif key in ("项目", "设置", ""):
            continue
        else:
            check.add(
                title,
                number,
                "A列",
                f"“{key}”不是可识别的目录信息。",
                "A列只能填写“城市”或“中性短语”；请改正或删去该行。",
            )
    return city, neutral


def _unit_rows(title: str, rows: list[tuple[int, list[_Cell]]], check: _Checker) -> list[_Row]:
    header_at = None
    columns: dict[str, int] = {}
    for i, (_, cells) in enumerate(rows[:_HEADER_SCAN]):
        found: dict[str, int] = {}
        for index, cell in enumerate(cells):
            key = _header_key(cell.text)
            if key is not None and key not in found:
                found[key] = index
        if "name" in found and len(found) >= 2:
            header_at, columns = i, found
            break
    if header_at is None:
        check.add(
            title,
            rows[0][0],
            None,
            "没有找到表头行。",
            f"表头应包含：{'、'.join(HEADERS.values())}（前四项必填）；非部门目录的工作表请删去后重新加载。",
        )
        return []
    header_row = rows[header_at][0]
    missing = [HEADERS[k] for k in _REQUIRED if k not in columns]
    if missing:
        check.add(
            title,
            header_row,
            None,
            f"表头缺少必填列：{'、'.join(missing)}。",
            f"请在表头行补上这些列；{_FIX}",
        )
        return []
    names = {key: _column(index, HEADERS[key]) for key, index in columns.items()}
    data = rows[header_at + 1 :]
    if not data:
        check.add(
            title, header_row, None, "工作表只有表头，没有任何单位。", "请从表头下一行起每行填写一个单位。"
        )
        return []
    out: list[_Row] = []
    section: str | None = None
    for number, cells in data:
        if _is_heading(cells):
            section = kind_of(_HEADING_NUMBER.sub("", cells[0].text)) or section
            continue
        row = _unit(title, number, cells, columns, names, section, check)
        if row is not None:
            out.append(row)
    return out


def _is_heading(cells: list[_Cell]) -> bool:
    filled = [c for c in cells if c.text]
    first = next((c for c in cells if c.text), None)
    return (
        first is not None
        and first.merged is not None
        and first.merged[1] >= 2
        and all(c.text == first.text for c in filled)
        and len(filled) >= first.merged[1]
    )


def _unit(
    title: str,
    number: int,
    cells: list[_Cell],
    columns: dict[str, int],
    names: dict[str, str],
    section: str | None,
    check: _Checker,
) -> _Row | None:
    before = len(check.problems)

    def cell(key: str) -> str:
        index = columns.get(key)
        if index is None or index >= len(cells):
            return ""
        if cells[index].formula:
            check.add(
                title,
                number,
                names[key],
                "单元格是公式，不是文字。",
                "请将该单元格改为直接填写的文字（复制后“选择性粘贴→数值”），再重新加载。",
            )
            return ""
        return cells[index].text

    texts = {key: cell(key) for key in columns}
    if len(check.problems) > before:
        return None
    name = texts.get("name", "")
    if not name:
        check.add(title, number, names["name"], "缺少单位全称。", "请填写该单位的全称，或删去这一行。")
        return None
    short = texts.get("short", "")
    if not short:
        check.add(
            title,
            number,
            names["short"],
            f"单位“{name}”缺少简称。",
            "请填写分工表中使用的简称（如“市教育局”）。",
        )
    kind_text = texts.get("kind", "")
    kind = kind_of(kind_text) if kind_text else section
    if kind is None:
        allowed = "、".join(KIND_LABELS.get(k, k) for k in KINDS)
        reason = f"类别“{kind_text}”无法识别。" if kind_text else f"单位“{name}”缺少类别。"
        check.add(title, number, names["kind"], reason, f"类别应为 {allowed} 之一。")
    duties = split_values(texts.get("duties", ""))
    for duty in duties:
        if len(duty) < _MIN_KEYWORD:
            check.add(
                title,
                number,
                names["duties"],
                f"职责关键词“{duty}”太短（至少两个字）：单字会在几乎每条任务中出现。",
                "请改写为两个字以上的词，或删去它。",
            )
    role = texts.get("role", "") or None
    if role is not None and role not in role_ids():
        check.add(
            title,
            number,
            names["role"],
            f"职能角色“{role}”未定义。",
            f"职能角色应为 {ROLES_NAME} 中的一个（如 发展改革、科技、自然资源）；不确定时请留空。",
        )
    if len(check.problems) > before:
        return None
    aliases = [a for a in split_values(texts.get("aliases", "")) if a not in (name, short)]
    department = Department(
        name=name,
        short=short,
        kind=kind or "other",
        aliases=tuple(dict.fromkeys(aliases)),
        duties=tuple(dict.fromkeys(duties)),
        lead_domains=tuple(dict.fromkeys(split_values(texts.get("lead_domains", "")))),
        role=role,
    )
    return _Row(title, number, department, names)


def _check_unique(units: Sequence[_Row], check: _Checker) -> None:
    """A repeated name, or a name/short/alias two units share: a text naming it could not be told apart."""
    seen: dict[str, _Row] = {}
    owner: dict[str, tuple[_Row, str]] = {}
    for u in units:
        d = u.department
        first = seen.get(d.name)
        if first is not None:
            check.add(
                u.sheet,
                u.row,
                u.columns["name"],
                f"单位全称“{d.name}”与工作表“{first.sheet}”第{first.row}行重复。",
                "每个单位只能占一行；请删去或合并重复的行。",
            )
            continue
        seen[d.name] = u
        for field, terms in (("name", (d.name,)), ("short", (d.short,)), ("aliases", d.aliases)):
            for term in terms:
                other = owner.get(term)
                if other is not None and other[0].department.name != d.name:
                    o = other[0]
                    check.add(
                        u.sheet,
                        u.row,
                        u.columns.get(field),
                        f"“{term}”已是工作表“{o.sheet}”第{o.row}行单位“{o.department.name}”的{HEADERS[other[1]]}，"
                        f"不能再用于“{d.name}”。",
                        "全称、简称和别名须只指一个单位；请删去或改写其中一处。",
                    )
                owner.setdefault(term, (u, field))


# ---------------------------------------------------------------- writing


def dump_catalogue_xlsx(catalogue: Catalogue) -> bytes:
    """The catalogue as an .xlsx in the layout :func:`parse_catalogue_xlsx` reads (a round trip gives
    an equal catalogue); also the template a user fills in."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = UNIT_SHEET
    sheet.append(list(HEADERS.values()))
    for d in catalogue.departments:
        sheet.append(
            [
                d.name,
                d.short,
                KIND_LABELS.get(d.kind, d.kind),
                "、".join(d.duties),
                "、".join(d.aliases),
                "、".join(d.lead_domains),
                d.role or "",
            ]
        )
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for c in sheet[1]:
        c.font, c.fill = bold, fill
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for c in row:
            c.alignment = wrap
    for letter, width in zip("ABCDEFG", (34, 18, 12, 80, 30, 20, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    labels = ",".join(KIND_LABELS.get(k, k) for k in KINDS)
    if len(labels) < 250:  # Excel's limit for an inline list
        rule = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=False)
        rule.error = "请从列表中选择类别"
        sheet.add_data_validation(rule)
        rule.add(f"C2:C{max(sheet.max_row, 2) + 500}")

    info = workbook.create_sheet(INFO_SHEET)
    info.append(["项目", "内容"])
    info.append(["城市", catalogue.city or ""])
    info.append(["中性短语", "、".join(catalogue.neutral)])
    info["A1"].font = info["B1"].font = bold
    info.column_dimensions["A"].width = 12
    info.column_dimensions["B"].width = 80

    guide = workbook.create_sheet(GUIDE_SHEET)
    for line in _GUIDE:
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


_GUIDE = (
    "部门目录填写说明",
    "“部门目录”工作表：每行一个单位，第一行为表头，不要改动表头文字。",
    "单位全称（必填）：现行全称，在整个目录中唯一。",
    "简称（必填）：分工表中使用的简称，如“市教育局”。",
    "类别（必填）：" + "、".join(KIND_LABELS.values()) + " 之一；同类单位可合并单元格只写一次。",
    "职责关键词（必填）：该单位职责中的关键词，每个至少两个字，用顿号“、”、逗号、分号或换行分隔。",
    "别名（选填）：文件中可能出现的其他名称（加挂牌子、旧称等），分隔方式同上。",
    "牵头领域（选填）：该单位常牵头的任务领域，如 经济发展、科技创新、民生。",
    "职能角色（选填）：该单位承担的职能角色，如 发展改革、科技、自然资源（见 " + ROLES_NAME + "）；"
    "填写后职责关键词可留空，沿用该角色的职责。",
    "全称、简称和别名只能指一个单位。单元格请直接填写文字，不要使用公式。",
    "“目录信息”工作表（选填）：城市；中性短语（含职责关键词却另有所指的短语，如“健康发展”）。",
    "整个文件校验通过后才会加载；有任何错误时整个文件不加载，并逐行说明错误位置。",
)
