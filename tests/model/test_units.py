"""The units table (data/units.yaml): every unit the extractor reads or emits has a family, the
conversions are the ones checked by hand, and a malformed table is refused with file and line."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from planwatch.extract import quantity_rules as R
from planwatch.extract.pipeline import Context
from planwatch.extract.quantities import extract_quantities
from planwatch.ingest import read_bytes
from planwatch.model import InputError
from planwatch.model.units import parse_units, unit_table
from planwatch.outline import fold, parse_outline
from strict import missing

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def _words(pattern: str) -> set[str]:
    """The plain words of a regex alternation (``个百分点|倍|年``)."""
    return {re.sub(r"\(\?![^)]*\)", "", p).replace("\\", "") for p in pattern.split("|")}


def test_every_unit_the_extractor_reads_is_in_the_table_with_a_family() -> None:
    table = unit_table()
    assert "|".join(table.read_patterns()) == R.UNIT
    named = (
        R.CLASSIFIERS
        | R.COUNTED_UNITS
        | R.SHARE_UNITS
        | R.WORK_UNITS
        | R.SPAN_UNITS
        | R.RANK_UNITS
        | _words(R.CN_UNIT)
    )
    for unit in sorted(named):
        found = table.get(unit)
        assert found is not None, f"{unit} is named by the extractor's rules but missing from units.yaml"
        assert found.read, unit
        assert found.family in table.families


def _corpus_files() -> list[Path]:
    files = sorted(CORPUS.glob("*.txt"))
    if not files:
        missing(f"shared corpus not found: {CORPUS}")
    return files


def test_every_unit_extracted_from_the_corpus_has_a_family() -> None:
    table = unit_table()
    multipliers = {m for m, _ in table.multipliers}
    seen: set[str] = set()
    for path in _corpus_files():
        document = read_bytes(path.read_bytes(), path.name)
        outline = parse_outline(document)
        context = Context(document, fold(document.text), outline.nodes, outline.sentences)
        seen.update(fold(q.unit) for q in extract_quantities(context))
    assert len(seen) > 30  # the corpus uses many units: the check is not vacuous
    # a bare multiplier (14亿多) is a plain number, not a unit
    orphans = sorted(u for u in seen if u and u not in multipliers and table.family_of(u) is None)
    assert orphans == []


@pytest.mark.parametrize(
    ("one", "equals", "other"),
    [
        ("亿元", 10000, "万元"),
        ("万亿元", 10000, "亿元"),
        ("平方公里", 100, "公顷"),
        ("平方千米", 1, "平方公里"),
        ("公顷", 15, "亩"),
        ("吨", 2000, "斤"),
        ("公斤", 1, "千克"),
        ("万吨", 10000000, "千克"),
        ("兆瓦", 1000, "千瓦"),
        ("亿千瓦时", 10000, "万千瓦时"),
        ("百亿亿次", 100, "亿亿次"),
        ("亿亿次", 10, "P"),
        ("毫克/立方米", 1000, "微克/立方米"),
        ("小时", 60, "分钟"),
        ("万人", 10000, "人"),
        ("百分点", 1, "个百分点"),
        ("百分比", 1, "%"),
        ("千米", 1, "公里"),
    ],
)
def test_conversions_agree_with_figures_checked_by_hand(one: str, equals: float, other: str) -> None:
    table = unit_table()
    base_one, factor_one = table.measure(one)
    base_other, factor_other = table.measure(other)
    assert base_one == base_other
    assert math.isclose(factor_one / factor_other, equals, rel_tol=1e-12)


@pytest.mark.parametrize(
    ("a", "b"),
    [("元", "美元"), ("人", "人次"), ("家", "个"), ("%", "个百分点"), ("户", "人"), ("吨", "吨标准煤")],
)
def test_different_things_do_not_convert(a: str, b: str) -> None:
    table = unit_table()
    assert table.measure(a)[0] != table.measure(b)[0]


def test_families_and_percent_units() -> None:
    table = unit_table()
    assert table.family_of("万元/人") == "per_capita"
    assert table.family_of("条（个）") == "count"
    assert table.family_of("万辆（艘、架、列）次") == "count"
    assert table.family_of("万台套") is None
    for unit in ("%", "％", "个百分点", "百分点", "百分比", "%（百分点）"):
        assert table.is_percent(unit), unit
    for unit in ("‰", "亿元", "倍", "成", ""):
        assert not table.is_percent(unit), unit
    assert table.measure("万") == ("", 10000)
    assert table.measure("万台套") == ("万台套", 1)


_GOOD = """\
families: [money, area]
multipliers: {万: 10000}
units:
  - {unit: 元, family: money}
  - {unit: 平方米, family: area}
  - {unit: 亩, family: area, base: 平方米, factor: 10000/15}
"""


def test_a_small_table_reads() -> None:
    table = parse_units(_GOOD, "my.yaml")
    assert [u.unit for u in table.units] == ["元", "平方米", "亩"]
    assert table.measure("万亩") == ("平方米", pytest.approx(10000 * 10000 / 15))
    assert table.get("亩") is not None and table.get("亩").line == 6  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (_GOOD + "  - {unit: 元, family: money}\n", 7, "单位“元”重复（第4行已有）"),
        (_GOOD + "  - {unit: 吨, family: mass}\n", 7, "类别“mass”不在 families 中"),
        (
            _GOOD + "  - {unit: 公顷, family: area, base: 公亩, factor: 100}\n",
            7,
            "换算基准“公亩”不在单位表中",
        ),
        (_GOOD + "  - {unit: 分, family: area, base: 亩, factor: 0.1}\n", 7, "本身不是基准单位"),
        (_GOOD + "  - {unit: 角, family: area, base: 元, factor: 0.1}\n", 7, "类别不同"),
        (_GOOD + "  - {unit: 公顷, family: area, base: 平方米, factor: -1}\n", 7, "应为正数或分数"),
        (_GOOD + "  - {unit: 公顷, family: area, base: 平方米, factor: 1/0}\n", 7, "应为正数或分数"),
        (_GOOD + "  - {unit: 公顷, family: area, factor: 10000}\n", 7, "没有 base"),
        (_GOOD + "  - {unit: 公顷, family: area, colour: red}\n", 7, "未知字段“colour”"),
        (_GOOD + "  - {unit: 公顷}\n", 7, "缺少必填字段“family”"),
        (_GOOD + "  - {unit: 2024, family: area}\n", 7, "应为一段文字"),
        (_GOOD + "  - {unit: 人, family: money, not_before: '口]['}\n", 7, "不是有效的字符类"),
        (_GOOD + "  - {unit: 人, family: money, read: maybe}\n", 7, "应为 true 或 false"),
        (_GOOD.replace("multipliers: {万: 10000}", "multipliers: {万: lots}"), 2, "“lots”应为正数或分数"),
        (_GOOD + "  - [unclosed\n", 8, "YAML 格式错误"),  # where the parser gave up …
        (_GOOD + "  - [unclosed\n", 8, "（始于第7行）"),  # … and where the bracket opened
        ("families: [money]\nunits: []\n", 1, "缺少必填字段“multipliers”"),
    ],
)
def test_a_malformed_table_is_refused_with_file_line_and_reason(text: str, line: int, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_units(text, "my.yaml")
    assert info.value.where is not None
    assert info.value.where.startswith(f"my.yaml，第{line}行"), info.value.where
    assert message in str(info.value)
