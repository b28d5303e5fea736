"""Benchmark: how long whole ``planwatch`` processes take to start (issue 18).

Runs, side by side in one run so the machine's load is the same for all: ``python -c pass`` (the
floor every Python process pays), ``planwatch --help``, ``planwatch plans`` on a temporary SQLite
database and ``planwatch analyze`` of the embedded default plan written to /dev/null. Prints the
median wall time of N whole processes each (after one unmeasured warm-up run that fills the byte-code
cache and creates the database) and its ratio to ``python -c pass``.
Run: .venv/bin/python bench/cli_start.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def planwatch_command() -> list[str]:
    # the console script installed next to this interpreter, as a user runs it; else the module
    script = Path(sys.executable).with_name("planwatch")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "planwatch.cli.app"]


def median_run(cmd: list[str], env: dict[str, str], cwd: str, runs: int) -> float:
    times = []
    for i in range(runs + 1):
        t0 = time.perf_counter()
        done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, check=False)
        elapsed = time.perf_counter() - t0
        if done.returncode != 0:
            raise SystemExit(
                f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr.decode(errors='replace')}"
            )
        if i:  # the first run only warms up
            times.append(elapsed)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    pw = planwatch_command()
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PLANWATCH_")}
        env["PLANWATCH_DB_URL"] = f"sqlite:///{Path(tmp) / 'bench.db'}"
        cases = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "planwatch --help": [*pw, "--help"],
            "planwatch plans": [*pw, "plans"],
            "planwatch analyze": [*pw, "analyze", "-o", os.devnull],
        }
        medians = {name: median_run(cmd, env, tmp, args.runs) for name, cmd in cases.items()}
    floor = medians["python -c pass"]
    print(f"median of {args.runs} whole-process runs each")
    print(f"{'command':<20}{'seconds':>10}{'× python -c pass':>20}")
    for name, seconds in medians.items():
        print(f"{name:<20}{seconds:>10.3f}{seconds / floor:>20.1f}")


if __name__ == "__main__":
    main()
