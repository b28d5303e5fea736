"""Quantities on the embedded Dalian plan, the two national work reports and small texts of our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.extract.numbers_zh import cn_amount, cn_integer, is_digit_run_year, parse_number
from planwatch.extract.pipeline import Context
from planwatch.extract.quantities import extract_quantities
from planwatch.extract.quantity_hits import number_starts
from planwatch.extract.quantity_period import anchor_of, plan_label, plan_years
from planwatch.ingest import read_bytes, read_path
from planwatch.model import Analysis, Document, Quantity
from planwatch.outline import fold, parse_outline
from planwatch.services.plans.analyze import analyze_bytes, default_plan_bytes
from planwatch.settings import Settings

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def _quantities(document: Document) -> tuple[Quantity, ...]:
    outline = parse_outline(document)
    ctx = Context(document, fold(document.text), outline.nodes, outline.sentences)
    return extract_quantities(ctx)


def _of_text(text: str) -> tuple[Quantity, ...]:
    return _quantities(read_bytes(text.encode("utf-8"), "doc.txt"))


def _by_text(items: tuple[Quantity, ...], text: str) -> list[Quantity]:
    return [q for q in items if q.text == text]


@pytest.fixture(scope="module")
def dalian() -> Analysis:
    data, name = default_plan_bytes()
    return analyze_bytes(data, name, Settings())


@pytest.fixture(scope="module")
def report_2024() -> tuple[Quantity, ...]:
    return _quantities(read_path(CORPUS / "national-government-work-report-2024.txt"))


@pytest.fixture(scope="module")
def report_2023() -> tuple[Quantity, ...]:
    return _quantities(read_path(CORPUS / "national-government-work-report-2023.txt"))


# -- the Dalian plan -------------------------------------------------------------------------------


def test_dalian_review_article_quantities(dalian: Analysis) -> None:
    review = [q for q in dalian.quantities if q.node == "p1.a1"]
    assert [(q.value, q.unit, q.qualifier) for q in review] == [
        (9.0, "年", "连续"),
        (15.0, "%", "达"),
        (2825.0, "家", "新增"),
        (114.0, "%", "增长"),
        (3.0, "%", "达"),
        (7.0, "次", "第N次"),
        (63.6, "%", "达到"),
        (74.3, "%", "达到"),
        (320.0, "天", "以上"),
        (97.0, "%", "以上"),
        (100.86, "万户", "达到"),
        (25.6, "个百分点", "提高"),
    ]
    assert {q.period for q in review} == {"十四五"}  # the article looks back on the previous plan
    first = review[0]
    assert first.text == "规上工业增加值增速连续9年高于全国平均水平"
    assert first.subject == "规上工业增加值增速"


def test_dalian_spans_index_the_original_text(dalian: Analysis) -> None:
    sentences = {s.id: s for s in dalian.sentences}
    for q in dalian.quantities:
        assert dalian.document.text[q.start : q.end] == q.text
        assert q.sentence is not None
        s = sentences[q.sentence]
        assert s.node == q.node and s.start <= q.start < q.end <= s.end
    assert [q.start for q in dalian.quantities] == sorted(q.start for q in dalian.quantities)


def test_two_numbers_of_one_clause_share_its_text(dalian: Analysis) -> None:
    pair = _by_text(dalian.quantities, "新增高新技术企业2825家、增长114%")
    assert [(q.subject, q.value, q.unit) for q in pair] == [
        ("新增高新技术企业", 2825.0, "家"),
        ("新增高新技术企业", 114.0, "%"),
    ]
    assert pair[0].start == pair[1].start and pair[0].end == pair[1].end


def test_fenbie_spreads_coordinated_subjects(dalian: Analysis) -> None:
    pair = _by_text(dalian.quantities, "清洁能源装机容量及发电量占比分别达到63.6%和74.3%")
    assert [(q.subject, q.value) for q in pair] == [
        ("清洁能源装机容量占比", 63.6),
        ("清洁能源发电量占比", 74.3),
    ]


def test_multiplier_gives_base_value(dalian: Analysis) -> None:
    (q,) = _by_text(dalian.quantities, "经营主体达到100.86万户")
    assert (q.value, q.unit, q.base_value, q.base_unit) == (100.86, "万户", 1008600.0, "户")
    (pp,) = _by_text(dalian.quantities, "对“一带一路”沿线国家和地区进出口占比提高25.6个百分点")
    assert pp.subject == "对“一带一路”沿线国家和地区进出口占比"  # quoted name kept inside the subject


def test_dalian_chinese_numeral_after_a_verb_and_target_period(dalian: Analysis) -> None:
    (q,) = [q for q in dalian.quantities if q.node == "p6.a24"]
    assert (q.value, q.unit, q.qualifier, q.period) == (30.0, "年", "再延长", "2030")
    assert q.text == "稳步推进第二轮土地承包到期后再延长三十年试点"


def test_dalian_dates_names_and_ordinals_are_not_quantities(dalian: Analysis) -> None:
    texts = " ".join(q.text for q in dalian.quantities)
    for absent in ("2025年", "十三届", "第十一次", "5G", "15分钟", "1+5+1", "第八届", "五年来", "再奋斗五年"):
        assert absent not in texts
    assert not [q for q in dalian.quantities if q.node in ("title", "preamble")]
    # Every figure of the plan, found by reading each run of digits and Chinese numerals in the file:
    # the review article (1) holds twelve, article (24) one (再延长三十年); the rest are dates, session
    # numbers (十三届, 十一次), item labels, names (一二九街, 5G, 1+5+1, 千万工程, 一二三产业),
    # plan periods, 二〇三五年 and the 15分钟 of a name (15分钟便民生活圈).
    assert [(q.node, q.value, q.unit) for q in dalian.quantities] == [
        ("p1.a1", 9.0, "年"),  # 增速连续9年高于全国平均水平
        ("p1.a1", 15.0, "%"),  # 占GDP比重达15%
        ("p1.a1", 2825.0, "家"),  # 新增高新技术企业2825家
        ("p1.a1", 114.0, "%"),  # 增长114%
        ("p1.a1", 3.0, "%"),  # 研发投入强度达3%
        ("p1.a1", 7.0, "次"),  # 第7次荣获全国文明城市
        ("p1.a1", 63.6, "%"),  # 装机容量及发电量占比分别达到63.6%和74.3%
        ("p1.a1", 74.3, "%"),
        ("p1.a1", 320.0, "天"),  # 空气优良天数始终保持在320天以上
        ("p1.a1", 97.0, "%"),  # 优良水质率保持在97%以上
        ("p1.a1", 100.86, "万户"),  # 经营主体达到100.86万户
        ("p1.a1", 25.6, "个百分点"),  # 进出口占比提高25.6个百分点
        ("p6.a24", 30.0, "年"),  # 土地承包到期后再延长三十年
    ]


def test_deterministic(dalian: Analysis) -> None:
    data, name = default_plan_bytes()
    again = analyze_bytes(data, name, Settings())
    assert again.quantities == dalian.quantities


# -- the national work reports ---------------------------------------------------------------------


def test_report_2024_review_results_are_for_the_previous_year(report_2024: tuple[Quantity, ...]) -> None:
    (gdp,) = _by_text(report_2024, "国内生产总值超过126万亿元")
    assert (gdp.value, gdp.unit, gdp.base_value, gdp.base_unit) == (126.0, "万亿元", 1.26e14, "元")
    assert (gdp.qualifier, gdp.period, gdp.node) == ("超过", "2023", "p1.d1")
    (growth,) = _by_text(report_2024, "增长5.2%")
    assert growth.subject == "国内生产总值"  # a clause without its own subject continues the last one
    (jobs,) = _by_text(report_2024, "城镇新增就业1244万人")
    assert (jobs.base_value, jobs.base_unit) == (12440000.0, "人")
    (prices,) = _by_text(report_2024, "居民消费价格上涨0.2%")
    assert (prices.value, prices.qualifier) == (0.2, "上涨")


def test_report_2024_targets_are_for_the_report_year(report_2024: tuple[Quantity, ...]) -> None:
    (gdp,) = _by_text(report_2024, "国内生产总值增长5%左右")
    assert (gdp.value, gdp.qualifier, gdp.period) == (5.0, "左右", "2024")
    (jobs,) = _by_text(report_2024, "城镇新增就业1200万人以上")
    assert (jobs.value, jobs.unit, jobs.base_value, jobs.qualifier) == (1200.0, "万人", 12000000.0, "以上")
    (deficit,) = _by_text(report_2024, "赤字率拟按3%安排")
    assert (deficit.subject, deficit.value, deficit.period) == ("赤字率", 3.0, "2024")
    texts = " ".join(q.text for q in report_2024)
    for absent in ("C919", "3.0版", "75周年", "2024年奥运会"):
        assert absent not in texts


def test_report_2023_five_year_review_and_from_to(report_2023: tuple[Quantity, ...]) -> None:
    (urban,) = _by_text(report_2023, "常住人口城镇化率从60.2%提高到65.2%")
    assert (urban.subject, urban.value, urban.qualifier) == ("常住人口城镇化率", 65.2, "提高到")
    assert urban.period == "2018-2022"  # under 过去五年…
    (firms,) = _by_text(report_2023, "去年底企业数量超过5200万户")
    assert firms.period == "2022"  # 去年 in the sentence wins over the paragraph's five years
    (first,) = _by_text(report_2023, "全年国内生产总值增长3%")
    assert (first.subject, first.period) == ("国内生产总值", "2022")


def test_report_2023_units_spread_over_a_list(report_2023: tuple[Quantity, ...]) -> None:
    items = _by_text(report_2023, "水土流失、荒漠化、沙化土地面积分别净减少10.6万、3.8万、3.3万平方公里")
    assert [(q.subject, q.value, q.unit, q.base_value) for q in items] == [
        ("水土流失面积", 10.6, "万平方公里", 106000.0),
        ("荒漠化面积", 3.8, "万平方公里", 38000.0),
        ("沙化土地面积", 3.3, "万平方公里", 33000.0),
    ]


# The whole reports are not counted here: the 2023 one is scored against its hand-labelled gold
# (tests/services/test_report_golds.py). What is pinned is one paragraph of each, read by hand: the
# year's main targets (今年发展主要预期目标是：…). Every figure in it is one quantity; the clauses
# without a figure (居民收入增长和经济增长同步, 国际收支保持基本平衡, 生态环境质量持续改善) give none.
TARGETS_2024 = [
    ("国内生产总值", 5.0, "%", "左右"),
    ("城镇新增就业", 1200.0, "万人", "以上"),
    ("城镇调查失业率", 5.5, "%", "左右"),
    ("居民消费价格涨幅", 3.0, "%", "左右"),
    ("粮食产量", 1.3, "万亿斤", "以上"),
    ("单位国内生产总值能耗", 2.5, "%", "左右"),
]
# 2023: the same targets but 城镇新增就业1200万人左右, and 粮食产量保持在1.3万亿斤以上; 能耗 and
# 污染物排放量 only 继续下降, with no figure.
TARGETS_2023 = [
    ("国内生产总值", 5.0, "%", "左右"),
    ("城镇新增就业", 1200.0, "万人", "左右"),
    ("城镇调查失业率", 5.5, "%", "左右"),
    ("居民消费价格涨幅", 3.0, "%", "左右"),
    ("粮食产量", 1.3, "万亿斤", "以上"),
]


@pytest.mark.parametrize(("year", "expected"), [(2024, TARGETS_2024), (2023, TARGETS_2023)])
def test_report_target_paragraph(
    report_2023: tuple[Quantity, ...],
    report_2024: tuple[Quantity, ...],
    year: int,
    expected: list[tuple[str, float, str, str]],
) -> None:
    items = report_2024 if year == 2024 else report_2023
    text = read_path(CORPUS / f"national-government-work-report-{year}.txt").text
    start = text.index("今年发展主要预期目标是")
    end = text.index("\n", start)
    found = [q for q in items if start <= q.start < end]
    assert [(q.subject, q.value, q.unit, q.qualifier) for q in found] == expected
    assert {q.period for q in found} == {str(year)} and all(q.value_max is None for q in found)


# -- small texts -----------------------------------------------------------------------------------


def test_ranges_in_three_spellings() -> None:
    items = _of_text("地区生产总值年均增长5%—6%，居民收入增长5%-6%，投资增长5%到6%。")
    assert [(q.subject, q.value, q.value_max, q.unit) for q in items] == [
        ("地区生产总值", 5.0, 6.0, "%"),
        ("居民收入", 5.0, 6.0, "%"),
        ("投资", 5.0, 6.0, "%"),
    ]


def test_full_width_and_chinese_numerals() -> None:
    (q,) = _of_text("物价涨幅控制在３．２％。")
    assert (q.value, q.unit, q.text) == (3.2, "%", "物价涨幅控制在３．２％")
    (pct,) = _of_text("森林覆盖率达到百分之四十。")
    assert (pct.subject, pct.value, pct.unit) == ("森林覆盖率", 40.0, "%")


def test_not_quantities() -> None:
    assert (
        _of_text(
            "大会于2025年11月29日召开，到二〇三〇年建成。细颗粒物(PM2.5)浓度下降。发展3岁以下婴幼儿照护。"
            "建设三个中心。第十三届委员会第十一次全体会议。五年来成绩显著，再奋斗五年。实施三年行动。"
            "构建“15分钟便民生活圈”，推进5G应用。"
        )
        == ()
    )


def test_reach_before_a_noun_is_a_name_not_a_measurement() -> None:
    items = _of_text("构建1小时通勤圈，打造30公里范围内的产业带。高速公路通车里程达到125公里。")
    assert [(q.subject, q.value, q.unit) for q in items] == [("高速公路通车里程", 125.0, "公里")]


def test_a_sentence_opening_with_a_year_states_that_year() -> None:
    items = _of_text("某市报告\n2024年，全市地区生产总值增长5.5%。截至2024年底，常住人口达到750万人。")
    assert [(q.subject, q.period, q.base_value) for q in items] == [
        ("地区生产总值", "2024", 5.5),
        ("常住人口", "2024", 7500000.0),
    ]


def test_clause_split_at_enumeration_comma_when_a_new_subject_starts() -> None:
    items = _of_text("单位GDP能耗下降8.1%、二氧化碳排放下降14.1%。")
    assert [(q.text, q.subject) for q in items] == [
        ("单位GDP能耗下降8.1%", "单位GDP能耗"),
        ("二氧化碳排放下降14.1%", "二氧化碳排放"),
    ]


def test_ordinal_win_counts_but_a_session_does_not() -> None:
    (q,) = _of_text("第7次荣获全国文明城市，第十一次全体会议通过。")
    assert (q.value, q.unit, q.qualifier, q.subject) == (7.0, "次", "第N次", "荣获全国文明城市")


def test_period_of_a_plan_derives_years_from_its_number() -> None:
    text = (
        "某市国民经济和社会发展第十六个五年规划建议\n"
        "一、“十五五”时期发展成就\n"
        "(1)发展成就。地区生产总值年均增长6.5%。\n"
        "二、主要任务\n"
        "(2)做强制造业。规上工业增加值年均增长8%，到2033年研发投入强度达到4%。\n"
    )
    items = _of_text(text)
    # 年均 is a flow over the whole plan: its label, not the end year that a level target takes.
    assert [(q.value, q.period) for q in items] == [(6.5, "十五五"), (8.0, "十六五"), (4.0, "2033")]
    assert items[2].subject == "研发投入强度"


def test_anchor_and_plan_years() -> None:
    assert plan_years(14) == (2021, 2025) and plan_years(15) == (2026, 2030) and plan_years(1) == (1953, 1957)
    assert (plan_label(15), plan_label(10), plan_label(9)) == ("十五五", "十五", "九五")
    plan = anchor_of("中共大连市委关于制定大连市国民经济和社会发展第十五个五年规划的建议")
    assert (plan.kind, plan.plan_label, plan.previous_label, plan.default_period) == (
        "plan",
        "十五五",
        "十四五",
        "2030",
    )
    report = anchor_of("2024年中华人民共和国国务院政府工作报告")
    assert (report.kind, report.year, report.default_period) == ("report", 2024, "2024")


def test_numerals() -> None:
    assert cn_integer("二〇三〇") == 2030 and cn_integer("三十") == 30 and cn_integer("一百零五") == 105
    assert cn_integer("十五") == 15 and cn_integer("两万三千") == 23000 and cn_integer("大连") is None
    assert parse_number("2,825") == 2825.0 and parse_number("三点五") == 3.5 and parse_number("x") is None
    assert is_digit_run_year("2030") and is_digit_run_year("二〇三五") and not is_digit_run_year("三十")


# -- Chinese numerals, qualifiers and comparison bases (issue 13) ------------------------------------


@pytest.mark.parametrize(
    ("numeral", "value", "mult"),
    [
        ("二千三百五十万", 2350.0, "万"),
        ("一亿两千万", 12000.0, "万"),
        ("一万三千亿", 13000.0, "亿"),
        ("十三亿", 13.0, "亿"),
        ("一万亿", 1.0, "万亿"),
        ("千亿", 1000.0, "亿"),
        ("一亿零五百万", 10500.0, "万"),
        ("一百零五", 105.0, None),
    ],
)
def test_cn_amount_keeps_the_multiplier_printed_before_the_unit(
    numeral: str, value: float, mult: str | None
) -> None:
    assert cn_amount(numeral) == (value, mult)
    assert cn_integer("一万三千亿") == 1_300_000_000_000
    assert cn_integer("一亿两千万") == 120_000_000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全省常住人口达到二千三百五十万人。", ("常住人口", 2350.0, "万人", 2.35e7, "达到")),
        ("年度投资一亿两千万元。", ("年度投资", 12000.0, "万元", 1.2e8, None)),
        ("粮食产量达到一万三千亿斤。", ("粮食产量", 13000.0, "亿斤", 1.3e12, "达到")),
        ("参保人数超过六千万人。", ("参保人数", 6000.0, "万人", 6e7, "超过")),
        ("城镇新增就业至少1200万人。", ("城镇新增就业", 1200.0, "万人", 1.2e7, "至少")),
        ("带动社会投资超千亿元。", ("带动社会投资", 1000.0, "亿元", 1e11, "超")),
        ("普惠小微企业贷款余额超万亿元。", ("普惠小微企业贷款余额", 1.0, "万亿元", 1e12, "超")),
        ("中小微企业政府采购占比近八成。", ("中小微企业政府采购占比", 8.0, "成", 8.0, "近")),
        ("确保粮食产量稳定在1300万吨以上。", ("粮食产量", 1300.0, "万吨", 1.3e7, "以上")),
    ],
)
def test_written_out_numbers_and_qualifiers(text: str, expected: tuple[object, ...]) -> None:
    (q,) = _of_text(text)
    assert (q.subject, q.value, q.unit, q.base_value, q.qualifier) == expected


def test_counts_of_people_without_a_unit_word_read_alike_in_both_scripts() -> None:
    (written,) = _of_text("带动五千万农村人口脱贫。")
    (arabic,) = _of_text("带动5000万农村人口脱贫。")
    # Units as written (C7): a bare multiplier before the people counted stays the unit.
    assert (written.value, written.unit, written.base_value) == (5000.0, "万", 5e7)
    assert (arabic.value, arabic.unit, arabic.base_value) == (5000.0, "万", 5e7)
    assert written.subject == arabic.subject == "农村人口"
    (billion,) = _of_text("惠及近十亿人。")
    assert (billion.value, billion.unit, billion.qualifier) == (10.0, "亿人", "近")


def test_numerals_inside_words_and_idioms_are_not_numbers() -> None:
    assert _of_text("统一万吨级码头标准。") == ()
    # no 级 after it to give it away: the 一 still belongs to 统一, in the text's first word too,
    # and after a clause of its own
    assert _of_text("建成统一万人规模场馆。") == ()
    assert _of_text("统一万人规模。") == ()
    assert _of_text("2026年，统一万人规模场馆标准。") == ()
    assert _of_text("坚持一成不变的做法。") == ()
    assert _of_text("守好14亿多中国人的饭碗。") == ()


def test_percent_range_in_words_keeps_both_ends() -> None:
    (q,) = _of_text("赤字率控制在百分之五到百分之六。")
    assert (q.value, q.value_max, q.unit) == (5.0, 6.0, "%")
    # 从A到B in words is a change from A to B: B is the figure (as with 从5%到6%)
    (change,) = _of_text("研发投入强度从百分之二到百分之三。")
    assert (change.subject, change.value, change.value_max, change.unit) == ("研发投入强度", 3.0, None, "%")


def test_a_chinese_numeral_amount_opens_a_word_of_its_own() -> None:
    # at the very start of the text, and after words of its own (全市 | 一万人, 就业 | 一万人)
    assert [(q.value, q.unit) for q in _of_text("一万人参加了活动。")] == [(1.0, "万人")]
    assert [(q.subject, q.value, q.unit) for q in _of_text("全市一万人参加。")] == [("参加", 1.0, "万人")]
    assert [(q.subject, q.value, q.unit) for q in _of_text("新增就业一万人。")] == [("新增就业", 1.0, "万人")]


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("企业达到1,234家", [4]),  # 234 is the thousands group of 1,234, no number of its own
        ("排名第4,21个", [3, 5]),  # two digits after a clause comma: a new number
        ("总数达到12,3456家", [4, 7]),  # four digits after the comma are no thousands group
    ],
)
def test_number_starts_skip_thousands_groups_only(text: str, starts: list[int]) -> None:
    assert number_starts(text) == starts


def test_respectively_with_a_plan_baseline_gives_one_quantity_per_subject() -> None:
    items = _of_text("货物进出口、实际使用外资和社会消费品零售总额分别比“十三五”时期增长19.1%、120%、41.5%。")
    assert [(q.value, q.qualifier, q.compared_to) for q in items] == [
        (19.1, "增长", "十三五"),
        (120.0, "增长", "十三五"),
        (41.5, "增长", "十三五"),
    ]
    assert [
        q.subject.startswith(head)
        for q, head in zip(items, ("货物进出口", "实际使用外资", "社会消费品零售总额"), strict=True)
    ] == [True] * 3


@pytest.mark.parametrize(
    ("text", "base"),
    [
        ("拟安排地方政府专项债券3.9万亿元、比上年增加1000亿元。", "上年"),
        ("全省生产总值较2020年增长40%。", "2020"),
        ("生产安全事故起数、死亡人数比2020年分别下降65.3%、58.3%。", "2020"),
        ("PM2.5年均浓度较“十三五”末改善16.5%。", "十三五末"),
    ],
)
def test_compared_to_is_the_base_of_a_change(text: str, base: str) -> None:
    items = _of_text(text)
    assert items[-1].compared_to == base
    # A level is compared with nothing.
    assert _of_text("粮食产量达到1300亿斤。")[0].compared_to is None


def test_binding_indicator_count_keeps_its_own_subject() -> None:
    items = _of_text("设置主要指标20项，其中预期性指标11项、约束性指标9项。")
    assert [(q.subject, q.value, q.qualifier) for q in items] == [
        ("设置主要指标", 20.0, None),
        ("预期性指标", 11.0, None),
        ("约束性指标", 9.0, None),
    ]


# -- periods per clause in a 2026 work report (issue 13) -----------------------------------------------

_REPORT_2026 = (
    "下载\n打印\n【字号：\n加大\n】\n"
    "2026年某省政府工作报告\n"
    "——2026年1月26日在某省第十四届人民代表大会第四次会议上\n"
    "各位代表：\n"
    "一、“十四五”时期和2025年工作回顾\n"
    "过去的五年极不寻常。生产总值6.66万亿元，居民人均可支配收入年均增长6%。\n"
    "各位代表，刚刚过去的2025年很不平凡。全省生产总值增长5.6%。\n"
    "二、“十五五”时期主要目标任务\n"
    "经济年均增长5%左右，常住人口城镇化率达到65%左右，城镇新增就业400万人以上。\n"
    "三、2026年工作安排\n"
    "今年拟安排专项债券2000亿元，比去年增加300亿元。\n"
)


def test_report_periods_are_decided_per_clause_past_the_page_debris() -> None:
    items = _of_text(_REPORT_2026)
    got = [(q.value, q.period) for q in items]
    assert got == [
        (6.66, "十四五"),  # 过去的五年 of a 2026 report is the 14th plan
        (6.0, "十四五"),
        (5.6, "2025"),  # 刚刚过去的2025年 opens the year's review inside the mixed heading
        (5.0, "十五五"),  # 年均 over the plan: its label
        (65.0, "2030"),  # a level targets the plan's end year
        (400.0, "十五五"),  # a count of new things over the plan is cumulative over it
        (2000.0, "2026"),
        (300.0, "2026"),  # 比去年 is the base, not the period
    ]
    assert items[-1].compared_to == "上年"


def test_a_mixed_heading_sends_targets_forward_and_results_back() -> None:
    text = (
        "某市国民经济和社会发展第十四个五年规划纲要\n"
        "第一章 “十三五”时期发展成就和“十四五”时期主要目标任务\n"
        "地区生产总值年均增长7.5%。\n"
        "预期到期末地区生产总值突破1万亿元，力争研发投入强度达到3%。\n"
    )
    items = _of_text(text)
    assert [(q.value, q.period) for q in items] == [(7.5, "十三五"), (1.0, "2025"), (3.0, "2025")]


def test_henan_2026_report_has_a_period_for_every_figure() -> None:
    items = _quantities(read_path(CORPUS / "provinces-2026-dev" / "河南省.txt"))
    assert len(items) > 100
    assert all(q.period for q in items)
    periods = {q.text: q.period for q in items}
    assert periods["生产总值6.66万亿元"] == "十四五"
    assert periods["经济年均增长5%左右"] == "十五五"
    assert periods["城镇新增就业110万人以上"] == "2026"


# -- the lead's conventions C3–C7 on sentences of the 2026 provincial reports (issue 13) -------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # C7: compound units and counted units as written
        ("全员劳动生产率达58万元/人左右。", ("全员劳动生产率", 58.0, "万元/人", "左右")),
        (
            "单位地区生产总值生产安全事故死亡率控制在0.6人/百亿元以下。",
            ("单位地区生产总值生产安全事故死亡率", 0.6, "人/百亿元", "以下"),
        ),
        ("算力总规模达到10.36百亿亿次/秒。", ("算力总规模", 10.36, "百亿亿次/秒", "达到")),
        ("开展市民系列文化活动1.6万场。", ("市民系列文化活动", 1.6, "万场", None)),
        ("34款创新药械获批上市。", ("创新药械", 34.0, "款", None)),
        ("507栋危旧简易楼排险。", ("危旧简易楼", 507.0, "栋", None)),
        ("全市性督查检查考核事项精简两成。", ("全市性督查检查考核事项", 2.0, "成", "精简")),
        # C4/C5: the bound word as printed wins over the change and level words
        ("建成美丽庭院5000余户。", ("美丽庭院", 5000.0, "户", "余")),
        ("集成电路产业规模增长超20%。", ("集成电路产业规模", 20.0, "%", "超")),
        ("居民人均可支配收入实际增长4.4%。", ("居民人均可支配收入", 4.4, "%", "实际增长")),
        ("平均压减时间58%。", ("时间", 58.0, "%", "压减")),
        # C6: the counted noun after the number, without framing verbs or listed examples
        ("开通3条地铁新线。", ("地铁新线", 3.0, "条", None)),
        ("308个便民事项实现跨省自助办。", ("便民事项", 308.0, "个", None)),
        ("完成世界乒联中国大满贯等198项精品赛事。", ("精品赛事", 198.0, "项", None)),
        ("新增停车设施建设运营等服务场景30个以上。", ("新增服务场景", 30.0, "个", "以上")),
        ("71.3万监测对象稳定消除返贫致贫风险。", ("监测对象", 71.3, "万", None)),
        ("全市地区生产总值5.2万亿元。", ("地区生产总值", 5.2, "万亿元", None)),
    ],
)
def test_conventions_on_single_figures(text: str, expected: tuple[object, ...]) -> None:
    (q,) = _of_text(text)
    assert (q.subject, q.value, q.unit, q.qualifier) == expected


def test_a_count_after_a_previous_clause_names_its_own_noun() -> None:
    items = _of_text("生活垃圾回收利用率达43%，为380个老旧小区引入物业服务。")
    assert [(q.subject, q.value, q.qualifier) for q in items] == [
        ("生活垃圾回收利用率", 43.0, "达"),
        ("老旧小区", 380.0, None),
    ]
    items = _of_text("新建50个区域养老服务中心、新增7701张家庭养老床位。")
    assert [(q.subject, q.qualifier) for q in items] == [
        ("新建区域养老服务中心", "新建"),
        ("新增家庭养老床位", "新增"),
    ]
    items = _of_text("压茬推进“百千工程”，累计创建42个示范村、22个示范片区。")
    assert [(q.subject, q.qualifier) for q in items] == [("示范村", "累计"), ("示范片区", "累计")]


def test_printed_bases_only() -> None:
    items = _of_text("地区生产总值5.2万亿元、增长5.4%、高于全国0.4个百分点。")
    assert [(q.value, q.qualifier, q.compared_to) for q in items] == [
        (5.2, None, None),
        (5.4, "增长", None),  # no base printed: none inferred
        (0.4, "高于", "全国"),
    ]
    (life,) = _of_text("人均预期寿命从2020年的82.4岁提升至83.9岁。")
    assert (life.value, life.qualifier, life.compared_to) == (83.9, "提升至", "2020")


def test_thresholds_and_milestones_are_no_amounts() -> None:
    assert _of_text("行政村和20户以上自然村全部通硬化路。") == ()
    assert _of_text("关停淘汰10万千瓦及以下燃煤机组。") == ()
    assert _of_text("推动大宗货物年运量150万吨以上的物流园区接入铁路专用线。") == ()
    assert _of_text("经济总量连续迈上4万亿、5万亿两个台阶。") == ()
    assert _of_text("全球首台25兆瓦级风电主轴轴承下线。") == ()
    # a classifier or a share with 以上 before a noun still counts
    (projects,) = _of_text("实施1000个以上省重点项目。")
    assert (projects.subject, projects.value, projects.qualifier) == ("省重点项目", 1000.0, "以上")
    (ratio,) = _of_text("公交与轨道50米内换乘比例达91%。")
    assert (ratio.subject, ratio.value) == ("公交与轨道50米内换乘比例", 91.0)
    (corridor,) = _of_text("沿黄生态廊道1194公里全线贯通。")
    assert (corridor.subject, corridor.value, corridor.unit) == ("沿黄生态廊道", 1194.0, "公里")


@pytest.mark.parametrize(
    ("text", "subjects"),
    [
        ("食品、药品抽检合格率分别超98.5%和99%。", ["食品抽检合格率", "药品抽检合格率"]),
        ("适龄儿童入园率和普惠率分别达96%和94%。", ["适龄儿童入园率", "适龄儿童普惠率"]),
        (
            "市民服务热线诉求解决率、满意率分别达97.3%和97.7%。",
            ["市民服务热线诉求解决率", "市民服务热线诉求满意率"],
        ),
        (
            "生产安全死亡事故起数和死亡人数分别下降3.6%和1.3%。",
            ["生产安全死亡事故起数", "生产安全死亡事故死亡人数"],
        ),
    ],
)
def test_respectively_spreads_the_shared_words(text: str, subjects: list[str]) -> None:
    assert [q.subject for q in _of_text(text)] == subjects


def test_respectively_from_several_starts_to_as_many_targets() -> None:
    items = _of_text("外资研发中心分别从771家、481家增加到1076家、636家。")
    assert [(q.value, q.qualifier) for q in items] == [(1076.0, "增加到"), (636.0, "增加到")]


def test_flow_word_inside_the_subject_and_a_conjunct_before_the_count() -> None:
    (trains,) = _of_text("中欧（亚）班列累计开行1.7万列。")
    assert (trains.subject, trains.unit, trains.qualifier) == ("中欧（亚）班列开行", "万列", "累计")
    items = _of_text("获批建设国家医学中心（中医类）和12个国家区域医疗中心。")
    assert [(q.subject, q.value) for q in items] == [("国家区域医疗中心", 12.0)]
    items = _of_text("新增1000处信号灯联网、累计达8000处。")
    assert [q.qualifier for q in items] == ["新增", "累计"]


def test_a_verb_before_a_counted_noun_is_no_part_of_the_subject() -> None:
    (roads,) = _of_text("打通53条断头路。")
    assert (roads.subject, roads.value, roads.unit) == ("断头路", 53.0, "条")
    (rural,) = _of_text("新改建农村公路5000公里。")
    assert (rural.subject, rural.qualifier) == ("新改建农村公路", "新改建")


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # The counted noun ends at its countable head when an event or attribute follows it.
        ("推动12家企业兼并重组。", "企业"),
        ("改善300所乡村学校办学条件。", "乡村学校"),
        ("推动40%以上的乡镇卫生院服务能力达标。", "乡镇卫生院"),
        ("完成15处重点区域环境整治。", "重点区域"),
        # A compound name that ends with a head stays whole.
        ("实施50个老旧小区改造项目。", "老旧小区改造项目"),
        # A one-character noun closed by its predicate.
        ("9个县被评为全国示范县。", "县"),
        # Bare nouns listed after the counted one share the count.
        ("建设30个数字车间、智慧工厂。", "数字车间、智慧工厂"),
        # A coordinated conjunct with a number of its own is not part of the counted noun.
        ("建设20个示范县和东部平原100万亩高标准农田。", "示范县"),
        # Framing verbs and frames of the issuer's action are dropped.
        ("举办国际会议120场。", "国际会议"),
        ("为小微企业提供贷款500亿元。", "贷款"),
    ],
)
def test_counted_noun_and_framing(text: str, subject: str) -> None:
    assert _of_text(text)[0].subject == subject


def test_a_change_verb_with_its_own_object_opens_a_new_subject() -> None:
    items = _of_text("开通2条轨道新线、新增运营里程45公里。")
    assert [(q.subject, q.qualifier) for q in items] == [("轨道新线", None), ("新增运营里程", "新增")]
    items = _of_text("开展绩效评价和成本审核、压减资金12亿元。")
    assert [q.subject for q in items] == ["压减资金"]
    items = _of_text("增长5.1%、高于全国0.3个百分点。")
    assert [q.qualifier for q in items] == ["增长", "高于"]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("二级医院向社区投放30%以上专家号。", "专家号"),
        ("60%行政村实现集中供水。", "行政村"),
        ("助餐服务覆盖八成以上农村社区。", "农村社区"),
        ("重点行业45项技术难题取得突破。", "重点行业技术难题"),
    ],
)
def test_a_share_or_count_before_a_noun_measures_that_noun(text: str, subject: str) -> None:
    assert _of_text(text)[0].subject == subject


def test_borrowed_subjects_enumeration_labels_and_gapped_heads() -> None:
    items = _of_text("全市生产总值3.1万亿元、增长6.2%、高于全国1.2个百分点。")
    assert [q.subject for q in items] == ["生产总值", "生产总值", "生产总值增速"]
    items = _of_text("新增200处充电桩联网、累计达5000处。")
    assert [(q.subject, q.qualifier) for q in items] == [("新增充电桩联网", "新增"), ("充电桩联网", "累计")]
    (share,) = _of_text("装备制造、电子信息和生物医药三大产业对工业增长贡献超六成。")
    assert share.subject == "三大产业对工业增长贡献"
    items = _of_text("培育形成2个万亿级和5个千亿级产业集群。")
    assert (items[0].subject, items[0].value) == ("万亿级产业集群", 2.0)


def test_listed_members_and_bracketed_lists_before_a_counted_noun() -> None:
    (industries,) = _of_text("宣纸、湖笔、徽墨3个传统产业入围国家名录。")
    assert industries.subject == "传统产业"
    (counties,) = _of_text("超8个县（市、区）被评为水系治理示范县。")
    assert counties.subject == "县（市、区）"


@pytest.mark.parametrize(
    ("text", "subjects"),
    [
        ("城乡居民人均消费支出分别达4.1万元、2.2万元。", ["城镇居民人均消费支出", "农村居民人均消费支出"]),
        ("本外币存贷款余额分别增长7.2%、8.1%。", ["本外币存款余额", "本外币贷款余额"]),
        ("实际利用内外资分别增长3%、5%。", ["实际利用内资", "实际利用外资"]),
        (
            "限上家具、建材、文化办公用品零售额分别增长12%、9%、15%。",
            ["限上家具零售额", "限上建材零售额", "限上文化办公用品零售额"],
        ),
        ("对欧盟、拉美进出口分别增长4%、21%。", ["对欧盟进出口", "对拉美进出口"]),
        ("盗窃、诈骗案件分别下降20%、31%。", ["盗窃案件", "诈骗案件"]),
        ("每万人口医生、护士数分别达到32名、41名。", ["每万人口医生", "每万人口护士数"]),
        ("道路交通事故起数、受伤人数分别下降5%、6%。", ["道路交通事故起数", "道路交通事故受伤人数"]),
        ("绿化覆盖率、污水处理率分别达45%和97%。", ["绿化覆盖率", "污水处理率"]),
        (
            "先进制造业、现代服务业营收占全部营收比重分别达31%、44%。",
            ["先进制造业营收占全部营收比重", "现代服务业营收占全部营收比重"],
        ),
        ("农村燃气、卫生厕所普及率分别超过90%、80%。", ["农村燃气普及率", "卫生厕所普及率"]),
    ],
)
def test_lists_share_heads_modifiers_and_paired_words(text: str, subjects: list[str]) -> None:
    assert [q.subject for q in _of_text(text)] == subjects


def test_numbers_listed_bare_go_one_to_each_conjunct_and_a_later_clause_spreads_again() -> None:
    items = _of_text("入境游客人次、总消费增长8%、9%。")
    assert [q.subject for q in items] == ["入境游客人次", "入境游客总消费"]
    items = _of_text("城乡居民人均可支配收入分别达5万元、2万元，增长4%、6%。")
    assert [q.subject for q in items] == ["城镇居民人均可支配收入", "农村居民人均可支配收入"] * 2
    (one,) = _of_text("工业投资、民间投资年均增长6%左右。")
    assert one.subject == "工业投资、民间投资"


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("入选国家级绿色工厂12家。", "国家级绿色工厂"),
        ("承担国家重大科技项目80个。", "国家重大科技项目"),
        ("组建产业创新联合体30个。", "产业创新联合体"),
        ("布局6个省实验室。", "省实验室"),
        ("首批20个省重点实验室重组完成。", "省重点实验室"),
        ("9条高速公路建成通车。", "高速公路"),
        ("5部作品获全国大奖。", "作品"),
        ("300多个宜居宜业和美乡村。", "宜居宜业和美乡村"),
        ("12个学科进入全球前百分之一。", "学科"),
        ("“十五五”时期地区生产总值年均增长5%左右。", "地区生产总值"),
    ],
)
def test_framing_words_before_and_predicates_after_a_count(text: str, subject: str) -> None:
    assert _of_text(text)[0].subject == subject


def test_change_words_milestones_denominators_and_round_amounts() -> None:
    (air,) = _of_text("PM2.5平均浓度较“十三五”末改善12%。")
    assert (air.subject, air.qualifier, air.compared_to) == ("PM2.5平均浓度", "改善", "十三五末")
    items = _of_text("经济总量连续迈上2个万亿元台阶、达6.1万亿元。")
    assert [(q.subject, q.value) for q in items] == [("经济总量", 6.1)]
    (rate,) = _of_text("每万人交通事故数下降12%。")
    assert (rate.subject, rate.value) == ("每万人交通事故数", 12.0)
    (trains,) = _of_text("货运班列开行超万列，港口吞吐量稳步提升。")
    assert (trains.value, trains.unit, trains.qualifier) == (1.0, "万列", "超")
    (output,) = _of_text("数字经济规模突破万亿，产业结构持续优化。")
    assert (output.subject, output.unit, output.qualifier) == ("数字经济规模", "万亿", "突破")
    (gas,) = _of_text("新增页岩气产量5亿方以上。")
    assert (gas.unit, gas.qualifier) == ("亿方", "以上")
    items = _of_text("指数居全国第3，15个学科进入前列。")
    assert [q.subject for q in items] == ["学科"]
    (streak, level) = _of_text("群众满意度连续5年保持95%以上。")
    assert (streak.subject, streak.qualifier) == ("群众满意度", "连续")
    assert (level.subject, level.qualifier) == ("群众满意度", "以上")
    (target,) = _of_text("生产总值按增长5%安排。")
    assert target.subject == "生产总值"
    (merged,) = _of_text("各类园区由96个整合为60个。")
    assert (merged.subject, merged.value, merged.qualifier) == ("各类园区", 60.0, "整合为")


def test_thresholds_that_pick_the_counted_things_are_no_amounts() -> None:
    (firms,) = _of_text("86家规上企业营业收入超50亿元。")
    assert (firms.subject, firms.value) == ("规上企业", 86.0)
    items = _of_text("新增财政收入超10亿元县3个、达到17个。")
    assert [(q.subject, q.value, q.qualifier) for q in items] == [
        ("新增财政收入超10亿元县", 3.0, "新增"),
        ("财政收入超10亿元县", 17.0, "达到"),
    ]
    (investment,) = _of_text("社会投资超500亿元。")
    assert (investment.value, investment.qualifier) == (500.0, "超")


def test_drivers_topics_and_place_clauses_around_a_figure() -> None:
    (driven,) = _of_text("政府引导基金带动社会资本超300亿元。")
    assert driven.subject == "带动社会资本"
    items = _of_text("出口增长9%，全市货物贸易总值创历史新高，达到900亿元、增长12%。")
    assert [q.subject for q in items] == ["出口", "货物贸易总值", "货物贸易总值"]
    (firms,) = _of_text("超过30家跨国公司在本市设立地区总部。")
    assert (firms.subject, firms.qualifier) == ("跨国公司", "超过")
    (zones,) = _of_text("新增3个国家生态文明建设示范县。")
    assert zones.subject == "新增国家生态文明建设示范县"
    (registered,) = _of_text("新登记市场主体32万户。")
    assert (registered.subject, registered.qualifier) == ("新登记市场主体", "新登记")


def test_guards_found_on_other_reports() -> None:
    items = _of_text("进出口总额接连突破5万亿元、6万亿元。")
    assert [q.subject for q in items] == ["进出口总额", "进出口总额"]
    (fund,) = _of_text("首期规模200亿元的产业基金签约落地。")
    assert fund.subject == "首期规模"
    (people,) = _of_text("让30万山区群众喝上放心水。")
    assert people.subject == "山区群众"
    (graduates,) = _of_text("吸纳超20万名高校毕业生在本省就业创业。")
    assert graduates.subject == "高校毕业生"
    items = _of_text("诈骗案件立案数、案损数分别下降12%和30%。")
    assert [q.subject for q in items] == ["诈骗案件立案数", "诈骗案件案损数"]


def test_a_lone_state_word_borrows_the_noun_and_model_names_open_a_subject() -> None:
    items = _of_text("建成跨江大桥3座、在建5座，新开工一批项目。")
    assert [q.subject for q in items] == ["跨江大桥", "在建跨江大桥"]
    items = _of_text("加装电梯1200部，改造3万套（间）老旧住房。")
    assert "电梯" not in items[1].subject
    items = _of_text("智能工厂12家、5G工厂80家。")
    assert [q.subject for q in items] == ["智能工厂", "5G工厂"]


def test_class_words_listed_with_a_pause_share_the_head_and_chains_end_before_their_output() -> None:
    items = _of_text("3个千亿级、8个百亿级新材料项目开工建设。")
    assert (items[0].subject, items[0].value) == ("千亿级新材料项目", 3.0)
    (chains,) = _of_text("新能源、新材料等6条产业链产值两位数增长。")
    assert chains.subject == "产业链"


def test_units_qualifiers_and_framing_words_met_on_other_reports() -> None:
    items = _of_text(
        "新建租赁住房3.5万套（间），算力规模达到8.2万P，举办展销活动1.6万场次，工业增速连续9个季度增长。"
    )
    assert [(q.subject, q.unit) for q in items] == [
        ("新建租赁住房", "万套（间）"),
        ("算力规模", "万P"),
        ("展销活动", "万场次"),
        ("工业增速", "个季度"),
    ]
    (avg,) = _of_text("城镇登记失业率平均为3.9%。")
    assert (avg.subject, avg.qualifier) == ("城镇登记失业率", "平均")
    (widened,) = _of_text("联合执法事项从25个拓展到60个。")
    assert widened.qualifier == "拓展到"
    (yearly,) = _of_text("年均新增城镇就业12万人。")
    assert (yearly.subject, yearly.qualifier) == ("新增城镇就业", "新增")
    (net,) = _of_text("净增高新技术企业320家。")
    assert (net.subject, net.qualifier) == ("净增高新技术企业", "净增")
    (launched,) = _of_text("自贸片区新推出9项改革试点经验。")
    assert (launched.subject, launched.qualifier) == ("新推出改革试点经验", "新推出")
    (done,) = _of_text("市重点项目投资完成1800亿元。")
    assert done.subject == "市重点项目投资"
    (regs,) = _of_text("配合省人大常委会出台地方性法规12件。")
    assert regs.subject == "地方性法规"
    (aid,) = _of_text("七是完成残疾人家庭无障碍改造3000户。")
    assert aid.subject == "残疾人家庭无障碍改造"


def test_a_rank_is_no_amount() -> None:
    items = _of_text("农业增加值增速连续8个季度居全国前5位。")
    assert [(q.value, q.unit) for q in items] == [(8.0, "个季度")]


def test_counted_nouns_end_before_what_happened_to_them() -> None:
    (listed,) = _of_text("4家企业主板上市。")
    assert listed.subject == "企业"
    (first,) = _of_text("全市12个区首次全部达标。")
    assert first.subject == "区"
    (cleared,) = _of_text("18个市县隐性债务提前清零。")
    assert cleared.subject == "市县"
    (air,) = _of_text("9个市州空气质量全面达标。")
    assert air.subject == "市州"
    (moved,) = _of_text("8000户搬迁农户入住新居。")
    assert moved.subject == "搬迁农户"


def test_lists_share_heads_and_leading_words_with_every_conjunct() -> None:
    items = _of_text("交通事故起数、死亡人数、财产损失分别下降10%、12%、8%。")
    assert [q.subject for q in items] == ["交通事故起数", "交通事故死亡人数", "交通事故财产损失"]
    items = _of_text("对欧盟、共建“一带一路”国家进出口总额分别增长6%、9%。")
    assert items[0].subject == "对欧盟进出口总额"
    items = _of_text("制造业、科学研究和技术服务业增加值分别增长6%、9%。")
    assert items[0].subject == "制造业增加值"


def test_framing_verbs_and_clauses_after_a_count_leave_the_subject() -> None:
    (funds,) = _of_text("安排市级财政资金35.6亿元。")
    assert funds.subject == "市级财政资金"
    (schools,) = _of_text("设立职业高中12所。")
    assert schools.subject == "职业高中"
    (firms,) = _of_text("56家沿海化工企业关改搬转。")
    assert firms.subject == "沿海化工企业"
    (shows,) = _of_text("选送300场优秀剧目进校园。")
    assert shows.subject == "优秀剧目"
    firms, bonds = _of_text("86家企业发行各类债券420只。")
    assert (firms.subject, bonds.subject, bonds.unit) == ("企业", "各类债券", "只")


def test_counted_units_as_written() -> None:
    (port,) = _of_text("港口集装箱吞吐量达到1200万标箱。")
    assert port.unit == "万标箱"
    (homes,) = _of_text("盘活闲置宅基地3万宗。")
    assert homes.unit == "万宗"
    (visits,) = _of_text("入户指导服务2万户次。")
    assert visits.unit == "万户次"
    (leap,) = _of_text("省级重点实验室从12家跃升到30家。")
    assert leap.qualifier == "跃升到"


def test_a_whole_compared_with_is_the_base_and_no_part_of_the_subject() -> None:
    (q,) = _of_text("市属企业利润增速高于全省平均3个百分点。")
    assert (q.subject, q.qualifier, q.compared_to) == ("市属企业利润增速", "高于", "全省平均")
    (n,) = _of_text("制造业投资增速高于全国2.1个百分点。")
    assert (n.subject, n.qualifier, n.compared_to) == ("制造业投资增速", "高于", "全国")


def test_a_bare_total_or_rate_measures_the_things_of_the_figure_before() -> None:
    new, total = _of_text("新增省级文明村镇36个、总数达到180个。")
    assert (new.subject, total.subject) == ("新增省级文明村镇", "省级文明村镇")
    _area, output = _of_text("油菜种植面积120万亩、总产量18亿斤。")
    assert output.subject == "油菜总产量"
    _insured, rate = _of_text("新增医疗保险参保人数80万人，参保率达96%。")
    assert rate.subject == "医疗保险参保率"


def test_words_opening_with_a_coordinator_or_gong_keep_it() -> None:
    (village,) = _of_text("和美乡村覆盖率达60%。")
    assert village.subject == "和美乡村覆盖率"
    (pooled,) = _of_text("家庭共济金额12.5亿元。")
    assert pooled.subject == "家庭共济金额"


def test_a_one_word_first_conjunct_shares_what_follows_the_last_ones_first_word() -> None:
    items = _of_text("城镇和农村居民人均消费支出分别增长4%、6%。")
    assert [q.subject for q in items] == ["城镇居民人均消费支出", "农村居民人均消费支出"]
    items = _of_text("城市、县城绿化覆盖面积分别提高3%、5%。")
    assert [q.subject for q in items] == ["城市绿化覆盖面积", "县城绿化覆盖面积"]


def test_names_listed_before_a_count_are_examples_of_the_counted_noun() -> None:
    (towns,) = _of_text("新增甲镇、乙镇、丙镇3个千亿镇。")
    assert (towns.subject, towns.qualifier) == ("新增千亿镇", "新增")
    (parks,) = _of_text("长沙、株洲、湘潭3家高新区位列全国前列。")
    assert parks.subject == "高新区"
    (sites,) = _of_text("新增东山、西岭2家5A级景区。")
    assert sites.subject == "新增5A级景区"
    (cities,) = _of_text("新增甲市、乙市2个过五千亿元城市。")
    assert (cities.value, cities.unit, cities.subject) == (2.0, "个", "新增过五千亿元城市")


def test_paired_word_members_depend_on_the_thing_named() -> None:
    items = _of_text("城乡低保平均标准分别提高12%、20%。城乡居民人均可支配收入分别增长4%、6%。")
    assert [q.subject for q in items] == [
        "城市低保平均标准",
        "农村低保平均标准",
        "城镇居民人均可支配收入",
        "农村居民人均可支配收入",
    ]


def test_milestones_crossed_are_no_quantities_and_leave_their_noun() -> None:
    items = _of_text("全省生产总值连续跨越5万亿、6万亿两个大台阶，年均增长5.2%。")
    assert [(q.value, q.subject, q.qualifier) for q in items] == [(5.2, "生产总值", "年均增长")]


def test_starting_works_frames_the_counted_object() -> None:
    (item,) = _of_text("开工改造城镇老旧小区300个。")
    assert item.subject == "改造城镇老旧小区"


def test_a_bare_noun_listed_after_a_figure_shares_its_opening() -> None:
    items = _of_text(
        "改造棚户区6.72万套、城镇老旧小区594个。累计创建绿色工厂98个、绿色园区12个。"
        "接待国内游客4.1亿人次、入境游客96万人次，分别增长6.7%、9.6%。"
        "省属企业完成产业类投资53.1亿元、研发投入13.5亿元。"
    )
    assert [(q.subject, q.qualifier) for q in items] == [
        ("改造棚户区", None),
        ("改造城镇老旧小区", None),
        ("绿色工厂", "累计"),
        ("绿色园区", "累计"),
        ("接待国内游客", None),
        ("接待入境游客", None),
        ("接待国内游客", "增长"),
        ("接待入境游客", "增长"),
        ("省属企业产业类投资", None),
        ("省属企业研发投入", None),
    ]


def test_a_framing_verb_of_its_own_keeps_a_listed_figure_apart() -> None:
    items = _of_text("累计投入援助资金16.1亿元、实施项目796个。发放高龄补贴3亿元、残疾人补贴1.4亿元。")
    assert [(q.subject, q.qualifier) for q in items] == [
        ("援助资金", "累计"),
        ("项目", None),
        ("发放高龄补贴", None),
        ("残疾人补贴", None),
    ]


def test_fenbie_between_nianjun_and_the_change_word_keeps_them_one_qualifier() -> None:
    items = _of_text("有色冶金、装备制造产业增加值年均分别增长7.8%、9.9%。")
    assert [(q.subject, q.qualifier) for q in items] == [
        ("有色冶金产业增加值", "年均增长"),
        ("装备制造产业增加值", "年均增长"),
    ]


def test_counters_with_their_次_heads_plants_per_day_and_bracketed_alternatives_stay_in_the_unit() -> None:
    items = _of_text(
        "全年抽检蔬菜4200批次，港口接待邮轮1.2万艘次，存栏奶牛52万头，种植苗木800万株，"
        "污水处理能力达到12.5万吨/日，建成口袋公园35个（处），出入境车辆310万辆（艘、架）次。"
    )
    assert [q.unit for q in items] == [
        "批次",
        "万艘次",
        "万头",
        "万株",
        "万吨/日",
        "个（处）",
        "万辆（艘、架）次",
    ]
    assert [q.subject for q in items][:4] == ["抽检蔬菜", "港口接待邮轮", "存栏奶牛", "种植苗木"]
    assert items[5].subject == "口袋公园"


def test_a_counted_noun_ends_before_what_happens_to_it() -> None:
    items = _of_text(
        "实现640所初级中学全覆盖，7位专家增选为工程院院士，120项市级事项由区县实施，"
        "15个老旧街区（厂区）改造完成，6所高校11个学科进入前列，3000名留守儿童免费体检。"
    )
    subjects = {q.value: q.subject for q in items}
    assert subjects[640] == "初级中学"
    assert subjects[7] == "专家"
    assert subjects[120] == "市级事项"
    assert subjects[15] == "老旧街区（厂区）"
    assert subjects[6] == "高校"
    assert subjects[3000] == "留守儿童"
    (project,) = _of_text("开工建设320个卫生体系补短板工程。")
    assert project.subject == "卫生体系补短板工程"


def test_handing_out_and_coping_verbs_and_examples_before_等_are_not_the_counted_noun() -> None:
    items = _of_text("兑现稳岗补贴12亿元，投用换电站300座，成功应对15轮台风，做优做强4个产业集群。")
    assert [q.subject for q in items] == ["稳岗补贴", "换电站", "台风", "产业集群"]
    (youth,) = _of_text("引导超3万名退役军人等青年到山区地区就业。")
    assert (youth.subject, youth.qualifier) == ("青年", "超")


def test_new_words_with_a_bracket_or_a_longer_verb_qualify_and_work_over_an_extent_is_the_subject() -> None:
    items = _of_text("新（改）建乡村道路800公里，新入选国家级专精特新企业35家，新建设8个社区食堂。")
    assert [q.qualifier for q in items] == ["新（改）建", "新入选", "新建设"]
    (forest,) = _of_text("完成退化林修复提升80万亩。")
    assert (forest.subject, forest.qualifier) == ("退化林修复提升", None)
    (income,) = _of_text("职工收入提升5%。")
    assert (income.subject, income.qualifier) == ("职工收入", "提升")


def test_a_count_after_包括_or_listed_examples_is_a_quantity_and_bounds_naming_a_class_are_not() -> None:
    items = _of_text("新开工水利项目40个，包括甲水库、乙灌区、丙引水3个工程。")
    assert [(q.value, q.unit) for q in items] == [(40, "个"), (3, "个")]
    (projects,) = _of_text("推进甲专项、乙专项、丙专项等3个重大科技专项。")
    assert (projects.value, projects.unit, projects.subject) == (3, "个", "重大科技专项")
    (listed,) = _of_text("新增甲区、乙区、丙区3个国家级开发区。")
    assert listed.value == 3
    assert _of_text("某县成为生产总值超千亿元县。") == ()
    items = _of_text("全省产品占比超过10%的有44种。")
    assert [q.value for q in items] == [44]


def test_a_share_of_the_whole_measures_the_share_and_arabic_tenths_and_pairs_are_units() -> None:
    items = _of_text("稀土产量增长12%、占全国6成，风电装机占全国18.5%，友好城市达到86对。")
    assert [(q.subject, q.value, q.unit, q.qualifier) for q in items] == [
        ("稀土产量", 12.0, "%", "增长"),
        ("稀土产量占全国比重", 6.0, "成", None),
        ("风电装机占全国比重", 18.5, "%", None),
        ("友好城市", 86.0, "对", "达到"),
    ]


def test_实现_only_links_a_total_to_its_amount() -> None:
    (total,) = _of_text("全市旅游总收入实现820亿元。")
    assert (total.subject, total.qualifier) == ("旅游总收入", None)
    assert _of_text("城区之间基本实现半小时通达，主要景区实现1小时到达。") == ()


def test_a_bound_after_the_last_number_of_a_分别_list_bounds_every_number() -> None:
    items = _of_text("小麦、玉米、大豆产量分别达300万吨、200万吨、15万吨以上。")
    assert [(q.subject, q.qualifier) for q in items] == [
        ("小麦产量", "以上"),
        ("玉米产量", "以上"),
        ("大豆产量", "以上"),
    ]
    items = _of_text("工业、农业产值分别增长5%、6%，利润增长3%以上。")
    assert [q.qualifier for q in items] == ["增长", "增长", "以上"]


def test_a_standard_or_a_kind_of_call_after_the_last_conjunct_is_shared() -> None:
    items = _of_text("城市低保、特困供养标准分别提高5%、8%。")
    assert [q.subject for q in items] == ["城市低保标准", "特困供养标准"]
    items = _of_text("盗窃、涉诈警情分别下降12%、20%。")
    assert [q.subject for q in items] == ["盗窃警情", "涉诈警情"]


def test_分别_spreads_over_pieces_opening_with_新增_and_a_share_is_no_count_of_new_things() -> None:
    items = _of_text("产业基金、新增用地、新增能耗支持重点项目比重分别为90%、80%、70%。")
    assert [(q.subject, q.qualifier) for q in items] == [
        ("产业基金支持重点项目比重", None),
        ("新增用地支持重点项目比重", None),
        ("新增能耗支持重点项目比重", None),
    ]
    (count,) = _of_text("新增经营主体37万户。")
    assert count.qualifier == "新增"


def test_an_agent_handing_out_or_setting_up_the_things_measured_is_no_part_of_the_subject() -> None:
    (loans,) = _of_text("商业银行发放小微企业首贷500亿元。")
    assert loans.subject == "小微企业首贷"
    (groups,) = _of_text("骨干企业牵头组建产业联盟12个。")
    assert groups.subject == "产业联盟"
    (coupons,) = _of_text("市区联动发放“惠民”消费券超3亿元。")
    assert (coupons.subject, coupons.qualifier) == ("“惠民”消费券", "超")


def test_a_counted_noun_keeps_its_listed_members_compounds_and_nominal_modifier() -> None:
    (spaces,) = _of_text("推动30个学校、医院附属场地对社会开放。")
    assert spaces.subject == "学校、医院附属场地"
    (cities,) = _of_text("全省12个地级以上市全部达标。")
    assert cities.subject == "地级以上市"
    (projects,) = _of_text("启动7个区域医疗中心建设项目。")
    assert projects.subject == "区域医疗中心建设项目"
    (goods,) = _of_text("国家统计口径的88种工业产品中，产量全部增长。")
    assert goods.subject == "国家统计口径的工业产品"
    first, second = _of_text("来自60个国家和地区的约3000名选手参赛。")
    assert (first.subject, second.subject) == ("国家和地区", "选手参赛")


def test_an_owner_before_a_count_of_verbal_nouns_owns_them() -> None:
    (tasks,) = _of_text("示范区86项改革试验任务全面实施。")
    assert tasks.subject == "示范区改革试验任务"


def test_qualifiers_around_a_count_of_work_done() -> None:
    (parks,) = _of_text("累计实施数字化改造项目1.2万个。")
    assert (parks.subject, parks.qualifier) == ("数字化改造项目", "累计")
    (fairs,) = _of_text("连续举办5届国际茶博会。")
    assert (fairs.subject, fairs.qualifier) == ("国际茶博会", "连续")
    (estates,) = _of_text("新开工改造300个城中村。")
    assert (estates.subject, estates.qualifier) == ("新开工改造城中村", "新开工")
    (deals,) = _of_text("新签和升级3个投资协定。")
    assert (deals.subject, deals.qualifier) == ("新签和升级投资协定", "新签")
    (towns,) = _of_text("整合提升20个特色小镇。")
    assert (towns.subject, towns.qualifier) == ("特色小镇", None)


def test_qualifier_words_joined_or_next_to_the_figure() -> None:
    (prices,) = _of_text("商品房价格年均上涨3.5%。")
    assert prices.qualifier == "年均上涨"
    (length,) = _of_text("高速公路里程从3000多公里增加到近6000公里。")
    assert (length.value, length.qualifier) == (6000.0, "近")
    _, growth = _of_text("专利拥有量达到12.5件、增长3倍多。")
    assert (growth.value, growth.unit, growth.qualifier) == (3.0, "倍", "多")


def test_yue_closing_a_word_is_no_approximation() -> None:
    (signed,) = _of_text("招商项目签约800亿元。")
    assert (signed.value, signed.qualifier) == (800.0, None)
    (about,) = _of_text("完成投资约300亿元。")
    assert about.qualifier == "约"


def test_cut_word_before_a_share_list_qualifies_every_item() -> None:
    got = _of_text("一、总体\n审批改革推进，平均压缩环节40%、证明30%；资金压减12亿元。\n")
    rows = [(q.subject, q.value, q.qualifier) for q in got]
    assert ("环节", 40.0, "压缩") in rows
    assert ("证明", 30.0, "压缩") in rows


def test_scope_before_an_average_cut_is_each_items() -> None:
    got = _of_text("一、总体\n改革深化，涉企事项办理平均减时间60%、减材料45%，成效明显。\n")
    rows = [(q.subject, q.value, q.qualifier) for q in got]
    assert rows == [("涉企事项办理时间", 60.0, "减"), ("涉企事项办理材料", 45.0, "减")]


def test_place_facility_before_a_respectively_list_scopes_every_item() -> None:
    got = _of_text("一、总体\n广州机场航空旅客和货邮吞吐量分别达到8000万人次、200万吨。\n")
    assert [q.subject for q in got] == ["广州机场航空旅客吞吐量", "广州机场货邮吞吐量"]


def test_noun_after_a_count_before_an_action_belongs_to_the_count() -> None:
    got = _of_text("一、总体\n为3.2万名务工人员追回工资4.5亿元。\n")
    assert [(q.subject, q.value) for q in got][-1] == ("追回工资", 4.5)


def test_measure_of_counted_things_keeps_its_owner() -> None:
    got = _of_text("一、总体\n120个地表水国考断面水质优良率达98%。\n")
    assert [q.subject for q in got if q.unit == "%"] == ["地表水国考断面水质优良率"]


def test_multiword_first_conjunct_does_not_borrow_the_last_ones_noun() -> None:
    got = _of_text("一、总体\n友好城市和外国驻省领事馆分别增至120对和30家。\n")
    assert [q.subject for q in got] == ["友好城市", "外国驻省领事馆"]


def test_framing_verb_joined_to_a_work_verb_stays_in_the_subject() -> None:
    got = _of_text("一、总体\n建设改造城市燃气管网1500公里。\n")
    assert [q.subject for q in got] == ["建设改造城市燃气管网"]


def test_count_closing_the_last_conjunct_counts_each() -> None:
    got = _of_text("一、总体\n盗窃案件、诈骗案件、火灾数分别下降12.5%、8.4%、3.1%。\n")
    assert [q.subject for q in got] == ["盗窃案件数", "诈骗案件数", "火灾数"]


def test_qi_counts_events_but_not_a_start_date() -> None:
    got = _of_text("一、总体\n成功处置险情80余起。自2026年起施行。\n")
    assert [(q.subject, q.value, q.unit, q.qualifier) for q in got] == [("成功处置险情", 80.0, "起", "余")]


def test_round_amount_after_chaoguo_and_baochizai() -> None:
    got = _of_text("一、总体\n各类扶持小微的专项贷款规模已超过万亿元，外贸进出口保持在千亿元以上。\n")
    rows = [(q.subject, q.value, q.unit, q.qualifier) for q in got]
    assert rows == [("扶持小微的专项贷款规模", 1.0, "万亿元", "超过"), ("外贸进出口", 1000.0, "亿元", "以上")]


@pytest.mark.parametrize("text", ["新增就业一万多人。", "新增就业1万多人。"])
def test_more_after_a_numeral_amount_reads_alike_in_both_scripts(text: str) -> None:
    assert [(q.subject, q.value, q.unit, q.qualifier) for q in _of_text(text)] == [
        ("新增就业", 1.0, "万人", "多")
    ]


def test_a_year_in_chinese_digits_is_no_amount_but_years_counted_are() -> None:
    # 二〇三五年 after 达到 is a date; 两年 after 缩短 is a length of time
    assert _of_text("基本达到二〇三五年远景目标要求。") == ()
    assert [(q.value, q.unit, q.qualifier) for q in _of_text("建设周期缩短两年。")] == [(2.0, "年", "缩短")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a range whose multiplier, or 多/余, is printed only at its upper end applies to both ends
        ("建成5-8万亿元产业。", [(5.0, 8.0, "万亿元", 5e12, None)]),
        ("人口增长5-8万余人。", [(5.0, 8.0, "万人", 5e4, "余")]),
        ("人口增长5-8多万人。", [(5.0, 8.0, "万人", 5e4, "多")]),
        # an upper end that looks like a year is still a count when the unit is no 年
        ("新建充电桩1000-2000个。", [(1000.0, 2000.0, "个", 1000.0, "新建")]),
        # two differently measured numbers are no range: the first stands alone, and what follows
        # the second unit is not its post-qualifier
        ("产量达到5吨-8公斤以上。", [(5.0, None, "吨", 5.0, "达到")]),
        # 多 after a Chinese numeral before its counter
        ("人均预期寿命提高三十多岁。", [(30.0, None, "岁", 30.0, "多")]),
        # a letter after the unit belongs to the next word (A级), not to the number
        ("新增5家A级旅游景区。", [(5.0, None, "家", 5.0, "新增")]),
        # 每10万人口 is the denominator of a rate, no amount
        ("每10万人口拥有床位达到60张。", [(60.0, None, "张", 60.0, "达到")]),
        # 从A到B in figures: B is the figure
        ("研发投入强度从2.5%到3%。", [(3.0, None, "%", 3.0, None)]),
        # a rank at the very start of the text is still a rank
        ("进入全国前10名。", []),
        # 多/余 after a multiple, a 万 with a + after it
        ("研发投入增长2倍多。", [(2.0, None, "倍", 2.0, "多")]),
        ("出口增长3倍余。", [(3.0, None, "倍", 3.0, "余")]),
        # a post-qualifier after 倍多 is still read; 多 after other units is no part of the figure
        ("出口增长2倍多以上。", [(2.0, None, "倍", 2.0, "以上")]),
        ("人均预期寿命提高1岁多。", [(1.0, None, "岁", 1.0, "提高")]),
        ("注册用户达到50万+。", [(50.0, None, "万", 5e5, "达到")]),
        # anniversaries, 第N of anything but an achievement, N年来 and N年 programmes are no amounts
        ("庆祝建党100周年。", []),
        ("启动第3个五年计划。", []),
        ("3年来，新增企业500家。", [(500.0, None, "家", 500.0, "新增")]),
        ("实施3年行动，新增企业500家。", [(500.0, None, "家", 500.0, "新增")]),
        # N次 before an action verb counts the actions without a quantity verb
        ("连续3次降低存款准备金率。", [(3.0, None, "次", 3.0, "连续")]),
        ("全年3次下调存款准备金率。", [(3.0, None, "次", 3.0, None)]),
    ],
)
def test_number_shapes_read_from_the_text(text: str, expected: list[tuple[object, ...]]) -> None:
    assert [(q.value, q.value_max, q.unit, q.base_value, q.qualifier) for q in _of_text(text)] == expected


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("增长1.5%", [2]),  # the digits after a decimal point are no number of their own
        ("1.5%", [0]),  # at the very start too
        ("1,234家", [0]),  # and a thousands group at the very start
        ("1,234家和2个", [0, 7]),  # a later number with a digit of the group still starts
        ("延长三个月", [2]),  # a Chinese numeral before 个月 starts where the numeral does
        ("建设万人规模", []),  # a bare 万 after an ordinary word starts nothing
        ("带动社会投资超千亿元", [7]),  # after 超 a round amount starts without its 一
    ],
)
def test_number_starts_of_decimals_numerals_and_round_amounts(text: str, starts: list[int]) -> None:
    assert number_starts(text) == starts


def test_a_count_of_actions_measures_the_action() -> None:
    # N次 before an action verb: what was done N times is the subject, whatever stands before
    (q,) = _of_text("全年3次下调存款准备金率。")
    assert (q.subject, q.value, q.unit) == ("下调存款准备金率", 3.0, "次")


def test_a_number_with_digit_groups_keeps_its_whole_clause() -> None:
    # a comma of a digit group (half- or full-width) is no clause break; a comma between amounts is
    text = (
        "一、目标\n到2030年，规模以上工业企业达到1,234家，地区生产总值达到12，345.6亿元，分别增长5%，6%。\n"
    )
    found = {q.text: q for q in _of_text(text)}
    assert found["规模以上工业企业达到1,234家"].value == 1234
    assert found["地区生产总值达到12，345.6亿元"].value == 12345.6
    assert found["规模以上工业企业达到1,234家"].subject == "规模以上工业企业"
    assert {"分别增长5%", "6%"} <= set(found)
