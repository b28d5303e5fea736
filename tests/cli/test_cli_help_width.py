"""``planwatch --help`` at 80 columns shows every command's description whole (wrapped, never cut
off with “…”), for the root and for a group of subcommands; ``show --tasks`` lists task sentences."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from planwatch.cli.app import COMMANDS


def _help(tmp_path: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANWATCH_")}
    env.update(COLUMNS="80", PLANWATCH_DB_URL=f"sqlite:///{tmp_path / 'h.db'}", TERM="dumb")
    done = subprocess.run(
        [sys.executable, "-m", "planwatch.cli.app", *args, "--help"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _joined(listing: str) -> str:
    """The help text with the table's borders and line breaks taken out."""
    return re.sub(r"[\s│╭╮╰╯─]+", "", listing)


def test_root_help_keeps_every_description_whole_at_80_columns(tmp_path: Path) -> None:
    text = _help(tmp_path)
    assert "…" not in text
    joined = _joined(text)
    for name, spec in COMMANDS.items():
        first = re.sub(r"\s+", "", spec.help.split("\n\n")[0])
        assert first in joined, name
    assert "调整任务的牵头单位、配合单位和完成时限（记录操作人和时间，新版本中继续有效）" in joined


def test_a_group_help_keeps_its_descriptions_whole_too(tmp_path: Path) -> None:
    text = _help(tmp_path, "progress")
    assert "…" not in text
    assert "按篇（部分）和全规划汇总进度" in _joined(text)
