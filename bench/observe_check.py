"""Precision and recall of `planwatch observe` proposals against the hand-checked list.

    .venv/bin/python bench/observe_check.py [gold.yaml] [corpus dir]

A proposal is correct when its indicator and year are in the list and its value is within 0.5% of the
listed one. Targets proposed as results count as errors, as does any figure not in the list.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from planwatch.model import Indicator
from planwatch.services.monitoring.observe import read_document
from planwatch.services.monitoring.observe_match import match
from planwatch.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "services" / "observe_gold.yaml"
CORPUS = ROOT.parent / "shared" / "corpus"


def indicators(spec: list[dict[str, str]]) -> list[Indicator]:
    return [
        Indicator(n, 1, s["name"], s["unit"], "", "预期性", "increase", None, None, None, "at_least", None)
        for n, s in enumerate(spec, start=1)
    ]


def main() -> None:
    gold_path = Path(sys.argv[1]) if len(sys.argv) > 1 else GOLD
    corpus = Path(sys.argv[2]) if len(sys.argv) > 2 else CORPUS
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    inds = indicators(gold["indicators"])
    total_tp = total_proposed = total_expected = 0
    for name, doc in gold["documents"].items():
        read = read_document((corpus / name).read_bytes(), name, Settings())
        result = match(read.quantities, read.sentences, read.document.text, read.title, inds)
        expected = {(r["indicator"], int(r["year"])): float(r["value"]) for r in doc["results"]}
        tp = 0
        for p in result.proposals:
            want = expected.get((p.indicator.name, p.year))
            ok = want is not None and abs(p.value - want) <= 0.005 * max(abs(want), 1e-9)
            tp += ok
            if not ok:
                print(f"  误报 {name}: {p.indicator.name} {p.year} = {p.value:g}")
        found = {(p.indicator.name, p.year) for p in result.proposals}
        for key in expected.keys() - found:
            print(f"  漏报 {name}: {key[0]} {key[1]}")
        print(
            f"{name}: 建议 {len(result.proposals)}，正确 {tp}，应有 {len(expected)}；"
            f"P={tp / max(len(result.proposals), 1):.3f} R={tp / max(len(expected), 1):.3f}；"
            f"跳过目标值 {result.targets} 个"
        )
        total_tp += tp
        total_proposed += len(result.proposals)
        total_expected += len(expected)
    p = total_tp / max(total_proposed, 1)
    r = total_tp / max(total_expected, 1)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(
        f"合计: precision={p:.3f} recall={r:.3f} F1={f1:.3f} ({total_tp}/{total_proposed} 正确, {total_expected} 应有)"
    )


if __name__ == "__main__":
    main()
