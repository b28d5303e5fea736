"""Assignment by the issuer's catalogue: no invented leads without one, tasks no unit of the level
leads marked with a reason, domain-only fallbacks to the unit leading the domain."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.extract.assign import propose
from planwatch.extract.catalogue_levels import level_catalogue, national_catalogue
from planwatch.extract.departments import Catalogue, parse_catalogue, shipped_catalogue
from planwatch.ingest import read_bytes
from planwatch.model import Analysis, Task
from planwatch.services.plans.analyze import analyze_document
from strict import missing

PROVINCE_REPORT = """政府工作报告
——2026年1月20日在辽宁省第十四届人民代表大会第五次会议上
辽宁省人民政府省长 某某
各位代表：
一、2026年重点工作
（一）扩大有效投资。实施1000个省重点项目，扩大有效投资。严格落实耕地占补平衡制度。
（二）办好民生实事。实施全科医生特岗计划。推进学前教育普惠发展。
（三）加强政府自身建设。自觉接受人大依法监督、政协民主监督。支持国防和军队现代化建设，加快军队组织形态现代化。
"""

NO_ISSUER = """关于推进若干工作的几点意见
一、重点工作
（一）扩大有效投资。实施1000个重点项目，扩大有效投资。推进学前教育普惠发展。
"""


def analyse(text: str, config: dict[str, object] | None = None) -> Analysis:
    return analyze_document(read_bytes(text.encode("utf-8"), "doc.txt"), config or {})


def leads(analysis: Analysis) -> dict[str, str | None]:
    by_task = {a.task: a for a in analysis.assignments}
    return {
        t.text: (by_task[t.id].lead.department if by_task[t.id].lead else by_task[t.id].status)  # type: ignore[union-attr]
        for t in analysis.tasks
    }


def lead_of(analysis: Analysis, words: str) -> str | None:
    found = [v for k, v in leads(analysis).items() if words in k]
    assert found, (words, leads(analysis))
    return found[0]


def test_a_province_gets_its_own_units() -> None:
    analysis = analyse(PROVINCE_REPORT)
    assert analysis.issuer is not None and analysis.issuer.name == "辽宁省"
    assert "辽宁省" in analysis.catalogue_note
    catalogue = level_catalogue("辽宁省", "provincial")
    assert catalogue is not None
    names = set(catalogue.names())
    proposed = [a.lead.department for a in analysis.assignments if a.lead]
    assert proposed and all(n in names for n in proposed)
    assert not any("大连" in n for n in proposed)
    assert lead_of(analysis, "耕地占补平衡") == "辽宁省自然资源厅"
    assert lead_of(analysis, "全科医生特岗计划") == "辽宁省卫生健康委员会"
    assert lead_of(analysis, "省重点项目") == "辽宁省发展和改革委员会"


def test_tasks_no_unit_of_the_level_leads_are_marked_not_assigned() -> None:
    analysis = analyse(PROVINCE_REPORT)
    by_task = {a.task: a for a in analysis.assignments}
    supervised = next(t for t in analysis.tasks if "接受人大依法监督" in t.text)
    army = next(t for t in analysis.tasks if "军队组织形态" in t.text)
    a, b = by_task[supervised.id], by_task[army.id]
    assert a.lead is None and a.status == "supervision" and "监督方" in a.status_reason
    assert b.lead is None and b.status == "outside" and "中央军委" in b.status_reason
    # the JSON of the Analysis says it too
    tasks = {t["id"]: t for t in analysis.to_dict()["tasks"]}
    assert tasks[army.id]["assignment_status"] == "outside"


def test_a_document_without_an_issuer_gets_no_invented_leads() -> None:
    analysis = analyse(NO_ISSUER)
    assert analysis.issuer is None
    assert analysis.tasks
    assert all(a.lead is None and a.status == "no_catalogue" for a in analysis.assignments)
    assert "未能" in analysis.catalogue_note
    assert all("未能" in a.status_reason for a in analysis.assignments)
    # the due date is still read
    assert all(a.due for a in analysis.assignments)
    assert analysis.to_dict()["document"]["issuer"] is None


def test_a_loaded_catalogue_is_used_where_it_fits() -> None:
    own = parse_catalogue(
        "city: 某市\ndepartments:\n  - {name: 某市发展和改革委员会, short: 市发改委, kind: government, role: 发展改革, duties: []}\n",
        "own.yaml",
    )
    # no issuer: the user's catalogue is what they chose
    analysis = analyse(NO_ISSUER, {"catalogue": own})
    assert lead_of(analysis, "重点项目") == "某市发展和改革委员会"
    # another government's document: its own units, unless the plan chose the loaded catalogue
    assert lead_of(analyse(PROVINCE_REPORT, {"catalogue": own}), "省重点项目") == "辽宁省发展和改革委员会"
    chosen = analyse(PROVINCE_REPORT, {"catalogue": own, "catalogue_choice": "configured"})
    assert lead_of(chosen, "省重点项目") == "某市发展和改革委员会"


def test_an_issuer_set_for_the_plan_decides_the_catalogue() -> None:
    analysis = analyse(NO_ISSUER, {"issuer": {"name": "长海县", "level": "county"}})
    assert analysis.issuer is not None and analysis.issuer.source == "override"
    assert lead_of(analysis, "重点项目") == "长海县发展和改革局"


def task(text: str, domain: str | None = None) -> Task:
    return Task(id="t1", text=text, verb="", object="", node="a1", start=0, end=0, domain=domain)


@pytest.mark.parametrize(
    ("catalogue", "domain", "lead"),
    [
        (shipped_catalogue(), "经济发展", "大连市发展和改革委员会"),
        (shipped_catalogue(), "民生", "大连市发展和改革委员会"),
        (shipped_catalogue(), "海洋", "大连市海洋发展局"),
        (level_catalogue("四川省", "provincial"), "民生", "四川省发展和改革委员会"),
        (level_catalogue("四川省", "provincial"), "海洋", "四川省自然资源厅"),
        (national_catalogue(), "经济发展", "国家发展和改革委员会"),
        (national_catalogue(), "开放", "商务部"),
    ],
)
def test_a_task_known_only_by_its_domain_goes_to_the_unit_leading_it(
    catalogue: Catalogue | None, domain: str, lead: str
) -> None:
    assert catalogue is not None
    (a,) = propose([task("统筹推进各项工作", domain)], catalogue, node_titles={}, plan_end_year=2030, text="")
    assert a.lead is not None and a.lead.department == lead
    assert "仅按任务领域" in a.lead.reason


def test_central_prerogatives_are_marked_only_in_a_local_document() -> None:
    sichuan = level_catalogue("四川省", "provincial")
    assert sichuan is not None
    kwargs = {"node_titles": {}, "plan_end_year": 2030, "text": ""}
    (local,) = propose([task("实施好适度宽松的货币政策")], sichuan, level="provincial", **kwargs)
    assert local.lead is None and local.status == "outside" and "中央事权" in local.status_reason
    (central,) = propose([task("实施好适度宽松的货币政策")], national_catalogue(), level="national", **kwargs)
    assert central.lead is not None and central.lead.department == "中国人民银行"
    # the local work beside the army's is a local unit's
    (support,) = propose(
        [task("深入开展双拥工作，支持国防和军队建设")], sichuan, level="provincial", **kwargs
    )
    assert support.status is None and support.lead is not None


CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


@pytest.mark.parametrize(
    ("file", "place", "level"),
    [
        ("provinces-2026-dev/四川省.txt", "四川省", "provincial"),
        ("provinces-2026-dev/北京市.txt", "北京市", "provincial"),
        ("national-government-work-report-2024.txt", "国务院", "national"),
    ],
)
def test_corpus_documents_get_units_of_their_own_government(file: str, place: str, level: str) -> None:
    path = CORPUS / file
    if not path.exists():
        missing(f"shared corpus not found: {path}")
    analysis = analyze_document(read_bytes(path.read_bytes(), path.name), {})
    catalogue = national_catalogue() if level == "national" else level_catalogue(place, level)
    assert catalogue is not None
    proposed = [a.lead.department for a in analysis.assignments if a.lead]
    assert len(proposed) > 0.9 * len(analysis.tasks)
    assert set(proposed) <= set(catalogue.names())


def test_the_division_table_says_why_a_task_has_no_lead() -> None:
    from planwatch.export import export
    from planwatch.export.rows import task_rows

    analysis = analyse(PROVINCE_REPORT)
    rows = {r.task: r for r in task_rows(analysis)}
    army = next(r for t, r in rows.items() if "军队组织形态" in t)
    assert army.lead.startswith("〔非本级牵头〕") and "中央军委" in army.lead
    assert army.status == "outside" and "中央军委" in army.status_reason
    supervised = next(r for t, r in rows.items() if "接受人大依法监督" in t)
    assert supervised.lead.startswith("〔接受监督事项〕")
    csv_text = export(analysis, "tasks", "csv", plan_name="辽宁").decode("utf-8-sig")
    assert "〔非本级牵头〕" in csv_text
