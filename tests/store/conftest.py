"""Sample analyses for the store tests (database fixtures live in tests/conftest.py)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

import pytest

from planwatch.model import Analysis, Block, Document, Node, Sentence, Table

# -- sample analyses ------------------------------------------------------------------------------

SAMPLE_LINES: list[tuple[str, str | None, str, str, int | None, str]] = [
    # key, parent, kind, label, ordinal, line (after the label)
    ("t", None, "title", "", None, "大连市国民经济和社会发展第十五个五年规划建议"),
    ("p1", None, "part", "一", 1, "、总体要求"),
    ("p1.a1", "p1", "article", "（一）", 1, "指导思想。坚持稳中求进工作总基调；推动高质量发展。"),
    ("p1.a2", "p1", "article", "（二）", 2, "主要目标。地区生产总值年均增长5%左右。常住人口达到760万人。"),
    ("p2", None, "part", "二", 2, "、重点任务"),
    ("p2.a3", "p2", "article", "（三）", 3, "建设现代化产业体系。加快发展绿色石化、高端装备等产业。"),
]


def build_analysis(variant: str = "", source: str = "dalian.txt") -> Analysis:
    """A small hand-made Analysis of a Chinese plan. ``variant`` changes the text (and so the sha256)."""
    lines = [
        (k, p, kind, label, o, body + variant if kind == "article" else body)
        for k, p, kind, label, o, body in SAMPLE_LINES
    ]
    text = ""
    starts: list[int] = []
    for _k, _p, _kind, label, _o, body in lines:
        starts.append(len(text))
        text += label + body + "\n"
    nodes: list[Node] = []
    sentences: list[Sentence] = []
    for i, (key, parent, kind, label, ordinal, body) in enumerate(lines):
        start = starts[i]
        if kind == "part":
            # A part runs to the next part or the end of the text.
            later = [starts[j] for j in range(i + 1, len(lines)) if lines[j][2] == "part"]
            end = later[0] if later else len(text)
        else:
            end = start + len(label) + len(body)
        title = body.lstrip("、").split("。")[0]
        nodes.append(
            Node(key, parent, kind, label, ordinal, title, start, end, depth=0 if parent is None else 1)
        )
        if kind == "article":
            pos = start + len(label)
            for n, piece in enumerate(re.findall(r"[^。；]+[。；]?", body), start=1):
                sentences.append(Sentence(f"{key}:{n}", key, pos, pos + len(piece)))
                pos += len(piece)
    data = text.encode("utf-8")
    document = Document(
        text=text,
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        format="txt",
        size=len(data),
        blocks=(Block("paragraph", 0, len(text)),),
        tables=(Table(0, 4, (("指标", "目标"), ("地区生产总值", "5%左右"))),),
        encoding="utf-8",
        title=SAMPLE_LINES[0][5],
    )
    return Analysis(
        document=document,
        outline=tuple(nodes),
        sentences=tuple(sentences),
        warnings=("第 3 行：编号（二）后缺少标题",),
    )


def build_large_analysis(parts: int = 8, articles: int = 14, sentences_per_article: int = 13) -> Analysis:
    """An Analysis the size of the Dalian plan: ~120 nodes and ~1,500 sentences."""
    text_parts: list[str] = []
    nodes: list[Node] = []
    sentences: list[Sentence] = []
    pos = 0
    for p in range(1, parts + 1):
        part_start = pos
        head = f"第{p}部分\n"
        text_parts.append(head)
        pos += len(head)
        part_index = len(nodes)
        nodes.append(Node(f"p{p}", None, "part", str(p), p, f"第{p}部分", part_start, part_start))
        for a in range(1, articles + 1):
            key = f"p{p}.a{a}"
            article_start = pos
            for s in range(1, sentences_per_article + 1):
                sentence = f"推进第{p}部分第{a}条第{s}项任务。"
                text_parts.append(sentence)
                sentences.append(Sentence(f"{key}:{s}", key, pos, pos + len(sentence)))
                pos += len(sentence)
            text_parts.append("\n")
            pos += 1
            nodes.append(Node(key, f"p{p}", "article", f"({a})", a, f"任务{a}", article_start, pos, depth=1))
        nodes[part_index] = Node(f"p{p}", None, "part", str(p), p, f"第{p}部分", part_start, pos)
    text = "".join(text_parts)
    data = text.encode("utf-8")
    document = Document(text, "large.txt", hashlib.sha256(data).hexdigest(), "txt", len(data), ())
    return Analysis(document=document, outline=tuple(nodes), sentences=tuple(sentences))


@pytest.fixture
def make_analysis() -> Callable[..., Analysis]:
    return build_analysis


@pytest.fixture
def make_large_analysis() -> Callable[..., Analysis]:
    return build_large_analysis
