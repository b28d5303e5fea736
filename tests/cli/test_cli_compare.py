"""planwatch compare and planwatch diff, run as a user runs them: a real process, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cli_inprocess import run_planwatch
from planwatch.services.plans.analyze import default_plan_bytes

UPPER = Path(__file__).resolve().parents[1] / "compare" / "data" / "upper_plan.txt"
sys.path.insert(0, str(UPPER.parents[1]))
from drafts import edited_draft  # noqa: E402

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run(tmp_path: Path, new_db_url: Callable[[str], str]) -> Run:
    url = new_db_url("plans")

    def _run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_planwatch(*args, env={"PLANWATCH_DB_URL": url}, cwd=tmp_path)

    return _run


@pytest.fixture
def dalian_file(tmp_path: Path) -> Path:
    path = tmp_path / "dalian.txt"
    path.write_bytes(default_plan_bytes()[0])
    return path


def test_compare_two_files_in_every_format(run: Run, tmp_path: Path, dalian_file: Path) -> None:
    text = run("compare", str(UPPER), str(dalian_file))
    assert text.returncode == 0, text.stderr
    assert "(16) 促进高质量充分就业" in text.stdout and "承接" in text.stdout
    assert not (tmp_path / "plans.db").exists()  # two files need no database

    as_json = run("compare", str(UPPER), str(dalian_file), "--format", "json")
    data = json.loads(as_json.stdout)
    assert data["a"]["path"] == str(UPPER) and data["b"]["units"] == 60
    best = {al["a_label"]: al["matches"][0]["b_label"] for al in data["alignments"] if al["matches"]}
    assert best["(17)"] == "(44)"

    xlsx = tmp_path / "cmp.xlsx"
    done = run("compare", str(UPPER), str(dalian_file), "-f", "xlsx", "-o", str(xlsx))
    assert done.returncode == 0, done.stderr
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["条目对齐", "承接情况", "关键词与提法", "指标对照"]
    cover = wb["承接情况"]
    values = [[c.value for c in row] for row in cover.iter_rows()]
    assert sum(1 for row in values if row[0] and str(row[0]).startswith("(")) == 60

    html = tmp_path / "cmp.html"
    assert run("compare", str(UPPER), str(dalian_file), "-f", "html", "-o", str(html)).returncode == 0
    page = html.read_text(encoding="utf-8")
    assert "<h2>承接情况（对照规划各条目）</h2>" in page and "黑土地" in page


def test_compare_a_stored_plan_with_a_file_and_diff_its_versions(run: Run, tmp_path: Path) -> None:
    v1 = tmp_path / "draft1.txt"
    v1.write_bytes(default_plan_bytes()[0])
    v2 = tmp_path / "draft2.txt"
    v2.write_text(edited_draft(v1.read_text(encoding="utf-8")), encoding="utf-8")
    assert run("import", str(v1), "--name", "大连建议").returncode == 0

    stored = run("compare", "大连建议", str(UPPER), "--format", "json")
    assert stored.returncode == 0, stored.stderr
    assert json.loads(stored.stdout)["a"]["name"] == "大连建议"

    only_one = run("diff", "大连建议")
    assert only_one.returncode == 2 and "只有一个版本" in only_one.stderr

    assert run("import", str(v2), "--name", "大连建议").returncode == 0
    diff = run("diff", "大连建议")
    assert diff.returncode == 0, diff.stderr
    assert "第 1 版" in diff.stdout and "第 2 版" in diff.stdout
    assert "前瞻布局未来产业" in diff.stdout and "删除" in diff.stdout
    assert "大力发展首发经济和冰雪经济" in diff.stdout

    as_json = json.loads(run("diff", "大连建议@1", "大连建议@2", "-f", "json").stdout)
    assert as_json["summary"]["units_removed"] == 1
    files = json.loads(run("diff", str(v1), str(v2), "-f", "json").stdout)
    assert files["summary"] == as_json["summary"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("compare", "没有这个规划", "也没有"), "既不是已有的文件，也不是已导入的规划"),
        (("compare", "a", "b", "--format", "pdf"), "不支持的输出格式"),
        (("compare", "a", "b", "--format", "xlsx"), "-o"),
        (("compare", "a", "b", "--threshold", "2"), "阈值"),
    ],
)
def test_bad_input_is_a_clear_error(run: Run, args: tuple[str, ...], message: str, dalian_file: Path) -> None:
    args = tuple(str(dalian_file) if a in ("a", "b") else a for a in args)
    done = run(*args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_lineage_set_show_and_refuse_a_cycle(run: Run, tmp_path: Path, dalian_file: Path) -> None:
    assert run("import", str(UPPER), "--name", "滨海省建议").returncode == 0
    assert run("import", str(dalian_file), "--name", "大连建议").returncode == 0
    done = run("lineage", "大连建议", "--upper", "滨海省建议", "--level", "建议", "--user", "张三")
    assert done.returncode == 0, done.stderr
    assert "滨海省建议（未定层级） → 大连建议（建议）" in done.stdout
    up = json.loads(run("lineage", "滨海省建议", "-f", "json").stdout)
    assert [c["name"] for c in up["lower"]] == ["大连建议"]
    cycle = run("lineage", "滨海省建议", "--upper", "大连建议")
    assert cycle.returncode == 2 and "不能再作为它的上级规划" in cycle.stderr
    level_only = run("lineage", "大连建议", "--level", "纲要")
    assert level_only.returncode == 0 and "滨海省建议（未定层级） → 大连建议（纲要）" in level_only.stdout
    cleared = run("lineage", "大连建议", "--no-upper")
    assert "未设置上级规划" in cleared.stdout
