"""Importing a 主要指标表 (a Word or Excel table, or CSV) as a plan's indicators.

The header is found among the first rows (a title may sit above it, and it may span two rows); every
indicator row is then checked and each problem reported with its row, column, reason and fix. Nothing
is written when any row is bad, unless the caller asks to import only the good rows (``skip_bad``).
Writing happens in the caller's transaction, so a failure part-way leaves nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from planwatch.model import Indicator, InputError, PlanInfo, User
from planwatch.services.monitoring.build import IndicatorFields, IndicatorInputError, build_indicator
from planwatch.services.monitoring.grids import (
    EXPECTED_TABLE,
    FOOTNOTE_MARK,
    HEADER_SCAN,
    NOTE_LINE,
    NUMBERING,
    CheckedFile,
    Grid,
    ImportRejected,
    Problem,
    formula_problem,
    header_key,
    read_grids,
)
from planwatch.services.monitoring.indicators import store_indicator
from planwatch.services.monitoring.targets import fold, is_empty_cell, same_unit
from planwatch.store.monitoring import IndicatorRepository

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


def _role(cell: str) -> tuple[str | None, int | None]:
    """What a 主要指标表 header cell is (name, unit, base, target, year, mode …) and the year in it."""
    folded = fold(cell)
    if not folded:
        return None, None
    years = _YEAR.findall(folded)
    year = int(years[-1]) if years else None
    key = header_key(cell)
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
    for index in range(min(HEADER_SCAN, len(rows))):
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


@dataclass(frozen=True, slots=True)
class TablePlan(CheckedFile[TableRow]):
    """A 主要指标表 checked row by row, nothing written yet."""


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
    text = NUMBERING.sub("", text.strip())
    return text[:-1] if text.endswith("类") and len(text) > 2 else text


def _clean_value(text: str) -> str:
    """A value cell without its footnote mark or estimate note: 5.5*, 5.5（预计）, 13①."""
    t = _ESTIMATE.sub("", text.strip().replace("（", "(").replace("）", ")"))
    return FOOTNOTE_MARK.sub("", t).strip() if t != text.strip() or FOOTNOTE_MARK.search(t) else text


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
            formula = formula_problem(grid, where, filled)
            if formula is not None:
                named = _TableRow(grid, header, cells).cell("name").strip()
                rows.append(TableRow(where, named, category, {}, None, (formula,)))
                continue

            row = _TableRow(grid, header, cells)
            cell, column = row.cell, row.column
            values = {c for _, c in filled}
            if NOTE_LINE.match(filled[0][1]) and len(values) == 1:
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
            name = FOOTNOTE_MARK.sub("", NUMBERING.sub("", cell("name").strip())).strip()
            unit = cell("unit").strip()
            unit_in_name = re.search(r"[(（]([^()（）]+)[)）]$", name)
            if unit_in_name and (not unit or same_unit(unit_in_name.group(1), unit)):
                unit = unit or unit_in_name.group(1)
                name = FOOTNOTE_MARK.sub("", name[: unit_in_name.start()].strip()).strip()
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
