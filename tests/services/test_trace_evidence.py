"""Evidence sources stored against a plan and a planner's decisions on the matches (issue 19), on
the real national work reports; SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from planwatch.model import Analysis, ConflictError, InputError, NotFoundError
from planwatch.services.admin import audit
from planwatch.services.evidence.sources import attach_source, decide, evidence_page
from planwatch.services.evidence.trace import trace_refs
from planwatch.services.monitoring.build import IndicatorFields
from planwatch.services.monitoring.indicators import add_indicator
from planwatch.services.plans.analyze import analyze_path
from planwatch.services.plans.records import import_analysis
from planwatch.settings import Settings
from planwatch.store.engine import transaction
from strict import missing

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
REPORT_2023 = CORPUS / "national-government-work-report-2023.txt"
REPORT_2024 = CORPUS / "national-government-work-report-2024.txt"


@pytest.fixture(scope="module")
def reports() -> tuple[Analysis, Analysis]:
    if not REPORT_2024.is_file():
        missing(f"the shared corpus is not at {CORPUS}")
    return analyze_path(REPORT_2023, Settings()), analyze_path(REPORT_2024, Settings())


def test_attach_a_file_then_confirm_and_dismiss(engine: Engine, reports: tuple[Analysis, Analysis]) -> None:
    with transaction(engine) as session:
        import_analysis(session, reports[0], "2023年报告")
    with transaction(engine) as session:
        attached = attach_source(session, "2023年报告", str(REPORT_2024), Settings(), by="张三")
    assert attached["kind"] == "file" and attached["year"] == 2024 and attached["matches"] > 0
    with transaction(engine) as session, pytest.raises(ConflictError, match="已作为佐证来源"):
        attach_source(session, "2023年报告", str(REPORT_2024), Settings(), by="张三")

    with transaction(engine) as session:
        page = evidence_page(session, "2023年报告")
    assert page["coverage"]["confirmed"] == 0 and page["coverage"]["proposed"] > 0
    grain = next(t for t in page["tasks"] if t["task"] == "p2.s6.t2")
    reported = next(e for e in grain["evidence"] if e["kind"] == "reported")
    other = next(e for e in grain["evidence"] if e["id"] != reported["id"])
    assert "千亿斤" in reported["sentence"] and reported["year"] == 2024

    with transaction(engine) as session:
        confirmed = decide(session, "2023年报告", reported["id"], "confirmed", by="张三")
        decide(session, "2023年报告", other["id"], "dismissed", by="李四")
    assert confirmed["decision"] == "confirmed" and confirmed["decided_by"] == "张三"
    with transaction(engine) as session:
        page = evidence_page(session, "2023年报告")
        log = audit.entries(session)
    assert page["coverage"]["confirmed"] == 1
    grain = next(t for t in page["tasks"] if t["task"] == "p2.s6.t2")
    assert other["id"] not in {e["id"] for e in grain["evidence"]}  # dismissed: out of the views
    actions = [e.action for e in log]
    assert {"evidence.attach", "evidence.confirm", "evidence.dismiss"} <= set(actions)
    dismissal = next(e for e in log if e.action == "evidence.dismiss")
    assert dismissal.username == "李四" and dismissal.before and dismissal.before["decision"] == "proposed"

    with transaction(engine) as session, pytest.raises(InputError, match="处理结果"):
        decide(session, "2023年报告", reported["id"], "maybe", by="张三")
    with transaction(engine) as session, pytest.raises(NotFoundError, match="没有编号为"):
        decide(session, "2023年报告", 999_999, "confirmed", by="张三")


def test_attach_a_stored_plan_as_source(engine: Engine, reports: tuple[Analysis, Analysis]) -> None:
    with transaction(engine) as session:
        import_analysis(session, reports[0], "2023年报告")
        import_analysis(session, reports[1], "2024年报告")
    with transaction(engine) as session:
        attached = attach_source(
            session, "2023年报告", "2024年报告", Settings(), by="张三", allow_files=False
        )
    assert attached["kind"] == "plan" and attached["name"] == "2024年报告"
    with transaction(engine) as session:
        page = evidence_page(session, "2023年报告")
    assert page["sources"][0]["kind"] == "plan" and page["coverage"]["proposed"] > 0
    with transaction(engine) as session, pytest.raises(InputError, match="规划本身"):
        attach_source(session, "2023年报告", "2023年报告", Settings(), by="张三")


def test_trace_gives_the_figures_for_a_stored_plans_indicators(
    engine: Engine, reports: tuple[Analysis, Analysis]
) -> None:
    with transaction(engine) as session:
        plan = import_analysis(session, reports[0], "2023年报告").plan
        add_indicator(session, plan, IndicatorFields(name="城镇新增就业", unit="万人"), by="pytest")
        add_indicator(session, plan, IndicatorFields(name="森林覆盖率", unit="%"), by="pytest")
    with transaction(engine) as session:
        data = trace_refs(session, "2023年报告", [str(REPORT_2024)], Settings()).to_dict()
    figures = {i["indicator"]: i["figures"] for i in data["indicators"]}
    jobs = figures["城镇新增就业"]
    assert [(f["year"], f["value"]) for f in jobs] == [(2023, 1244)]
    assert "1244万人" in jobs[0]["sentence"] and jobs[0]["source"] == REPORT_2024.name
    assert figures["森林覆盖率"] == []  # the 2024 report gives no figure for it
