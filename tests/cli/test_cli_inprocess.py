"""The in-process runner (tests/cli_inprocess.py) answers as the real command does.

Most CLI tests run ``planwatch`` in the test process; these compare it with a real process on the
things those tests read: exit status, standard output, the Chinese error on standard error, the
working directory, standard input and the environment, which must all be back as they were after.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cli_inprocess import run_planwatch

EXE = str(Path(sys.executable).with_name("planwatch"))


def _process(*args: str, env: dict[str, str], cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("PLANWATCH_")}
    full.update(env)
    return subprocess.run(
        [EXE, *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full,
        cwd=cwd,
        timeout=120,
    )


def test_an_error_reads_the_same_in_process_and_in_a_process(tmp_path: Path) -> None:
    env = {"PLANWATCH_DB_URL": "sqlite:///relative.db"}  # relative: resolved in the working directory
    cwd_before, environ_before = Path.cwd(), dict(os.environ)
    inside = run_planwatch("show", "不存在的规划", env=env, cwd=tmp_path)
    assert Path.cwd() == cwd_before and dict(os.environ) == environ_before
    assert (tmp_path / "relative.db").is_file()  # the command ran in tmp_path
    outside = _process("show", "不存在的规划", env=env, cwd=tmp_path)
    assert inside.returncode == outside.returncode == 2
    assert inside.stdout == outside.stdout
    assert inside.stderr == outside.stderr and "planwatch plans" in inside.stderr


def test_standard_input_and_output_reach_the_command(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'users.db'}"
    added = run_planwatch(
        "users", "add", "zhang", "-r", "viewer", "--password-stdin", "--db", url, input="pw-zhang-123\n"
    )
    assert added.returncode == 0, added.stderr
    listed = run_planwatch("users", "list", "--db", url)
    assert listed.returncode == 0 and "zhang" in listed.stdout
    again = _process("users", "list", "--db", url, env={}, cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == listed.stdout
