"""Chinese numerals at their edges (extract/numbers_zh.py): sections split at 亿 and 万 with 零 gaps,
bare multipliers, decimals with 点, digit-by-digit years and what is not a number. Every value is
worked out by hand from the numeral (万 = 10⁴, 亿 = 10⁸); the cases come from mutation testing
(bench/mutation.py): each one fails on a small change to the code that other tests let pass."""

from __future__ import annotations

import pytest

from planwatch.extract.numbers_zh import cn_amount, cn_integer, is_digit_run_year, parse_number
from planwatch.extract.pipeline import Context
from planwatch.extract.quantities import extract_quantities
from planwatch.ingest import read_bytes
from planwatch.outline import fold, parse_outline


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("万", 10_000),  # a bare multiplier counts one of it
        ("一万", 10_000),
        ("十", 10),
        ("二十亿", 2_000_000_000),  # 20 × 10⁸
        ("两亿零五", 200_000_005),  # 2 × 10⁸ + 5: 零 marks the gap
        ("一亿零", 100_000_000),  # a trailing 零 adds nothing
        ("一亿两千万", 120_000_000),  # 1 × 10⁸ + 2000 × 10⁴
        ("三千万亿", 3_000_000_000_000_000),  # 3000 × 10⁴ × 10⁸
        ("一二九", 129),  # bare digits read one by one
        ("二五", 25),  # two of them too
        ("一万万", 100_000_000),  # split at the last 万: (1 × 10⁴) × 10⁴, not 10⁴ + 10⁴
        ("2030", 2030),
        ("", None),
        ("x亿", None),
        ("一亿x", None),
        ("大连", None),
        ("3万", None),  # Chinese numerals only: 3万 is a figure with the multiplier 万, read elsewhere
    ],
)
def test_cn_integer(numeral: str, value: int | None) -> None:
    assert cn_integer(numeral) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12.0),
        ("2,825", 2825.0),
        ("十点二五", 10.25),
        ("一千零五十", 1050.0),
        ("", None),
        ("3.2.1", None),
        ("三点", None),  # 点 with nothing after it
        ("三点五x", None),
        ("x", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("numeral", "amount"),
    [
        ("五千", (5000.0, None)),
        ("万", (1.0, "万")),
        ("十亿", (10.0, "亿")),
        ("二十万亿", (20.0, "万亿")),
        ("一亿零五百万", (10500.0, "万")),  # 1 × 10⁸ + 500 × 10⁴ = 10500 × 10⁴
        ("一万万", (100_000_000.0, None)),  # 万万 is no 万 multiplier: the whole 10⁸
        ("大", None),
    ],
)
def test_cn_amount(numeral: str, amount: tuple[float, str | None] | None) -> None:
    assert cn_amount(numeral) == amount


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("1000", True),
        ("2999", True),
        ("二〇三五", True),
        ("0999", False),
        ("3000", False),
        ("二〇三", False),  # three digits
        ("二〇三十", False),  # 十 is a positional unit, not a digit
        ("203a", False),
    ],
)
def test_is_digit_run_year(text: str, year: bool) -> None:
    assert is_digit_run_year(text) is year


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("全市投资达到1,234亿元。", [(1234.0, "亿元")]),  # a comma before three digits groups thousands
        ("新增企业12,345家。", [(12345.0, "家")]),
        ("累计1,23个。", [(23.0, "个")]),  # two digits after the comma: no thousands group
        ("第4，21个项目开工。", [(21.0, "个")]),  # a clause comma between an ordinal and a count
    ],
)
def test_thousands_separators_in_running_text(text: str, values: list[tuple[float, str]]) -> None:
    document = read_bytes(text.encode("utf-8"), "doc.txt")
    outline = parse_outline(document)
    found = extract_quantities(Context(document, fold(document.text), outline.nodes, outline.sentences))
    assert [(q.value, q.unit) for q in found] == values
