"""Outline parsing on documents of other genres and numbering conventions."""

from __future__ import annotations

from pathlib import Path

from planwatch.ingest import read_bytes, read_path
from planwatch.model import Analysis, Document
from planwatch.services.plans.analyze import analyze_document

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def _analyse_text(text: str, name: str = "doc.txt") -> Analysis:
    return analyze_document(read_bytes(text.encode("utf-8"), name))


def _kids(analysis: Analysis, parent: str | None, kind: str) -> list[str]:
    return [n.title for n in analysis.outline if n.parent == parent and n.kind == kind]


def test_work_report_2024_parts_sections_and_lead_lines() -> None:
    a = analyze_document(read_path(CORPUS / "national-government-work-report-2024.txt"))
    parts = [n for n in a.outline if n.kind == "part"]
    assert [p.title for p in parts] == [
        "2023年工作回顾",
        "2024年经济社会发展总体要求和政策取向",
        "2024年政府工作任务",
    ]
    sections = [n for n in a.outline if n.kind == "section"]
    assert len(sections) == 10
    assert all(s.parent == "p3" for s in sections)
    assert sections[0].title == "大力推进现代化产业体系建设，加快发展新质生产力"
    assert sections[0].label == "（一）"
    leads = [n for n in a.outline if n.parent == "p1" and n.kind == "item"]
    assert len(leads) == 7 and leads[0].title == "经济总体回升向好"
    kinds = [n.kind for n in a.outline]
    assert kinds[0] == "title" and kinds[1] == "preamble" and kinds[-1] == "closing"
    assert a.outline[0].title == "2024年中华人民共和国国务院政府工作报告"
    # the speech preamble starts at the salutation, after the title block (date lead line, speaker)
    assert a.document.text[a.outline[1].start :].startswith("各位代表：")


def test_work_report_2023_parts_and_sections() -> None:
    a = analyze_document(read_path(CORPUS / "national-government-work-report-2023.txt"))
    parts = [n for n in a.outline if n.kind == "part"]
    assert [p.title for p in parts] == ["过去一年和五年工作回顾", "对今年政府工作的建议"]
    assert len(_kids(a, "p1", "section")) == 10
    assert len(_kids(a, "p2", "section")) == 8
    assert _kids(a, "p2", "section")[2] == "切实落实“两个毫不动摇”"


OUTLINE_GANGYAO = """某市国民经济和社会发展第十五个五年规划纲要
第一篇 开启新征程
第一章 发展基础
第一节 发展成就
“十四五”时期，全市经济实力显著增强。地区生产总值年均增长6%。
第二节 发展环境
当前，外部环境更加复杂。
专栏1 主要指标
地区生产总值年均增长5.5%左右。
第二章 总体要求
一、指导思想
坚持稳中求进工作总基调。
二、主要目标
1．经济实力再上台阶。
2．创新能力显著增强。
3.5%的增速不是标题。
第二篇 建设现代化产业体系
第三章 壮大实体经济
推进制造业高端化、智能化、绿色化发展。
"""


def test_gangyao_chapters_sections_boxes_items() -> None:
    a = _analyse_text(OUTLINE_GANGYAO)
    ids = {n.id: n for n in a.outline}
    assert ids["p1"].kind == "part" and ids["p1"].label == "第一篇"
    assert ids["p1.c1"].kind == "chapter" and ids["p1.c1"].title == "发展基础"
    assert ids["p1.c1.s2"].kind == "section" and ids["p1.c1.s2"].title == "发展环境"
    assert ids["p1.c1.s2.b1"].kind == "box" and ids["p1.c1.s2.b1"].label == "专栏1"
    assert ids["p1.c2.i2"].kind == "item" and ids["p1.c2.i2"].title == "主要目标"
    assert ids["p1.c2.i2.i1"].label == "1" and ids["p1.c2.i2.i1"].title == "经济实力再上台阶"
    assert "p1.c2.i2.i3" not in ids  # "3.5%" is a number, not a heading
    # chapters are numbered straight through the volumes
    assert ids["p2.c3"].title == "壮大实体经济"


def test_full_width_and_half_width_numbering_alike() -> None:
    half = "一、总体要求\n(一)指导思想。坚持。\n(二)主要目标。实现。\n二、重点任务\n(一)产业。发展。\n"
    full = half.replace("(", "（").replace(")", "）")
    a, b = _analyse_text(half), _analyse_text(full)
    assert [n.id for n in a.outline] == [n.id for n in b.outline]
    assert [n.id for n in a.outline if n.kind == "section"] == ["p1.s1", "p1.s2", "p2.s1"]


def test_out_of_sequence_numbers_are_not_headings() -> None:
    text = "一、总体要求\n坚持稳中求进。\n五、这不是第二部分而是正文中的列举。\n二、重点任务\n推进改革。\n"
    a = _analyse_text(text)
    assert [n.title for n in a.outline if n.kind == "part"] == ["总体要求", "重点任务"]


def test_document_without_outline_is_one_flat_section_with_warning() -> None:
    a = _analyse_text("关于做好某项工作的通知。\n请各单位认真贯彻落实。\n特此通知。\n")
    assert [n.kind for n in a.outline] == ["section"]
    assert a.outline[0].start == 0 and a.outline[0].end == len(a.document.text.rstrip())
    assert any("未识别到大纲结构" in w for w in a.warnings)
    assert len(a.sentences) == 3


def test_docx_heading_styles_without_numbers_become_sections(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_heading("总体要求", level=1)
    d.add_paragraph("坚持稳中求进工作总基调。")
    d.add_heading("重点任务", level=1)
    d.add_paragraph("推进改革。扩大开放。")
    path = tmp_path / "styled.docx"
    d.save(str(path))
    a = analyze_document(read_path(path))
    sections = [n for n in a.outline if n.kind == "section"]
    assert [s.title for s in sections] == ["总体要求", "重点任务"]
    assert [s.id for s in sections] == ["h1", "h2"]


def test_crlf_and_cr_line_ends_give_the_same_outline() -> None:
    base = "一、总体要求\n(1)指导思想。坚持。\n(2)主要目标。实现。\n"
    outlines = []
    for eol in ("\n", "\r\n", "\r"):
        doc: Document = read_bytes(base.replace("\n", eol).encode("utf-8"), "x.txt")
        outlines.append([(n.id, n.start, n.end) for n in analyze_document(doc).outline])
    assert outlines[0] == outlines[1] == outlines[2]
