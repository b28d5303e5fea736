"""What the xlsx and docx writers lay out: titled tables of grouped rows, built from the row objects.

The writers know nothing of tasks or indicators; a new export only needs a new builder here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planwatch.export.rows import (
    ENTITY_COLUMNS,
    ENTITY_COLUMNS_UNDEFINED,
    ENTITY_KINDS,
    INDICATOR_COLUMNS,
    TASK_COLUMNS,
    Column,
    EntityRow,
    IndicatorRow,
    TaskRow,
)

Cell = str | int | float


@dataclass(frozen=True, slots=True)
class Section:
    """Rows under one heading row (a part of the plan); ``heading`` None prints no heading row."""

    heading: str | None
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str  # xlsx sheet name; in docx the heading above the table when a report has several
    columns: tuple[Column, ...]
    sections: tuple[Section, ...]

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.sections)


@dataclass(frozen=True, slots=True)
class Report:
    plan_title: str  # the document's title, printed in 《》 above the table
    kind_title: str  # 重点任务分工方案, 主要指标表 …
    note: str  # one paragraph on what the table holds and how it was made
    sheets: tuple[Sheet, ...]

    @property
    def title(self) -> str:
        return f"《{self.plan_title}》{self.kind_title}" if self.plan_title else self.kind_title


def _cells(row: object, columns: Sequence[Column]) -> tuple[Cell, ...]:
    return tuple(getattr(row, c.key) for c in columns)


def _flat_sheet(name: str, columns: Sequence[Column], rows: Iterable[object]) -> Sheet:
    return Sheet(name, tuple(columns), (Section(None, tuple(_cells(r, columns) for r in rows)),))


def tasks_report(rows: Sequence[TaskRow], plan_title: str) -> Report:
    sections: list[Section] = []
    current: str | None = None
    bucket: list[tuple[Cell, ...]] = []
    for row in rows:
        if row.part != current and bucket:
            sections.append(Section(current or None, tuple(bucket)))
            bucket = []
        current = row.part
        bucket.append(_cells(row, TASK_COLUMNS))
    if bucket:
        sections.append(Section(current or None, tuple(bucket)))
    note = f"本表按规划部分分组列出重点任务{len(rows)}项，“规划条目”指明任务在原文中的位置。"
    if any(r.assignment_source == "proposed" for r in rows):
        note += "牵头单位、配合单位和完成时限为按部门职责提出的建议，以审定结果为准。"
    if any(not r.lead for r in rows):
        note += "牵头单位为空的任务尚未分工。"
    sheet = Sheet("重点任务分工", TASK_COLUMNS, tuple(sections))
    return Report(plan_title, "重点任务分工方案", note, (sheet,))


def indicators_report(rows: Sequence[IndicatorRow], plan_title: str) -> Report:
    binding = sum(1 for r in rows if r.binding == "约束性")
    note = (
        f"本表由规划文本中的量化表述整理，共{len(rows)}项指标，其中约束性指标{binding}项。"
        "基期值为上一规划期末达到的水平，目标值为规划期末的目标。"
    )
    return Report(plan_title, "主要指标表", note, (_flat_sheet("主要指标", INDICATOR_COLUMNS, rows),))


def entities_report(rows: Sequence[EntityRow], plan_title: str) -> Report:
    """One sheet per kind, every kind present even when empty, so the layout never changes."""
    sheets = []
    counts = []
    for key, name in ENTITY_KINDS:
        mine = [r for r in rows if r.kind_key == key]
        counts.append(f"{name}{len(mine)}项")
        # Only formulations are defined in the text; an always-empty 释义 column would take the
        # room that long project names need.
        columns = ENTITY_COLUMNS if key == "formulation" else ENTITY_COLUMNS_UNDEFINED
        sheets.append(_flat_sheet(name, columns, mine))
    others = [r for r in rows if r.kind_key not in dict(ENTITY_KINDS)]
    if others:
        sheets.append(_flat_sheet("其他", ENTITY_COLUMNS, others))
    note = "本表列出规划文本中提到的" + "、".join(counts) + "，“出现位置”列出其出现的全部条目。"
    return Report(plan_title, "重大项目、机构、地点和提法一览表", note, tuple(sheets))
