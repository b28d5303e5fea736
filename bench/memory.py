"""Benchmark: peak memory analysing a ~10 MB document (built from the corpus files), in a child
process so the figure is that analysis alone. Run: .venv/bin/python bench/memory.py [--mb 10]"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

CHILD = """
import resource, sys, time
from planwatch.services.plans.analyze import analyze_path
from planwatch.settings import Settings
t0 = time.perf_counter()
a = analyze_path(sys.argv[1], Settings(max_file_bytes=200 * 1024 * 1024))
dt = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{len(a.document.text)} {dt:.2f} {peak:.0f} {len(a.outline)} {len(a.sentences)} "
      f"{len(a.quantities)} {len(a.entities)} {len(a.tasks)}")
"""


def build(path: Path, megabytes: float) -> None:
    sources = sorted(CORPUS.glob("*.txt")) or sorted((Path(__file__).parents[1] / "src").rglob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    target = int(megabytes * 1024 * 1024)
    size = 0
    with path.open("w", encoding="utf-8") as fh:
        i = 0
        while size < target:
            chunk = texts[i % len(texts)] + "\n"
            fh.write(chunk)
            size += len(chunk.encode("utf-8"))
            i += 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        build(path, args.mb)
        size = path.stat().st_size
        t0 = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)], check=True, capture_output=True, text=True
        )
        wall = time.perf_counter() - t0
    chars, dt, peak, nodes, sentences, quantities, entities, tasks = out.stdout.split()
    print(f"input: {size / 1e6:.1f} MB, {int(chars):,} characters")
    print(
        f"analysis: {float(dt):.2f} s ({int(chars) / float(dt) / 1e6:.2f} M chars/s); process wall {wall:.2f} s"
    )
    print(f"peak resident memory of the child process: {peak} MB")
    print(
        f"items: {nodes} nodes, {sentences} sentences, {quantities} quantities, {entities} entities, {tasks} tasks"
    )


if __name__ == "__main__":
    main()
