"""Outline conventions seen in real documents: unnumbered part titles in plain text, and articles
numbered 1.…60. straight through the parts (as the Dalian text's (1)…(60))."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from planwatch.compare.align import compare
from planwatch.compare.units import units_of
from planwatch.ingest import read_bytes, read_path
from planwatch.model import Analysis
from planwatch.model.comparison import PlanRef
from planwatch.services.plans.analyze import analyze_document

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
DALIAN = CORPUS / "dalian-15th-fyp-recommendation.txt"


@lru_cache(maxsize=4)
def _analysis(text: str) -> Analysis:
    return analyze_document(read_bytes(text.encode("utf-8"), "plan.txt"))


def _dalian_text() -> str:
    return DALIAN.read_text(encoding="utf-8")


def _dotted_text() -> str:
    # the same recommendation with its articles labelled 1. … 60. instead of (1) … (60)
    return re.sub(r"(?m)^\((\d{1,2})\)", r"\1.", _dalian_text())


def test_gansu_unnumbered_part_titles_are_parts() -> None:
    a = analyze_document(read_path(CORPUS / "provinces-2026-dev" / "甘肃省.txt"))
    parts = [n for n in a.outline if n.kind == "part"]
    assert [p.title for p in parts] == [
        "“十四五”时期工作回顾",
        "“十五五”时期的主要目标任务",
        "2026年重点工作",
    ]
    assert [p.id for p in parts] == ["p1", "p2", "p3"]
    sections = [n for n in a.outline if n.kind == "section"]
    assert len(sections) == 8 and all(s.parent == "p3" for s in sections)
    assert sections[0].title == "放大促消费扩投资政策效应" and sections[0].id == "p3.s1"
    # the review's —— lead lines belong to the review part, and the review gives no tasks
    assert [n.parent for n in a.outline if n.title.startswith("这是")] == ["p1"] * 5
    assert not [t for t in a.tasks if t.node == "p1" or t.node.startswith("p1.")]


def test_short_lines_do_not_become_parts_where_parts_are_numbered() -> None:
    text = (
        "某省政府工作报告\n"
        "一、过去一年工作回顾\n" + "过去一年，全省经济运行总体平稳。" * 20 + "\n二、今年重点工作\n"
        "重点工作\n"
        "（一）扩大国内需求。实施提振消费专项行动。" + "扩大有效投资。" * 40 + "\n"
        "（二）加快建设现代化产业体系。培育壮大新兴产业。\n"
    )
    a = _analysis(text)
    assert [n.title for n in a.outline if n.kind == "part"] == ["过去一年工作回顾", "今年重点工作"]


def test_articles_numbered_straight_through_the_parts_are_articles() -> None:
    dotted, original = _analysis(_dotted_text()), _analysis(_dalian_text())
    articles = [n for n in dotted.outline if n.kind == "article"]
    assert len(articles) == 60
    assert [n.ordinal for n in articles] == list(range(1, 61))
    seventh = articles[6]
    assert seventh.id == "p3.a7" and seventh.title == "培育壮大战略性新兴产业"
    assert [n.id for n in articles] == [n.id for n in original.outline if n.kind == "article"]
    # goals from the main-goals article (5.) and the 2035 vision, not from 指导思想 or 原则
    assert [(g.text, g.year, g.node) for g in dotted.goals] == [
        (g.text, g.year, g.node) for g in original.goals
    ]
    assert {g.node for g in dotted.goals} == {"p2.a5"} | {f"p2.a5.d{i}" for i in range(1, 10)}
    assert len(dotted.tasks) == len(original.tasks)


def test_plan_comparison_aligns_the_sixty_articles() -> None:
    dotted, original = _analysis(_dotted_text()), _analysis(_dalian_text())
    assert len(units_of(dotted)) == 60
    result = compare(dotted, original, PlanRef("dotted"), PlanRef("original"))
    best = {al.a: al.matches[0].b for al in result.alignments if al.matches}
    assert len(best) == 60 and all(a == b for a, b in best.items())


def test_numbers_restarting_in_each_part_stay_items() -> None:
    text = (
        "某市实施方案\n"
        "一、总体要求\n1.指导思想。坚持稳中求进。\n2.基本原则。坚持系统观念。\n"
        "二、重点任务\n1.扩大内需。实施提振消费行动。\n2.建设产业体系。培育新兴产业。\n"
    )
    a = _analysis(text)
    assert not [n for n in a.outline if n.kind == "article"]
    assert [n.id for n in a.outline if n.kind == "item"] == ["p1.i1", "p1.i2", "p2.i1", "p2.i2"]
