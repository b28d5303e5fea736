"""Evaluation report data (年度监测报告, 中期评估报告) built from a real database: the embedded Dalian
plan, the shipped 示例数据 and progress reports made through the services. SQLite and PostgreSQL."""

from __future__ import annotations

import functools
import json
from datetime import date

import pytest
from sqlalchemy import Engine

from planwatch.model import Analysis, InputError, NotFoundError
from planwatch.model.report import BarChart, EvaluationReport, Paragraph, SeriesChart, TableBlock
from planwatch.services.monitoring.indicators import list_indicators
from planwatch.services.monitoring.sample import load_sample
from planwatch.services.plans.analyze import analyze_bytes, default_plan_bytes
from planwatch.services.plans.records import PlanView, find_plan, import_analysis, load_plan
from planwatch.services.progress import reporting as progress
from planwatch.services.reports.build import build_report, parse_year, report_dict
from planwatch.services.reports.indicators import CATEGORIES
from planwatch.settings import Settings
from planwatch.store.engine import transaction

LAGGING_TASK = "p3.a7.t1"
DONE_TASK = "p3.a6.t1"
LATER_TASK = "p3.a8.t2"
ANNUAL = ("一、总体判断", "二、主要指标监测情况", "三、重点任务推进情况", "四、重大项目推进情况")
ANNUAL += ("五、滞后事项及原因", "六、下一步工作")


@functools.cache
def _analysis() -> Analysis:
    data, name = default_plan_bytes()
    return analyze_bytes(data, name, Settings())


def _plan(engine: Engine, *, sample: bool = True, reports: bool = True) -> PlanView:
    with transaction(engine) as session:
        plan_id = import_analysis(session, _analysis()).plan.id
        view = load_plan(session, str(plan_id))
        if sample:
            load_sample(session, find_plan(session, str(plan_id)), by="pytest")
        if reports:
            progress.submit_report(
                session,
                view,
                progress.ReportDraft(
                    task_key=DONE_TASK, period="2026Q3", state="推进中", percent=40, narrative="12个项目开工"
                ),
                by="工信局",
            )
            progress.review(session, view, DONE_TASK, "2026Q3", True, None, "发改委")
            progress.submit_report(
                session,
                view,
                progress.ReportDraft(
                    task_key=LAGGING_TASK,
                    period="2026Q3",
                    state="滞后",
                    percent=5,
                    narrative="配套园区征地未完成",
                ),
                by="工信局",
            )
            progress.review(session, view, LAGGING_TASK, "2026Q3", True, "请加快征地", "发改委")
            # a report of a later year must not show in the 2026 report
            progress.submit_report(
                session,
                view,
                progress.ReportDraft(
                    task_key=LATER_TASK, period="2027Q1", state="推进中", percent=30, narrative="方案报批"
                ),
                by="科技局",
            )
    return view


def _blocks(report: EvaluationReport, heading_start: str) -> list[object]:
    section = next(s for s in report.sections if s.heading.startswith(heading_start))
    return list(section.blocks)


def _table(report: EvaluationReport, title: str) -> TableBlock:
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, TableBlock) and block.title == title:
                return block
    raise AssertionError(f"no table {title}")


def _text(report: EvaluationReport) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False)


def test_annual_report_from_sample_data(engine: Engine) -> None:
    view = _plan(engine)
    with transaction(engine) as session:
        report = build_report(session, str(view.plan.id), "annual", 2026, today=date(2027, 3, 1))
        indicators = list_indicators(session, view.plan)
    assert report.kind == "annual" and report.year == 2026
    assert tuple(s.heading for s in report.sections) == ANNUAL
    assert report.subtitle == "2026年度实施监测报告"
    assert any("示例数据" in n for n in report.notes)

    table = _table(report, "主要指标监测表")
    assert len(table.rows) == len(indicators) == 8
    by_name = {row[1]: row for row in table.rows}
    # 3.08 % against a path needing 3.09 %: ratio 0.85 → 需加快 → 滞后
    assert by_name["研发投入强度（示例数据）"][-2:] == ("需加快", "滞后")
    # 105.3 万户 against 105.28 on the path: on track
    assert by_name["经营主体（示例数据）"][-1] == "基本符合预期"
    # no 2026 value and 2026 is over: 无数据, never 滞后
    assert by_name["清洁能源发电量占比（示例数据）"][-1] == "无数据"
    assert sum(report.counts.values()) == 8
    assert set(report.counts) <= set(CATEGORIES)
    assert report.counts["滞后"] == sum(1 for r in table.rows if r[-1] == "滞后")

    charts = report.charts()
    status = next(c for c in charts if isinstance(c, BarChart) and c.title == "指标评估结果分布")
    assert dict(zip(status.labels, status.values, strict=True))["滞后"] == report.counts["滞后"]
    series = next(c for c in charts if isinstance(c, SeriesChart))
    assert 1 <= len(series.panels) <= 4
    assert all(p.target is not None and 2026 in p.years for p in series.panels)

    judgement = _blocks(report, "一、")[0]
    assert isinstance(judgement, Paragraph)
    assert "纳入监测的 8 项指标" in judgement.text and "重点任务" in judgement.text
    # the 2027 report is not seen from 2026: two tasks reported, not three
    tasks_text = _blocks(report, "三、")[0]
    assert isinstance(tasks_text, Paragraph) and "已填报进展 2 项" in tasks_text.text

    lagging = _table(report, "滞后事项及原因")
    rows = {row[2].split(" ")[0]: row for row in lagging.rows if row[1] == "任务"}
    assert LAGGING_TASK in rows
    assert "配套园区征地未完成" in rows[LAGGING_TASK][5] and "请加快征地" in rows[LAGGING_TASK][5]
    assert any(row[1] == "指标" and "【待填写：原因分析】" in row[5] for row in lagging.rows)

    parts = _table(report, "各部分任务完成情况")
    part_three = next(r for r in parts.rows if r[0].startswith("三、"))
    assert part_three[2] == "2"  # both 2026 reports are on tasks of part three
    assert sum(int(r[1]) for r in parts.rows) == len(view.analysis.tasks)
    departments = _table(report, "牵头单位任务完成情况")
    assert any(r[0] == "大连市工业和信息化局" and r[2] == "2" for r in departments.rows)

    projects = _table(report, "重大项目推进情况")
    names = [r[0] for r in projects.rows]
    assert "英歌石科学城" in names and len(names) == len(set(names))

    steps = _blocks(report, "六、")
    assert steps and all(isinstance(b, Paragraph) and b.placeholder and "【待填写：" in b.text for b in steps)

    with transaction(engine) as session:
        later = build_report(session, str(view.plan.id), "annual", 2027, today=date(2028, 3, 1))
    later_tasks = _blocks(later, "三、")[0]
    assert isinstance(later_tasks, Paragraph) and "已填报进展 3 项" in later_tasks.text


def test_midterm_compares_the_expected_path(engine: Engine) -> None:
    view = _plan(engine)
    with transaction(engine) as session:
        report = build_report(session, view.plan.name, "中期", None, today=date(2028, 10, 1))
    assert report.kind == "midterm" and report.year == 2028  # the middle of 2026—2030
    assert report.sections[0].heading == "一、总体评估"
    assert report.sections[4].heading == "五、文件佐证"  # no evidence attached: one line says how to
    no_sources = _blocks(report, "五、")
    assert len(no_sources) == 1 and isinstance(no_sources[0], Paragraph)
    assert "尚未附加佐证来源" in no_sources[0].text and "planwatch evidence attach" in no_sources[0].text
    assert report.sections[-1].heading.startswith("七、下一步工作和规划调整建议")
    table = _table(report, "主要指标中期评估表")
    assert table.headers[5:8] == ("2026年", "2027年", "2028年")
    research = next(r for r in table.rows if r[1] == "研发投入强度（示例数据）")
    assert research[5] == "3.08" and research[6] == research[7] == "—"
    # judged at its latest year with data (2026), not as 数据未发布 in 2028
    assert research[-1] == "滞后" and "2026" in research[8]
    # the elapsed share on the day the report is as of, in the same sentence as that day
    assert "截至 2028年10月1日，规划（2026—2030 年）实施，时间进度 55.0%" in _text(report)
    assert any(
        "规划目标、指标或任务的调整建议" in b.text
        for b in _blocks(report, "七、")
        if isinstance(b, Paragraph)
    )


def test_report_without_indicators_or_progress_says_so(engine: Engine) -> None:
    view = _plan(engine, sample=False, reports=False)
    with transaction(engine) as session:
        report = build_report(session, str(view.plan.id), "annual", 2026, today=date(2027, 1, 10))
    text = _text(report)
    assert "尚未建立监测指标" in text
    assert "尚未收到任何任务进展填报" in text
    assert "暂不能对规划实施作出总体判断" in text
    assert _table(report, "主要指标监测表").rows == ()
    assert report.charts() == []  # nothing to draw, and nothing drawn from nothing
    assert not any("示例数据" in n for n in report.notes)


def test_unpublished_year_is_not_lagging(engine: Engine) -> None:
    view = _plan(engine, reports=False)
    with transaction(engine) as session:
        report = build_report(session, str(view.plan.id), "annual", 2027, today=date(2027, 6, 1))
    table = _table(report, "主要指标监测表")
    assert {row[-1] for row in table.rows} == {"数据未发布"}
    assert report.counts.get("滞后", 0) == 0
    assert "尚未发布" in _text(report)


def test_bad_requests(engine: Engine) -> None:
    view = _plan(engine, sample=False, reports=False)
    ref = str(view.plan.id)
    with transaction(engine) as session:
        with pytest.raises(InputError, match="不在规划期（2026—2030 年）内"):
            build_report(session, ref, "annual", 2031)
        with pytest.raises(InputError, match="不在规划期"):
            build_report(session, ref, "midterm", 2025)
        with pytest.raises(InputError, match="报告类型“weekly”无效"):
            build_report(session, ref, "weekly", 2026)
        with pytest.raises(NotFoundError):
            build_report(session, "没有这个规划", "annual", 2026)
    with pytest.raises(InputError, match="年份"):
        parse_year("二〇二六")
    assert parse_year(" ") is None and parse_year("2027") == 2027


def test_a_part_with_one_report_among_many_tasks_does_not_read_as_done(engine: Engine) -> None:
    view = _plan(engine, sample=False, reports=False)
    with transaction(engine) as session:
        progress.submit_report(
            session,
            view,
            progress.ReportDraft(
                task_key=DONE_TASK, period="2026Q3", state="已完成", percent=100, narrative="全部完成"
            ),
            by="工信局",
        )
        progress.review(session, view, DONE_TASK, "2026Q3", True, None, "发改委")
        report = build_report(session, str(view.plan.id), "annual", None, today=date(2026, 12, 7))
        rolled = progress.plan_rollup(session, view, date(2026, 12, 7))
    assert report.year == 2026  # the year of the only data, not a year of the period without any
    part_three = next(r for r in _table(report, "各部分任务完成情况").rows if r[0].startswith("三、"))
    tasks = int(part_three[1])
    assert tasks > 10 and part_three[2] == "1"
    assert part_three[5] != "100.0%" and float(part_three[5].rstrip("%")) < 50
    assert "未填报的任务按 0 计" in _text(report)
    # the monitoring roll-up keeps its mean of the reported tasks, and says what it rests on
    part = next(p for p, label, _ in rolled.parts if label.startswith("三"))
    assert rolled.coverage_text(part) == f"{tasks}项中1项已报送"


def test_midterm_report_seen_early_in_the_period_speaks_of_today(engine: Engine) -> None:
    view = _plan(engine)
    with transaction(engine) as session:
        report = build_report(session, str(view.plan.id), "midterm", None, today=date(2026, 12, 7))
    assert report.year == 2026  # not the middle year 2028, which has not come yet
    text = _text(report)
    assert "截至 2026年12月7日" in text and "截至2028年" not in text and "截至 2028" not in text
