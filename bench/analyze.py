"""Benchmark: whole analysis of the embedded Dalian plan (ingest → outline → every extractor).

Prints, measured side by side in one run: the median of warm runs of the whole analysis and of
jieba's own segmentation of the same text, characters per second for both and their ratio; the
median time of each extraction component, pass/fail against issue 18's targets (≥ 2 M chars/s and
≥ 4x jieba, the department assignment included); the same two medians in process CPU time (robust
to other load on the machine); and the cold time of whole ``planwatch analyze`` processes.
Run: .venv/bin/python bench/analyze.py [--runs N]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import jieba

from planwatch.extract.pipeline import Context
from planwatch.extract.registry import default_pipeline
from planwatch.ingest import read_bytes
from planwatch.outline import parse_outline
from planwatch.services.plans.analyze import analyze_bytes, default_plan_bytes
from planwatch.settings import Settings


def median_time(fn: Callable[[], object], runs: int, clock: Callable[[], float] = time.perf_counter) -> float:
    times = []
    for _ in range(runs):
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    data, name = default_plan_bytes()
    settings = Settings()
    analysis = analyze_bytes(data, name, settings)  # warm-up: imports, regex compilation, lexicons
    text = analysis.document.text
    chars = len(text)
    jieba.setLogLevel(logging.WARNING)
    jieba.lcut(text)  # warm-up: jieba loads its dictionary on first use

    whole = median_time(lambda: analyze_bytes(data, name, settings), args.runs)
    seg = median_time(lambda: jieba.lcut(text), args.runs)
    print(f"document: {name}, {chars} characters, {len(data)} bytes; {args.runs} warm runs each")
    print(f"whole analysis : median {whole * 1000:7.2f} ms  {chars / whole / 1e6:6.2f} M chars/s")
    print(f"jieba.lcut     : median {seg * 1000:7.2f} ms  {chars / seg / 1e6:6.2f} M chars/s")
    print(f"ratio          : whole analysis is {seg / whole:.2f}x the speed of jieba segmentation")
    # issue 18's done-when for the whole analysis, department assignment included
    fast, ahead = chars / whole >= 2e6, seg / whole >= 4
    print(
        f"target ≥ 2 M chars/s: {'pass' if fast else 'FAIL'}; target ≥ 4x jieba: {'pass' if ahead else 'FAIL'}"
    )
    # on a shared machine the wall clock counts time spent waiting for a core; the process's own CPU
    # time does not, so the two together tell a busy machine from a slow analysis
    cpu_whole = median_time(lambda: analyze_bytes(data, name, settings), args.runs, time.process_time)
    cpu_seg = median_time(lambda: jieba.lcut(text), args.runs, time.process_time)
    print(
        f"CPU time       : whole analysis {cpu_whole * 1000:.2f} ms ({chars / cpu_whole / 1e6:.2f} M chars/s), "
        f"jieba {cpu_seg * 1000:.2f} ms; ratio {cpu_seg / cpu_whole:.2f}x"
    )

    doc = read_bytes(data, name)
    outline = parse_outline(doc)
    stages = {
        "ingest": lambda: read_bytes(data, name),
        "outline+sentences": lambda: parse_outline(doc),
    }
    for stage, fn in stages.items():
        print(f"  {stage:<20} median {median_time(fn, args.runs) * 1000:7.2f} ms")
    pipeline = default_pipeline()
    ctx = Context(doc, outline.folded, outline.nodes, outline.sentences)
    pipeline.run(ctx)
    assign_time = 0.0
    for component in pipeline.components:
        t = median_time(lambda c=component: c(ctx), args.runs)
        print(f"  {component.name:<20} median {t * 1000:7.2f} ms")
        if component.name == "assign":
            assign_time = t
    rest = whole - assign_time
    print(
        f"whole analysis without the department assignment (issue 3's extractors only): "
        f"≈ {rest * 1000:.2f} ms, {chars / rest / 1e6:.2f} M chars/s, {seg / rest:.2f}x jieba"
    )

    exe = Path(sys.executable).with_name("planwatch")
    cold = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([str(exe), "analyze", "--format", "json"], check=True, stdout=subprocess.DEVNULL)
        cold.append(time.perf_counter() - t0)
    print(
        f"cold `planwatch analyze --format json`, whole process: median of 5 {statistics.median(cold):.3f} s"
    )


if __name__ == "__main__":
    main()
