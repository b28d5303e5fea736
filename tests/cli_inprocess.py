"""The ``planwatch`` command run inside the test process, as a user's shell would run it.

A subprocess pays about a second of interpreter start and imports for every command, which made the
CLI tests most of the suite's time. ``run_planwatch`` calls the real entry point
(``planwatch.cli.app.main``: argument parsing, the lazy commands, the Chinese error reporting and
the exit codes) with ``sys.argv``, the standard streams, the environment and the working directory
swapped in for the call and restored afterwards, and answers with the same
``subprocess.CompletedProcess`` the subprocess tests read. A handful of tests still start a real
process: exit codes seen by the shell, signals, ``--help`` width, start-up imports and the encoding
of the real standard streams (test_cli_startup.py, test_cli_help_width.py, test_crash_safety.py …).

The environment given replaces the process's PLANWATCH_* variables for the call, as ``env=`` does for
a subprocess whose environment was copied without them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from typer.testing import CliRunner

__all__ = ["run_planwatch"]

_runner = CliRunner()


@contextmanager
def _working_directory(cwd: Path | str | None) -> Iterator[None]:
    if cwd is None:
        yield
        return
    before = Path.cwd()
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(before)


def _exit_code(code: object) -> int:
    """What a process's exit status would be for ``sys.exit(code)``."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    return 1  # sys.exit("message") prints the message and exits with 1


def run_planwatch(
    *args: str,
    env: Mapping[str, str] | None = None,
    cwd: Path | str | None = None,
    input: str | None = None,
    keep_env: bool = False,
) -> subprocess.CompletedProcess[str]:
    """``planwatch ARGS`` in this process. ``env`` holds the PLANWATCH_* (and other) variables of the
    run; the process's own PLANWATCH_* variables are hidden unless ``keep_env``. ``input`` is standard
    input (empty when None, like a subprocess given /dev/null)."""
    from planwatch.cli.app import main

    overrides: dict[str, str | None] = {}
    if not keep_env:
        overrides.update({k: None for k in os.environ if k.startswith("PLANWATCH_")})
    overrides.update(env or {})
    # main() sets this one for itself; listing it here makes isolation() put it back afterwards
    overrides.setdefault("PYDANTIC_DISABLE_PLUGINS", os.environ.get("PYDANTIC_DISABLE_PLUGINS"))
    argv = sys.argv
    with _working_directory(cwd), _runner.isolation(input=input or "", env=overrides) as (out, err, _):
        sys.argv = ["planwatch", *args]
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = _exit_code(exc.code)
            if isinstance(exc.code, str):
                sys.stderr.write(exc.code + "\n")
        except Exception:  # what the interpreter does with an exception main() lets through (--debug)
            traceback.print_exc()
            code = 1
        finally:
            sys.argv = argv
            sys.stdout.flush()
            sys.stderr.flush()
        stdout = out.getvalue().decode("utf-8", errors="replace").replace("\r\n", "\n")
        stderr = err.getvalue().decode("utf-8", errors="replace").replace("\r\n", "\n")
    return subprocess.CompletedProcess(["planwatch", *args], code, stdout, stderr)
