"""The period of a work report whose title is just 政府工作报告: its date line names the year, so the
annual and midterm reports can be built (before, they refused with “无法确定该规划的规划期”)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from planwatch.model import InputError
from planwatch.services.plans.analyze import analyze_bytes
from planwatch.services.plans.records import import_analysis
from planwatch.services.reports.build import build_report
from planwatch.settings import Settings
from planwatch.store.engine import transaction

DATED = """政府工作报告
——2026年1月26日在某省第十四届
人民代表大会第五次会议上

各位代表：

一、2025年工作回顾

过去一年，全省地区生产总值增长4.5%。

二、2026年工作安排

今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇新增就业110万人以上。

（一）加快建设现代化产业体系。推进制造业高质量发展。
"""


def _plan(engine: Engine, text: str) -> str:
    with transaction(engine) as session:
        analysis = analyze_bytes(text.encode("utf-8"), "报告.txt", Settings())
        return str(import_analysis(session, analysis).plan.id)


@pytest.mark.parametrize("kind", ["annual", "midterm"])
def test_a_work_report_titled_without_a_year_takes_it_from_its_date_line(engine: Engine, kind: str) -> None:
    plan = _plan(engine, DATED)
    with transaction(engine) as session:
        report = build_report(session, plan, kind, today=date(2026, 6, 1))
    assert report.year == 2026


def test_without_any_year_the_report_still_says_what_to_do(engine: Engine) -> None:
    plan = _plan(engine, DATED.replace("——2026年1月26日在", "——在"))
    with transaction(engine) as session, pytest.raises(InputError, match="无法确定该规划的规划期"):
        build_report(session, plan, "annual", today=date(2026, 6, 1))
