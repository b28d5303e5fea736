"""Benchmark: how long whole ``planwatch`` processes take to start (issue 18).

Runs, side by side in one run so the machine's load is the same for all: ``python -c pass`` (the
floor every Python process pays), ``planwatch --help``, ``planwatch plans`` on a temporary SQLite
database and ``planwatch analyze`` of the embedded default plan written to /dev/null. Prints the
median wall time of N whole processes each (after one unmeasured warm-up run that fills the byte-code
cache and creates the database), its ratio to ``python -c pass``, the median CPU time (user + system,
which a busy machine disturbs less than wall time) and whether the wall time meets issue 18's target.
Exits 1 when a target is missed.
Run: .venv/bin/python bench/cli_start.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
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


# issue 18's done-when: whole-process wall time, median of 5, in seconds
TARGETS = {"planwatch --help": 0.3, "planwatch plans": 0.5, "planwatch analyze": 0.8}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median_run(cmd: list[str], env: dict[str, str], cwd: str, runs: int) -> tuple[float, float]:
    """Median wall and median CPU seconds of ``runs`` whole processes."""
    times, cpu = [], []
    for i in range(runs + 1):
        c0, t0 = children_cpu(), time.perf_counter()
        done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, check=False)
        elapsed, used = time.perf_counter() - t0, children_cpu() - c0
        if done.returncode != 0:
            raise SystemExit(
                f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr.decode(errors='replace')}"
            )
        if i:  # the first run only warms up
            times.append(elapsed)
            cpu.append(used)
    return statistics.median(times), statistics.median(cpu)


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
    floor = medians["python -c pass"][0]
    print(f"median of {args.runs} whole-process runs each; load average {os.getloadavg()[0]:.2f}")
    print(f"{'command':<20}{'wall s':>8}{'× python -c pass':>18}{'CPU s':>8}  target")
    missed = False
    for name, (seconds, cpu) in medians.items():
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            verdict = f"< {target:.1f} s  {'pass' if seconds < target else 'FAIL'}"
            missed = missed or seconds >= target
        print(f"{name:<20}{seconds:>8.3f}{seconds / floor:>18.1f}{cpu:>8.3f}  {verdict}")
    if missed:
        sys.exit(1)


if __name__ == "__main__":
    main()
