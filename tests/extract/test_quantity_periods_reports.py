"""Periods of quantities where a report moves its scope inside a paragraph (issue 13), on the 2026
provincial reports and small texts of our own."""

from __future__ import annotations

from pathlib import Path

from planwatch.extract.pipeline import Context
from planwatch.extract.quantities import extract_quantities
from planwatch.ingest import read_bytes, read_path
from planwatch.model import Document, Quantity
from planwatch.outline import fold, parse_outline

PROVINCES = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "provinces-2026-dev"


def _quantities(document: Document) -> tuple[Quantity, ...]:
    outline = parse_outline(document)
    ctx = Context(document, fold(document.text), outline.nodes, outline.sentences)
    return extract_quantities(ctx)


def _of_text(text: str) -> tuple[Quantity, ...]:
    return _quantities(read_bytes(text.encode("utf-8"), "doc.txt"))


def _period(items: tuple[Quantity, ...], text: str) -> str | None:
    periods = {q.period for q in items if q.text == text}
    assert len(periods) == 1, (text, periods)
    return periods.pop()


_REPORT = (
    "2026年某省政府工作报告\n"
    "一、2025年工作回顾\n"
    "全省生产总值增长5.5%。各位代表！2025年目标任务顺利完成。五年来，城镇化率提高到67%，"
    "累计新增就业200万人。\n"
    "居民收入增长5%。\n"
    "二、“十五五”时期主要目标\n"
    "城镇新增就业500万人以上，新增非化石能源装机占比达到75%以上。\n"
    "三、2026年工作安排\n"
    "今年拟新增就业40万人。去年，全省新增就业45万人。\n"
    "全省新建学校100所。\n"
)


def test_a_sentence_opener_moves_the_scope_until_the_paragraph_ends() -> None:
    got = [(q.value, q.period) for q in _of_text(_REPORT)]
    assert got == [
        (5.5, "2025"),
        (67.0, "十四五"),  # 五年来 opens a sentence inside the year's review paragraph
        (200.0, "十四五"),
        # a review of the five years that opens inside a paragraph goes on into the next one, as in
        # the reports (…顺利收官。五年来，… / 这是…的五年。…)
        (5.0, "十四五"),
        (500.0, "十五五"),  # new jobs over the plan add up: the plan's label
        (75.0, "2030"),  # a share among new things is a level: the plan's end year
        (40.0, "2026"),
        (45.0, "2025"),
        (100.0, "2026"),  # the 去年 sentence does not outlive its paragraph
    ]


def test_shaanxi_five_year_review_inside_the_2025_paragraph() -> None:
    items = _quantities(read_path(PROVINCES / "陕西省.txt"))
    assert _period(items, "地区生产总值跨过3万亿元、年均增长5.2％") == "十四五"
    assert _period(items, "5G基站从1.9万座增加到14.3万座") == "十四五"
    assert _period(items, "社会治安满意率提升至98.98％") == "十四五"
    # the year's review before it stays on the year
    assert _period(items, "争取中央预算内投资、超长期特别国债分别增长64.8％、42.5％") == "2025"


def test_henan_new_jobs_over_the_next_plan_take_its_label() -> None:
    items = _quantities(read_path(PROVINCES / "河南省.txt"))
    assert _period(items, "城镇新增就业500万人以上") == "十五五"
    assert _period(items, "常住人口城镇化率达到65%左右") == "2030"
    assert _period(items, "城镇新增就业110万人以上") == "2026"


def test_zhejiang_share_of_new_capacity_is_a_level() -> None:
    items = _quantities(read_path(PROVINCES / "浙江省.txt"))
    assert _period(items, "新增非化石能源装机占比达到75%以上") == "2030"


def test_a_review_that_opens_inside_a_paragraph_goes_on_into_the_next() -> None:
    # 五年来 opens the five-year review at the end of a paragraph about last year; the paragraphs
    # after it (这是…的五年。) go on with the five years, until the programme's own heading.
    text = (
        "2026年某省政府工作报告\n"
        "一、2025年和“十四五”工作回顾\n"
        "过去一年，地区生产总值增长5.2%。各位代表！我省“十四五”顺利收官。五年来，我们攻坚克难。\n"
        "这是经济实力持续提升的五年。\n"
        "地区生产总值从11万亿元提高到14万亿元。\n"
        "二、2026年主要工作\n"
        "今年地区生产总值增长5%左右。\n"
    )
    items = _of_text(text)
    assert _period(items, "地区生产总值增长5.2%") == "2025"
    assert {q.period for q in items if q.value in (11, 14)} == {"十四五"}
    assert [q.period for q in items if q.value == 5] == ["2026"]
