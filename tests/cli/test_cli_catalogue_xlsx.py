"""``planwatch departments load FILE.xlsx`` and ``departments export --format xlsx``: a real workbook
exported, edited with openpyxl, loaded back; a bad one refused whole with its rows, database unchanged."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import openpyxl

from cli_inprocess import run_planwatch


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_planwatch(*args)


def test_export_edit_and_load_a_workbook(new_db_url: Callable[[str], str], tmp_path: Path) -> None:
    db = new_db_url("catalogue-xlsx")
    assert _run("db", "upgrade", "--db", db).returncode == 0
    book = tmp_path / "部门目录.xlsx"
    r = _run("departments", "export", "--format", "xlsx", "-o", str(book), "--db", db)
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(book)
    ws = wb["部门目录"]
    education = next(row for row in ws.iter_rows(min_row=2) if row[0].value == "大连市教育局")
    education[3].value += "、研学实践教育"
    wb.save(book)

    r = _run("departments", "load", str(book), "--replace", "--user", "张三", "--db", db)
    assert r.returncode == 0, r.stderr
    assert "82 个单位" in r.stdout
    r = _run("departments", "show", "市教育局", "--db", db)
    assert "研学实践教育" in r.stdout
    r = _run("departments", "export", "--db", db)
    assert r.returncode == 0 and "研学实践教育" in r.stdout

    bad = tmp_path / "坏表.xlsx"
    ws.append(["", "市无名局", "政府部门", "测试", "", ""])
    ws.append(["大连市甲局", "市甲局", "事业单位", "测试", "", ""])
    wb.save(bad)
    r = _run("departments", "load", str(bad), "--db", db)
    assert r.returncode == 2
    assert f"工作表“部门目录”第{ws.max_row - 1}行，A列（单位全称）：缺少单位全称" in r.stderr
    assert f"工作表“部门目录”第{ws.max_row}行，C列（类别）：类别“事业单位”无法识别" in r.stderr
    history = _run("departments", "history", "--db", db)
    assert history.stdout.count("张三") == 1 and history.stdout.count("#") == 1
