"""Sample analyses for the store tests (database fixtures live in tests/conftest.py)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import replace
from typing import TypedDict

import pytest

from planwatch.model import (
    Analysis,
    Assignment,
    Block,
    Document,
    Entity,
    Goal,
    Node,
    Quantity,
    Sentence,
    Table,
    Task,
    UnitScore,
)

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


# Articles with something to extract, appended to SAMPLE_LINES by build_analysis_with_items.
ITEM_LINES: list[tuple[str, str | None, str, str, int | None, str]] = [
    (
        "p2.a4",
        "p2",
        "article",
        "（四）",
        4,
        "主要指标。到2030年，经济总量突破126万亿元，常住人口城镇化率达到63.6%；"
        "研发经费投入强度年均提高0.2个百分点，数字经济核心产业增加值占比达到10%—12%。",
    ),
    (
        "p2.a5",
        "p2",
        "article",
        "（五）",
        5,
        "打造“一中心三基地”。推进大连太平湾合作创新区建设，由市科技局牵头；健全科技创新体制机制。"
        "到2035年基本实现社会主义现代化。",
    ),
]


def build_analysis(
    variant: str = "",
    source: str = "dalian.txt",
    lines: list[tuple[str, str | None, str, str, int | None, str]] = SAMPLE_LINES,
) -> Analysis:
    """A small hand-made Analysis of a Chinese plan. ``variant`` changes the text (and so the sha256)."""
    lines = [
        (k, p, kind, label, o, body + variant if kind == "article" else body)
        for k, p, kind, label, o, body in lines
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


class Located(TypedDict):
    """The fields every extracted item has, saying where in the document it was found."""

    text: str
    node: str
    start: int
    end: int
    sentence: str | None


def build_analysis_with_items(variant: str = "", source: str = "dalian.txt") -> Analysis:
    """build_analysis plus two articles, with quantities, entities, goals and tasks pointing into them.

    The values are chosen to catch lossy storage: 1.26e14 (beyond 32-bit and float32), 63.6 and 0.2
    (not exact in binary), a range, and None in every optional field somewhere.
    """
    base = build_analysis(variant, source, lines=[*SAMPLE_LINES, *ITEM_LINES])
    text = base.document.text

    def at(node_id: str, fragment: str) -> Located:
        """text, node, start, end and sentence of ``fragment``, found in node ``node_id``."""
        node = base.node(node_id)
        assert node is not None
        start = text.index(fragment, node.start, node.end)
        end = start + len(fragment)
        sentence = next((s.id for s in base.sentences if s.start <= start and end <= s.end), None)
        return Located(text=fragment, node=node_id, start=start, end=end, sentence=sentence)

    quantities = (
        Quantity(
            subject="地区生产总值",
            value=5.0,
            unit="%",
            qualifier="左右",
            period="annual",
            **at("p1.a2", "年均增长5%左右"),
        ),
        Quantity(
            subject="常住人口",
            value=760.0,
            unit="万人",
            base_value=7.6e6,
            base_unit="人",
            qualifier="达到",
            **at("p1.a2", "达到760万人"),
        ),
        Quantity(
            subject="经济总量",
            value=126.0,
            unit="万亿元",
            base_value=1.26e14,
            base_unit="元",
            qualifier="突破",
            period="2030",
            **at("p2.a4", "突破126万亿元"),
        ),
        Quantity(
            subject="常住人口城镇化率",
            value=63.6,
            unit="%",
            qualifier="达到",
            period="2030",
            **at("p2.a4", "达到63.6%"),
        ),
        Quantity(
            subject="研发经费投入强度",
            value=0.2,
            unit="个百分点",
            qualifier="年均",
            period="annual",
            **at("p2.a4", "年均提高0.2个百分点"),
        ),
        Quantity(
            subject="数字经济核心产业增加值占比",
            value=10.0,
            value_max=12.0,
            unit="%",
            qualifier="达到",
            period="2030",
            **at("p2.a4", "达到10%—12%"),
        ),
    )
    entities = (
        # In the title, which has no sentences: sentence stays None.
        Entity(kind="place", subtype="city", source="lexicon", **at("t", "大连市")),
        Entity(
            kind="formulation",
            definition="国际航运中心和先进制造业、绿色石化、现代农业基地",
            source="pattern",
            **at("p2.a5", "一中心三基地"),
        ),
        Entity(kind="project", subtype="zone", source="lexicon", **at("p2.a5", "大连太平湾合作创新区")),
        Entity(kind="organization", **at("p2.a5", "市科技局")),
        Entity(kind="project", subtype="industry", source="pattern", **at("p2.a3", "绿色石化")),
    )
    goals = (
        Goal(year="2030", **at("p2.a4", "到2030年")),
        Goal(year="2035", **at("p2.a5", "到2035年基本实现社会主义现代化")),
    )
    tasks = (
        Task(id="p2.a3.t1", verb="建设", object="现代化产业体系", **at("p2.a3", "建设现代化产业体系")),
        Task(
            id="p2.a3.t2",
            verb="加快发展",
            object="绿色石化、高端装备等产业",
            domain="产业",
            instrument="供给型",
            **at("p2.a3", "加快发展绿色石化、高端装备等产业"),
        ),
        Task(
            id="p2.a5.t1",
            verb="打造",
            object="“一中心三基地”",
            domain="综合",
            instrument="环境型",
            instrument_subtype="目标规划",
            **at("p2.a5", "打造“一中心三基地”"),
        ),
        Task(
            id="p2.a5.t2",
            verb="推进",
            object="大连太平湾合作创新区建设",
            domain="科技",
            instrument="供给型",
            instrument_subtype="基础设施",
            **at("p2.a5", "推进大连太平湾合作创新区建设"),
        ),
        Task(
            id="p2.a5.t3",
            verb="健全",
            object="科技创新体制机制",
            domain="科技",
            instrument="环境型",
            instrument_subtype="法规管制",
            **at("p2.a5", "健全科技创新体制机制"),
        ),
    )
    return replace(base, quantities=quantities, entities=entities, goals=goals, tasks=tasks)


# Proposals by task text, so a task that moves to another key in a later version keeps its proposal.
# The scores are chosen to catch lossy storage as the quantities above do: not exact in binary, the
# extremes of a double, a subnormal; one task without a lead, one without cooperating units.
PROPOSALS: dict[str, tuple[UnitScore | None, tuple[UnitScore, ...], str, str]] = {
    "建设现代化产业体系": (
        UnitScore("市发展改革委", 0.1 + 0.2, "职责关键词“产业体系”（任务原文）"),
        (
            UnitScore("市工业和信息化局", 1 / 3, "职责关键词“产业”（条标题）"),
            UnitScore("市科技局", 12.0, "任务点名“市科技局”"),
        ),
        "2030",
        "规划期末年份",
    ),
    "加快发展绿色石化、高端装备等产业": (
        UnitScore("市工业和信息化局", 63.6, "职责关键词“绿色石化”“高端装备”"),
        (),
        "持续推进",
        "含“加快发展”，属持续性工作",
    ),
    "打造“一中心三基地”": (
        None,
        (
            UnitScore("市发展改革委", 5e-324, "仅有弱证据"),
            UnitScore("市商务局", 1.7976931348623157e308, "极端分值"),
        ),
        "待定",
        "任务未写明时限，规划期末年份不明",
    ),
    "推进大连太平湾合作创新区建设": (
        UnitScore("市科技局", 1.26e14, "任务点名“太平湾合作创新区”"),
        (UnitScore("金州区", 0.2, "地名“太平湾”"),),
        "2030",
        "规划期末年份",
    ),
    "健全科技创新体制机制": (
        UnitScore("市科技局", 7.0, "职责关键词“科技创新”"),
        (UnitScore("市委改革办", -0.5, "职责关键词“体制机制”"), UnitScore("市财政局", 1.0, "")),
        "持续推进",
        "含“健全…机制”，属常态化工作",
    ),
}
OTHER_PROPOSAL = (UnitScore("市政府办公室", 1.5, "无其他证据"), (), "2030", "规划期末年份")


def propose(tasks: tuple[Task, ...]) -> tuple[Assignment, ...]:
    """One proposal per task, in task order, looked up by the task's text (see PROPOSALS)."""
    out = []
    for task in tasks:
        lead, cooperating, due, due_reason = PROPOSALS.get(task.text, OTHER_PROPOSAL)
        out.append(Assignment(task.id, lead, cooperating, due, due_reason))
    return tuple(out)


def build_task(analysis: Analysis, key: str, node_id: str, fragment: str) -> Task:
    """A task with id ``key`` reading ``fragment``, which must lie in node ``node_id``."""
    node = analysis.node(node_id)
    assert node is not None
    start = analysis.document.text.index(fragment, node.start, node.end)
    return Task(
        id=key,
        text=fragment,
        verb=fragment[:2],
        object=fragment[2:],
        node=node_id,
        start=start,
        end=start + len(fragment),
    )


def build_analysis_with_assignments(
    variant: str = "", source: str = "dalian.txt", tasks: tuple[Task, ...] | None = None
) -> Analysis:
    """build_analysis_with_items with a proposal for each task; ``tasks`` replaces its tasks."""
    base = build_analysis_with_items(variant, source)
    chosen = base.tasks if tasks is None else tasks
    return replace(base, tasks=chosen, assignments=propose(chosen))


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
def make_analysis_with_items() -> Callable[..., Analysis]:
    return build_analysis_with_items


@pytest.fixture
def make_large_analysis() -> Callable[..., Analysis]:
    return build_large_analysis


@pytest.fixture
def make_analysis_with_assignments() -> Callable[..., Analysis]:
    return build_analysis_with_assignments


@pytest.fixture
def make_proposals() -> Callable[[tuple[Task, ...]], tuple[Assignment, ...]]:
    return propose


@pytest.fixture
def make_task() -> Callable[[Analysis, str, str, str], Task]:
    return build_task
