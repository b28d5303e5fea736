"""Benchmark: plan comparison.

1. Two 60-article plans: the Dalian plan against an edited draft of itself (alignment, coverage,
   terms, quantities) and the version diff between them; median of warm runs.
2. All-pairs similarity over a generated corpus of N documents (default 1,000), each built by
   sampling 10–60 articles or sections from the corpus files and the test plan and shuffling them;
   time to vectorise and to take all pairs, peak RSS, and the number of pairs above the threshold.

Run: .venv/bin/python bench/compare.py [--docs 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from planwatch.compare.align import compare
from planwatch.compare.corpus import all_pairs
from planwatch.compare.units import units_of
from planwatch.compare.versions import diff_versions
from planwatch.model.comparison import PlanRef
from planwatch.services.plans.analyze import analyze_bytes, analyze_path, default_plan_bytes
from planwatch.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "compare"))
from drafts import edited_draft  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    settings = Settings()

    data, _ = default_plan_bytes()
    old = analyze_bytes(data, "v1.txt", settings)
    new = analyze_bytes(edited_draft(data.decode("utf-8")).encode("utf-8"), "v2.txt", settings)
    t_cmp = median_time(lambda: compare(new, old, PlanRef("a"), PlanRef("b")), args.runs)
    t_diff = median_time(lambda: diff_versions(old, new, PlanRef("a"), PlanRef("b")), args.runs)
    t_both = median_time(
        lambda: compare(
            analyze_bytes(data, "a.txt", settings),
            analyze_bytes(data, "b.txt", settings),
            PlanRef("a"),
            PlanRef("b"),
        ),
        args.runs,
    )
    print(
        f"two 60-article plans ({len(units_of(old))} and {len(units_of(new))} units), median of {args.runs}:"
    )
    print(f"  compare (alignment, coverage, terms, quantities): {t_cmp * 1000:.1f} ms")
    print(f"  version diff:                                      {t_diff * 1000:.1f} ms")
    print(f"  analyse both files + compare:                      {t_both * 1000:.1f} ms")

    pool: list[str] = []
    for path in [None, *sorted(CORPUS.glob("*.txt")), ROOT / "tests" / "compare" / "data" / "upper_plan.txt"]:
        analysis = analyze_path(str(path) if path else None, settings)
        pool.extend(u.text for u in units_of(analysis))
    rng = random.Random(15)
    docs = []
    for _ in range(args.docs):
        picked = rng.sample(pool, rng.randint(10, min(60, len(pool))))
        docs.append("\n".join(picked))
    chars = sum(len(d) for d in docs)
    before = peak_mb()
    t0 = time.perf_counter()
    result = all_pairs(docs, min_score=0.5)
    elapsed = time.perf_counter() - t0
    n = len(docs)
    print(f"all pairs: {n} generated documents ({chars / 1e6:.1f} M chars, from a pool of {len(pool)} units)")
    print(f"  {n * (n - 1) // 2:,} pairs in {elapsed:.1f} s; {result.features:,} features")
    print(
        f"  pairs with cosine >= 0.5: {result.matrix.nnz:,}; peak RSS {peak_mb():.0f} MB (before: {before:.0f} MB)"
    )


if __name__ == "__main__":
    main()
