"""A plan's issuer and catalogue, corrected by a person: stored per plan, audited, the proposals of
every version computed again under it, decisions on tasks kept; bad input changes nothing. On
SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import Engine, func, select

from plan_leads import lead_of, leads, work_report
from planwatch.model import InputError
from planwatch.services.admin import audit
from planwatch.services.catalogue.plan import (
    after_import,
    catalogue_info,
    plan_catalogue,
    reset_catalogue,
    set_catalogue,
    user_catalogue,
)
from planwatch.services.division.assignments import override
from planwatch.services.plans.analyze import analyze_bytes
from planwatch.services.plans.records import import_analysis, load_plan
from planwatch.settings import Settings
from planwatch.store.engine import transaction
from planwatch.store.plan_catalogues import PlanCatalogueRepository
from planwatch.store.tables import PlanCatalogueChoiceRow

REPORT = work_report("辽宁省")
SETTINGS = Settings()


@pytest.fixture
def plan(engine: Engine) -> Engine:
    with transaction(engine) as session:
        analysis = analyze_bytes(REPORT.encode(), "report.txt", SETTINGS, user_catalogue(session, SETTINGS))
        import_analysis(session, analysis, "辽宁省政府工作报告", by="tester")
    return engine


def test_the_issuer_read_from_the_document_decides_the_catalogue(plan: Engine) -> None:
    assert lead_of(plan, "省重点项目") == "辽宁省发展和改革委员会"
    with transaction(plan) as session:
        info = catalogue_info(session, SETTINGS, "1")
        view = load_plan(session, "1")
        assert view.analysis.issuer is not None and view.analysis.issuer.name == "辽宁省"
        assert plan_catalogue(session, SETTINGS, view).find("省发展改革委") is not None
    assert info["issuer"]["name"] == "辽宁省" and info["issuer"]["level"] == "provincial"
    assert "辽宁省人民政府省长" in info["detected"]["evidence"]
    assert info["override"] is None and info["catalogue_choice"] == "auto"


def test_a_person_corrects_the_issuer_and_the_proposals_follow(plan: Engine) -> None:
    with transaction(plan) as session:
        view = load_plan(session, "1")
        education = next(t for t in view.analysis.tasks if "学前教育" in t.text)
        override(
            session,
            view,
            education.id,
            plan_catalogue(session, SETTINGS, view),
            decided_by="alice",
            lead="省教育厅",
            note="教育厅牵头",
        )
    with transaction(plan) as session:
        info = set_catalogue(session, SETTINGS, "1", by="bob", issuer_name="大连市")
    assert info["issuer"] == {**info["issuer"], "name": "大连市", "level": "municipal", "source": "override"}
    assert info["override"]["decided_by"] == "bob"
    assert "大连市" in info["catalogue"]
    assert lead_of(plan, "省重点项目") == "大连市发展和改革委员会"
    assert lead_of(plan, "耕地占补平衡") == "大连市自然资源局"
    # a person's decision on a task still applies
    assert lead_of(plan, "学前教育") == "辽宁省教育厅"
    with transaction(plan) as session:
        found = audit.entries(session, audit.make_filter(action="plan.catalogue"), limit=None)
        assert len(found) == 1 and found[0].username == "bob"
        assert found[0].after is not None and found[0].after["issuer_name"] == "大连市"
    # back to what the document says
    with transaction(plan) as session:
        info = reset_catalogue(session, SETTINGS, "1", by="bob")
    assert info["override"] is None and info["issuer"]["name"] == "辽宁省"
    assert lead_of(plan, "省重点项目") == "辽宁省发展和改革委员会"


def test_bad_input_changes_nothing(plan: Engine) -> None:
    before = leads(plan)
    for kwargs, words in (
        ({"issuer_name": "某某"}, "无法从“某某”判断"),
        ({"issuer_name": "四川省", "issuer_level": "district"}, "层级"),
        ({"issuer_level": "provincial"}, "没有名称"),
        ({"catalogue": "dalian"}, "部门目录选择"),
        ({"catalogue": "configured"}, "还没有加载部门目录"),
    ):
        with pytest.raises(InputError) as caught, transaction(plan) as session:
            set_catalogue(session, SETTINGS, "1", by="bob", **kwargs)  # type: ignore[arg-type]
        assert words in str(caught.value)
    assert leads(plan) == before
    with plan.connect() as c:
        assert c.execute(select(func.count()).select_from(PlanCatalogueChoiceRow)).scalar_one() == 0


def test_a_new_version_gets_its_proposals_under_the_plan_s_choice(plan: Engine) -> None:
    with transaction(plan) as session:
        set_catalogue(session, SETTINGS, "1", by="bob", issuer_name="长海县", issuer_level="county")
    changed = REPORT + "（三）推进城市更新。\n"
    with transaction(plan) as session:
        analysis = analyze_bytes(changed.encode(), "report2.txt", SETTINGS)
        result = import_analysis(session, analysis, "辽宁省政府工作报告", by="tester")
        after_import(session, SETTINGS, result.plan.id)
        assert result.version.number == 2
    assert lead_of(plan, "省重点项目") == "长海县发展和改革局"


def test_no_issuer_no_leads_and_the_plan_says_why(engine: Engine) -> None:
    text = "几点工作意见\n一、重点工作\n（一）扩大有效投资。实施1000个重点项目。\n"
    with transaction(engine) as session:
        import_analysis(session, analyze_bytes(text.encode(), "x.txt", SETTINGS), "意见", by="tester")
        info = catalogue_info(session, SETTINGS, "1")
    assert info["issuer"] is None and info["units"] == 0 and "未能" in info["catalogue"]
    assert set(leads(engine).values()) == {"no_catalogue"}


def test_proposals_computed_again_elsewhere_reach_this_process_s_cached_analysis(plan: Engine) -> None:
    """Another worker re-proposes, with nothing said to this process: the rewrite gives the version
    a new analysis token, read with the version, so this process loads it again."""
    with transaction(plan) as session:
        before = load_plan(session, "1")
    assert before.analysis.assignments and before.analysis.catalogue_note != "另一进程的目录说明"
    with transaction(plan) as session:  # what repropose writes, without this process being told
        moved = tuple(replace(a, lead=None, status="outside") for a in before.analysis.assignments)
        PlanCatalogueRepository(session).replace_proposals(
            before.version.id, before.analysis, moved, "另一进程的目录说明"
        )
    with transaction(plan) as session:
        after = load_plan(session, "1")
    assert after.version.analysis_token is not None and before.version.analysis_token is None
    assert after.analysis.catalogue_note == "另一进程的目录说明"
    assert all(a.lead is None for a in after.analysis.assignments)
    with transaction(plan) as session:  # and stays cached while nothing moves it
        assert load_plan(session, "1").analysis is after.analysis
