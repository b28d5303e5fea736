"""An evaluation report (年度监测报告, 中期评估报告) as plain data: what the docx, pdf and html
writers lay out. Services fill it from the database; writers know nothing of plans or indicators.

Every block carries a ``block`` tag so the JSON shape (``dataclasses.asdict``) says what it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

ReportKind = Literal["annual", "midterm"]
REPORT_KINDS: tuple[ReportKind, ...] = get_args(ReportKind)

PLACEHOLDER_OPEN = "【待填写："  # marks a place a person still has to write in
PLACEHOLDER_CLOSE = "】"


def placeholder(what: str) -> str:
    return f"{PLACEHOLDER_OPEN}{what}{PLACEHOLDER_CLOSE}"


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    placeholder: bool = False  # to be written by a person: writers highlight it
    block: str = "paragraph"


@dataclass(frozen=True, slots=True)
class TableBlock:
    """A table with one header row. ``widths`` are relative column widths; ``numeric`` columns are
    right-aligned. ``empty`` is printed instead when there are no rows."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    numeric: tuple[bool, ...] = ()
    empty: str = "无。"
    note: str | None = None
    block: str = "table"


@dataclass(frozen=True, slots=True)
class BarChart:
    """Bars, one per label. ``colors`` are hex strings, one per bar (or empty for the default);
    ``value_format`` a str.format pattern for the value printed at each bar's end."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    unit: str = ""
    horizontal: bool = False
    colors: tuple[str, ...] = ()
    value_format: str = "{:g}"
    max_value: float | None = None  # fixed axis end (100 for percentages), else from the data
    reference: float | None = None  # a dashed line across the bars, e.g. 序时进度
    reference_label: str = ""
    block: str = "bar_chart"


@dataclass(frozen=True, slots=True)
class SeriesPanel:
    """One indicator over the years: observed values, the expected path and the target line."""

    title: str
    unit: str
    years: tuple[int, ...]
    observed: tuple[float | None, ...]
    expected: tuple[float | None, ...]
    target: float | None = None
    target_label: str = ""


@dataclass(frozen=True, slots=True)
class SeriesChart:
    title: str
    panels: tuple[SeriesPanel, ...]
    block: str = "series_chart"


Block = Paragraph | TableBlock | BarChart | SeriesChart
Chart = BarChart | SeriesChart


@dataclass(frozen=True, slots=True)
class ReportSection:
    heading: str  # "一、总体判断"
    blocks: tuple[Block, ...] = ()
    subsections: tuple[ReportSection, ...] = ()


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    title: str  # 《the plan's title》
    subtitle: str  # 2026年度实施监测报告 / 实施中期评估报告
    kind: ReportKind
    year: int
    plan_name: str
    notes: tuple[str, ...]  # shown under the title: sample data, missing data
    sections: tuple[ReportSection, ...]
    counts: dict[str, int] = field(default_factory=dict)  # indicators by report category

    def charts(self) -> list[Chart]:
        found: list[Chart] = []

        def walk(section: ReportSection) -> None:
            found.extend(b for b in section.blocks if isinstance(b, BarChart | SeriesChart))
            for sub in section.subsections:
                walk(sub)

        for s in self.sections:
            walk(s)
        return found
