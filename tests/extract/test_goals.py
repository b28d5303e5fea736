"""Goals: main-goal bullets and the long-range vision of a plan; the 预期目标 list of a work report."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.extract.goals import extract_goals
from planwatch.extract.pipeline import Context
from planwatch.ingest import read_bytes, read_path
from planwatch.model import Analysis, Document, Goal
from planwatch.outline import fold, parse_outline
from planwatch.services.plans.analyze import analyze_bytes, default_plan_bytes
from planwatch.settings import Settings

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def _goals(document: Document) -> tuple[Goal, ...]:
    outline = parse_outline(document)
    return extract_goals(Context(document, fold(document.text), outline.nodes, outline.sentences))


def _of_text(text: str) -> tuple[Goal, ...]:
    return _goals(read_bytes(text.encode("utf-8"), "doc.txt"))


@pytest.fixture(scope="module")
def dalian() -> Analysis:
    data, name = default_plan_bytes()
    return analyze_bytes(data, name, Settings())


def test_dalian_main_goals_are_the_bullets_of_article_5(dalian: Analysis) -> None:
    goals = [g for g in dalian.goals if g.year == "2030"]
    assert [g.text for g in goals] == [
        "高质量发展取得更大成效",
        "科技创新引领力显著增强",
        "进一步全面深化改革取得重要突破",
        "对外开放能级全面提升",
        "城乡陆海协调水平大幅提高",
        "社会文明程度明显提升",
        "人民生活品质持续改善",
        "美丽大连建设取得重大进展",
        "统筹发展和安全能力明显增强",
    ]
    assert [g.node for g in goals] == [f"p2.a5.d{i}" for i in range(1, 10)]
    assert [g.sentence for g in goals] == [f"p2.a5.d{i}:1" for i in range(1, 10)]
    assert goals[0].start == 4049  # after the leading ——, without the final 。
    for g in dalian.goals:
        assert dalian.document.text[g.start : g.end] == g.text


def test_dalian_vision_2035(dalian: Analysis) -> None:
    (vision,) = [g for g in dalian.goals if g.year == "2035"]
    assert vision.node == "p2.a5" and vision.sentence == "p2.a5:3"
    assert vision.text.startswith("在此基础上再奋斗五年,到二〇三五年基本建成产业结构优化的先导区")
    assert vision.text.endswith("与全国一道基本实现社会主义现代化")
    assert len(dalian.goals) == 10


def test_requirements_and_the_summary_sentence_are_not_goals(dalian: Analysis) -> None:
    assert not [g for g in dalian.goals if g.node.startswith("p2.a4")]  # 基本要求, not 主要目标
    assert not [g for g in dalian.goals if "综合考虑未来发展趋势" in g.text]


def test_year_from_the_plan_number_when_the_article_names_none() -> None:
    goals = _of_text(
        "某市国民经济和社会发展第十六个五年规划建议\n"
        "一、总体要求\n"
        "(1)“十六五”时期经济社会发展的主要目标。\n"
        "——经济实力迈上新台阶。地区生产总值年均增长5%左右。\n"
        "——创新能力显著增强。研发投入强度稳步提高。\n"
        "展望二〇四〇年，全面建成现代化城市。\n"
    )
    assert [(g.text, g.year) for g in goals] == [
        ("经济实力迈上新台阶", "2035"),
        ("创新能力显著增强", "2035"),
        ("展望二〇四〇年，全面建成现代化城市", "2040"),
    ]


def test_report_2024_expected_targets() -> None:
    goals = _goals(read_path(CORPUS / "national-government-work-report-2024.txt"))
    assert [g.text for g in goals][:3] == [
        "国内生产总值增长5%左右",
        "城镇新增就业1200万人以上，城镇调查失业率5.5%左右",
        "居民消费价格涨幅3%左右",
    ]
    assert len(goals) == 7
    assert {g.year for g in goals} == {"2024"} and {g.node for g in goals} == {"p2"}


def test_no_goals_without_a_goal_article_or_target_list() -> None:
    assert _of_text("某市工作总结\n一、主要工作\n(1)推进改革。完成各项任务。\n") == ()
