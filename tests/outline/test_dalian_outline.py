"""The Dalian plan gives exactly 14 parts and 60 articles with the gold titles, whatever the format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planwatch.ingest import read_bytes, read_path
from planwatch.model import Analysis, Node
from planwatch.outline import fold
from planwatch.services.plans.analyze import analyze_document, default_plan_bytes

SHARED = Path(__file__).resolve().parents[3] / "shared"
GOLD = json.loads((SHARED / "gold" / "seed_structure.json").read_text(encoding="utf-8"))

HALF_TO_FULL = str.maketrans({",": "，", "(": "（", ")": "）", ";": "；", ":": "：", "?": "？", "!": "！"})


def _dalian_text() -> str:
    data, _ = default_plan_bytes()
    return data.decode("utf-8")


def _squash(s: str) -> str:
    return "".join(fold(s).split())


def _check_against_gold(analysis: Analysis) -> None:
    parts = [n for n in analysis.outline if n.kind == "part"]
    articles = [n for n in analysis.outline if n.kind == "article"]
    assert len(parts) == 14
    assert len(articles) == 60
    for node, gold in zip(parts, GOLD["parts"], strict=True):
        assert node.ordinal == gold["no"]
        assert fold(node.label) == gold["numeral"]
        assert _squash(node.title) == _squash(gold["title"])
        assert node.id == f"p{gold['no']}"
    by_id = {n.id: n for n in analysis.outline}
    for node, gold in zip(articles, GOLD["articles"], strict=True):
        assert node.ordinal == gold["no"]
        assert fold(node.label) == f"({gold['no']})"
        assert _squash(node.title) == _squash(gold["title"])
        assert node.id == f"p{gold['part']}.a{gold['no']}"
        parent: Node = by_id[node.parent or ""]
        assert parent.kind == "part" and parent.ordinal == gold["part"]
    title = next(n for n in analysis.outline if n.kind == "title")
    assert _squash(title.title) == _squash(GOLD["title"])
    assert {n.kind for n in analysis.outline} >= {"title", "preamble", "part", "article", "closing"}


def test_utf8_txt_matches_gold() -> None:
    data, name = default_plan_bytes()
    analysis = analyze_document(read_bytes(data, name))
    _check_against_gold(analysis)
    # spans index the text a person is shown: the article label is where the span starts
    for n in analysis.outline:
        if n.kind == "article":
            assert fold(analysis.document.text[n.start : n.end]).startswith(fold(n.label))


def test_gbk_copy_matches_gold() -> None:
    text = _dalian_text()
    analysis = analyze_document(read_bytes(text.encode("gbk"), "dalian-gbk.txt"))
    assert analysis.document.text == text
    _check_against_gold(analysis)


def test_full_width_punctuation_copy_matches_gold() -> None:
    text = _dalian_text().translate(HALF_TO_FULL)
    assert "（1）" in text
    analysis = analyze_document(read_bytes(text.encode("utf-8"), "dalian-fullwidth.txt"))
    _check_against_gold(analysis)
    assert next(n for n in analysis.outline if n.kind == "article").label == "（1）"


def test_docx_copy_matches_gold(tmp_path: Path) -> None:
    from builders import make_docx

    path = tmp_path / "dalian.docx"
    make_docx(_dalian_text().splitlines(), path)
    analysis = analyze_document(read_path(path))
    assert analysis.document.format == "docx"
    _check_against_gold(analysis)


def test_pdf_copy_matches_gold(tmp_path: Path) -> None:
    from builders import make_pdf

    path = tmp_path / "dalian.pdf"
    make_pdf(_dalian_text().splitlines(), path)
    analysis = analyze_document(read_path(path))
    assert analysis.document.format == "pdf"
    _check_against_gold(analysis)


@pytest.fixture(scope="module")
def dalian() -> Analysis:
    data, name = default_plan_bytes()
    return analyze_document(read_bytes(data, name))


def test_sentences_stay_inside_their_node(dalian: Analysis) -> None:
    nodes = {n.id: n for n in dalian.outline}
    text = dalian.document.text
    prev_end = -1
    for s in dalian.sentences:
        node = nodes[s.node]
        assert node.start <= s.start < s.end <= node.end
        assert s.start >= prev_end  # in order, never overlapping
        prev_end = s.end
        body = text[s.start : s.end]
        assert body == body.strip()
        # no child of the sentence's node overlaps it: the sentence belongs to the deepest node
        for child in dalian.outline:
            if child.parent == node.id:
                assert s.end <= child.start or s.start >= child.end


def test_sentence_cuts(dalian: Analysis) -> None:
    text = dalian.document.text
    a7 = [text[s.start : s.end] for s in dalian.sentences if s.node == "p3.a7"]
    # the article label is not part of its first sentence; the title sentence ends at 。
    assert a7[0] == "培育壮大战略性新兴产业。"
    assert all(t.endswith(("。", ";", "”")) or t == a7[-1] for t in a7)
    assert len(a7) >= 5


def test_lead_lines_are_items_and_trailing_paragraph_returns_to_article(dalian: Analysis) -> None:
    items = [n for n in dalian.outline if n.parent == "p2.a5" and n.kind == "item"]
    assert len(items) == 9
    assert [n.id for n in items] == [f"p2.a5.d{i}" for i in range(1, 10)]
    assert items[0].title == "高质量发展取得更大成效"
    text = dalian.document.text
    # the 2035 vision paragraph after the bullets belongs to the article, not to the last bullet
    vision = text.index("到二〇三五年", items[-1].end)
    owner = next(s for s in dalian.sentences if s.start <= vision < s.end)
    assert owner.node == "p2.a5"


def test_closing_is_its_own_node(dalian: Analysis) -> None:
    closing = next(n for n in dalian.outline if n.kind == "closing")
    a60 = next(n for n in dalian.outline if n.id == "p14.a60")
    assert a60.end < closing.start
    assert dalian.document.text[closing.start :].startswith("实现“十五五”规划")
    assert closing.end == len(dalian.document.text.rstrip())


def test_analysis_is_deterministic() -> None:
    data, name = default_plan_bytes()
    a = analyze_document(read_bytes(data, name)).to_dict(include_text=True)
    b = analyze_document(read_bytes(data, name)).to_dict(include_text=True)
    assert json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)
