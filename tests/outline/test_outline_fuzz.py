"""Any text gives a well-formed outline: spans in bounds, sentences ordered and inside their node."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.model import Document
from planwatch.outline import fold, parse_outline

PIECES = st.sampled_from(
    [
        "一、",
        "二、",
        "（一）",
        "(2)",
        "(1)",
        "1.",
        "2、",
        "第一章",
        "第二节",
        "专栏3",
        "——",
        "。",
        "；",
        "！",
        "\n",
        "\n\n",
        "　",
        " ",
        "发展",
        "推进改革",
        "3.5%",
        "“",
        "”",
        "各位代表！",
        "让我们",
        "第十篇",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=60))
def test_any_text_gives_a_consistent_outline(pieces: list[str]) -> None:
    text = "".join(pieces).replace("\r", "\n")
    doc = Document(text=text, source="x", sha256="", format="txt", size=len(text), blocks=())
    outline = parse_outline(doc)
    ids = [n.id for n in outline.nodes]
    assert len(ids) == len(set(ids))
    nodes = {n.id: n for n in outline.nodes}
    for n in outline.nodes:
        assert 0 <= n.start <= n.end <= len(text)
        if n.parent is not None:
            parent = nodes[n.parent]
            assert parent.start <= n.start and n.end <= parent.end
    prev = 0
    for s in outline.sentences:
        assert s.node in nodes
        assert prev <= s.start < s.end <= len(text)
        prev = s.end
        node = nodes[s.node]
        assert node.start <= s.start and s.end <= node.end


def test_fold_keeps_length() -> None:
    s = "（一）ＡＢＣ１２３．　，；：！？"
    assert len(fold(s)) == len(s)
    assert fold(s) == "(一)ABC123. ,;:!?"
