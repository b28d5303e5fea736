"""Evaluation report writers: a report built by hand (model objects only) rendered to docx, pdf and
html and opened back; charts as real PNGs drawn with the CJK font; the font finder."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from planwatch.export import fonts
from planwatch.export.report_charts import chart_size, render_chart
from planwatch.export.report_docx import write_report_docx
from planwatch.export.report_html import write_report_html
from planwatch.export.report_pdf import write_report_pdf
from planwatch.model.report import (
    BarChart,
    EvaluationReport,
    Paragraph,
    ReportSection,
    SeriesChart,
    SeriesPanel,
    TableBlock,
    placeholder,
)
from report_files import pdf_fonts, pdf_text, read_docx, read_html

PNG = b"\x89PNG\r\n\x1a\n"
INDICATORS = ("研发投入强度", "经营主体", "空气优良天数")


def _report() -> EvaluationReport:
    table = TableBlock(
        title="主要指标监测表",
        headers=("序号", "指标", "2026年实际值", "评估"),
        rows=tuple((str(i), name, "3.08", "滞后") for i, name in enumerate(INDICATORS, start=1)),
        widths=(0.6, 3, 1.2, 1.2),
        numeric=(False, False, True, False),
        note="预期值为按目标路径推算的当年应达值。",
    )
    bars = BarChart(
        "指标评估结果分布", ("提前实现", "滞后"), (1.0, 2.0), unit="项", colors=("#1a7f37", "#cf222e")
    )
    series = SeriesChart(
        "重点指标走势",
        (
            SeriesPanel("研发投入强度", "%", (2025, 2026, 2027), (3.0, 3.08, None), (3.0, 3.09, 3.19), 3.5),
            SeriesPanel("能耗", "吨标准煤/万元", (2025, 2026), (0.5, 0.49), (0.5, 0.487), 0.44),
        ),
    )
    return EvaluationReport(
        title="《测试规划》",
        subtitle="2026年度实施监测报告",
        kind="annual",
        year=2026,
        plan_name="测试规划",
        notes=("报告期：2026 年",),
        sections=(
            ReportSection("一、总体判断", (Paragraph("总体看，规划实施总体平稳，部分指标滞后。"),)),
            ReportSection("二、主要指标监测情况", (bars, table, series)),
            ReportSection(
                "三、滞后事项及原因",
                (TableBlock("滞后事项及原因", ("事项", "原因"), (), (1, 1), empty="无滞后的指标和任务。"),),
            ),
            ReportSection(
                "四、下一步工作", (Paragraph(f"（一）{placeholder('下一年度重点工作')}", placeholder=True),)
            ),
        ),
        counts={"提前实现": 1, "滞后": 2},
    )


def test_charts_are_png_drawn_with_the_cjk_font() -> None:
    report = _report()
    for chart in report.charts():
        png = render_chart(chart)
        width, height = chart_size(png)
        assert png.startswith(PNG) and width > 500 and height > 200
    # same chart, same bytes: nothing time-dependent in the image
    first = report.charts()[0]
    assert render_chart(first) == render_chart(first)


def test_docx_has_headings_tables_pictures_and_marked_places() -> None:
    content = read_docx(write_report_docx(_report()))
    assert content.headings == [
        "一、总体判断",
        "二、主要指标监测情况",
        "三、滞后事项及原因",
        "四、下一步工作",
    ]
    indicator_table = next(t for t in content.tables if t[0][1] == "指标")
    assert len(indicator_table) == 1 + len(INDICATORS)
    assert [row[1] for row in indicator_table[1:]] == list(INDICATORS)
    assert content.pictures == 2
    assert "【待填写：下一年度重点工作】" in content.text
    assert "无滞后的指标和任务。" in content.text  # an empty table says so instead of an empty grid


def test_docx_names_east_asian_fonts() -> None:
    import io
    import zipfile

    data = write_report_docx(_report())
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert 'w:eastAsia="仿宋"' in xml and 'w:eastAsia="黑体"' in xml
    assert "w:highlight" in xml  # the 【待填写】 place is highlighted


def test_pdf_embeds_the_cjk_font_and_reads_back() -> None:
    data = write_report_pdf(_report())
    text = pdf_text(data)
    for heading in ("一、总体判断", "二、主要指标监测情况", "四、下一步工作"):
        assert heading in text
    assert all(name in text for name in INDICATORS)
    assert "【待填写：下一年度重点工作】" in text
    cjk = [f for f in pdf_fonts(data).values() if f.subtype == "TrueType"]
    assert cjk and all(f.embedded and "+" in f.name for f in cjk)  # embedded as subsets
    assert write_report_pdf(_report()) == data  # invariant: no dates or random ids


def test_html_is_standalone_with_embedded_charts() -> None:
    page = read_html(write_report_html(_report()))
    images = page.find_all("img")
    assert len(images) == 2
    for img in images:
        src = img["src"]
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1]).startswith(PNG)
    assert not page.find_all("script") and not page.find_all("link")
    table = next(t for t in page.find_all("table") if t.caption and t.caption.text == "主要指标监测表")
    assert len(table.tbody.find_all("tr")) == len(INDICATORS)
    assert page.find("mark").text == "【待填写：下一年度重点工作】"
    assert page.find("h2").text == "一、总体判断"


def test_font_finder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    found = fonts.cjk_font(for_pdf=True)
    assert fonts.has_cjk_glyphs(found, truetype=True)
    latin = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if latin.is_file():
        assert not fonts.has_cjk_glyphs(latin)

    monkeypatch.setenv(fonts.ENV, str(found))
    assert fonts.cjk_font() == found
    monkeypatch.setenv(fonts.ENV, str(tmp_path / "missing.ttf"))
    with pytest.raises(fonts.FontMissingError, match="找不到可用的中文字体") as info:
        fonts.cjk_font()
    assert info.value.hint is not None and "fonts-wqy-microhei" in info.value.hint
