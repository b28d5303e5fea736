"""The documentary-evidence workbook (issue 19): coverage matrix, every match, tasks never taken up,
evidence against progress reports, indicator figures and project milestones, one sheet each, laid
out by the house writer (``excel.write_xlsx``: frozen header, autofilter, A4 landscape).

Input is the plain data of ``services.evidence_coverage.coverage`` (both bases), so this module
imports nothing above ``export``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from planwatch.export.csv_cells import safe_row
from planwatch.export.excel import write_xlsx
from planwatch.export.report import Cell, Report, Section, Sheet
from planwatch.export.rows import Column

KIND_NAMES = {"deployed": "已部署", "reported": "已报告", "mentioned": "提及"}
DECISION_NAMES = {"proposed": "待确认", "confirmed": "已确认", "dismissed": "已排除"}
BASIS_NAMES = {"confirmed": "已确认口径", "proposed": "含待确认口径"}
UNKNOWN_YEAR = "年份不详"

EVIDENCE_COLUMNS: tuple[Column, ...] = (
    Column("part", "规划部分", 18),
    Column("task", "任务编号", 11, center=True),
    Column("task_text", "任务内容", 36),
    Column("source", "来源文件", 20),
    Column("year", "年份", 7, center=True),
    Column("kind", "类型", 8, center=True),
    Column("score", "相似度", 8, center=True),
    Column("terms", "共同关键词", 18),
    Column("sentence", "佐证句子", 52),
    Column("decision", "处理状态", 9, center=True),
    Column("decided_by", "处理人", 9, center=True),
)


def _year(year: int | None) -> str:
    return f"{year}年" if year is not None else UNKNOWN_YEAR


def _pct(share: float) -> str:
    return f"{share * 100:.1f}%"


def _kinds(cell: Mapping[str, Any]) -> str:
    return "，".join(f"{KIND_NAMES[k]} {n}" for k, n in cell["by_kind"].items() if n) or "—"


def _matrix_sheet(data: Mapping[str, Any]) -> Sheet:
    years = data["years"]
    columns = [Column("part", "规划部分", 26), Column("total", "任务数", 8, center=True)]
    for i, y in enumerate(years):
        columns += [
            Column(f"y{i}", f"{_year(y)}涉及任务", 11, center=True),
            Column(f"s{i}", f"{_year(y)}占比", 10, center=True),
        ]
    columns += [
        Column("all", "累计涉及任务", 11, center=True),
        Column("share", "累计占比", 10, center=True),
        Column("kinds", "按最强佐证类型", 24),
    ]
    sections = []
    for basis, name in BASIS_NAMES.items():
        b = data["bases"][basis]
        rows: list[tuple[Cell, ...]] = []
        for line in [*b["matrix"], {"label": "合计", **b["total"]}]:
            cells: list[Cell] = [line["label"], line["all"]["total"]]
            for c in line["cells"]:
                cells += [c["taken"], _pct(c["share"])]
            cells += [line["all"]["taken"], _pct(line["all"]["share"]), _kinds(line["all"])]
            rows.append(tuple(cells))
        sections.append(Section(name, tuple(rows)))
    return Sheet("覆盖矩阵", tuple(columns), tuple(sections))


def evidence_cells(r: Mapping[str, Any]) -> tuple[Cell, ...]:
    return (
        r["part"],
        r["task"],
        r["task_text"],
        r["source"],
        r["year"] if r["year"] is not None else UNKNOWN_YEAR,
        KIND_NAMES.get(r["kind"], r["kind"]),
        round(float(r["score"]), 4),
        "、".join(r["terms"]),
        r["sentence"],
        DECISION_NAMES.get(r["decision"], r["decision"]),
        r["decided_by"] or "",
    )


def _never_sheet(data: Mapping[str, Any]) -> Sheet:
    columns = (
        Column("part", "规划部分", 30),
        Column("task", "任务编号", 12, center=True),
        Column("text", "任务内容", 70),
    )
    sections = []
    for basis, name in BASIS_NAMES.items():
        rows = tuple(
            (part["label"], t["task"], t["text"])
            for part in data["bases"][basis]["never_taken_up"]
            for t in part["tasks"]
        )
        sections.append(Section(f"{name}（{len(rows)} 项）", rows))
    return Sheet("从未提及", columns, tuple(sections))


def _cross_sheet(data: Mapping[str, Any]) -> Sheet:
    columns = (
        Column("part", "规划部分", 24),
        Column("task", "任务编号", 12, center=True),
        Column("text", "任务内容", 40),
        Column("detail", "情况", 60),
    )
    sections = []
    for basis, name in BASIS_NAMES.items():
        b = data["bases"][basis]
        reported = tuple(
            (
                t["part"],
                t["task"],
                t["text"],
                "；".join(f"{e['source']}（{_year(e['year'])}）：“{e['sentence']}”" for e in t["evidence"]),
            )
            for t in b["reported_without_progress"]
        )
        done = tuple(
            (
                t["part"],
                t["task"],
                t["text"],
                ("已销号" if t["closed"] else t["state"])
                + (f"（{t['period']} 填报）" if t["period"] else "")
                + (f"，牵头单位 {t['lead']}" if t["lead"] else ""),
            )
            for t in b["done_without_trace"]
        )
        sections.append(Section(f"{name}：文件报告已落实、但无进展填报（{len(reported)} 项）", reported))
        sections.append(Section(f"{name}：填报已完成或已销号、但无文件佐证（{len(done)} 项）", done))
    return Sheet("佐证与进展对照", columns, tuple(sections))


def _indicator_sheet(data: Mapping[str, Any]) -> Sheet:
    years = data["indicator_years"]
    columns = [Column("name", "指标", 30), Column("unit", "单位", 8, center=True)]
    columns += [Column(f"y{i}", _year(y), 12, center=True) for i, y in enumerate(years)]
    columns.append(Column("sources", "数据来源", 40))
    rows = []
    for ind in data["indicators"]:
        values: list[Cell] = [v.get("value", "—") for v in ind["values"]]
        sources = "；".join(f"{_year(v['year'])}：{v['source']}" for v in ind["values"] if v.get("source"))
        rows.append((ind["indicator"], ind["unit"], *values, sources))
    return Sheet("指标数据", tuple(columns), (Section(None, tuple(rows)),))


def _milestone_sheet(data: Mapping[str, Any]) -> Sheet:
    columns = (
        Column("project", "项目", 24),
        Column("task", "任务编号", 11, center=True),
        Column("year", "年份", 8, center=True),
        Column("milestones", "节点", 12, center=True),
        Column("source", "来源文件", 20),
        Column("sentence", "佐证句子", 52),
        Column("decision", "处理状态", 9, center=True),
    )
    rows = tuple(
        (
            m["project"],
            m["task"],
            m["year"] if m["year"] is not None else UNKNOWN_YEAR,
            "、".join(m["milestones"]),
            m["source"],
            m["sentence"],
            DECISION_NAMES.get(m["decision"], m["decision"]),
        )
        for m in data["milestones"]
    )
    return Sheet("项目节点", columns, (Section(None, rows),))


def evidence_report(data: Mapping[str, Any]) -> Report:
    plan = data["plan"]
    sources = "、".join(f"{s['name']}（{_year(s['year'])}）" for s in data["sources"]) or "无"
    note = (
        f"佐证来源：{sources}。“涉及任务”为该年份来源中有佐证句子的任务数，按最强的佐证类型计"
        "（已报告优于已部署，已部署优于提及）；已确认口径只计规划处确认的佐证，含待确认口径另计尚未处理的建议；"
        "已排除的佐证均不计入。"
    )
    sheets = (
        _matrix_sheet(data),
        Sheet(
            "逐条佐证", EVIDENCE_COLUMNS, (Section(None, tuple(evidence_cells(r) for r in data["evidence"])),)
        ),
        _never_sheet(data),
        _cross_sheet(data),
        _indicator_sheet(data),
        _milestone_sheet(data),
    )
    return Report(plan.get("title") or plan["name"], "文件佐证覆盖情况", note, sheets)


def write_evidence_xlsx(data: Mapping[str, Any]) -> bytes:
    return write_xlsx(evidence_report(data))


def write_evidence_csv(rows: Sequence[Mapping[str, Any]]) -> bytes:
    """Every match as the 逐条佐证 sheet has it, UTF-8 with a BOM for Excel (as ``flat.write_csv``)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(safe_row(c.header for c in EVIDENCE_COLUMNS))
    for r in rows:
        writer.writerow(safe_row(evidence_cells(r)))
    return buf.getvalue().encode("utf-8-sig")
