"""Benchmark: ``planwatch batch`` on a generated corpus, with 1 and with 2 local Dask workers.

The corpus (default 2,000 documents, written under /tmp, never the repo) is built by sampling and
shuffling paragraphs of the plan documents in ../shared/corpus: each document gets a title and a few
numbered parts of 3–8 paragraphs, so it has an outline, quantities, entities and tasks like the real
ones. Each worker count gets a fresh cluster whose workers are warmed up (lexicons loaded) before the
clock starts; the time covers reading, hashing, shipping, analysing and writing every document.

Prints documents/s and MB/s for each worker count and the scaling ratio, measured side by side in one
run. Run: .venv/bin/python bench/batch.py [--docs 2000] [--dir /tmp/planwatch-batch-bench]
"""

from __future__ import annotations

import argparse
import random
import shutil
import time
from pathlib import Path
from typing import Any

from planwatch.services.plans.batch import analyse_one, dask_client, run_batch

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
NUMERALS = "一二三四五六七八九十"


def paragraphs() -> list[str]:
    found = []
    for path in sorted(CORPUS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            # body paragraphs only: headings and signatures are re-made per document
            if len(line) >= 40:
                found.append(line)
    if not found:
        raise SystemExit(f"no corpus paragraphs under {CORPUS}")
    return found


def generate(root: Path, count: int, seed: int = 15) -> int:
    rng = random.Random(seed)
    pool = paragraphs()
    if root.exists():
        shutil.rmtree(root)
    total = 0
    for i in range(count):
        folder = root / f"{i // 250:02}"
        folder.mkdir(parents=True, exist_ok=True)
        lines = [f"某市第{i + 1}号专项规划（2026—2030年）", ""]
        for p in range(rng.randint(2, 4)):
            lines.append(f"{NUMERALS[p]}、第{NUMERALS[p]}部分")
            picked = rng.sample(pool, rng.randint(3, 8))
            rng.shuffle(picked)
            for n, text in enumerate(picked, start=1):
                lines.append(f"（{NUMERALS[n - 1]}）{text}")
        data = "\n".join(lines).encode("utf-8")
        (folder / f"plan{i:05}.txt").write_bytes(data)
        total += len(data)
    return total


def warm(_dask_worker: Any = None) -> bool:
    # the first analysis in a process loads lexicons and compiles patterns (~2 s); keep it off the clock
    analyse_one("一、总体要求\n（一）推进改革。".encode(), "warm.txt", {}, 10**6)
    return True


def measure(corpus: Path, out: Path, workers: int) -> dict[str, float]:
    out.unlink(missing_ok=True)
    out.with_name(out.name + ".failures.jsonl").unlink(missing_ok=True)
    with dask_client(workers=workers) as client:
        client.run(warm)
        started = time.perf_counter()
        result = run_batch(client, corpus, out)
        seconds = time.perf_counter() - started
    assert result.failed == 0, f"{result.failed} generated documents failed"
    return {
        "docs": result.analysed,
        "seconds": seconds,
        "docs_per_s": result.analysed / seconds,
        "mb_per_s": result.bytes_analysed / seconds / 1e6,
        "chars": result.corpus.chars,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/planwatch-batch-bench"))
    args = parser.parse_args()
    corpus = args.dir / "corpus"
    size = generate(corpus, args.docs)
    print(f"corpus: {args.docs} documents, {size / 1e6:.2f} MB under {corpus}")
    results = {w: measure(corpus, args.dir / f"out-{w}.jsonl", w) for w in (1, 2)}
    for w, r in results.items():
        print(
            f"{w} worker{'s' if w > 1 else ' '}: {r['docs']:.0f} docs in {r['seconds']:6.1f} s  "
            f"{r['docs_per_s']:7.1f} docs/s  {r['mb_per_s']:6.3f} MB/s  "
            f"({r['chars'] / r['seconds'] / 1e3:.0f} k chars/s)"
        )
    print(f"scaling 2 vs 1 worker: {results[2]['docs_per_s'] / results[1]['docs_per_s']:.2f}x")


if __name__ == "__main__":
    main()
