"""任务分工 as a user runs it: the department catalogue, overrides that survive new versions, exports."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cli_inprocess import run_planwatch
from planwatch.services.plans.analyze import default_plan_bytes

PLAN = "中共大连市委关于制定大连市国民经济和社会发展第十五个五年规划的建议"


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_planwatch(*args, env=env)


@pytest.fixture(scope="module")
def template(session_db_url: Callable[[str], str]) -> str:
    """A database with the embedded Dalian plan imported once by the CLI, copied for each test."""
    url = session_db_url("division_template")
    r = _run("import", "--db", url)
    assert r.returncode == 0, r.stderr
    return url


@pytest.fixture
def db(template: str, new_db_url: Any) -> str:
    url: str = new_db_url.copy_of(template, "division")
    return url


def _tasks_json(db: str, node: str) -> list[dict[str, object]]:
    r = _run("analyze", "--format", "json")
    return [t for t in json.loads(r.stdout)["tasks"] if t["node"] == node]


def test_departments_list_and_show(db: str) -> None:
    r = _run("departments", "list", "--db", db)
    assert r.returncode == 0 and "大连市教育局" in r.stdout and "金州区" in r.stdout
    r = _run("departments", "show", "市教育局", "--db", db)
    assert r.returncode == 0 and "学前教育" in r.stdout


def test_load_bad_catalogue_is_refused_whole_with_line(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "departments:\n"
        "  - name: 大连市测试局\n"
        "    short: 市测试局\n"
        "    kind: government\n"
        "    duties: [测试, 检验检测]\n"
        "  - name: 大连市测试局二\n"
        "    kind: government\n"
        "    duties: [测试二]\n",
        encoding="utf-8",
    )
    r = _run("departments", "load", str(bad), "--db", db)
    assert r.returncode == 2, r.stdout
    assert "第6行" in r.stderr or "第 6 行" in r.stderr, r.stderr
    assert "short" in r.stderr
    r = _run("departments", "history", "--db", db)
    assert "尚未加载" in r.stdout


def test_load_extend_then_reset(db: str, tmp_path: Path) -> None:
    good = tmp_path / "extra.yaml"
    good.write_text(
        "departments:\n"
        "  - name: 大连市低空经济发展中心\n"
        "    short: 市低空中心\n"
        "    kind: government\n"
        "    duties: [低空经济, 无人机, 通用航空]\n",
        encoding="utf-8",
    )
    r = _run("departments", "load", str(good), "--user", "李四", "--db", db)
    assert r.returncode == 0, r.stderr
    assert "83 个单位" in r.stdout
    assert "市低空中心" in _run("departments", "list", "--db", db).stdout
    assert "李四" in _run("departments", "history", "--db", db).stdout
    assert _run("departments", "reset", "--db", db).returncode == 0
    assert "市低空中心" not in _run("departments", "list", "--db", db).stdout


def test_edit_one_unit_by_options(db: str) -> None:
    r = _run("departments", "edit", "市教育局", "--add-duty", "托育衔接", "--add-alias", "教委", "--db", db)
    assert r.returncode == 0, r.stderr
    shown = _run("departments", "show", "教委", "--db", db).stdout
    assert "托育衔接" in shown and "大连市教育局" in shown


def test_edit_in_editor_refuses_broken_yaml(db: str, tmp_path: Path) -> None:
    editor = tmp_path / "break.sh"
    editor.write_text("#!/bin/sh\nprintf 'departments: [unclosed\\n' > \"$1\"\n", encoding="utf-8")
    editor.chmod(0o755)
    r = _run("departments", "edit", "--db", db, env={"EDITOR": str(editor)})
    assert r.returncode == 2 and "行" in r.stderr, r.stderr
    assert "尚未加载" in _run("departments", "history", "--db", db).stdout


def test_override_survives_a_new_version_and_shows_in_exports(db: str, tmp_path: Path) -> None:
    r = _run(
        "assign", "1", "p11.a44.t3", "--lead", "市委宣传部", "--cooperating", "市教育局,团市委",
        "--due", "2028", "--user", "张三", "--note", "试点", "--db", db,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "张三" in r.stdout

    # a new version of the plan where another article changed: the decision still applies
    text = default_plan_bytes()[0].decode("utf-8").replace("研发投入强度达3%", "研发投入强度达3.1%")
    changed = tmp_path / "v2.txt"
    changed.write_text(text, encoding="utf-8")
    r = _run("import", str(changed), "--name", PLAN, "--db", db)
    assert r.returncode == 0 and "第 2 版" in r.stdout, r.stderr

    out = tmp_path / "division.xlsx"
    r = _run("export", "1", "--what", "tasks", "--format", "xlsx", "-o", str(out), "--db", db)
    assert r.returncode == 0, r.stderr
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    header = next(row for row in ws.iter_rows(values_only=True) if row[0] == "序号")
    assert list(header[:7]) == ["序号", "规划条目", "重点任务", "牵头单位", "配合单位", "完成时限", "原文"]
    row = next(row for row in ws.iter_rows(values_only=True) if row[2] and "普通高中" in str(row[2]))
    assert row[3] == "市委宣传部" and row[4] == "市教育局、团市委" and str(row[5]) == "2028"

    r = _run("assign", "1", "--history", "--db", db)
    assert "张三" in r.stdout and "p11.a44.t3" in r.stdout

    r = _run("assign", "1", "p11.a44.t3", "--revert", "--user", "王五", "--db", db)
    assert r.returncode == 0
    r = _run("export", "1", "--what", "tasks", "--format", "csv", "-o", str(tmp_path / "t.csv"), "--db", db)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "t.csv").read_text(encoding="utf-8-sig"))))
    row2 = next(r2 for r2 in rows if "普通高中" in r2["重点任务"])
    assert row2["牵头单位"] != "市委宣传部"


def test_override_needs_a_user_and_known_units(db: str) -> None:
    r = _run("assign", "1", "p11.a44.t3", "--lead", "市教育局", "--db", db)
    assert r.returncode == 2 and "--user" in r.stderr
    r = _run("assign", "1", "p11.a44.t3", "--lead", "不存在的局", "--user", "x", "--db", db)
    assert r.returncode == 2 and "部门目录中没有" in r.stderr
    r = _run("assign", "1", "p99.a1.t1", "--lead", "市教育局", "--user", "x", "--db", db)
    assert r.returncode == 2 and "没有编号为" in r.stderr
    r = _run("assign", "1", "p11.a44.t3", "--due", "明年", "--user", "x", "--db", db)
    assert r.returncode == 2 and "完成时限" in r.stderr


@pytest.mark.parametrize("what", ["tasks", "indicators", "entities"])
@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv", "json"])
def test_every_export_opens_back(what: str, fmt: str, db: str, tmp_path: Path) -> None:
    out = tmp_path / f"{what}.{fmt}"
    r = _run("export", "1", "--what", what, "--format", fmt, "-o", str(out), "--db", db)
    assert r.returncode == 0, r.stderr
    if fmt == "xlsx":
        assert openpyxl.load_workbook(out).worksheets
    elif fmt == "docx":
        import docx

        assert docx.Document(str(out)).tables
    elif fmt == "csv":
        assert len(list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))) > 2
    else:
        assert json.loads(out.read_text(encoding="utf-8"))


def test_export_unknown_what_is_bad_input(db: str, tmp_path: Path) -> None:
    r = _run("export", "1", "--what", "budget", "-o", str(tmp_path / "x"), "--db", db)
    assert r.returncode == 2 and "不支持导出" in r.stderr


def test_analyze_json_tasks_carry_lead_and_cooperating() -> None:
    tasks = _tasks_json("", "p11.a42")
    assert tasks
    assert all("lead" in t and "cooperating" in t and "due" in t for t in tasks)
    lead = tasks[0]["lead"]
    assert isinstance(lead, dict) and lead["department"] == "大连市人力资源和社会保障局"
    assert lead["reason"]
