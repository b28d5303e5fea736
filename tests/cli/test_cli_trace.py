"""planwatch trace run as a user runs it: a real process, the real corpus files, a real database."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_inprocess import run_planwatch
from strict import missing

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
REPORT_2023 = CORPUS / "national-government-work-report-2023.txt"
REPORT_2024 = CORPUS / "national-government-work-report-2024.txt"

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run(tmp_path: Path, new_db_url: Callable[[str], str]) -> Run:
    if not REPORT_2024.is_file():
        missing(f"the shared corpus is not at {CORPUS}")
    url = new_db_url("plans")

    def _run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_planwatch(*args, env={"PLANWATCH_DB_URL": url}, cwd=tmp_path)

    return _run


def test_trace_files_as_table_and_json(run: Run) -> None:
    table = run("trace", str(REPORT_2023), str(REPORT_2024))
    assert table.returncode == 0, table.stderr
    assert "p2.s6.t2" in table.stdout and "报告" in table.stdout

    done = run("trace", str(REPORT_2023), str(REPORT_2024), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert list(data)[:4] == ["plan", "sources", "threshold", "tasks"] and "coverage" in data
    assert data["sources"][0]["year"] == 2024
    grain = next(t for t in data["tasks"] if t["task"] == "p2.s6.t2")
    assert any(e["kind"] == "reported" and "千亿斤" in e["sentence"] for e in grain["evidence"])


def test_trace_a_stored_plan_as_source(run: Run) -> None:
    assert run("import", str(REPORT_2024), "--name", "2024年报告").returncode == 0
    done = run("trace", str(REPORT_2023), "2024年报告", "--format", "json", "--year", "2024")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["sources"][0]["name"] == "2024年报告" and data["sources"][0]["year_from"] == "override"
    assert data["coverage"]["taken_up"] > 0


def test_bad_sources_fail_in_chinese(run: Run, tmp_path: Path) -> None:
    missing_file = run("trace", str(REPORT_2023), str(tmp_path / "nope.txt"))
    assert missing_file.returncode != 0 and "既不是已有的文件，也不是已导入的规划" in missing_file.stderr
    unknown = run("trace", str(REPORT_2023), "没有这个规划")
    assert unknown.returncode != 0 and "没有这个规划" in unknown.stderr
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = run("trace", str(REPORT_2023), str(empty))
    assert blank.returncode != 0 and "文件为空" in blank.stderr
    fmt = run("trace", str(REPORT_2023), str(REPORT_2024), "--format", "xml")
    assert fmt.returncode != 0 and "不支持的输出格式" in fmt.stderr
