"""Coverage of a plan by documentary evidence (issue 19) on a small plan whose counts are worked out by
hand: 2 parts, 5 tasks, work reports of 2026 and 2027 attached through the real services, decisions
that move the counts, progress reports to cross-check and indicator values. SQLite and PostgreSQL.

Matches the tracer proposes (task, year, kind): 汽车 2026 reported; 集成电路 2026 reported and 2027
deployed; 数据要素 2026 deployed and 2027 reported; 黑臭水体 2026 reported and 2027 reported (a
sentence about sewage); 农村污水 2027 reported. ``decide_some`` confirms 黑臭水体 2026 and 集成电路
2027 and dismisses both 2027 sentences of part 二.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from evidence_fixture import (
    CAR,
    CHIPS,
    CONFIRMED_SENTENCE,
    DATA,
    SEWAGE,
    WATER,
    decide_some,
    full_fixture,
    import_plan,
    write_files,
)
from planwatch.model import InputError
from planwatch.model.report import Paragraph, TableBlock
from planwatch.services.evidence.coverage import coverage, coverage_view, evidence_file
from planwatch.services.plans.analyze import analyze_path
from planwatch.services.plans.records import import_analysis
from planwatch.services.reports.build import build_report, render
from planwatch.settings import Settings
from planwatch.store.engine import transaction
from report_files import pdf_text, read_docx, read_html

NAME = "某市十五五规划"


def _cells(row: dict[str, Any]) -> list[tuple[int | None, int, int]]:
    return [(c["year"], c["taken"], c["total"]) for c in row["cells"]]


def _never(basis: dict[str, Any]) -> list[str]:
    return [t["task"] for part in basis["never_taken_up"] for t in part["tasks"]]


def test_proposals_count_only_on_the_proposed_basis(engine: Engine, tmp_path: Path) -> None:
    import_plan(engine, tmp_path, NAME)
    with transaction(engine) as session:
        data = coverage(session, NAME)
    assert data["years"] == [2026, 2027] and data["tasks"] == 5
    confirmed, proposed = data["bases"]["confirmed"], data["bases"]["proposed"]
    assert confirmed["total"]["all"]["taken"] == 0 and confirmed["never_count"] == 5
    industry, environment = proposed["matrix"]
    assert industry["label"] == "一、推动产业升级" and environment["label"] == "二、改善城乡环境"
    assert _cells(industry) == [(2026, 3, 3), (2027, 2, 3)]
    assert _cells(environment) == [(2026, 1, 2), (2027, 2, 2)]
    # 2026: 汽车 and 集成电路 reported, 数据要素 only deployed
    assert industry["cells"][0]["by_kind"] == {"deployed": 1, "reported": 2, "mentioned": 0}
    assert proposed["total"]["all"] == {
        "taken": 5,
        "total": 5,
        "share": 1.0,
        "by_kind": {"deployed": 0, "reported": 5, "mentioned": 0},
    }
    assert _never(proposed) == []
    assert len(data["evidence"]) == 8


def test_decisions_and_progress_reports_move_the_counts(engine: Engine, tmp_path: Path) -> None:
    full_fixture(engine, tmp_path, NAME)
    with transaction(engine) as session:
        data = coverage(session, NAME)
    confirmed, proposed = data["bases"]["confirmed"], data["bases"]["proposed"]
    industry, environment = confirmed["matrix"]
    assert _cells(industry) == [(2026, 0, 3), (2027, 1, 3)]
    assert industry["cells"][1]["by_kind"]["deployed"] == 1  # 集成电路 2027, confirmed
    assert _cells(environment) == [(2026, 1, 2), (2027, 0, 2)]
    assert confirmed["total"]["all"]["taken"] == 2 and confirmed["total"]["all"]["share"] == 0.4
    assert [c["taken"] for c in confirmed["total"]["cells"]] == [1, 1]
    assert _never(confirmed) == [CAR, DATA, SEWAGE]

    # dismissed matches never count, on either basis
    assert _cells(proposed["matrix"][1]) == [(2026, 1, 2), (2027, 0, 2)]
    assert proposed["total"]["all"]["taken"] == 4 and _never(proposed) == [SEWAGE]
    assert len(data["evidence"]) == 6 and all(r["decision"] != "dismissed" for r in data["evidence"])
    water = next(r for r in data["evidence"] if r["task"] == WATER)
    assert water["sentence"] == CONFIRMED_SENTENCE and water["decision"] == "confirmed"
    assert water["decided_by"] == "张三" and water["part"] == "二、改善城乡环境"

    # reported in a document, nothing reported by the department (汽车 has a progress report)
    assert [t["task"] for t in confirmed["reported_without_progress"]] == [WATER]
    assert [t["task"] for t in proposed["reported_without_progress"]] == [CHIPS, WATER]
    assert proposed["reported_without_progress"][0]["evidence"][0]["kind"] == "reported"
    # reported done by the department, no documentary trace: 数据要素 has only proposals
    assert [t["task"] for t in confirmed["done_without_trace"]] == [DATA, SEWAGE]
    assert [t["task"] for t in proposed["done_without_trace"]] == [SEWAGE]
    sewage = proposed["done_without_trace"][0]
    assert sewage["state"] == "已完成" and sewage["period"] == "2027Q2"
    assert sewage["task"] == SEWAGE and "evidence_url" not in sewage  # the web layer links the task

    # the figures on the same timeline: the annual value wins over a quarter's, a quarter fills a year
    assert data["indicator_years"] == [2026, 2027, 2028]
    (jobs,) = data["indicators"]
    assert [(v["year"], v.get("value"), v.get("period")) for v in jobs["values"]] == [
        (2026, 12.5, "2026"),
        (2027, 13.0, "2027"),
        (2028, 3.0, "2028Q1"),
    ]
    assert jobs["values"][0]["source"] == "2027年政府工作报告"

    (milestone,) = data["milestones"]
    assert milestone["task"] == CAR and milestone["year"] == 2026
    assert milestone["milestones"] == ["建成", "投产"] and "产业园建成投产" in milestone["sentence"]


def test_the_view_picks_one_basis_and_refuses_others(engine: Engine, tmp_path: Path) -> None:
    ids = import_plan(engine, tmp_path, NAME)
    with transaction(engine) as session:
        before = coverage_view(session, NAME, "proposed")
        assert coverage_view(session, NAME)["basis"] == "confirmed"
        with pytest.raises(InputError, match="统计口径"):
            coverage_view(session, NAME, "all")
    assert before["coverage"]["total"]["all"]["taken"] == 5 and "bases" not in before
    decide_some(engine, NAME, ids)
    with transaction(engine) as session:  # a decision is a write: the cached result is not reused
        after = coverage_view(session, NAME, "proposed")
    assert after["coverage"]["total"]["all"]["taken"] == 4


def test_files_in_every_format(engine: Engine, tmp_path: Path) -> None:
    full_fixture(engine, tmp_path, NAME)
    with transaction(engine) as session:
        body, name, media = evidence_file(session, NAME, "json")
        csv_body, csv_name, _ = evidence_file(session, NAME, "csv")
        with pytest.raises(InputError, match="不支持导出为“docx”"):
            evidence_file(session, NAME, "docx")
    assert name == f"{NAME}-文件佐证覆盖情况.json" and media == "application/json"
    assert json.loads(body)["bases"]["confirmed"]["total"]["all"]["taken"] == 2
    lines = csv_body.decode("utf-8-sig").splitlines()
    assert csv_name.endswith(".csv") and lines[0].startswith("规划部分,任务编号,任务内容,来源文件,年份")
    assert len(lines) == 7 and any(CONFIRMED_SENTENCE in line and "已确认" in line for line in lines)


def _section(report: Any, heading: str) -> list[Any]:
    return list(next(s for s in report.sections if s.heading.endswith(heading)).blocks)


def test_midterm_report_section_cites_the_evidence(engine: Engine, tmp_path: Path) -> None:
    full_fixture(engine, tmp_path, NAME)
    with transaction(engine) as session:
        report = build_report(session, NAME, "midterm", None, today=date(2028, 10, 1))
    assert [s.heading for s in report.sections][4] == "五、文件佐证"
    blocks = _section(report, "文件佐证")
    intro = blocks[0]
    assert isinstance(intro, Paragraph) and "已附加佐证来源 2 份" in intro.text
    assert "有 2 项（40.0%）" in intro.text and "为 4 项（80.0%）" in intro.text
    tables = {b.title: b for b in blocks if isinstance(b, TableBlock)}
    by_part = tables["各部分任务的文件佐证覆盖情况"]
    assert by_part.rows[-1] == ("合计", "5", "2（40.0%）", "4（80.0%）", "4", "0", "0")
    by_year = tables["逐年被后续文件落实的任务"]
    assert [r[0] for r in by_year.rows] == ["2026年", "2027年"] and by_year.rows[0][2] == "1（20.0%）"
    assert [r[1].split()[0] for r in tables["从未被后续文件提及的任务"].rows] == [SEWAGE]
    assert [r[0].split()[0] for r in tables["填报已完成但无文件佐证的任务"].rows] == [SEWAGE]
    citations = tables["佐证摘录"].rows
    cited = f"《某市2026年政府工作报告》（2026年）：“{CONFIRMED_SENTENCE}”【已确认】"
    assert citations[0][2] == cited  # confirmed ones first
    assert any("【待确认】" in r[2] for r in citations)

    docx = read_docx(render(report, "docx"))
    assert "五、文件佐证" in docx.headings and cited in docx.text
    page = read_html(render(report, "html").decode("utf-8"))
    assert "五、文件佐证" in [h.text for h in page.find_all("h2")] and cited in page.text
    text = "".join(pdf_text(render(report, "pdf")).split())
    assert "五、文件佐证" in text and CONFIRMED_SENTENCE in text


def test_midterm_report_without_sources_says_how_to_attach(engine: Engine, tmp_path: Path) -> None:
    plan, _, _ = write_files(tmp_path)
    with transaction(engine) as session:
        import_analysis(session, analyze_path(plan, Settings()), NAME)
    with transaction(engine) as session:
        report = build_report(session, NAME, "midterm", None, today=date(2028, 10, 1))
    (line,) = _section(report, "文件佐证")
    assert isinstance(line, Paragraph) and "尚未附加佐证来源" in line.text
    assert "“落实佐证”页" in line.text and "planwatch evidence attach" in line.text
