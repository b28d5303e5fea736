"""A green CI run hides no skip: tests that need something outside Python go through
tests/strict.py, and in a strict run (PLANWATCH_TEST_STRICT=1 or PLANWATCH_TEST_PG_REQUIRED=1, set by
.ci/run) a missing PostgreSQL server or Chromium fails them. Checked on the source of the suite and
on real pytest runs in a subprocess with the server or the browser out of reach."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from strict import STRICT_ENV, missing, strict

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
# Skips that are about the platform, not about a tool CI must have: they run on Linux as a user.
PLATFORM_SKIPS = {
    ("ingest/test_ingest_errors.py", 'not hasattr(os, "mkfifo")'),
    ("ingest/test_ingest_errors.py", 'os.name != "posix" or os.geteuid() == 0'),
}
SKIP = re.compile(r"pytest\.skip\(|pytest\.mark\.skip\b|skipif\((?P<cond>.*?), reason|importorskip\(")


def test_no_skip_bypasses_strict() -> None:
    found = set()
    for path in sorted(TESTS.rglob("*.py")):
        name = path.relative_to(TESTS).as_posix()
        if name in ("strict.py", "test_strict.py"):
            continue
        for m in SKIP.finditer(path.read_text(encoding="utf-8")):
            found.add((name, m.group("cond") or m.group(0)))
    assert found <= PLATFORM_SKIPS, sorted(found - PLATFORM_SKIPS)


def test_missing_fails_in_a_strict_run(monkeypatch: pytest.MonkeyPatch) -> None:
    for env, value in ((STRICT_ENV, "1"), ("PLANWATCH_TEST_PG_REQUIRED", "1")):
        monkeypatch.delenv(STRICT_ENV, raising=False)
        monkeypatch.delenv("PLANWATCH_TEST_PG_REQUIRED", raising=False)
        monkeypatch.setenv(env, value)
        assert strict()
        with pytest.raises(pytest.fail.Exception, match="must not skip"):
            missing("a tool")
    monkeypatch.setenv(STRICT_ENV, "0")
    monkeypatch.setenv("PLANWATCH_TEST_PG_REQUIRED", "")
    assert not strict()
    with pytest.raises(pytest.skip.Exception):
        missing("a tool")


def _pytest(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PLANWATCH_")}
    clean["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", *args],
        cwd=REPO,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


def _summary(stdout: str) -> set[str]:
    """The outcomes pytest's last line counts (passed, failed, skipped, …), "deselected" left out."""
    last = stdout.strip().splitlines()[-1]
    return set(re.findall(r"\d+ (\w+)", last)) - {"deselected", "seconds"}


# a port nothing listens on: the server is out of reach
NO_SERVER = "postgresql+psycopg://postgres@127.0.0.1:9/test"


@pytest.mark.parametrize("flag", [STRICT_ENV, "PLANWATCH_TEST_PG_REQUIRED"])
def test_an_unreachable_postgresql_fails_a_strict_run(flag: str) -> None:
    target = "tests/store/test_store_engine.py"
    relaxed = _pytest(target, "-k", "postgresql", "-rs", PLANWATCH_TEST_PG_URL=NO_SERVER)
    assert relaxed.returncode == 0 and _summary(relaxed.stdout) == {"skipped"}, relaxed.stdout
    run = _pytest(target, "-k", "postgresql", PLANWATCH_TEST_PG_URL=NO_SERVER, **{flag: "1"})
    # a fixture that cannot reach its tool fails in setup: pytest counts an error
    assert run.returncode == 1 and _summary(run.stdout) <= {"failed", "error", "errors"}, run.stdout


def test_a_missing_chromium_fails_a_strict_run(tmp_path: Path) -> None:
    absent = str(tmp_path / "chromium")
    run = _pytest("tests/e2e/test_browser.py", "-x", PLANWATCH_CHROMIUM=absent, **{STRICT_ENV: "1"})
    assert run.returncode == 1 and "is not an executable file" in run.stdout, run.stdout[-3000:]
    assert _summary(run.stdout) & {"failed", "error", "errors"} and "skipped" not in _summary(run.stdout)
