"""Benchmark: whole analysis of the embedded Dalian plan (ingest → outline → extractors).

Prints the median of warm runs and characters per second; also the cold time of one whole
``planwatch analyze`` process. Run: .venv/bin/python bench/analyze.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from planwatch.services.analyze import analyze_bytes, default_plan_bytes
from planwatch.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    data, name = default_plan_bytes()
    settings = Settings()
    analysis = analyze_bytes(data, name, settings)  # warm-up: imports, regex compilation
    chars = len(analysis.document.text)
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        analyze_bytes(data, name, settings)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(f"document: {name}, {chars} characters, {len(data)} bytes")
    print(f"warm runs: {args.runs}, median {med * 1000:.2f} ms, min {min(times) * 1000:.2f} ms")
    print(f"throughput: {chars / med / 1e6:.2f} million characters/s (median)")
    exe = Path(sys.executable).with_name("planwatch")
    cold = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([str(exe), "analyze", "--format", "json"], check=True, stdout=subprocess.DEVNULL)
        cold.append(time.perf_counter() - t0)
    print(f"cold `planwatch analyze --format json`, whole process: median {statistics.median(cold):.3f} s")


if __name__ == "__main__":
    main()
