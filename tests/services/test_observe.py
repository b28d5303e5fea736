"""Indicator data from documents (issue 9): matching figures to indicators, the review list, and the
observations accepted from it. Database tests run on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, func, select

from planwatch.model import Indicator, InputError, PlanInfo
from planwatch.services.monitoring import observe
from planwatch.services.monitoring.build import IndicatorFields
from planwatch.services.monitoring.indicators import add_indicator
from planwatch.services.monitoring.observations import record_observation
from planwatch.services.monitoring.observe_match import (
    analyse_name,
    convert_unit,
    default_lexicon,
    match,
    parse_unit,
)
from planwatch.services.plans.analyze import analyze_bytes
from planwatch.services.plans.records import import_analysis
from planwatch.settings import Settings
from planwatch.store.engine import transaction
from planwatch.store.monitoring import IndicatorRepository
from planwatch.store.tables import AuditRow, ObservationProposalRow, ObservationRow

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
GOLD = yaml.safe_load((Path(__file__).parent / "observe_gold.yaml").read_text(encoding="utf-8"))
REPORT_2024 = CORPUS / "national-government-work-report-2024.txt"

BULLETIN = """某市2023年国民经济和社会发展统计公报

一、综合

初步核算，全年全市地区生产总值8752.9亿元，按不变价格计算，比上年增长6.7%。全年城镇新增就业12.3万人。年末全市城镇调查失业率为5.3%。全年居民消费价格比上年上涨0.4%。年末全市常住人口城镇化率为82.7%，比上年末提高0.5个百分点。

二、农业

全年粮食产量146.9万吨，比上年增产2.1万吨。

三、科技

全年研究与试验发展经费支出占地区生产总值比重为2.8%。全市森林覆盖率达到41.5%。
"""


def _indicators(spec: list[dict[str, str]]) -> list[Indicator]:
    return [
        Indicator(n, 1, s["name"], s["unit"], "", "预期性", "increase", None, None, None, "at_least", None)
        for n, s in enumerate(spec, start=1)
    ]


def _match(data: bytes, name: str, **options: Any) -> Any:
    read = observe.read_document(data, name, Settings())
    inds = _indicators(GOLD["indicators"])
    return match(read.quantities, read.sentences, read.document.text, read.title, inds, **options)


# -- matching (no database) -------------------------------------------------------------------------


@pytest.mark.parametrize("document", sorted(GOLD["documents"]))
def test_proposals_against_the_hand_checked_list(document: str) -> None:
    gold = GOLD["documents"][document]
    result = _match((CORPUS / document).read_bytes(), document)
    expected = {(r["indicator"], r["year"]): float(r["value"]) for r in gold["results"]}
    proposed = {(p.indicator.name, p.year): p.value for p in result.proposals}
    correct = [k for k, v in proposed.items() if k in expected and v == pytest.approx(expected[k], rel=0.005)]
    precision, recall = len(correct) / len(proposed), len(correct) / len(expected)
    assert precision >= 0.9, sorted(proposed.items() - expected.items())
    assert recall >= 0.9, sorted(expected.keys() - proposed.keys())
    for bad in gold["not_results"]:
        assert (bad["indicator"], bad["year"]) not in proposed, bad
    assert sorted(i.name for i in result.missing) == sorted(gold["missing"])
    assert result.targets > 0


def test_results_of_the_2024_report_are_for_2023_and_cite_their_figure() -> None:
    data = REPORT_2024.read_bytes()
    read = observe.read_document(data, REPORT_2024.name, Settings())
    result = _match(data, REPORT_2024.name)
    by_name = {p.indicator.name: p for p in result.proposals}
    gdp = by_name["国内生产总值"]
    assert (gdp.year, gdp.value) == (2023, 1260000)
    assert read.document.text[gdp.figure_start : gdp.figure_end] == "126万亿元"
    sentence = read.document.text[gdp.sentence_start : gdp.sentence_end]
    assert sentence.startswith("国内生产总值超过126万亿元")
    assert any("万亿元 → 亿元" in r for r in gdp.reasons)
    assert any("同义词" in r or "名称相同" in r for r in gdp.reasons)
    jobs = by_name["城镇新增就业"]
    assert read.document.text[jobs.figure_start : jobs.figure_end] == "1244万人"
    assert {p.year for p in result.proposals} == {2023}
    untracked = {u.subject for u in result.untracked}
    assert "5G用户普及率" in untracked
    assert not untracked & {i["name"] for i in GOLD["indicators"]}


def test_year_option_keeps_only_that_year() -> None:
    result = _match((CORPUS / "national-government-work-report-2023.txt").read_bytes(), "r.txt", year=2021)
    assert result.proposals == ()


def test_a_bulletin_with_synonyms_and_unit_conversion() -> None:
    result = _match(BULLETIN.encode("gb18030"), "公报.txt")
    proposed = {(p.indicator.name, p.year): p.value for p in result.proposals}
    assert proposed == {
        ("国内生产总值", 2023): 8752.9,
        ("国内生产总值增长率", 2023): 6.7,
        ("城镇新增就业", 2023): 12.3,
        ("城镇调查失业率", 2023): 5.3,
        ("居民消费价格涨幅", 2023): 0.4,
        ("常住人口城镇化率", 2023): 82.7,
        ("粮食产量", 2023): 146.9,
        ("研发经费投入强度", 2023): 2.8,
        ("森林覆盖率", 2023): 41.5,
    }
    rd = next(p for p in result.proposals if p.indicator.name == "研发经费投入强度")
    assert any("研究与试验发展经费支出占地区生产总值比重" in r for r in rd.reasons)


NATIONAL_BULLETIN = """中华人民共和国2023年国民经济和社会发展统计公报

一、综合

全年人均国内生产总值89358元，比上年增长5.4%。全年全国城镇调查失业率平均值为5.2%。年末全国城镇调查失业率为5.1%。

二、科学技术

全年研究与试验发展（R&D）经费支出33278亿元，比上年增长8.1%，与国内生产总值之比为2.64%。全年万元国内生产总值能耗比上年下降0.5%。全年农村居民人均可支配收入21691元，比上年增长7.7%。
"""


def test_bulletin_phrasings_ratios_averages_and_modifiers() -> None:
    result = _match(NATIONAL_BULLETIN.encode(), "national.txt")
    proposed = {(p.indicator.name, p.year): p.value for p in result.proposals}
    assert proposed == {
        ("城镇调查失业率", 2023): 5.2,  # the annual average, not the year-end rate
        ("研发经费投入强度", 2023): 2.64,  # "与国内生产总值之比" of the R&D spending before it
        ("单位国内生产总值能耗降低", 2023): 0.5,
    }
    # 人均 GDP is not GDP, and rural income growth is not all residents' income growth
    assert {u.subject for u in result.untracked} >= {"人均国内生产总值"}


def test_units_convert_within_a_family_only() -> None:
    level = analyse_name("地区生产总值", default_lexicon())
    assert parse_unit("亿元") == ("元", 1e8)
    assert parse_unit("万亿斤") == ("千克", 5e11)
    conv = convert_unit("亿元", "万元", level)
    assert conv is not None and conv.factor == pytest.approx(1e4)
    people = convert_unit("人", "万人", analyse_name("城镇新增就业", default_lexicon()))
    assert people is not None and people.factor == pytest.approx(1e-4)
    assert convert_unit("万人", "亿元", level) is None
    assert convert_unit("%", "亿元", level) is None
    rate = analyse_name("城镇调查失业率", default_lexicon())
    assert convert_unit("个百分点", "%", rate) is None  # a level is not a change in points
    rise = analyse_name("常住人口城镇化率提高", default_lexicon())
    assert rise.change == "提高"
    assert convert_unit("个百分点", "%", rise) is not None
    assert convert_unit("%", "个百分点", rise) is None  # a relative change is not points


def test_synonyms_and_scope_words() -> None:
    lex = default_lexicon()
    assert analyse_name("GDP", lex).base == analyse_name("国内生产总值", lex).base == "地区生产总值"
    assert analyse_name("研发投入强度", lex).base == "研发经费投入强度"
    assert analyse_name("全年全市居民人均可支配收入", lex).base == "居民人均可支配收入"
    assert analyse_name("户籍人口城镇化率", lex).base != analyse_name("常住人口城镇化率", lex).base


# -- the review list (SQLite and PostgreSQL) --------------------------------------------------------


def _plan(engine: Engine) -> PlanInfo:
    text = "测试规划\n\n一、主要目标\n\n到2030年，地区生产总值达到1万亿元。\n"
    analysis = analyze_bytes(text.encode(), "plan.txt", Settings())
    with transaction(engine) as session:
        plan = import_analysis(session, analysis, "测试规划").plan
        for spec in GOLD["indicators"]:
            add_indicator(session, plan, IndicatorFields(name=spec["name"], unit=spec["unit"]), by="pytest")
    return plan


def _count(engine: Engine, table: Any) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def _run(engine: Engine, data: bytes, name: str = REPORT_2024.name, **options: Any) -> dict[str, Any]:
    with transaction(engine) as session:
        return observe.run(session, "测试规划", data, name, settings=Settings(), by="张三", **options)


def test_run_stores_pending_proposals_and_no_observations(engine: Engine) -> None:
    _plan(engine)
    result = _run(engine, REPORT_2024.read_bytes())
    assert len(result["created"]) == 8 and result["accepted"] == []
    assert _count(engine, ObservationRow) == 0
    assert "研发经费投入强度" in {m["name"] for m in result["missing"]}
    again = _run(engine, REPORT_2024.read_bytes())
    assert again["created"] == [] and len(again["already_proposed"]) == 8
    assert _count(engine, ObservationProposalRow) == 8
    with transaction(engine) as session:
        listed = observe.list_proposals(session, "测试规划")
    assert listed["counts"] == {"pending": 8, "accepted": 0, "rejected": 0}
    first = listed["proposals"][0]
    assert first["sentence"]["figure"] == first["original"]
    assert (
        first["sentence"]["before"] + first["original"] + first["sentence"]["after"]
        == first["sentence"]["text"]
    )


def test_accept_with_edit_keeps_provenance_and_reject_writes_nothing(engine: Engine) -> None:
    plan = _plan(engine)
    result = _run(engine, REPORT_2024.read_bytes())
    ids = {p["indicator"]["name"]: p["id"] for p in result["created"]}
    with transaction(engine) as session:
        accepted = observe.accept(
            session, "测试规划", ids["国内生产总值"], by="李四", value="1260582", year="2023"
        )
        observe.reject(session, "测试规划", ids["粮食产量"], by="李四")
    assert accepted["edited"] and accepted["accepted_value"] == 1260582
    with transaction(engine) as session:
        repo = IndicatorRepository(session)
        gdp = repo.find(plan.id, "国内生产总值")
        grain = repo.find(plan.id, "粮食产量")
        assert gdp is not None and grain is not None
        obs = repo.observation(gdp.id, "2023")
        assert obs is not None and obs.value == 1260582
        assert obs.source == REPORT_2024.name
        assert obs.note is not None and "126万亿元" in obs.note and "李四" in obs.note
        assert repo.observations(grain.id) == []
        where = observe.provenance(session, gdp.id)["2023"]
        assert where["document"]["sha256"] == result["document"]["sha256"]
        assert where["sentence"]["figure"] == "126万亿元" and where["reviewed_by"] == "李四"
        actions = set(session.scalars(select(AuditRow.action)))
    assert {
        "observation_proposal.accept",
        "observation_proposal.reject",
        "observation.accept_proposal",
    } <= actions
    with transaction(engine) as session, pytest.raises(InputError, match="已驳回"):
        observe.accept(session, "测试规划", ids["粮食产量"], by="李四")


def test_a_proposal_shows_the_value_it_would_replace(engine: Engine) -> None:
    plan = _plan(engine)
    with transaction(engine) as session:
        record_observation(session, plan, "城镇新增就业", "2023", "1240", source="手工", by="王五")
    result = _run(engine, REPORT_2024.read_bytes())
    jobs = next(p for p in result["created"] if p["indicator"]["name"] == "城镇新增就业")
    assert jobs["current"] == {"value": 1240, "value_text": "1240", "source": "手工"}
    other = next(p for p in result["created"] if p["indicator"]["name"] == "粮食产量")
    assert other["current"] is None


def test_accept_above_writes_only_confident_proposals(engine: Engine) -> None:
    _plan(engine)
    result = _run(engine, REPORT_2024.read_bytes(), accept_above=0.95)
    accepted = {p["indicator"]["name"] for p in result["accepted"]}
    assert accepted and all(p["score"] >= 0.95 for p in result["accepted"])
    assert "国内生产总值" not in accepted  # 0.89: "超过", converted unit
    assert _count(engine, ObservationRow) == len(accepted)


def test_a_failed_run_changes_nothing(engine: Engine) -> None:
    _plan(engine)
    before = (_count(engine, ObservationProposalRow), _count(engine, AuditRow))
    with pytest.raises(InputError):
        _run(engine, b"%PDF-1.4 not really a pdf", name="坏文件.pdf")
    with pytest.raises(InputError, match="0 到 1"):
        _run(engine, REPORT_2024.read_bytes(), accept_above=1.5)
    assert (_count(engine, ObservationProposalRow), _count(engine, AuditRow)) == before


def test_a_plan_without_indicators_is_refused(engine: Engine) -> None:
    analysis = analyze_bytes("空规划\n\n一、总则\n\n正文。\n".encode(), "p.txt", Settings())
    with transaction(engine) as session:
        import_analysis(session, analysis, "空规划")
    with transaction(engine) as session, pytest.raises(InputError, match="还没有"):
        observe.run(session, "空规划", REPORT_2024.read_bytes(), "r.txt", settings=Settings(), by="x")
