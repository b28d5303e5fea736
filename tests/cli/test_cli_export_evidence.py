"""``planwatch export PLAN --what evidence`` as a user runs it: a real process on a real database
holding a small plan with evidence stored through the services; each file opened back."""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from cli_inprocess import run_planwatch
from evidence_fixture import CONFIRMED_SENTENCE, SEWAGE, full_fixture
from planwatch.store.engine import make_engine
from planwatch.store.migrate import upgrade

NAME = "某市十五五规划"
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run(tmp_path: Path, new_db_url: Callable[[str], str]) -> Run:
    url = new_db_url("evidence")
    engine = make_engine(url)
    try:
        upgrade(engine)
        full_fixture(engine, tmp_path, NAME)
    finally:
        engine.dispose()

    def _run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_planwatch(*args, env={"PLANWATCH_DB_URL": url}, cwd=tmp_path)

    return _run


def test_export_evidence_in_each_format(run: Run, tmp_path: Path) -> None:
    done = run("export", NAME, "--what", "evidence")  # xlsx by default, named after the plan
    assert done.returncode == 0, done.stderr
    path = tmp_path / f"{NAME}-文件佐证覆盖情况.xlsx"
    assert "已导出" in done.stderr and path.is_file()
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    assert book.sheetnames[:3] == ["覆盖矩阵", "逐条佐证", "从未提及"]
    sentences = [row[8].value for row in book["逐条佐证"].iter_rows(min_row=4)]
    assert CONFIRMED_SENTENCE in sentences and len(sentences) == 6

    out = tmp_path / "coverage.json"
    assert run("export", NAME, "-w", "evidence", "-f", "json", "-o", str(out)).returncode == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["bases"]["proposed"]["never_taken_up"][0]["tasks"][0]["task"] == SEWAGE
    assert data["bases"]["confirmed"]["total"]["all"]["taken"] == 2

    out = tmp_path / "matches.csv"
    assert run("export", NAME, "-w", "evidence", "-f", "csv", "-o", str(out)).returncode == 0
    lines = out.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[:3] == ["规划部分", "任务编号", "任务内容"] and len(lines) == 7


def test_export_evidence_refuses_what_it_cannot_do(run: Run, tmp_path: Path) -> None:
    docx = run("export", NAME, "-w", "evidence", "-f", "docx")
    assert docx.returncode != 0 and "文件佐证不支持导出为“docx”格式" in docx.stderr
    assert "xlsx、json、csv" in docx.stderr
    version = run("export", NAME, "-w", "evidence", "--version", "1")
    assert version.returncode != 0 and "不能指定 --version" in version.stderr
    assert not list(tmp_path.glob("*.xlsx")) and not list(tmp_path.glob("*.docx"))
