"""A plan's own catalogue: shown with where it comes from and why, made the loaded catalogue to
edit it (city = the plan's issuer), the proposals computed again keeping people's decisions, the
/catalogue page saying which plans it applies to; reporters of a provincial plan's units. On SQLite
and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from plan_leads import lead_of, work_report
from planwatch.model import ConflictError, ForbiddenError, InputError
from planwatch.services.admin import audit
from planwatch.services.admin.users import create_user, users_page
from planwatch.services.catalogue import admin as catalogue_admin
from planwatch.services.catalogue.plan import catalogue_applies_to, plan_catalogue, user_catalogue
from planwatch.services.catalogue.plan_admin import (
    adopt_plan_catalogue,
    plan_catalogue_page,
    repropose_plan,
)
from planwatch.services.division.assignments import override
from planwatch.services.plans.analyze import analyze_bytes
from planwatch.services.plans.records import import_analysis, load_plan
from planwatch.services.progress import reporting as progress
from planwatch.settings import Settings
from planwatch.store.catalogues import CatalogueRepository
from planwatch.store.engine import transaction

REPORT = work_report("四川省")
DALIAN = "大连市国民经济和社会发展第十五个五年规划\n一、重点任务\n（一）扩大有效投资。实施一批市重点项目。\n"
SETTINGS = Settings()


@pytest.fixture
def plans(engine: Engine) -> Engine:
    with transaction(engine) as session:
        for text, name in ((REPORT, "四川省政府工作报告"), (DALIAN, "大连市十五五规划")):
            analysis = analyze_bytes(
                text.encode(), f"{name}.txt", SETTINGS, user_catalogue(session, SETTINGS)
            )
            import_analysis(session, analysis, name, by="tester")
    return engine


def test_the_plan_page_shows_its_catalogue_and_why(plans: Engine) -> None:
    with transaction(plans) as session:
        page = plan_catalogue_page(session, SETTINGS, "1")
        dalian = plan_catalogue_page(session, SETTINGS, "2")
        applies = catalogue_applies_to(session, SETTINGS)
    assert page["source"] == "level" and "四川省" in page["why"] and page["city"] == "四川省"
    names = {u["name"] for g in page["groups"] for u in g["units"]}
    assert "四川省发展和改革委员会" in names and not any(n.startswith("大连") for n in names)
    assert page["can_adopt"] and not page["editable_here"] and not page["proposals_stale"]
    assert dalian["source"] == "shipped" and dalian["count"] > 50
    # nothing loaded: /catalogue shows the shipped Dalian catalogue, used by the Dalian plan only
    assert [p["name"] for p in applies["plans"]] == ["大连市十五五规划"]
    assert [(p["name"], p["source"]) for p in applies["other_plans"]] == [("四川省政府工作报告", "level")]


def test_start_editing_from_the_plan_then_recompute_keeping_decisions(plans: Engine) -> None:
    assert lead_of(plans, "省重点项目") == "四川省发展和改革委员会"
    with transaction(plans) as session:
        view = load_plan(session, "1")
        health = next(t for t in view.analysis.tasks if "全科医生" in t.text)
        override(
            session,
            view,
            health.id,
            plan_catalogue(session, SETTINGS, view),
            decided_by="alice",
            lead="省财政厅",
        )
    with transaction(plans) as session:
        done = adopt_plan_catalogue(session, SETTINGS, "1", by="bob", base=0)
    assert done["changed"] and done["city"] == "四川省" and done["affected"] == []
    with transaction(plans) as session:
        page = plan_catalogue_page(session, SETTINGS, "1")
        applies = catalogue_applies_to(session, SETTINGS)
        loaded = user_catalogue(session, SETTINGS)
        assert [r.mode for r in CatalogueRepository(session).catalogue_history()] == ["replace"]
        entries = audit.entries(session, audit.make_filter(action="plan.catalogue.adopt"), limit=None)
    assert loaded is not None and loaded.city == "四川省" and len(loaded) == page["count"]
    assert page["source"] == "loaded" and page["editable_here"] and not page["can_adopt"]
    assert [p["name"] for p in applies["plans"]] == ["四川省政府工作报告"] and "四川省" in applies["rule"]
    # the Dalian plan still uses the shipped catalogue
    assert [(p["name"], p["source"]) for p in applies["other_plans"]] == [("大连市十五五规划", "shipped")]
    assert entries[0].username == "bob" and entries[0].target == "plan:1"
    # a second start is a no-op; a stale revision is refused
    with transaction(plans) as session:
        assert adopt_plan_catalogue(session, SETTINGS, "1", by="bob", base=None)["changed"] is False

    # a unit edited without naming a role keeps its role; a role not in roles.yaml is refused
    with transaction(plans) as session:
        unit = catalogue_admin.unit_page(session, SETTINGS, "四川省科学技术厅")["unit"]
        assert unit["role"] == "科技"
        fields = {k: unit[k] for k in ("name", "short", "kind", "aliases", "lead_domains")}
        values = catalogue_admin.unit_from_form({**fields, "duties": [*unit["duties"], "低空经济"]})
        rev = catalogue_admin.revision(session)
        catalogue_admin.save_unit(session, SETTINGS, "bob", values, original=unit["name"], base=rev)
        kept = user_catalogue(session, SETTINGS)
    assert kept is not None and kept.get("四川省科学技术厅") is not None
    assert kept.get("四川省科学技术厅").role == "科技"  # type: ignore[union-attr]
    with pytest.raises(catalogue_admin.UnitRejected) as refused, transaction(plans) as session:
        values = catalogue_admin.unit_from_form({**fields, "duties": unit["duties"], "role": "不存在"})
        catalogue_admin.save_unit(session, SETTINGS, "bob", values, original=unit["name"], base=None)
    assert "role" in refused.value.fields

    # edit on /catalogue: the development commission goes; proposals follow only when recomputed
    with transaction(plans) as session:
        rev = catalogue_admin.revision(session)
        catalogue_admin.remove_unit(session, SETTINGS, "bob", "四川省发展和改革委员会", base=rev)
    assert lead_of(plans, "省重点项目") == "四川省发展和改革委员会"
    with transaction(plans) as session:
        assert plan_catalogue_page(session, SETTINGS, "1")["proposals_stale"] is False  # same note
        result = repropose_plan(session, SETTINGS, "1", by="bob")
        entries = audit.entries(session, audit.make_filter(action="plan.repropose"), limit=None)
    assert result["versions"] == 1 and "四川省" in result["catalogue"]
    assert lead_of(plans, "省重点项目") != "四川省发展和改革委员会"
    assert lead_of(plans, "全科医生") == "四川省财政厅"  # the person's decision still applies
    assert entries[0].username == "bob" and entries[0].after is not None and entries[0].after["versions"] == 1


def test_stale_revision_and_no_catalogue_change_nothing(plans: Engine) -> None:
    with transaction(plans) as session:
        catalogue_admin.remove_unit(session, SETTINGS, "bob", "大连市教育局", base=0)
    with pytest.raises(ConflictError), transaction(plans) as session:
        adopt_plan_catalogue(session, SETTINGS, "1", by="bob", base=0)
    text = "几点工作意见\n一、重点工作\n（一）扩大有效投资。实施1000个重点项目。\n"
    with transaction(plans) as session:
        import_analysis(session, analyze_bytes(text.encode(), "x.txt", SETTINGS), "意见", by="tester")
        # the loaded (edited Dalian) catalogue has a city: a plan with no issuer uses it
        assert plan_catalogue_page(session, SETTINGS, "3")["source"] == "loaded"
        catalogue_admin.restore_version(session, SETTINGS, "bob", 0, base=None)
    with pytest.raises(InputError) as caught, transaction(plans) as session:
        adopt_plan_catalogue(session, SETTINGS, "3", by="bob", base=None)
    assert "没有适用的部门目录" in caught.value.message
    with transaction(plans) as session:
        assert len(CatalogueRepository(session).catalogue_history()) == 1
        assert not audit.entries(session, audit.make_filter(action="plan.catalogue.adopt"), limit=None)


def test_a_reporter_of_a_provincial_unit_reports_on_its_tasks(plans: Engine) -> None:
    with transaction(plans) as session:
        full = create_user(
            session, SETTINGS, "sc-fgw", "long-enough-1", "reporter", department="四川省发展和改革委员会"
        )
        short = create_user(session, SETTINGS, "sc-jyt", "long-enough-1", "reporter", department="省教育厅")
        city = create_user(
            session, SETTINGS, "dl-fgw", "long-enough-1", "reporter", department="市发展改革委"
        )
        units = users_page(session, SETTINGS)["departments"]
    assert full.department == "四川省发展和改革委员会" and short.department == "四川省教育厅"
    assert city.department == "大连市发展和改革委员会"
    assert "四川省发展和改革委员会" in units and "大连市教育局" in units
    for department, words in (("火星局", "部门目录中没有“火星局”"), ("发展改革委", "请填写单位全称")):
        with pytest.raises(InputError) as caught, transaction(plans) as session:
            create_user(session, SETTINGS, "x-user", "long-enough-1", "reporter", department=department)
        assert words in str(caught.value)
    with transaction(plans) as session:
        view = load_plan(session, "1")
        catalogue = plan_catalogue(session, SETTINGS, view)
        tasks = {t.text: t.id for t in view.analysis.tasks}
        invest = next(i for t, i in tasks.items() if "省重点项目" in t)
        land = next(i for t, i in tasks.items() if "耕地占补平衡" in t)
        progress.check_may_report(session, view, invest, full, catalogue)
        for user, task in ((full, land), (city, invest)):
            with pytest.raises(ForbiddenError):
                progress.check_may_report(session, view, task, user, catalogue)
