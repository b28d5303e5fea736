"""``planwatch progress`` as a user runs it: real processes on a real SQLite file."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cli_inprocess import run_planwatch


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_planwatch(*args)


def test_report_review_and_monitor(tmp_path: Path, new_db_url: Callable[[str], str]) -> None:
    db = ("--db", new_db_url("plan"))
    assert _run("import", *db).returncode == 0
    task = ("1", "p3.a6.t1")

    r = _run(
        "progress",
        "submit",
        *task,
        "--state",
        "已完成",
        "--percent",
        "100",
        "--close",
        "--user",
        "工信局",
        *db,
    )
    assert r.returncode != 0 and "佐证材料" in r.stderr

    proof = tmp_path / "开工证明.pdf"
    proof.write_bytes(b"%PDF-1.4\n% evidence\n%%EOF\n")
    r = _run("progress", "submit", *task, "--state", "推进中", "--percent", "40",
             "--evidence", str(tmp_path / "没有这个文件.pdf"), "--period", "2026Q1", *db)  # fmt: skip
    assert r.returncode == 2 and "不存在" in r.stderr
    r = _run("progress", "submit", *task, "--state", "推进中", "--percent", "40", "--narrative", "开工建设",
             "--evidence", str(proof), "--period", "2026Q1", "--user", "工信局", *db)  # fmt: skip
    assert r.returncode == 0, r.stderr
    r = _run("progress", "evidence", *task, "--save", str(tmp_path / "saved"), *db)
    assert r.returncode == 0, r.stderr
    saved = list((tmp_path / "saved").iterdir())
    assert [p.name.split("-", 1)[1] for p in saved] == ["开工证明.pdf"]
    assert saved[0].read_bytes() == proof.read_bytes()
    r = _run("progress", "review", *task, "--period", "2026Q1", "--return", "--user", "发改委", *db)
    assert r.returncode != 0 and "意见" in r.stderr
    r = _run("progress", "review", *task, "--period", "2026Q1", "--return", "--comment", "请补充", *db)
    assert r.returncode == 0, r.stderr
    r = _run("progress", "submit", *task, "--state", "推进中", "--percent", "45", "--period", "2026Q1", *db)
    assert r.returncode == 0, r.stderr
    r = _run("progress", "review", *task, "--period", "2026Q1", "--approve", "--user", "发改委", *db)
    assert r.returncode == 0 and "已通过" in r.stdout

    r = _run("progress", "history", *task, *db)
    assert r.returncode == 0 and "请补充" in r.stdout and "开工证明.pdf" in r.stdout
    assert r.stdout.count("2026Q1") == 4

    r = _run("progress", "status", "1", "--today", "2027-03-31", *db)
    assert r.returncode == 0 and "45.0%" in r.stdout and "24.9%" in r.stdout
    r = _run("progress", "warnings", "1", "--today", "2031-01-15", *db)
    assert r.returncode == 0 and "红色" in r.stdout and "已超过完成时限" in r.stdout
    r = _run("progress", "rollup", "1", *db)
    assert r.returncode == 0 and "全规划" in r.stdout and "45.0%" in r.stdout
    r = _run("progress", "scorecard", "1", *db)
    assert r.returncode == 0 and "大连市工业和信息化局" in r.stdout


def _json(*args: str) -> dict[str, Any]:
    r = _run(*args, "--format", "json")
    assert r.returncode == 0, r.stderr
    assert "\\u" not in r.stdout  # UTF-8 as is, not ASCII escapes
    doc: dict[str, Any] = json.loads(r.stdout)
    return doc


def test_sample_data_and_json_documents(tmp_path: Path, new_db_url: Callable[[str], str]) -> None:
    db = ("--db", new_db_url("plan"))
    assert _run("import", *db).returncode == 0
    day = ("--today", "2027-03-31")

    # without reports nothing is behind pace: every task is 未报送 and to be reminded (催报)
    page = _json("progress", "warnings", "1", *day, *db)
    total = page["reporting"]["tasks"]
    assert page["warnings"] == [] and page["counts"] == {"blue": 0, "yellow": 0, "red": 0}
    assert page["reporting"]["not_reported"] == page["reporting"]["report_overdue"] == total > 300
    r = _run("progress", "warnings", "1", *day, *db)
    assert r.returncode == 0 and "没有预警" in r.stdout and f"未报送 {total} 项（不计为滞后）" in r.stdout

    r = _run("sample", "1", *db)
    assert r.returncode == 0, r.stderr
    assert "20 个任务" in r.stdout and "示例数据" in r.stdout and "--remove" in r.stdout
    r = _run("sample", "1", *db)
    assert r.returncode == 0 and "已加载过" in r.stdout

    # the CLI document is the web twin's (/api/v1/plans/1/monitoring/warnings) on the same day
    page = _json("progress", "warnings", "1", *day, *db)
    assert set(page) >= {"plan", "today", "counts", "warnings", "reporting", "reminders", "scorecard"}
    assert page["today"] == "2027-03-31" and page["counts"]["yellow"] == len(page["warnings"]) > 0
    assert all(w["sample"] and w["state"] != "未报送" for w in page["warnings"])
    assert {"滞后"} <= {w["state"] for w in page["warnings"]}
    assert page["reporting"]["not_reported"] == total - 19  # 20 sample tasks, one only returned

    status = _json("progress", "status", "1", *day, *db)
    rows = {t["task"]: t for t in status["tasks"]}
    assert len(rows) == total
    closed = [t for t in rows.values() if t["closed"]]
    assert len(closed) == 1 and closed[0]["state"] == "已完成" and closed[0]["reporting"] is None
    assert sum(1 for t in rows.values() if t["sample"]) == 19
    assert all(t["percent"] is None for t in rows.values() if t["state"] == "未报送")

    rolled = _json("progress", "rollup", "1", *day, *db)
    assert (rolled["reported"], rolled["tasks"], rolled["not_reported"]) == (19, total, total - 19)
    assert 0 < rolled["progress"] < 100 and rolled["parts"]
    cards = _json("progress", "scorecard", "1", *day, *db)["scorecard"]
    assert sum(c["lead"]["reported"] for c in cards) == 19

    sampled = closed[0]["task"]
    history = _json("progress", "history", "1", sampled, *db)
    assert history["history"] and all(h["sample"] for h in history["history"])
    assert any(h["closes_task"] and h["status"] == "approved" for h in history["history"])

    r = _run("progress", "status", "1", *day, *db)
    assert r.returncode == 0 and "示例数据" in r.stdout and "催报" in r.stdout
    r = _run("progress", "status", "1", "--format", "yaml", *db)
    assert r.returncode == 2 and "不支持的输出格式" in r.stderr

    # --remove deletes exactly the sample rows; `indicators sample` still loads the indicators alone
    r = _run("sample", "1", "--remove", *db)
    assert r.returncode == 0 and "条进展报告记录" in r.stdout and "真实数据未受影响" in r.stdout
    assert _json("progress", "status", "1", *day, *db)["reporting"]["not_reported"] == total
    r = _run("indicators", "sample", "1", *db)
    assert r.returncode == 0 and "planwatch sample 1" in r.stdout
    assert _json("progress", "rollup", "1", *day, *db)["reported"] == 0
