"""A small plan (2 parts, 5 tasks) with two later work reports stored as its evidence sources, through
the real services (import, attach, decide, progress reports, indicator values). Shared by the
coverage tests of services, web and CLI. Counts the tests expect are worked out by hand in
tests/services/test_evidence_coverage.py."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from planwatch.services.evidence.sources import attach_source, decide, evidence_page
from planwatch.services.monitoring.build import IndicatorFields
from planwatch.services.monitoring.indicators import add_indicator
from planwatch.services.monitoring.observations import record_observation
from planwatch.services.plans.analyze import analyze_path
from planwatch.services.plans.records import find_plan, import_analysis, load_plan
from planwatch.services.progress import reporting as progress
from planwatch.settings import Settings
from planwatch.store.engine import transaction

PLAN = """某市国民经济和社会发展第十五个五年规划纲要

一、推动产业升级
（一）发展先进制造业。加快建设智能网联汽车产业园项目。推进集成电路产业链建链补链。
（二）培育数字经济。实施数据要素市场化配置改革。
二、改善城乡环境
（一）治理水环境。全面完成城区黑臭水体整治。实施农村生活污水治理三年行动。
"""
REPORT_2026 = """某市2026年政府工作报告

一、2025年工作回顾
智能网联汽车产业园建成投产，集成电路产业链建链补链取得积极进展。城区黑臭水体整治全面完成。
二、2026年重点工作
加快推进数据要素市场化配置改革。
"""
REPORT_2027 = """某市2027年政府工作报告

一、2026年工作回顾
农村生活污水治理三年行动全面完成，数据要素市场化配置改革深入推进。
二、2027年重点工作
持续推进集成电路产业链建链补链。
"""
CAR, CHIPS, DATA, WATER, SEWAGE = "p1.s1.t1", "p1.s1.t2", "p1.s2.t1", "p2.s1.t1", "p2.s1.t2"
CONFIRMED_SENTENCE = "城区黑臭水体整治全面完成。"


def write_files(folder: Path) -> tuple[Path, Path, Path]:
    paths = (folder / "plan.txt", folder / "report-2026.txt", folder / "report-2027.txt")
    for path, text in zip(paths, (PLAN, REPORT_2026, REPORT_2027), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


def import_plan(engine: Engine, folder: Path, name: str) -> dict[tuple[str, int], int]:
    """The plan with both reports attached, every match still proposed; returns the match ids by
    (task, source year)."""
    plan, r2026, r2027 = write_files(folder)
    with transaction(engine) as session:
        import_analysis(session, analyze_path(plan, Settings()), name)
    for report in (r2026, r2027):
        with transaction(engine) as session:
            attach_source(session, name, str(report), Settings(), by="张三")
    with transaction(engine) as session:
        page = evidence_page(session, name)
    return {(t["task"], e["year"]): e["id"] for t in page["tasks"] for e in t["evidence"]}


def decide_some(engine: Engine, name: str, ids: dict[tuple[str, int], int]) -> None:
    """Confirm 黑臭水体 (2026) and 集成电路 (2027); dismiss the 2027 sentence for 黑臭水体 (it is about
    sewage) and the one for 农村污水, which then has no evidence left."""
    with transaction(engine) as session:
        decide(session, name, ids[(WATER, 2026)], "confirmed", by="张三")
        decide(session, name, ids[(CHIPS, 2027)], "confirmed", by="张三")
        decide(session, name, ids[(WATER, 2027)], "dismissed", by="李四")
        decide(session, name, ids[(SEWAGE, 2027)], "dismissed", by="李四")


def add_progress_and_figures(engine: Engine, name: str) -> None:
    """A report in progress on 汽车产业园; 数据要素 reported done and approved; 农村污水 reported done
    (submitted); an indicator with values for 2026, 2027 (and a quarter) and 2028Q1."""
    with transaction(engine) as session:
        view = load_plan(session, name)
        progress.submit_report(
            session,
            view,
            progress.ReportDraft(
                task_key=CAR, period="2026Q4", state="推进中", percent=50, narrative="园区一期投产"
            ),
            by="工信局",
        )
        progress.submit_report(
            session,
            view,
            progress.ReportDraft(
                task_key=DATA, period="2026Q4", state="已完成", percent=100, narrative="改革方案印发"
            ),
            by="数据局",
        )
        progress.review(session, view, DATA, "2026Q4", True, None, "发改委")
        progress.submit_report(
            session,
            view,
            progress.ReportDraft(
                task_key=SEWAGE, period="2027Q2", state="已完成", percent=100, narrative="三年行动完成"
            ),
            by="农业农村局",
        )
        plan = find_plan(session, name)
        add_indicator(session, plan, IndicatorFields(name="城镇新增就业", unit="万人"), by="pytest")
        record_observation(
            session, plan, "城镇新增就业", "2026", 12.5, source="2027年政府工作报告", by="pytest"
        )
        record_observation(session, plan, "城镇新增就业", "2027", 13, by="pytest")
        record_observation(session, plan, "城镇新增就业", "2027Q2", 6, by="pytest")
        record_observation(session, plan, "城镇新增就业", "2028Q1", 3, by="pytest")


def full_fixture(engine: Engine, folder: Path, name: str) -> dict[tuple[str, int], int]:
    ids = import_plan(engine, folder, name)
    decide_some(engine, name, ids)
    add_progress_and_figures(engine, name)
    return ids
