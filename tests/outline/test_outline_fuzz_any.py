"""Fuzzing outline: any text, of any characters and any length up to a large plan's, gives a
well-formed outline (or a PlanWatchError), in bounded time; the numeral and marker parsers take any
string (see tests/fuzzing.py for the example count and the bound per input)."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from fuzzing import bounded, fuzz_settings
from planwatch.model import Document, PlanWatchError
from planwatch.outline import fold, parse_outline
from planwatch.outline.numerals import cn_to_int
from planwatch.outline.schemes import match_marker

# What numbering is made of, in both widths, so generated text hits the schemes' patterns often.
LABELS = st.sampled_from(
    ["一、", "十四、", "（一）", "(一)", "（12）", "(3)", "1.", "１．", "2、", "①", "第一章", "第十二节",
     "第三篇", "专栏", "专栏5", "——", "第", "章", "节", "篇", "、", "（", "）", "(", ")", ".", "。", "；",
     "！", "？", "\n", "\r\n", "\n\n", "\u3000", " ", "\t", "\u2028", "\x0c", "“", "”", "…", "²", "١",
     "〇", "零", "百", "千", "两", "推进", "建设", "3.5%", "2030年"]
)  # fmt: skip
PIECES = st.one_of(LABELS, st.text(max_size=8))


def check(text: str) -> None:
    doc = Document(text=text, source="fuzz", sha256="", format="txt", size=len(text), blocks=())
    with bounded():
        try:
            outline = parse_outline(doc)
        except PlanWatchError as exc:
            assert exc.message.strip()
            return
    assert len(outline.folded) == len(text)
    nodes = {n.id: n for n in outline.nodes}
    assert len(nodes) == len(outline.nodes)
    for n in outline.nodes:
        assert 0 <= n.start <= n.end <= len(text)
    for s in outline.sentences:
        assert s.node in nodes and 0 <= s.start < s.end <= len(text)


@fuzz_settings
@given(st.text(max_size=3000))
@example("")
@example("\r")
@example("第一章\r第二章\r\n（一）")
@example("²、")
def test_any_text(text: str) -> None:
    check(text)


@fuzz_settings
@given(st.lists(PIECES, max_size=400))
def test_numbering_soup(pieces: list[str]) -> None:
    check("".join(pieces))


@fuzz_settings
@given(st.lists(PIECES, min_size=1, max_size=12), st.integers(50, 2500))
def test_long_repetitive_text(unit: list[str], times: int) -> None:
    # Repetition is what makes a backtracking pattern or a quadratic step show: up to ~100k chars.
    check("".join(unit) * times)


@fuzz_settings
@given(st.text(max_size=50))
@example("²")
@example("³十")
@example("١٢")
def test_numerals_and_markers_take_any_string(text: str) -> None:
    value = cn_to_int(text)
    assert value is None or (isinstance(value, int) and value >= 0)
    marker = match_marker(fold(text).lstrip())
    if marker is not None:
        assert 0 <= marker.label_end <= marker.title_start <= len(text)
