"""A small provincial work report and the leads its plan ends up with: shared by the tests of a
plan's issuer and catalogue."""

from __future__ import annotations

from sqlalchemy import Engine

from planwatch.services.division.assignments import effective
from planwatch.services.plans.records import load_plan
from planwatch.store.engine import transaction


def work_report(province: str) -> str:
    """A provincial government work report, as short as the issuer and three kinds of task allow."""
    return f"""政府工作报告
——2026年1月20日在{province}第十四届人民代表大会第五次会议上
{province}人民政府省长 某某
各位代表：
一、2026年重点工作
（一）扩大有效投资。实施1000个省重点项目，扩大有效投资。推进学前教育普惠发展。
（二）办好民生实事。实施全科医生特岗计划。严格落实耕地占补平衡制度。
"""


def leads(engine: Engine, plan: str = "1") -> dict[str, str | None]:
    """Each task's text → its lead unit in force (or its status when it has none)."""
    with transaction(engine) as session:
        done = effective(session, load_plan(session, plan))
        texts = {t.id: t.text for t in done.tasks}
        return {texts[a.task]: (a.lead.department if a.lead else a.status) for a in done.assignments}


def lead_of(engine: Engine, words: str, plan: str = "1") -> str | None:
    return next(v for k, v in leads(engine, plan).items() if words in k)
