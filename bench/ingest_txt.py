"""Benchmark: reading a plain-text plan (encoding detection, line splitting, tidying) — the embedded
Dalian plan (best of five after a warm-up; the goal is under 10 ms) and the same plan repeated to
10 MB (one read; the goal is under 5 s). Prints the times with their goals; exits 1 when a goal is
missed, so a run can be checked by a script.

Run: .venv/bin/python bench/ingest_txt.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import sys
import time

from planwatch.ingest import read_bytes
from planwatch.services.plans.analyze import default_plan_bytes

SMALL_GOAL = 0.010
BIG_GOAL = 5.0


def best_of(data: bytes, rounds: int) -> float:
    read_bytes(data, "warm-up.txt")
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        read_bytes(data, "plan.txt")
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    data, _ = default_plan_bytes()
    small = best_of(data, args.rounds)
    big_data = data * (10 * 1024 * 1024 // len(data) + 1)
    start = time.perf_counter()
    read_bytes(big_data, "big.txt")
    big = time.perf_counter() - start
    ok = small < SMALL_GOAL and big < BIG_GOAL
    print(f"plan ({len(data) / 1024:.0f} KB): {small * 1000:.2f} ms (goal < {SMALL_GOAL * 1000:.0f} ms)")
    print(f"10 MB ({len(big_data) / 2**20:.1f} MB): {big:.2f} s (goal < {BIG_GOAL:.0f} s)")
    print("goals met" if ok else "GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
