"""Benchmark: how long whole ``planwatch`` processes take to start (issue 18).

Runs, side by side in one run so the machine's load is the same for all: ``python -c pass`` (the
floor every Python process pays), ``planwatch --help``, ``planwatch plans`` on a temporary SQLite
database holding the embedded default plan (imported before timing) and ``planwatch analyze`` of
that plan written to /dev/null. Prints the median wall time of N whole processes each (after one
unmeasured warm-up run that fills the byte-code cache), its ratio to ``python -c pass``, the median
CPU time (user + system, which a busy machine disturbs less than wall time) and whether the wall
time meets issue 18's target. Exits 1 when a target is missed.

``--instructions`` also runs each command once under ``valgrind --tool=callgrind`` and prints the
instructions it executed: a count that the machine's load does not change, for comparing two
versions of the code on a shared machine (about 25 times slower than a plain run).

Processes run as an installed ``planwatch`` runs: with byte-code caching on, whatever
PYTHONDONTWRITEBYTECODE the calling shell has (without the cache every run recompiles every module).
Run: .venv/bin/python bench/cli_start.py [--runs N] [--instructions] [--baseline-src DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
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


def one_run(cmd: list[str], env: dict[str, str], cwd: str) -> tuple[float, float]:
    """Wall and CPU seconds of one whole process."""
    c0, t0 = children_cpu(), time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, check=False)
    elapsed, used = time.perf_counter() - t0, children_cpu() - c0
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr.decode(errors='replace')}")
    return elapsed, used


def instructions(cmd: list[str], env: dict[str, str], cwd: str) -> int:
    """Instructions one whole process executes, counted by callgrind."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
        env=env,
        cwd=cwd,
        capture_output=True,
        check=False,
    )
    found = re.search(rb"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"callgrind failed on {' '.join(cmd)}:\n{done.stderr.decode(errors='replace')}")
    return int(found.group(1))


def environment(db: Path, src: str | None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PLANWATCH_") and k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")
    }
    env["PLANWATCH_DB_URL"] = f"sqlite:///{db}"
    if src is not None:
        env["PYTHONPATH"] = src
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions with valgrind (callgrind)"
    )
    parser.add_argument(
        "--baseline-src",
        metavar="DIR",
        help="the src/ of another version (e.g. `git archive main src | tar -x -C /tmp/base`), "
        "measured in the same run, its runs interleaved with this version's",
    )
    args = parser.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
    pw = planwatch_command()
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "planwatch --help": [*pw, "--help"],
        "planwatch plans": [*pw, "plans"],
        "planwatch analyze": [*pw, "analyze", "-o", os.devnull],
    }
    this_src = os.environ.get("PYTHONPATH")
    versions = {"this": this_src} | (
        {"baseline": str(Path(args.baseline_src).resolve())} if args.baseline_src else {}
    )
    with tempfile.TemporaryDirectory() as tmp:
        envs = {v: environment(Path(tmp) / f"{v}.db", src) for v, src in versions.items()}
        for env in envs.values():
            subprocess.run([*pw, "import"], env=env, cwd=tmp, capture_output=True, check=True)
        samples: dict[tuple[str, str], list[tuple[float, float]]] = {
            (v, name): [] for v in versions for name in cases
        }
        # round after round, every version and command once, so that a change in the machine's load
        # falls on all of them alike; the first round only warms up (byte-code cache, page cache)
        for i in range(args.runs + 1):
            for v, env in envs.items():
                for name, cmd in cases.items():
                    measured = one_run(cmd, env, tmp)
                    if i:
                        samples[v, name].append(measured)
        counts = (
            {key: instructions(cases[key[1]], envs[key[0]], tmp) for key in samples}
            if args.instructions
            else {}
        )
    print(f"median of {args.runs} whole-process runs each; load average {os.getloadavg()[0]:.2f}")
    missed = False
    for v in versions:
        floor = statistics.median(w for w, _ in samples[v, "python -c pass"])
        print(f"\n{v}: PYTHONPATH={versions[v] or '(not set)'}")
        header = f"{'command':<20}{'wall s':>8}{'× python -c pass':>18}{'CPU s':>8}"
        print(header + (f"{'instructions':>14}" if counts else "") + "  target")
        for name in cases:
            runs = samples[v, name]
            seconds = statistics.median(w for w, _ in runs)
            cpu = statistics.median(c for _, c in runs)
            target = TARGETS.get(name)
            verdict = ""
            if target is not None:
                verdict = f"< {target:.1f} s  {'pass' if seconds < target else 'FAIL'}"
                if v == "this":
                    missed = missed or seconds >= target
            count = f"{counts[v, name] / 1e6:>13,.0f}M" if counts else ""
            print(f"{name:<20}{seconds:>8.3f}{seconds / floor:>18.1f}{cpu:>8.3f}{count}  {verdict}")
    if missed:
        sys.exit(1)


if __name__ == "__main__":
    main()
