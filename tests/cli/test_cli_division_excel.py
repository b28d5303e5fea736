"""``planwatch export-division`` / ``import-division`` as a planning office runs them: the workbook
goes out, a department edits it (openpyxl), the preview lists each row, --apply records decisions."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cli_inprocess import run_planwatch


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_planwatch(*args)


@pytest.fixture(scope="module")
def template(session_db_url: Callable[[str], str]) -> str:
    """A database with the embedded Dalian plan imported once by the CLI, copied for each test."""
    url = session_db_url("division_excel_template")
    r = _run("import", "--db", url)
    assert r.returncode == 0, r.stderr
    return url


@pytest.fixture
def db(template: str, new_db_url: Any) -> str:
    url: str = new_db_url.copy_of(template, "division_excel")
    return url


def _row(ws: openpyxl.worksheet.worksheet.Worksheet, key: str) -> int:
    header = {c.value: c.column_letter for c in ws[3]}
    return next(r for r in range(4, ws.max_row + 1) if ws[f"{header['行键']}{r}"].value == key)


def test_export_edit_preview_apply(db: str, tmp_path: Path) -> None:
    out = tmp_path / "分工方案.xlsx"
    r = _run("export-division", "1", "-o", str(out), "--db", db)
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    ws = wb["分工方案"]
    lead, bad = _row(ws, "p3.a6.t1"), _row(ws, "p3.a6.t2")
    ws[f"C{lead}"] = "市财政局"
    ws[f"F{lead}"] = "资金类事项由财政局牵头"
    ws[f"D{bad}"] = "市教育厅"
    edited = tmp_path / "反馈.xlsx"
    wb.save(edited)

    preview = _run("import-division", "1", str(edited), "--db", db)
    assert preview.returncode == 0, preview.stderr
    assert f"第 {lead} 行  p3.a6.t1  将修改  牵头单位 大连市工业和信息化局 → 大连市财政局" in preview.stdout
    assert "部门目录中没有“市教育厅”，是否指：" in preview.stdout and "大连市教育局" in preview.stdout
    assert "只是预览" in preview.stderr

    refused = _run("import-division", "1", str(edited), "--apply", "--user", "张三", "--db", db)
    assert refused.returncode != 0 and "没有应用任何修改" in refused.stderr
    history = _run("assign", "1", "p3.a6.t1", "--history", "--db", db)
    assert "大连市财政局" not in history.stdout

    applied = _run(
        "import-division", "1", str(edited), "--apply", "--rows", str(lead), "--user", "张三", "--db", db
    )
    assert applied.returncode == 0, applied.stderr
    assert "已应用 1 行：p3.a6.t1" in applied.stdout
    history = _run("assign", "1", "p3.a6.t1", "--history", "--db", db)
    assert "张三" in history.stdout and "大连市财政局" in history.stdout


def test_a_file_that_is_not_a_division_workbook_is_refused(db: str, tmp_path: Path) -> None:
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    r = _run("import-division", "1", str(other), "--db", db)
    assert r.returncode == 2 and "不是本系统下载的分工方案" in r.stderr
