from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from ingest_helpers import block_texts, check_spans

from builders import make_docx
from planwatch.ingest import read_bytes, read_path
from planwatch.model import Document

INDICATORS = [
    ("指标", "2025年", "2030年", "属性"),
    ("地区生产总值年均增长（%）", "5.5", "5左右", "预期性"),
    ("研发经费投入强度（%）", "2.8", ">3", "预期性"),
    ("单位GDP能耗降低（%）", "", "〔13.5〕", "约束性"),
]


def _save(document: Any, path: Path) -> Document:
    document.save(str(path))
    return read_path(path)


def _plan(path: Path) -> Document:
    document = docx.Document()
    document.core_properties.title = "大连市“十五五”规划建议"
    document.add_heading("中共大连市委关于制定规划的建议", level=0)  # the Title style
    document.add_heading("一、总体要求", level=1)
    document.add_heading("（一）指导思想", level=2)
    document.add_paragraph("坚持稳中求进工作总基调，完整准确全面贯彻新发展理念。")
    document.add_paragraph("专栏1  主要指标表")
    table = document.add_table(rows=len(INDICATORS), cols=4)
    for r, row in enumerate(INDICATORS):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    document.add_heading("二、主要任务", level=1)
    document.add_paragraph("（1）加快建设现代化产业体系。")
    return _save(document, path)


def test_paragraphs_headings_and_table_in_body_order(tmp_path: Path) -> None:
    document = _plan(tmp_path / "plan.docx")
    assert document.format == "docx"
    assert document.encoding is None
    assert document.title == "大连市“十五五”规划建议"
    kinds = [(b.kind, b.level) for b in document.blocks]
    assert kinds == [
        ("paragraph", None),
        ("heading", 1),
        ("heading", 2),
        ("paragraph", None),
        ("paragraph", None),
        ("table", None),
        ("heading", 1),
        ("paragraph", None),
    ]
    texts = block_texts(document)
    assert texts[1] == "一、总体要求"
    assert texts[4] == "专栏1  主要指标表"
    assert texts[-1] == "（1）加快建设现代化产业体系。"
    check_spans(document)


def test_table_rows_cells_and_spans(tmp_path: Path) -> None:
    document = _plan(tmp_path / "plan.docx")
    assert len(document.tables) == 1
    table = document.tables[0]
    assert table.rows == tuple(INDICATORS)
    block = next(b for b in document.blocks if b.kind == "table")
    assert block.table == 0
    for row, spans in zip(table.rows, table.cell_spans, strict=True):
        for cell, (start, end) in zip(row, spans, strict=True):
            assert document.text[start:end] == cell
    # Rendered one row per line, cells separated by tabs.
    rendered = document.text[table.start : table.end]
    assert rendered.split("\n") == ["\t".join(row) for row in INDICATORS]


def test_merged_cells_keep_text_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "主要指标"
    merged = table.cell(1, 0).merge(table.cell(2, 0))
    merged.text = "经济发展"
    table.cell(1, 1).text = "增速"
    table.cell(1, 2).text = "5%"
    table.cell(2, 1).text = "投资"
    table.cell(2, 2).text = "6%"
    result = _save(document, tmp_path / "merged.docx")
    assert result.tables[0].rows == (
        ("主要指标", "", ""),
        ("经济发展", "增速", "5%"),
        ("", "投资", "6%"),
    )
    check_spans(result)


def test_chinese_heading_style_names_and_outline_level(tmp_path: Path) -> None:
    document = docx.Document()
    for level in (1, 2):
        style = document.styles.add_style(f"标题 {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
    derived = document.styles.add_style("我的章标题", WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = document.styles["Heading 3"]
    document.add_paragraph("第一章 总则", style="标题 1")
    document.add_paragraph("第一节 目标", style="标题 2")
    document.add_paragraph("专栏 重点工程", style="我的章标题")
    outlined = document.add_paragraph("一级大纲段落")
    p_pr = outlined._p.get_or_add_pPr()
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "0")
    p_pr.append(outline)
    body = document.add_paragraph("标题样式但大纲级别为正文", style="Heading 2")
    body_outline = OxmlElement("w:outlineLvl")
    body_outline.set(qn("w:val"), "9")
    body._p.get_or_add_pPr().append(body_outline)
    result = _save(document, tmp_path / "styles.docx")
    assert [(b.kind, b.level) for b in result.blocks] == [
        ("heading", 1),
        ("heading", 2),
        ("heading", 3),
        ("heading", 1),
        ("paragraph", None),
    ]


def test_line_breaks_tabs_hidden_text_and_revisions(tmp_path: Path) -> None:
    document = docx.Document()
    p = document.add_paragraph("第一行")
    p.add_run().add_break()
    p.add_run("第二行\t末尾")
    hidden = document.add_paragraph("可见")
    hidden.add_run("隐藏文字").font.hidden = True
    revised = document.add_paragraph("保留")
    # Tracked changes: an insertion (kept) and a deletion (dropped), as Word writes them.
    ins = OxmlElement("w:ins", {qn("w:id"): "1", qn("w:author"): "审核人"})
    ins_run = OxmlElement("w:r")
    ins_text = OxmlElement("w:t")
    ins_text.text = "新增"
    ins_run.append(ins_text)
    ins.append(ins_run)
    deletion = OxmlElement("w:del", {qn("w:id"): "2", qn("w:author"): "审核人"})
    del_run = OxmlElement("w:r")
    del_text = OxmlElement("w:delText")
    del_text.text = "删除"
    del_run.append(del_text)
    deletion.append(del_run)
    revised._p.append(ins)
    revised._p.append(deletion)
    result = _save(document, tmp_path / "runs.docx")
    assert block_texts(result) == ["第一行\n第二行\t末尾", "可见", "保留新增"]
    assert any("修订" in w for w in result.warnings)


def test_content_controls_and_one_cell_frames(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("前言")
    wrapped = document.add_paragraph("控件中的段落")
    sdt = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    sdt.append(content)
    wrapped._p.addprevious(sdt)
    content.append(wrapped._p)
    frame = document.add_table(rows=1, cols=1)
    frame.cell(0, 0).text = "专栏2 重大工程"
    frame.cell(0, 0).add_paragraph("（1）港口建设工程。")
    document.add_paragraph("结语")
    result = _save(document, tmp_path / "frames.docx")
    assert block_texts(result) == ["前言", "控件中的段落", "专栏2 重大工程", "（1）港口建设工程。", "结语"]
    assert result.tables == ()


def _add_chinese_numbering(document: Any) -> str:
    """A two-level list numbered 一、 and （一）, as plan templates define it."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum", {qn("w:abstractNumId"): "90"})
    for ilvl, (fmt, text) in enumerate((("chineseCounting", "%1、"), ("chineseCounting", "（%2）"))):
        lvl = OxmlElement("w:lvl", {qn("w:ilvl"): str(ilvl)})
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            lvl.append(OxmlElement(tag, {qn("w:val"): value}))
        abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = OxmlElement("w:num", {qn("w:numId"): "90"})
    num.append(OxmlElement("w:abstractNumId", {qn("w:val"): "90"}))
    numbering.append(num)
    return "90"


def _number(paragraph: Any, num_id: str, ilvl: int) -> None:
    num_pr = OxmlElement("w:numPr")
    num_pr.append(OxmlElement("w:ilvl", {qn("w:val"): str(ilvl)}))
    num_pr.append(OxmlElement("w:numId", {qn("w:val"): num_id}))
    paragraph._p.get_or_add_pPr().append(num_pr)


def test_automatic_numbering_becomes_labels(tmp_path: Path) -> None:
    document = docx.Document()
    num_id = _add_chinese_numbering(document)
    plan = [(0, "总体要求"), (1, "指导思想"), (1, "主要目标"), (0, "主要任务"), (1, "产业体系")]
    for ilvl, text in plan:
        _number(document.add_heading(text, level=ilvl + 1), num_id, ilvl)
    for ilvl in range(11):
        _number(document.add_paragraph(f"条目{ilvl}"), num_id, 1)
    result = _save(document, tmp_path / "numbered.docx")
    texts = block_texts(result)
    assert texts[:5] == ["一、总体要求", "（一）指导思想", "（二）主要目标", "二、主要任务", "（一）产业体系"]
    assert texts[5] == "（二）条目0"
    assert texts[-1] == "（十二）条目10"


def test_builder_docx_round_trip(tmp_path: Path, dalian_lines: list[str]) -> None:
    result = read_path(make_docx(dalian_lines, tmp_path / "dalian.docx", headings={2: 1}, title="建议"))
    assert block_texts(result) == dalian_lines
    assert result.blocks[2].kind == "heading"
    assert result.title == "建议"
    check_spans(result)


def test_docx_reads_from_bytes_and_copy_is_identical(tmp_path: Path) -> None:
    path = make_docx(["甲", "乙"], tmp_path / "a.docx")
    data = path.read_bytes()
    assert read_bytes(data, "a.docx") == read_bytes(copy.copy(data), "a.docx")
