"""``planwatch report`` as a user runs it: real processes on a real SQLite file holding the Dalian
plan, the 示例数据 and progress reports, each format written and opened back."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_inprocess import run_planwatch
from report_files import pdf_fonts, pdf_text, read_docx, read_html

HEADINGS = ["一、总体判断", "二、主要指标监测情况", "三、重点任务推进情况", "四、重大项目推进情况"]
HEADINGS += ["五、滞后事项及原因", "六、下一步工作"]
SAMPLE_INDICATORS = 8


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_planwatch(*args, cwd=cwd)


@pytest.fixture(scope="module")
def db(session_db_url: Callable[[str], str]) -> tuple[str, str]:
    db = ("--db", session_db_url("report"))
    for args in (
        ("import",),
        ("indicators", "sample", "1"),
        ("progress", "submit", "1", "p3.a7.t1", "--state", "滞后", "--percent", "5",
         "--narrative", "配套园区征地未完成", "--period", "2026Q3", "--user", "工信局"),
        ("progress", "review", "1", "p3.a7.t1", "--period", "2026Q3", "--approve", "--comment", "请加快征地"),
        ("progress", "submit", "1", "p4.a11.t2", "--state", "推进中", "--percent", "60",
         "--narrative", "科学城一期建成", "--period", "2026Q4", "--user", "科技局"),
    ):  # fmt: skip
        r = _run(*args, *db)
        assert r.returncode == 0, r.stderr
    return db


def _report(db: tuple[str, str], out: Path, *args: str) -> bytes:
    r = _run("report", "1", *args, "--today", "2027-03-01", "-o", str(out), *db)
    assert r.returncode == 0, r.stderr
    assert "已生成" in r.stderr
    return out.read_bytes()


def test_docx(db: tuple[str, str], tmp_path: Path) -> None:
    content = read_docx(
        _report(db, tmp_path / "r.docx", "--kind", "annual", "--year", "2026", "--format", "docx")
    )
    assert content.headings == HEADINGS
    indicator_table = next(t for t in content.tables if t[0][:2] == ["序号", "指标"])
    assert len(indicator_table) == 1 + SAMPLE_INDICATORS
    assert content.pictures >= 3  # status counts, indicator series, completion by part
    assert content.text.count("【待填写：") >= 4
    assert "配套园区征地未完成" in content.text and "请加快征地" in content.text
    assert "英歌石科学城" in content.text and "科学城一期建成" in content.text


def test_pdf(db: tuple[str, str], tmp_path: Path) -> None:
    data = _report(db, tmp_path / "r.pdf", "--kind", "annual", "--year", "2026", "--format", "pdf")
    text = pdf_text(data)
    for heading in HEADINGS:
        assert heading in text
    assert "研发投入强度" in text and "2026年度实施监测报告" in text
    cjk = [f for f in pdf_fonts(data).values() if f.subtype == "TrueType"]
    assert cjk and all(f.embedded for f in cjk)


def test_html_midterm(db: tuple[str, str], tmp_path: Path) -> None:
    data = _report(db, tmp_path / "r.html", "--kind", "midterm", "--year", "2028", "--format", "html")
    page = read_html(data.decode("utf-8"))
    assert page.title is not None and "实施中期评估报告" in page.title.text
    headings = [h.text for h in page.find_all("h2")]
    assert headings[0] == "一、总体评估" and headings[-1] == "七、下一步工作和规划调整建议"
    assert all(img["src"].startswith("data:image/png;base64,") for img in page.find_all("img"))
    assert len(page.find_all("img")) >= 2
    table = next(t for t in page.find_all("table") if t.caption.text == "主要指标中期评估表")
    assert len(table.tbody.find_all("tr")) == SAMPLE_INDICATORS
    assert [th.text for th in table.thead.find_all("th")][5:8] == ["2026年", "2027年", "2028年"]


def test_default_file_name(db: tuple[str, str], tmp_path: Path) -> None:
    r = _run("report", "1", "--year", "2026", "--format", "html", *db, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    written = list(tmp_path.iterdir())
    assert len(written) == 1 and written[0].name.endswith("-2026年度监测报告.html")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("9", "--year", "2026"), "没有找到"),
        (("1", "--year", "2031"), "不在规划期"),
        (("1", "--kind", "weekly"), "报告类型"),
        (("1", "--format", "odt"), "报告格式"),
        (("1", "--today", "昨天"), "日期"),
    ],
)
def test_bad_input(db: tuple[str, str], tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    out = tmp_path / "bad.pdf"
    r = _run("report", *args, "-o", str(out), *db)
    assert r.returncode == 2
    assert "错误：" in r.stderr and message in r.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []  # no partial file, no temporary left
