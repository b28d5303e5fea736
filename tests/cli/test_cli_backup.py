"""``planwatch backup`` / ``planwatch restore`` as a user runs them: real processes, real SQLite files."""

from __future__ import annotations

import subprocess
from pathlib import Path

from cli_inprocess import run_planwatch


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_planwatch(*args, env={"PLANWATCH_DB_URL": f"sqlite:///{cwd / 'default.db'}"}, cwd=cwd)


def test_backup_restore_round_trip_with_force_and_damaged_files(tmp_path: Path) -> None:
    source, target = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    assert run("import", "--db", source, cwd=tmp_path).returncode == 0
    made = run("backup", "--db", source, "-o", "saved/a.backup", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "已备份 SQLite 数据库到 saved/a.backup" in made.stdout
    assert (tmp_path / "saved" / "a.backup").read_bytes().startswith(b"SQLite format 3\x00")

    restored = run("restore", "saved/a.backup", "--db", target, cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert "已从 saved/a.backup 恢复 SQLite 数据库" in restored.stdout
    plans_a = run("plans", "--db", source, cwd=tmp_path).stdout
    assert "大连" in plans_a
    assert run("plans", "--db", target, cwd=tmp_path).stdout == plans_a

    again = run("restore", "saved/a.backup", "--db", target, cwd=tmp_path)
    assert again.returncode == 2
    assert "目标数据库不是空的" in again.stderr and "--force" in again.stderr
    forced = run("restore", "saved/a.backup", "--db", target, "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert "原有数据已被替换" in forced.stdout

    data = (tmp_path / "saved" / "a.backup").read_bytes()
    (tmp_path / "cut.backup").write_bytes(data[: len(data) // 2])
    cut = run("restore", "cut.backup", "--db", target, "--force", cwd=tmp_path)
    assert cut.returncode == 2
    assert "备份文件已损坏或不完整" in cut.stderr
    assert "Traceback" not in cut.stderr
    assert run("plans", "--db", target, cwd=tmp_path).stdout == plans_a

    missing = run("backup", "--db", f"sqlite:///{tmp_path / 'nope.db'}", "-o", "x.backup", cwd=tmp_path)
    assert missing.returncode == 2
    assert "数据库文件不存在" in missing.stderr
    assert not (tmp_path / "nope.db").exists() and not (tmp_path / "x.backup").exists()
