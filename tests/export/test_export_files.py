"""Every format written to a file, opened back with the library a person's tools would use."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from export_helpers import SHORT_NAMES, dalian, sample
from openpyxl import load_workbook  # type: ignore[import-untyped]

from planwatch.export import FORMATS, WHATS, export, suggested_filename

TITLE = "中共大连市委关于制定大连市国民经济和社会发展第十五个五年规划的建议"
TASK_HEADERS = ["序号", "规划条目", "重点任务", "牵头单位", "配合单位", "完成时限", "原文"]
PART_3 = "三、坚持工业立市、产业强市,加快建设实体经济发达的现代化产业体系"
TASK_1 = "依托龙头企业,增强配套能力,全链条推动半导体与集成电路高质量发展"


def write(tmp_path: Path, what: str, fmt: str) -> Path:
    path = tmp_path / suggested_filename("大连十五五", what, fmt)
    path.write_bytes(export(sample(), what, fmt, plan_name="大连十五五", short_names=SHORT_NAMES))
    return path


def test_tasks_xlsx(tmp_path: Path) -> None:
    wb = load_workbook(write(tmp_path, "tasks", "xlsx"))
    ws = wb.worksheets[0]
    assert ws["A1"].value == f"《{TITLE}》重点任务分工方案"
    assert "A1:G1" in {str(r) for r in ws.merged_cells.ranges}
    assert "重点任务4项" in ws["A2"].value
    assert [c.value for c in ws[3]] == TASK_HEADERS
    assert ws["A3"].font.b
    assert ws.freeze_panes == "A4"
    assert ws.auto_filter.ref == f"A3:G{ws.max_row}"
    # a part's bold merged heading row, then its tasks folded under it
    assert ws["A4"].value == PART_3
    assert ws["A4"].font.b
    assert "A4:G4" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[5]] == [
        1,
        "第7条 培育壮大战略性新兴产业",
        TASK_1,
        "市工业和信息化局",
        "市科技局、市发展改革委",
        "2027",
        TASK_1 + ";",
    ]
    assert ws["C5"].alignment.wrap_text
    assert ws["C5"].border.left.style == "thin"
    assert ws.row_dimensions[5].outline_level == 1
    assert ws.row_dimensions[4].outline_level == 0
    assert ws.row_dimensions[5].height >= 14  # sized to its text: nothing opens it cut off
    assert ws.column_dimensions["C"].width > ws.column_dimensions["A"].width * 4
    # part 四 starts a new group; the task without an assignment has empty unit cells
    assert ws["A7"].value.startswith("四、")
    assert ws["A10"].value == 4 and ws["D10"].value is None and ws["E10"].value is None
    # print setup: A4 landscape, one page wide, header row on every page, page numbers
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$3:$3"
    assert "&P" in ws.oddFooter.center.text


def test_tasks_docx(tmp_path: Path) -> None:
    path = write(tmp_path, "tasks", "docx")
    doc = WordDocument(str(path))
    texts = [p.text for p in doc.paragraphs]
    assert texts[:2] == [f"《{TITLE}》", "重点任务分工方案"]
    assert "重点任务4项" in texts[2]

    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    sizes = (section.page_width, section.page_height)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    for got, want in zip((*sizes, *margins), (29.7, 21, 3.7, 3.5, 2.8, 2.6), strict=True):
        assert got is not None and abs(got - Cm(want)) < Cm(0.01)

    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == TASK_HEADERS
    header_pr = table.rows[0]._tr.trPr
    assert header_pr is not None and header_pr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert all(r.font.bold for c in table.rows[0].cells for r in c.paragraphs[0].runs)
    group = table.rows[1].cells
    assert group[0].text == PART_3 and group[-1].text == PART_3  # one cell merged across the row
    assert [c.text for c in table.rows[2].cells] == [
        "1",
        "第7条 培育壮大战略性新兴产业",
        TASK_1,
        "市工业和信息化局",
        "市科技局、市发展改革委",
        "2027",
        TASK_1 + ";",
    ]
    assert len(table.rows) == 1 + 3 + 4  # header, three parts, four tasks

    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml").decode()
        styles = z.read("word/styles.xml").decode()
        footer = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
        fonts = z.read("word/fontTable.xml").decode()
    assert 'w:eastAsia="方正小标宋简体"' in body
    assert 'w:eastAsia="仿宋_GB2312"' in body
    assert 'w:eastAsia="黑体"' in body
    assert 'w:eastAsia="仿宋_GB2312"' in styles  # the Normal style, for text typed later
    assert "PAGE" in footer and 'w:fldCharType="begin"' in footer and "— " in footer
    assert 'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts
    assert 'w:name="黑体"><w:altName w:val="SimHei"/>' in fonts

    assert doc.paragraphs[0].runs[0].font.size == Pt(22)
    footer_par = section.footer.paragraphs[0]
    assert footer_par.alignment == 1  # centred


def test_tasks_csv_and_json(tmp_path: Path) -> None:
    raw = write(tmp_path, "tasks", "csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["序号", "部分", *TASK_HEADERS[1:]]
    assert rows[1][:7] == [
        "1",
        PART_3,
        "第7条 培育壮大战略性新兴产业",
        TASK_1,
        "市工业和信息化局",
        "市科技局、市发展改革委",
        "2027",
    ]
    assert len(rows) == 5

    data = json.loads(write(tmp_path, "tasks", "json").read_text("utf-8"))
    assert isinstance(data, list) and len(data) == 4
    assert data[0]["part"] == PART_3
    assert data[0]["article"] == "第7条 培育壮大战略性新兴产业"
    assert data[0]["lead"] == "市工业和信息化局"
    assert data[0]["task_id"] == "p3.a7.t1"
    assert set(data[0]) >= {"no", "task", "cooperating", "due", "source", "node", "start", "end"}
    assert data[3]["lead"] == "" and data[3]["assignment_source"] == ""


def test_indicators_every_format(tmp_path: Path) -> None:
    headers = ["序号", "类别", "指标", "单位", "基期值", "目标值", "年均/累计", "属性", "出处"]
    ws = load_workbook(write(tmp_path, "indicators", "xlsx")).worksheets[0]
    assert ws["A1"].value == f"《{TITLE}》主要指标表"
    assert [c.value for c in ws[3]] == headers
    assert [c.value for c in ws[4]] == [
        1,
        "创新驱动",
        "研发投入强度",
        "%",
        "3%",
        "3.5%以上",
        None,
        "预期性",
        "第1条、第11条",
    ]
    assert ws.auto_filter.ref == "A3:I7"

    doc = WordDocument(str(write(tmp_path, "indicators", "docx")))
    assert doc.paragraphs[1].text == "主要指标表"
    assert [c.text for c in doc.tables[0].rows[0].cells] == headers
    assert [c.text for c in doc.tables[0].rows[2].cells][2:8] == [
        "空气优良天数",
        "天",
        "320天以上",
        "",
        "",
        "约束性",
    ]

    rows = list(csv.reader(io.StringIO(write(tmp_path, "indicators", "csv").read_text("utf-8-sig"))))
    assert rows[0] == [*headers, "原文"]
    assert rows[3][2] == "地区生产总值" and rows[3][6] == "年均"

    data = json.loads(write(tmp_path, "indicators", "json").read_bytes())
    assert data[3] == {
        "no": 4,
        "category": "安全保障",
        "name": "耕地保有量",
        "unit": "万亩",
        "base": "",
        "target": "540万亩",
        "mode": "",
        "binding": "约束性",
        "citation": "第30条",
        "source": "严守耕地和永久基本农田保护红线",
        "nodes": ["p8.a30"],
    }


def test_entities_every_format(tmp_path: Path) -> None:
    wb = load_workbook(write(tmp_path, "entities", "xlsx"))
    assert wb.sheetnames == ["重大项目", "机构", "地点", "提法"]
    ws = wb["提法"]
    assert [c.value for c in ws[3]] == ["序号", "名称", "子类", "出现位置", "出现次数", "释义"]
    assert ws["B4"].value == "两先区" and ws["E4"].value == 7
    assert ws["F4"].value == "产业结构优化的先导区和经济社会发展的先行区"
    assert wb["重大项目"]["D4"].value == "第1条、第11条"
    # only formulations have a definition column
    assert [c.value for c in wb["重大项目"][3]] == ["序号", "名称", "子类", "出现位置", "出现次数"]

    doc = WordDocument(str(write(tmp_path, "entities", "docx")))
    headings = [p.text for p in doc.paragraphs if p.text[:2] in ("一、", "二、", "三、", "四、")]
    assert headings == ["一、重大项目（1项）", "二、机构（1项）", "三、地点（1项）", "四、提法（1项）"]
    assert len(doc.tables) == 4
    assert doc.tables[2].rows[1].cells[1].text == "长山群岛"

    rows = list(csv.reader(io.StringIO(write(tmp_path, "entities", "csv").read_text("utf-8-sig"))))
    assert rows[0] == ["序号", "类别", "名称", "子类", "出现位置", "出现次数", "释义"]
    assert rows[1][:5] == ["1", "重大项目", "英歌石科学城", "科学城", "第1条、第11条"]

    data = json.loads(write(tmp_path, "entities", "json").read_bytes())
    assert [d["kind_key"] for d in data] == ["project", "organization", "place", "formulation"]


def test_entities_docx_with_none_found(tmp_path: Path) -> None:
    empty = replace(sample(), entities=())
    path = tmp_path / "e.docx"
    path.write_bytes(export(empty, "entities", "docx", plan_name="x"))
    doc = WordDocument(str(path))
    assert not doc.tables
    assert sum(p.text == "未识别到此类条目。" for p in doc.paragraphs) == 4
    wb = load_workbook(io.BytesIO(export(empty, "entities", "xlsx", plan_name="x")))
    assert wb["地点"].auto_filter.ref == "A3:E3"
    assert wb["提法"].auto_filter.ref == "A3:F3"


@pytest.mark.parametrize("what", list(WHATS))
@pytest.mark.parametrize("fmt", FORMATS)
def test_whatever_the_extractors_return_every_export_opens(tmp_path: Path, what: str, fmt: str) -> None:
    """The real analysis of the embedded plan, with whatever the extractors found today."""
    analysis = dalian()
    path = tmp_path / suggested_filename("大连十五五", what, fmt)
    path.write_bytes(export(analysis, what, fmt, plan_name="大连十五五"))
    if fmt == "xlsx":
        wb = load_workbook(path)
        assert wb.worksheets[0]["A3"].value == "序号"
        if what == "tasks":
            data_rows = [r for r in wb.worksheets[0].iter_rows(min_row=4) if isinstance(r[0].value, int)]
            assert len(data_rows) == len(analysis.tasks)
    elif fmt == "docx":
        doc = WordDocument(str(path))
        assert doc.paragraphs[0].text == f"《{TITLE}》"
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))
        assert rows[0][0] == "序号"
    else:
        data = json.loads(path.read_bytes())
        if what == "tasks":
            assert [d["task_id"] for d in data] == [t.id for t in analysis.tasks]


def test_docx_is_the_same_bytes_for_the_same_input() -> None:
    first = export(sample(), "tasks", "docx", plan_name="x")
    assert first == export(sample(), "tasks", "docx", plan_name="x")
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert not any("thumbnail" in n for n in z.namelist())


@pytest.mark.parametrize("what", list(WHATS))
@pytest.mark.parametrize("fmt", FORMATS)
def test_nothing_extracted_still_exports(what: str, fmt: str) -> None:
    empty = replace(sample(), tasks=(), assignments=(), quantities=(), entities=())
    data = export(empty, what, fmt, plan_name="空规划")
    if fmt == "json":
        assert json.loads(data) == []
    elif fmt == "csv":
        assert data.decode("utf-8-sig").count("\r\n") == 1  # the header only
    elif fmt == "xlsx":
        assert load_workbook(io.BytesIO(data)).worksheets[0]["A3"].value == "序号"
    else:
        assert WordDocument(io.BytesIO(data)).paragraphs[0].text == f"《{TITLE}》"
