"""Row builders and the citation helper, on the embedded Dalian plan."""

from __future__ import annotations

from dataclasses import replace

import pytest
from export_helpers import FAGAI, GONGXIN, KEJI, SHENGTAI, SHORT_NAMES, dalian, sample

from planwatch.export import (
    OutlineIndex,
    entity_rows,
    export,
    indicator_rows,
    rows_for,
    suggested_filename,
    task_rows,
)
from planwatch.model import Analysis, Assignment, Document, InputError, Node, Quantity, Sentence, UnitScore
from planwatch.model.cite import Citer
from planwatch.model.indicator_terms import category_of, is_binding

PART_3 = "三、坚持工业立市、产业强市,加快建设实体经济发达的现代化产业体系"


def test_outline_index_cites_every_node_as_the_model_does() -> None:
    a = dalian()
    index, citer = OutlineIndex(a.outline), Citer(a.outline)
    assert [index.cite(n.id) for n in a.outline] == [citer(n.id) for n in a.outline]


def test_outline_index_entries_and_headings() -> None:
    index = OutlineIndex(dalian().outline)
    assert index.entry("p3.a7") == "第7条 培育壮大战略性新兴产业"
    # an item (——) is looked up by its article
    assert index.entry("p2.a4.d1") == "第4条 “十五五”时期经济社会发展的基本要求"
    assert index.entry("p3") == "第三部分"
    assert index.heading("p3.a7") == PART_3
    assert index.heading("p11.a44") == "十一、坚持在发展中保障和改善民生,扎实推进共同富裕"
    assert index.heading("preamble") == "前言"
    assert index.heading("closing") == "结束语"
    assert index.cite("nope") == "nope"
    assert index.heading("nope") == ""


def test_task_rows_carry_assignments_with_short_names() -> None:
    rows = task_rows(sample(), short_names=SHORT_NAMES)
    assert [r.no for r in rows] == [1, 2, 3, 4]
    first = rows[0]
    assert first.part == PART_3
    assert first.article == "第7条 培育壮大战略性新兴产业"
    assert first.task == "依托龙头企业,增强配套能力,全链条推动半导体与集成电路高质量发展"
    assert first.lead == "市工业和信息化局"
    assert first.cooperating == "市科技局、市发展改革委"
    assert first.due == "2027"
    assert (
        first.source == "依托龙头企业,增强配套能力,全链条推动半导体与集成电路高质量发展;"
    )  # the whole sentence
    assert first.assignment_source == "proposed"
    # a department missing from the mapping keeps its full name
    assert rows[1].cooperating == SHENGTAI
    assert (rows[2].lead, rows[2].cooperating, rows[2].due) == ("市科技局", "", "持续推进")
    assert rows[2].article == "第11条 持续提升创新策源能力"
    assert rows[2].part.startswith("四、推进高水平科技自立自强")
    # no assignment: empty units, still listed
    assert (rows[3].lead, rows[3].cooperating, rows[3].due, rows[3].assignment_source) == ("", "", "", "")


def test_task_rows_full_names_and_replaced_assignments() -> None:
    a = sample()
    assert task_rows(a)[0].lead == GONGXIN
    override = [
        Assignment(
            "p12.a50.t1", UnitScore(FAGAI, 1, ""), (UnitScore(KEJI, 1, ""),), "2028", source="override"
        )
    ]
    rows = task_rows(a, assignments=override)
    assert rows[0].lead == ""  # the analysis's own assignments are replaced, not merged
    assert (rows[3].lead, rows[3].cooperating, rows[3].due) == (FAGAI, KEJI, "2028")


def test_indicator_rows_merge_base_and_target() -> None:
    rows = indicator_rows(sample())
    by_name = {r.name: r for r in rows}
    rd = by_name["研发投入强度"]
    assert (rd.category, rd.unit, rd.base, rd.target, rd.binding) == (
        "创新驱动",
        "%",
        "3%",
        "3.5%以上",
        "预期性",
    )
    assert rd.citation == "第1条、第11条"
    air = by_name["空气优良天数"]
    assert (air.category, air.base, air.target, air.binding) == ("绿色生态", "320天以上", "", "约束性")
    gdp = by_name["地区生产总值"]
    assert (gdp.category, gdp.target, gdp.mode) == ("经济发展", "5%", "年均")
    land = by_name["耕地保有量"]
    assert (land.category, land.target, land.binding, land.unit) == ("安全保障", "540万亩", "约束性", "万亩")
    # grouped by category in order of first appearance, numbered after grouping
    assert [r.category for r in rows] == ["创新驱动", "绿色生态", "经济发展", "安全保障"]
    assert [r.no for r in rows] == [1, 2, 3, 4]


def test_indicator_bound_by_its_text() -> None:
    text = "(1)节能降耗。单位产品能耗下降10%(约束性)。\n"
    doc = Document(text, "t.txt", "0" * 64, "txt", len(text.encode()), ())
    node = Node("a1", None, "article", "(1)", 1, "节能降耗", 0, len(text))
    second = text.index("单位")
    sentences = (Sentence("a1:1", "a1", 3, second), Sentence("a1:2", "a1", second, len(text) - 1))
    q = Quantity(
        "单位产品能耗下降10%",
        "单位产品能耗",
        10.0,
        "%",
        "a1",
        second,
        second + 11,
        qualifier="下降",
        period="2030",
        sentence="a1:2",
    )
    analysis = Analysis(doc, (node,), sentences, quantities=(q,))
    (row,) = indicator_rows(analysis)
    assert row.binding == "约束性"
    assert row.citation == "第1条"
    assert row.category == "绿色生态"
    no_mark = replace(analysis, document=replace(doc, text=text.replace("(约束性)", "(预期性)")))
    assert indicator_rows(no_mark)[0].binding == "预期性"


@pytest.mark.parametrize(
    ("name", "binding"),
    [
        ("单位地区生产总值能源消耗降低", True),
        ("单位GDP二氧化碳排放降低", True),
        ("森林覆盖率", True),
        ("空气质量优良天数比率", True),
        ("地表水达到或好于Ⅲ类水体比例", True),
        ("粮食综合生产能力", True),
        ("耕地保有量", True),
        ("研发投入强度", False),
        ("城镇调查失业率", False),
    ],
)
def test_binding_list(name: str, binding: bool) -> None:
    assert is_binding(name) is binding


def test_category_falls_back_to_titles_then_other() -> None:
    assert category_of("城镇调查失业率") == "民生福祉"
    assert category_of("某某数", ["科技创新引领力显著增强"]) == "创新驱动"
    assert category_of("某某数", ["无关标题"]) == "其他"


def test_entity_rows_group_by_kind_and_cite_every_place() -> None:
    rows = entity_rows(sample())
    assert [(r.kind, r.name) for r in rows] == [
        ("重大项目", "英歌石科学城"),
        ("机构", "全国人大常委会法工委"),
        ("地点", "长山群岛"),
        ("提法", "两先区"),
    ]
    project, _, place, formulation = rows
    assert (project.citations, project.count, project.subtype) == ("第1条、第11条", 2, "科学城")
    assert place.citations == "第1条、第34条、第51条"
    assert formulation.definition == "产业结构优化的先导区和经济社会发展的先行区"
    assert formulation.count == 7
    assert formulation.citations.startswith("第一部分、第1条、第3条、第4条第1段")
    assert formulation.citations.endswith("结束语")
    assert all(r.no == 1 for r in rows)  # numbered within each kind


def test_unknown_what_or_format_is_an_input_error() -> None:
    a = sample()
    with pytest.raises(InputError) as what:
        export(a, "budget", "xlsx", plan_name="大连")
    assert "不支持导出" in what.value.message and what.value.hint and "tasks" in what.value.hint
    with pytest.raises(InputError) as fmt:
        export(a, "tasks", "pdf", plan_name="大连")
    assert "格式" in fmt.value.message
    with pytest.raises(InputError):
        rows_for(a, "nope")


def test_suggested_filename() -> None:
    assert suggested_filename("大连十五五", "tasks", "xlsx") == "大连十五五-重点任务分工方案.xlsx"
    assert suggested_filename("a/b:c", "indicators", ".CSV") == "a_b_c-主要指标表.csv"
    assert suggested_filename("..", "entities", "json") == "plan-重大项目机构地点提法一览表.json"
    with pytest.raises(InputError):
        suggested_filename("x", "tasks", "pdf")


def test_binding_and_expected_counts_in_one_sentence_keep_their_own_attribute() -> None:
    from planwatch.services.plans.analyze import analyze_bytes
    from planwatch.settings import Settings

    text = "某市发展规划\n(1)主要指标。设置主要指标20项，其中预期性指标11项、约束性指标9项。\n"
    analysis = analyze_bytes(text.encode("utf-8"), "t.txt", Settings())
    binding = {r.name: r.binding for r in indicator_rows(analysis)}
    assert binding["预期性指标"] == "预期性"
    assert binding["约束性指标"] == "约束性"
