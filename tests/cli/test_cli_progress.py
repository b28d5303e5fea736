"""``planwatch progress`` as a user runs it: real processes on a real SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXE = str(Path(sys.executable).with_name("planwatch"))


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANWATCH_")}
    return subprocess.run(
        [EXE, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def test_report_review_and_monitor(tmp_path: Path) -> None:
    db = ("--db", f"sqlite:///{tmp_path / 'plan.db'}")
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
