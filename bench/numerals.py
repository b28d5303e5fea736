"""Benchmark: Chinese numerals read by planwatch.extract.numbers_zh against the PyPI package cn2an,
on the same inputs in one run: correctness on hand-checked values, then time per call.

cn2an is not a dependency; install it beside the project to compare (pip install cn2an) or
point --path at a folder that holds it. Run: .venv/bin/python bench/numerals.py [--rounds 20000]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from planwatch.extract.numbers_zh import cn_integer

# Hand-checked: numerals as the reports print them, with their values.
CASES: tuple[tuple[str, int], ...] = (
    ("二千三百五十万", 23_500_000),
    ("一亿两千万", 120_000_000),
    ("一万三千亿", 1_300_000_000_000),
    ("十三亿", 1_300_000_000),
    ("十亿", 1_000_000_000),
    ("六千万", 60_000_000),
    ("五千万", 50_000_000),
    ("一亿零五百万", 105_000_000),
    ("三十", 30),
    ("一百零五", 105),
    ("十四", 14),
    ("两万", 20_000),
    ("一万亿", 1_000_000_000_000),
    ("三万五千", 35_000),
    ("二〇三〇", 2030),
    ("一千零五十", 1050),
)


def _cn2an() -> Callable[[str], int | None] | None:
    try:
        import cn2an  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None

    def read(text: str) -> int | None:
        try:
            return int(cn2an.cn2an(text, "smart"))
        except (ValueError, KeyError):
            return None

    return read


def _time(fn: Callable[[str], int | None], rounds: int) -> float:
    texts = [t for t, _ in CASES]
    t0 = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            fn(text)
    return (time.perf_counter() - t0) / (rounds * len(texts)) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20_000)
    parser.add_argument("--path", help="a folder holding cn2an, put first on sys.path")
    args = parser.parse_args()
    if args.path:
        sys.path.insert(0, args.path)
    readers: dict[str, Callable[[str], int | None]] = {"numbers_zh": cn_integer}
    other = _cn2an()
    if other is not None:
        readers["cn2an"] = other
    else:
        print("cn2an is not installed: only numbers_zh is measured")
    for name, fn in readers.items():
        wrong = [(t, fn(t), v) for t, v in CASES if fn(t) != v]
        micro = _time(fn, args.rounds)
        print(f"{name:11s} correct {len(CASES) - len(wrong)}/{len(CASES)}  {micro:.2f} µs per numeral")
        for text, got, want in wrong:
            print(f"    {text}: {got} (want {want})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
