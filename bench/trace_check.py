"""Benchmark: `planwatch trace` against the hand-labelled evidence in bench/trace_gold.yaml.

40 tasks of the 2023 national government work report's programme, and the sentences of the 2024
report's review that report them. Prints, per threshold, the precision and recall of "taken up"
(a task with at least one `reported` sentence in the source) and of the reported sentences
themselves (a predicted sentence is right when its span overlaps a labelled one), and the time.
Beside them, the precision of `deployed` matches on bench/trace_gold_deployed.yaml, 40 deployed
matches drawn at random and labelled by hand: how many of those the matcher still proposes are right,
and how many right ones it no longer proposes (the sample cannot tell what it never proposed).

Run: .venv/bin/python bench/trace_check.py [--thresholds 0.12,0.16,0.2,0.24,0.28] [--misses]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import yaml

from planwatch.compare.trace import THRESHOLD
from planwatch.model.trace import Trace
from planwatch.services.evidence.trace import trace_refs
from planwatch.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
GOLD = ROOT / "bench" / "trace_gold.yaml"
DEPLOYED = ROOT / "bench" / "trace_gold_deployed.yaml"


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


def deployed_precision(trace: Trace, sample: dict) -> tuple[int, int, int]:
    """(kept right, kept wrong, right ones lost) over the hand-labelled sample of deployed matches."""
    by_task = {t.task: t for t in trace.tasks}
    right = wrong = lost = 0
    for m in sample["matches"]:
        kept = any(
            e.kind == "deployed" and _overlaps((e.start, e.end), [(m["start"], m["end"])])
            for e in by_task[m["task"]].evidence
        )
        right += kept and m["takes_up"]
        wrong += kept and not m["takes_up"]
        lost += (not kept) and m["takes_up"]
    return right, wrong, lost


def check(threshold: float, gold: dict, sample: dict, misses: bool) -> tuple[float, ...]:
    started = time.perf_counter()
    trace = trace_refs(
        None, str(CORPUS / gold["plan"]), [str(CORPUS / gold["source"])], Settings(), threshold=threshold
    )
    elapsed = time.perf_counter() - started
    d_right, d_wrong, d_lost = deployed_precision(trace, sample)
    by_task = {t.task: t for t in trace.tasks}
    tp = fp = fn = stp = sfp = sfn = 0
    for item in gold["tasks"]:
        truth = [(g["start"], g["end"]) for g in item["reported_by"]]
        found = [
            (e.start, e.end)
            for e in by_task[item["task"]].evidence
            if e.kind == "reported" and e.year == gold["source_year"]
        ]
        tp += bool(truth) and bool(found)
        fp += (not truth) and bool(found)
        fn += bool(truth) and not found
        right = [f for f in found if _overlaps(f, truth)]
        stp += len(right)
        sfp += len(found) - len(right)
        sfn += sum(1 for t in truth if not _overlaps(t, found))
        if misses and (len(right) != len(found) or any(not _overlaps(t, found) for t in truth)):
            print(f"  {item['task']} {item['text'][:24]}  truth={truth} found={found}")
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    sp, sr = _ratio(stp, stp + sfp), _ratio(stp, stp + sfn)
    return p, r, sp, sr, _ratio(d_right, d_right + d_wrong), d_right, d_lost, elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--thresholds", default=",".join(str(t) for t in sorted({0.10, 0.12, THRESHOLD, 0.16, 0.20, 0.24}))
    )
    parser.add_argument(
        "--misses", action="store_true", help="list the tasks where prediction and label differ"
    )
    args = parser.parse_args()
    gold = yaml.safe_load(GOLD.read_text("utf-8"))
    sample = yaml.safe_load(DEPLOYED.read_text("utf-8"))
    taken = sum(1 for t in gold["tasks"] if t["reported_by"])
    yes = sum(1 for m in sample["matches"] if m["takes_up"])
    print(f"{len(gold['tasks'])} tasks, {taken} taken up by hand, default threshold {THRESHOLD}")
    print(f"deployed sample: {len(sample['matches'])} matches, {yes} of them right by hand")
    print("threshold  task P   task R   sent P   sent R   deployed P (kept right, right lost)   seconds")
    for raw in args.thresholds.split(","):
        threshold = float(raw)
        p, r, sp, sr, dp, d_right, d_lost, elapsed = check(threshold, gold, sample, args.misses)
        print(
            f"{threshold:9.2f}  {p:6.2f}   {r:6.2f}   {sp:6.2f}   {sr:6.2f}   "
            f"{dp:6.2f} ({d_right}, {d_lost}){'':21}{elapsed:7.2f}"
        )


if __name__ == "__main__":
    main()
