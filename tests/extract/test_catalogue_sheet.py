"""The department catalogue as an Excel workbook: real .xlsx files written with openpyxl and read back,
office-style sheets (header variants, merged cells, several values in a cell), and every way a
workbook is refused, each with the sheet, row and column in Chinese."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from planwatch.extract.catalogue_sheet import (
    HEADERS,
    SheetRejected,
    dump_catalogue_xlsx,
    parse_catalogue_xlsx,
)
from planwatch.extract.departments import shipped_catalogue
from planwatch.model import InputError

HEADER = list(HEADERS.values())


def workbook(
    rows: list[list[Any]], *, title: str = "部门目录", build: Callable[[Any], None] | None = None
) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    if build is not None:
        build(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def problems_of(data: bytes) -> list[str]:
    with pytest.raises(SheetRejected) as info:
        parse_catalogue_xlsx(data, "目录.xlsx")
    return [str(p) for p in info.value.problems]


def test_shipped_catalogue_round_trips_through_a_real_workbook() -> None:
    catalogue = shipped_catalogue()
    data = dump_catalogue_xlsx(catalogue)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    sheet = wb["部门目录"]
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet.max_row == len(catalogue) + 1
    education = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "大连市教育局")
    assert (
        education[1] == "市教育局" and education[2] == "政府部门" and "学前教育" in education[3].split("、")
    )
    assert wb["目录信息"]["B2"].value == "大连市"
    back = parse_catalogue_xlsx(data, "导出.xlsx")
    assert back == catalogue
    assert back.origins["大连市教育局"][0] == "导出.xlsx 工作表“部门目录”"


def test_office_sheet_with_header_variants_merged_cells_and_separators() -> None:
    def merges(wb: Any) -> None:
        ws = wb.active
        ws.merge_cells("A1:F1")  # a title above the header
        ws.merge_cells("A3:F3")  # a heading row: 一、党委部门
        ws.merge_cells("C6:C7")  # one 类别 for two units

    data = workbook(
        [
            ["大连市部门职责关键词表（2026年）"],
            ["单位名称", "单位简称", "类别（必填）", "主要职责", "其他名称", "常牵头领域"],
            ["一、党委部门"],
            [
                "中共大连市委宣传部",
                "市委宣传部",
                None,
                "宣传思想、意识形态；精神文明\n文明城市",
                "市委文明办, 市新闻出版局",
                "文化",
            ],
            ["中共大连市委组织部", "市委组织部", "", "组织工作，党员、党员、干部", "", "党的建设"],
            ["大连市教育局", "市教育局", "政府部门", "学前教育；义务教育", None, "民生"],
            ["大连市科学技术局", "市科技局", None, "科技创新、科技成果转化", "市外国专家局", "科技创新"],
        ],
        title="职责表",
        build=merges,
    )
    c = parse_catalogue_xlsx(data, "职责表.xlsx")
    assert c.names() == ("中共大连市委宣传部", "中共大连市委组织部", "大连市教育局", "大连市科学技术局")
    propaganda = c.get("中共大连市委宣传部")
    assert propaganda is not None and propaganda.kind == "party"  # from the heading row
    assert propaganda.duties == ("宣传思想", "意识形态", "精神文明", "文明城市")
    assert propaganda.aliases == ("市委文明办", "市新闻出版局")
    organisation = c.get("中共大连市委组织部")
    assert organisation is not None and organisation.duties == ("组织工作", "党员", "干部")
    science = c.get("大连市科学技术局")
    assert science is not None and science.kind == "government"  # the merged 类别 cell covers it
    assert c.find("市外国专家局") == science


def test_every_row_problem_is_reported_with_sheet_row_and_column() -> None:
    def formula(wb: Any) -> None:
        wb.active["D8"] = '=CONCATENATE("科技","创新")'

    data = workbook(
        [
            HEADER,
            ["大连市教育局", "市教育局", "政府部门", "学前教育", "教育局", ""],
            ["", "市无名局", "政府部门", "测试工作", "", ""],
            ["大连市教育局", "市教育局二", "政府部门", "义务教育", "", ""],
            ["大连市体育局", "市教育局", "政府部门", "体育", "", ""],
            ["大连市文旅局", "市文旅局", "局", "旅游", "", ""],
            ["大连市卫健委", "市卫健委", "政府部门", "卫生、医", "教育局", ""],
            ["大连市科技局", "市科技局", "政府部门", None, "", ""],
        ],
        build=formula,
    )
    problems = problems_of(data)
    assert problems == [
        "工作表“部门目录”第3行，A列（单位全称）：缺少单位全称。请填写该单位的全称，或删去这一行。",
        "工作表“部门目录”第6行，C列（类别）：类别“局”无法识别。类别应为 党委部门、政府部门、区市县、先导区/园区、其他 之一。",
        "工作表“部门目录”第7行，D列（职责关键词）：职责关键词“医”太短（至少两个字）：单字会在几乎每条任务中出现。请改写为两个字以上的词，或删去它。",
        "工作表“部门目录”第8行，D列（职责关键词）：单元格是公式，不是文字。请将该单元格改为直接填写的文字（复制后“选择性粘贴→数值”），再重新加载。",
        "工作表“部门目录”第4行，A列（单位全称）：单位全称“大连市教育局”与工作表“部门目录”第2行重复。每个单位只能占一行；请删去或合并重复的行。",
        "工作表“部门目录”第5行，B列（简称）：“市教育局”已是工作表“部门目录”第2行单位“大连市教育局”的简称，不能再用于“大连市体育局”。全称、简称和别名须只指一个单位；请删去或改写其中一处。",
    ]


def test_alias_shared_across_sheets_names_both_places() -> None:
    def second(wb: Any) -> None:
        ws = wb.create_sheet("区市县")
        ws.append(HEADER)
        ws.append(["金州区", "金州区", "区市县", "金州新区", "金普新区", ""])

    data = workbook([HEADER, ["大连金普新区管委会", "金普新区", "先导区", "金普", "", ""]], build=second)
    assert problems_of(data) == [
        "工作表“区市县”第2行，E列（别名）：“金普新区”已是工作表“部门目录”第2行单位“大连金普新区管委会”的简称，"
        "不能再用于“金州区”。全称、简称和别名须只指一个单位；请删去或改写其中一处。"
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], "工作表“部门目录”：工作表是空的，没有任何单位。"),
        ([HEADER], "工作表“部门目录”第1行：工作表只有表头，没有任何单位。"),
        ([["名单"], ["甲", "乙"]], "工作表“部门目录”第1行：没有找到表头行。"),
        (
            [["单位全称", "简称", "备注"], ["甲局", "甲", ""]],
            "工作表“部门目录”第1行：表头缺少必填列：类别、职责关键词。",
        ),
    ],
)
def test_sheets_without_units_are_refused(rows: list[list[Any]], expected: str) -> None:
    (problem,) = problems_of(workbook(rows))
    assert problem.startswith(expected)


def _encrypted(data: bytes) -> bytes:
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("密码123", out)
    return out.getvalue()


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda good: b"", "文件为空。"),
        (lambda good: b"departments: []\n", "不是 Excel 工作簿（.xlsx）文件。"),
        (lambda good: good[: len(good) // 2], "文件已损坏或不完整"),
        (lambda good: _encrypted(good), "Excel 文件设置了打开密码（已加密），无法读取。"),
        (lambda good: _docx(), "这是一个压缩包（可能是 Word 文档），不是 Excel 工作簿（.xlsx）。"),
    ],
    ids=["empty", "text", "truncated", "password", "docx"],
)
def test_files_that_are_not_a_readable_workbook(make: Callable[[bytes], bytes], expected: str) -> None:
    good = workbook([HEADER, ["大连市教育局", "市教育局", "政府部门", "学前教育", "", ""]])
    with pytest.raises(InputError) as info:
        parse_catalogue_xlsx(make(good), "目录.xlsx")
    assert not isinstance(info.value, SheetRejected)
    assert expected in info.value.message and info.value.where == "目录.xlsx"
    assert info.value.hint


def test_role_column_is_read_written_and_checked() -> None:
    data = workbook(
        [
            [*HEADER],
            ["甲省发展和改革委员会", "省发展改革委", "政府部门", "", "", "", "发展改革"],
            ["甲省科学技术厅", "省科技厅", "政府部门", "科技创新", "", "", ""],
        ]
    )
    catalogue = parse_catalogue_xlsx(data, "目录.xlsx")
    development, science = catalogue.departments
    # an empty 职责关键词 takes the role's duties, as a YAML entry with role: and duties: [] does
    assert development.role == "发展改革" and "国民经济" in "".join(development.duties)
    assert science.role is None and science.duties == ("科技创新",)
    again = openpyxl.load_workbook(io.BytesIO(dump_catalogue_xlsx(catalogue)))["部门目录"]
    assert [c.value for c in again[2]][len(HEADER) - 1] == "发展改革"
    assert parse_catalogue_xlsx(dump_catalogue_xlsx(catalogue), "导出.xlsx") == catalogue
    (problem,) = problems_of(
        workbook([[*HEADER], ["甲省某局", "某局", "政府部门", "某某工作", "", "", "不存在的角色"]])
    )
    assert "第2行" in problem and "G列（职能角色）" in problem and "“不存在的角色”未定义" in problem
