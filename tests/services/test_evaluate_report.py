"""The report-gold scorer on a hand-made document whose expected P/R are known exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_inprocess import run_planwatch
from planwatch.model import Analysis, Document, Node, Quantity, Sentence, Task
from planwatch.services.scoring.report_gold import (
    is_report_gold,
    locate,
    score_outline,
    score_quantities,
    score_report,
    score_tasks,
)

# What ingest keeps; the file on disk had a debris line before it, so gold offsets are larger.
TEXT = (
    "一、2025年工作回顾\n"
    "生产总值增长5.6%，粮食产量1350亿斤。\n"
    "二、2026年重点工作\n"
    "（一）稳就业\n"
    "城镇新增就业110万人以上。实施100个项目。\n"
    "（二）惠民生\n"
    "办好民生实事。\n"
)
DEBRIS = len("下载打印\n")


def _at(text: str) -> int:
    return TEXT.index(text)


def _gold_q(text: str, value: float, unit: str, **fields: object) -> dict[str, object]:
    item: dict[str, object] = {"text": text, "offset": _at(text) + DEBRIS, "value": value, "unit": unit}
    for name in ("subject", "value_max", "qualifier", "period", "compared_to"):
        item.setdefault(name, None)
    item.update(fields)
    return item


def _q(text: str, value: float, unit: str, subject: str = "", **fields: str) -> Quantity:
    start = _at(text)
    return Quantity(text, subject, value, unit, "p1", start, start + len(text), **fields)  # type: ignore[arg-type]


GOLD = {
    "document": "unused.txt",
    "outline": [
        {"kind": "part", "label": "一", "title": "2025年工作回顾"},
        {"kind": "part", "label": "二", "title": "2026年重点工作"},
        {"kind": "section", "label": "（一）", "title": "稳就业"},
        {"kind": "section", "label": "（二）", "title": "保民生"},  # the tool reads 惠民生: fn + fp
    ],
    "quantities": [
        # matched; compared_to wrong because the Quantity has no such attribute (read as None)
        _gold_q(
            "生产总值增长5.6%",
            5.6,
            "%",
            subject="生产总值",
            qualifier="增长",
            period="2025",
            compared_to="上年",
        ),
        # matched, every field right
        _gold_q("粮食产量1350亿斤", 1350, "亿斤", subject="粮食产量", period="2025"),
        # required and not predicted: fn
        _gold_q(
            "城镇新增就业110万人以上", 110, "万人", subject="城镇新增就业", qualifier="以上", period="2026"
        ),
        # optional and predicted: neither tp nor fp
        _gold_q("100个项目", 100, "个", subject="项目", period="2026", optional=True),
    ],
    "tasks": [
        {"part": "一", "section": None, "count": 0},
        {"part": "二", "section": "（一）", "count": 2},
        {"part": "二", "section": "（二）", "count": 5},
    ],
}


def _node(id_: str, parent: str | None, kind: str, label: str, title: str) -> Node:
    start = TEXT.index(title)
    return Node(id_, parent, kind, label, 1, title, start, start + len(title))


@pytest.fixture
def analysis() -> Analysis:
    doc = Document(text=TEXT, source="t.txt", sha256="0", format="txt", size=len(TEXT.encode()), blocks=())
    outline = (
        _node("p1", None, "part", "一", "2025年工作回顾"),
        _node("p2", None, "part", "二", "2026年重点工作"),
        _node("p2.s1", "p2", "section", "（一）", "稳就业"),
        _node("p2.s2", "p2", "section", "（二）", "惠民生"),
    )
    quantities = (
        _q("生产总值增长5.6%", 5.6, "%", subject="生产总值", qualifier="增长", period="2025"),
        _q("粮食产量1350亿斤", 1350, "亿斤", subject="粮食产量", period="2025"),
        _q("2025年", 2025, "年"),  # a year read as a quantity: fp
        _q("100个项目", 100, "个", subject="项目", period="2026"),
    )
    s1 = TEXT.index("城镇新增就业")
    tasks = (  # two task clauses of one sentence count once
        Task("t1", "城镇新增就业", "就业", "", "p2.s1", s1, s1 + 6, sentence="p2.s1:1"),
        Task("t2", "110万人以上", "就业", "", "p2.s1", s1 + 6, s1 + 12, sentence="p2.s1:1"),
        Task("t3", "实施100个项目", "实施", "", "p2.s1", s1 + 14, s1 + 22, sentence="p2.s1:2"),
    )
    return Analysis(document=doc, outline=outline, sentences=(), quantities=quantities, tasks=tasks)


def test_locate_takes_the_occurrence_nearest_to_the_offset() -> None:
    text = "增长5%……增长5%……增长5%"
    assert locate(text, "增长5%", 0) == 0
    assert locate(text, "增长5%", 7) == 6
    assert locate(text, "增长5%", 100) == 12
    assert locate(text, "下降", 3) is None


def test_quantities_matched_all_fields_and_errors(analysis: Analysis) -> None:
    q = score_quantities(TEXT, analysis.quantities, GOLD["quantities"])  # type: ignore[arg-type]
    assert (q.matched.tp, q.matched.fp, q.matched.fn) == (2, 1, 1)
    assert q.matched.precision == pytest.approx(2 / 3) and q.matched.recall == pytest.approx(2 / 3)
    assert (q.all_fields.tp, q.all_fields.fp, q.all_fields.fn) == (1, 2, 2)
    assert q.all_fields.precision == pytest.approx(1 / 3) and q.all_fields.recall == pytest.approx(1 / 3)
    assert q.field_accuracy["compared_to"] == 0.5
    assert all(v == 1.0 for k, v in q.field_accuracy.items() if k != "compared_to")
    assert [(e.field, e.expected, e.got, e.text) for e in q.errors] == [
        ("compared_to", "上年", None, "生产总值增长5.6%")
    ]
    assert q.missing == ("城镇新增就业110万人以上",)
    assert q.extra == ("2025年",)


def test_a_prediction_with_another_value_does_not_match(analysis: Analysis) -> None:
    wrong = (_q("粮食产量1350亿斤", 1305, "亿斤", subject="粮食产量", period="2025"),)
    q = score_quantities(TEXT, wrong, [GOLD["quantities"][1]])  # type: ignore[list-item]
    assert (q.matched.tp, q.matched.fp, q.matched.fn) == (0, 1, 1)


def test_outline_label_and_title(analysis: Analysis) -> None:
    counts, missing, extra = score_outline(analysis.outline, GOLD["outline"])  # type: ignore[arg-type]
    assert (counts.tp, counts.fp, counts.fn) == (3, 1, 1)
    assert counts.precision == 0.75 and counts.recall == 0.75
    assert missing == ["section 二 保民生"] and extra == ["section 二 惠民生"]


def test_tasks_count_sentences_per_section(analysis: Analysis) -> None:
    t = score_tasks(analysis, GOLD["tasks"])  # type: ignore[arg-type]
    assert [r.predicted for r in t.rows] == [0, 2, 0]
    assert t.abs_diff == 5
    assert t.within_share == pytest.approx(2 / 3)


def test_score_report_and_gold_kind(analysis: Analysis) -> None:
    assert is_report_gold(GOLD) and not is_report_gold({"quantities": [], "places": []})
    d = score_report(analysis, GOLD).to_dict()
    assert d["outline"]["recall"] == 0.75
    assert d["quantities"]["matched"]["tp"] == 2
    assert d["tasks"]["abs_diff"] == 5


def test_cli_finds_the_document_named_in_the_gold(tmp_path: Path) -> None:
    doc = tmp_path / "corpus" / "report.txt"
    doc.parent.mkdir()
    doc.write_text("下载打印\n" + TEXT, encoding="utf-8")
    gold_dir = tmp_path / "repo" / "tests" / "gold"
    gold_dir.mkdir(parents=True)
    gold = {**GOLD, "document": "../corpus/report.txt"}  # relative to the repository root
    (gold_dir / "g.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    proc = run_planwatch(
        "eval",
        str(gold_dir / "g.json"),
        "--format",
        "json",
        env={"PLANWATCH_DB_URL": f"sqlite:///{tmp_path / 'x.db'}"},
        cwd=tmp_path / "repo",
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert set(result) == {"outline", "quantities", "tasks"}
    assert [r["gold"] for r in result["tasks"]["rows"]] == [0, 2, 5]


def test_a_sentence_cut_at_semicolons_counts_once() -> None:
    # the gold counts sentences up to 。: the outline's pieces cut at ；are one of them
    text = "二、2026年重点工作\n（一）稳就业\n实施100个项目；推进就业服务；办好实事。开展培训。\n"
    doc = Document(text=text, source="t.txt", sha256="0", format="txt", size=len(text.encode()), blocks=())
    outline = (
        Node("p1", None, "part", "二", 2, "2026年重点工作", 0, len(text)),
        Node("p1.s1", "p1", "section", "（一）", 1, "稳就业", text.index("（一）"), len(text)),
    )
    pieces = ["实施100个项目；", "推进就业服务；", "办好实事。", "开展培训。"]
    sentences = tuple(
        Sentence(f"p1.s1:{k + 1}", "p1.s1", text.index(p), text.index(p) + len(p))
        for k, p in enumerate(pieces)
    )
    tasks = tuple(
        Task(
            f"t{k}",
            pieces[k],
            "",
            "",
            "p1.s1",
            sentences[k].start,
            sentences[k].end,
            sentence=sentences[k].id,
        )
        for k in (0, 1, 3)
    )
    a = Analysis(document=doc, outline=outline, sentences=sentences, quantities=(), tasks=tasks)
    t = score_tasks(a, [{"part": "二", "section": "（一）", "count": 2}])
    assert [r.predicted for r in t.rows] == [2]


def test_a_part_printed_without_a_number_is_found_by_its_title(analysis: Analysis) -> None:
    # The same document with its parts' numbers lost (plain lines set apart by type size only):
    # the gold names such a part by an empty label and its title.
    bare = tuple(
        Node(n.id, n.parent, n.kind, "" if n.kind == "part" else n.label, n.ordinal, n.title, n.start, n.end)
        for n in analysis.outline
    )
    unnumbered = Analysis(
        **{**{f: getattr(analysis, f) for f in analysis.__dataclass_fields__}, "outline": bare}
    )
    gold = [
        {"part": "", "part_title": "2025年工作回顾", "section": None, "count": 0},
        {"part": "", "part_title": "2026年重点工作", "section": "（一）", "count": 2},
    ]
    rows = score_tasks(unnumbered, gold).rows
    assert [r.predicted for r in rows] == [0, 2]
