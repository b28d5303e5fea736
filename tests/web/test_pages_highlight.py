"""The reader's HTML builder: escaped text, well-nested elements whatever the spans, unique ids."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.web.highlight import ITEM, PARAGRAPH, SENTENCE, Span, paragraphs, render

VOID = frozenset({"br", "img", "input"})


class Checker(HTMLParser):
    """Collects the text and checks that every end tag closes the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.ids: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in VOID:
            self.stack.append(tag)
        self.ids += [v or "" for k, v in attrs if k == "id"]

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check(html: str) -> Checker:
    c = Checker()
    c.feed(html)
    c.close()
    assert not c.stack, f"left open: {c.stack}"
    assert len(c.ids) == len(set(c.ids)), "duplicate ids"
    return c


def mark(start: int, end: int, ident: str) -> Span:
    return Span(start, end, "mark", ITEM, {"class": "hl", "id": ident}, {"class": "hl"})


def test_text_is_escaped_and_kept_whole() -> None:
    text = "甲<script>alert(1)</script>乙&amp;\"'"
    html = render(text, [mark(0, 1, "q-0")])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "".join(check(html).text) == text


def test_attribute_values_are_escaped() -> None:
    html = render("abc", [Span(0, 3, "mark", ITEM, {"title": '"><script>x</script>'})])
    assert "<script>" not in html
    check(html)


def test_overlapping_items_are_split_not_crossed() -> None:
    text = "研发投入强度达3%"
    html = render(text, [mark(0, 6, "a"), mark(4, 9, "b")])
    c = check(html)
    assert "".join(c.text) == text
    assert c.ids == ["a", "b"]  # the piece of "b" after the split has no id
    assert c.tags.count("mark") == 3


def test_an_item_crossing_a_paragraph_is_cut_at_the_line() -> None:
    text = "第一行\n第二行"
    spans = [*paragraphs(text), mark(1, 6, "x")]
    c = check(render(text, spans))
    assert "".join(c.text) == text
    assert c.tags.count("p") == 2


def test_anchors_go_before_items_starting_with_them() -> None:
    html = render("ab", [mark(1, 2, "q-1")], [(1, "s-1")])
    assert html.index('id="s-1"') < html.index('id="q-1"')
    check(html)


spans_strategy = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 30), st.sampled_from([PARAGRAPH, SENTENCE, ITEM])),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="甲乙丙<>&\n\"'", max_size=30), spans_strategy, st.lists(st.integers(0, 30), max_size=5)
)
def test_any_spans_give_well_formed_html(
    text: str, raw: list[tuple[int, int, int]], points: list[int]
) -> None:
    tags = {PARAGRAPH: "p", SENTENCE: "span", ITEM: "mark"}
    spans = [Span(a, b, tags[layer], layer, {"id": f"i{k}"}, {}) for k, (a, b, layer) in enumerate(raw)]
    anchors = [(p, f"s-{p}") for p in sorted(set(points))]
    c = check(render(text, spans, anchors))
    assert "".join(c.text) == text
