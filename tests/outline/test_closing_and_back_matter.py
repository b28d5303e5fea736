"""The closing and the back matter (附件, 名词解释) of provincial work reports, as scraped."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.ingest import read_bytes, read_path
from planwatch.model import Analysis
from planwatch.services.plans.analyze import analyze_document

PROVINCES = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "provinces-2026-dev"


def _analyse(name: str) -> Analysis:
    return analyze_document(read_path(PROVINCES / name))


def _node(a: Analysis, node_id: str) -> str:
    n = next(n for n in a.outline if n.id == node_id)
    return a.document.text[n.start : n.end]


@pytest.mark.parametrize(
    ("name", "epilogue_opens", "closing_opens", "last_section_ends"),
    [
        # an address line on its own, then the government's own conduct, then the rallying call
        ("河南省.txt", "各位代表！\n面对新征程新使命", "各位代表！\n雄关漫道真如铁", "援疆等工作。"),
        # an address run into the paragraph on the government's own conduct
        ("北京市.txt", "各位代表，完成今年目标任务", "各位代表！蓝图已经绘就", "侨务工作高质量发展。"),
        # the government's own conduct, then the army, each after an address
        (
            "陕西省.txt",
            "各位代表！做好今年和“十五五”工作",
            "各位代表！蓝图鼓舞人心",
            "加快建设更高水平的平安陕西。",
        ),
        ("甘肃省.txt", "各位代表！躬逢强国建设的伟大时代", "各位代表！蓝图绘就", "清障护航。"),
        # the rallying call alone
        ("浙江省.txt", None, "各位代表！新征程充满光荣和梦想", "巩固发展风清气正的良好政治生态。"),
    ],
)
def test_the_passage_after_the_last_section_is_an_epilogue_before_the_closing(
    name: str, epilogue_opens: str | None, closing_opens: str, last_section_ends: str
) -> None:
    a = _analyse(name)
    text = a.document.text
    closing = next(n for n in a.outline if n.kind == "closing")
    assert text[closing.start :].startswith(closing_opens)
    epilogue = [n for n in a.outline if n.kind == "epilogue"]
    if epilogue_opens is None:
        assert epilogue == []
    else:
        assert [n.id for n in epilogue] == ["epilogue"]
        assert text[epilogue[0].start :].startswith(epilogue_opens)
        assert epilogue[0].end < closing.start and epilogue[0].parent is None
        # the government's own conduct directs: its sentences are tasks of the epilogue
        assert any(t.node == "epilogue" for t in a.tasks)
    last_section = max((n for n in a.outline if n.kind == "section"), key=lambda n: n.start)
    assert _node(a, last_section.id).endswith(last_section_ends)
    assert not any(t.node == "closing" for t in a.tasks)


def test_appendix_numbering_restarts_without_breaking_the_parts() -> None:
    a = _analyse("广东省.txt")
    roots = [n for n in a.outline if n.parent is None]
    assert [n.id for n in roots] == ["title", "preamble", "p1", "p2", "p3", "closing", "x1", "x2"]
    x1, x2 = roots[-2:]
    assert (x1.kind, x1.label, x1.title) == ("appendix", "附件1", "2026年省十件民生实事")
    assert (x2.kind, x2.label, x2.title) == ("appendix", "附件2", "名词解释")
    items = [n for n in a.outline if n.parent == "x1"]
    assert [n.label for n in items] == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
    assert items[3].title == "提升生育医疗保障水平和降低家庭生育养育成本"
    closing = next(n for n in a.outline if n.kind == "closing")
    assert a.document.text[closing.start :].startswith("各位代表！奋进正当其时")
    assert closing.end <= x1.start
    # the ten livelihood projects are commitments; the glossary defines terms
    x1_tasks = [t for t in a.tasks if t.node.startswith("x1.")]
    assert len({t.node for t in x1_tasks}) == 10
    assert any(t.text.startswith("新建新能源汽车充电设施超50万个") for t in x1_tasks)
    assert not any(t.node.startswith("x2") for t in a.tasks)


def test_glossary_after_the_closing_is_back_matter_not_items_of_the_last_section() -> None:
    a = _analyse("四川省.txt")
    closing = next(n for n in a.outline if n.kind == "closing")
    assert a.document.text[closing.start :].startswith("各位代表！骐骥迎春至")
    glossary = next(n for n in a.outline if n.kind == "appendix")
    assert glossary.title == "名词解释" and glossary.start > closing.start
    assert [n.label for n in a.outline if n.parent == glossary.id][:2] == ["1", "2"]
    assert not [n for n in a.outline if n.parent == "p3.s10" and n.kind == "item"]
    assert not any(t.node.startswith(glossary.id) for t in a.tasks)


def test_a_table_caption_amid_the_body_is_not_back_matter() -> None:
    text = (
        "某市发展规划\n一、发展基础\n全市经济实力显著增强，地区生产总值年均增长6%。\n"
        "附表1 主要指标\n地区生产总值年均增长5.5%左右。\n"
        "二、重点任务\n(一)建设现代化产业体系\n推进制造业高端化、智能化、绿色化发展。\n"
        "附件\n重点项目表\n一、交通项目\n建设城际铁路。\n"
    )
    a = analyze_document(read_bytes(text.encode("utf-8"), "plan.txt"))
    roots = [n for n in a.outline if n.parent is None]
    assert [(n.id, n.kind) for n in roots] == [
        ("title", "title"),
        ("p1", "part"),
        ("p2", "part"),
        ("x1", "appendix"),
    ]
    assert roots[-1].title == "重点项目表"
    assert [n.title for n in a.outline if n.parent == "x1"] == ["交通项目"]


def test_national_reports_keep_the_directives_between_the_programme_and_the_closing() -> None:
    corpus = PROVINCES.parent
    # 2023 turns to the government's own conduct without an address, then addresses the deputies
    # before 民族/国防/港澳/台湾/外交 (我们要…)
    a = analyze_document(read_path(corpus / "national-government-work-report-2023.txt"))
    text = a.document.text
    epilogue = next(n for n in a.outline if n.kind == "epilogue")
    assert text[epilogue.start :].startswith("进一步加强政府自身建设")
    said = [t.text for t in a.tasks if t.node == "epilogue"]
    assert any(t.startswith("我们要深入贯彻习近平强军思想") for t in said)
    assert any(t.startswith("我们要坚定奉行独立自主的和平外交政策") for t in said)
    assert "奋斗铸就辉煌" in _node(a, "closing") and "奋斗铸就辉煌" not in _node(a, "epilogue")
    # 2024: a defence paragraph opens on last year's results and turns to the year ahead
    b = analyze_document(read_path(corpus / "national-government-work-report-2024.txt"))
    said = [t.text for t in b.tasks if t.node == "epilogue"]
    assert not any(t.startswith("过去一年") for t in said)
    assert any(t.startswith("新的一年，要深入贯彻习近平强军思想") for t in said)
    assert any(t.startswith("深入推进依法行政") or t.startswith("严格遵守宪法法律") for t in said)
