"""Importing observation sheets (CSV or Excel, one row per indicator, one column per year or
quarter) as the observed values of a plan's indicators.

Every row is checked against the plan's indicators first and each problem reported with its row,
column, reason and fix. Nothing is written when any row is bad, unless the caller asks to import only
the good rows (``skip_bad``). Writing happens in the caller's transaction, so a failure part-way
leaves nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from planwatch.model import Indicator, InputError, Observation, PlanInfo, User
from planwatch.model.monitoring import COMPLETED_NOTE
from planwatch.services.monitoring.grids import (
    FOOTNOTE_MARK,
    HEADER_SCAN,
    NOTE_LINE,
    NUMBERING,
    CheckedFile,
    Grid,
    ImportRejected,
    Problem,
    has_content,
    header_key,
    is_formula,
    read_grids,
)
from planwatch.services.monitoring.indicators import suggest
from planwatch.services.monitoring.observations import write_observation
from planwatch.services.monitoring.targets import (
    completion_of,
    fold,
    is_empty_cell,
    normalise_period,
    parse_number,
    period_label,
    same_unit,
)
from planwatch.store.monitoring import IndicatorRepository

EXPECTED_SHEET = "指标 | 单位 | 2025 | 2026 | 2027 …（年份也可写成 2026年，季度写成 2026Q3）"


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
    for index in range(min(HEADER_SCAN, len(grid.rows))):
        number, cells = grid.rows[index]
        header = SheetHeader(headers={i: c for i, c in enumerate(cells) if c})
        seen: dict[str, int] = {}
        for i, c in enumerate(cells):
            key = header_key(c)
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
class SheetPlan(CheckedFile[SheetRow]):
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
    grids = [g for g in grids if has_content(g)]
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
            if not has_values and (not name or NOTE_LINE.match(name)):
                continue
            row_problems: list[Problem] = []
            name_column = grid.column(cols["name"], header.headers.get(cols["name"], ""))
            indicator = (by_name.get(name) or by_folded.get(fold(name))) if name else None
            if indicator is None and name:
                # 1.名称（单位）① as the table writes it
                bare = FOOTNOTE_MARK.sub("", NUMBERING.sub("", name)).strip()
                bare = FOOTNOTE_MARK.sub("", re.sub(r"[(（][^()（）]+[)）]$", "", bare)).strip()
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
                if is_formula(text):
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
