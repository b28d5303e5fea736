"""Inter-annotator agreement on quantity labels.

Reads the second annotator's labels (tests/gold/agreement/second_annotator.jsonl: one object per line
with gold, offset, text, subject, qualifier, compared_to) and the gold files tests/gold/<gold>.json,
pairs items by (gold, offset, text) — items sharing one key (the figures of a 分别 clause share
their text and offset) are paired in the order they appear in each file, the gold's required items
before its optional ones — and prints, per gold and overall, the agreement rate of subject,
qualifier, compared_to and of all three together (exact string match, None == None), once over all
paired items and once without the gold's optional items; then the most frequent kinds of subject
disagreement with examples.

Run: python bench/agreement.py [--labels PATH] [--top 20] [--examples 3]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "gold"
FIELDS = ("subject", "qualifier", "compared_to")
SCOPE = ("全省", "全市", "全区", "全县", "我省", "我市", "全年", "其中")


def load_pairs(labels: Path) -> tuple[list[tuple[str, dict, dict]], list[dict]]:
    second = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    golds: dict[str, dict[tuple[int, str], list[dict]]] = {}
    seen: Counter[tuple[str, int, str]] = Counter()
    pairs, unpaired = [], []
    for item in second:
        name = item["gold"]
        if name not in golds:
            data = json.loads((GOLD_DIR / f"{name}.json").read_text(encoding="utf-8"))
            golds[name] = defaultdict(list)
            for q in data["quantities"]:
                golds[name][(q["offset"], q["text"])].append(q)
        key = (item["offset"], item["text"])
        nth = seen[(name, *key)]
        seen[(name, *key)] += 1
        # the items to label are the gold's required ones: required candidates are taken first
        same = sorted(golds[name].get(key, []), key=lambda q: bool(q.get("optional")))
        if nth < len(same):
            pairs.append((name, same[nth], item))
        else:
            unpaired.append(item)
    return pairs, unpaired


def _extra(s: str) -> str:
    if s in SCOPE or s.startswith(SCOPE):
        return f"scope word '{s}'"
    return f"'{s}'" if len(s) <= 4 else f"<{len(s)} chars>"


def subject_kind(gold: str | None, second: str | None) -> str:
    """A coarse class of one subject disagreement, named from the gold's side."""
    if gold is None or second is None:
        return "gold null" if gold is None else "second null"
    if gold.startswith(second):
        return f"gold adds suffix {_extra(gold[len(second) :])}"
    if second.startswith(gold):
        return f"second adds suffix {_extra(second[len(gold) :])}"
    if gold.endswith(second):
        return f"gold adds prefix {_extra(gold[: len(gold) - len(second)])}"
    if second.endswith(gold):
        return f"second adds prefix {_extra(second[: len(second) - len(gold)])}"
    if second in gold:
        return "gold contains second (both ends)"
    if gold in second:
        return "second contains gold (both ends)"
    common = set(gold) & set(second)
    if len(common) >= max(2, min(len(gold), len(second)) // 2):
        return "overlapping wording (different phrase)"
    return "different noun phrase"


def rate(hits: int, n: int) -> str:
    return f"{hits / n:6.1%} ({hits}/{n})" if n else "     - (0/0)"


def table(pairs: list[tuple[str, dict, dict]], title: str) -> None:
    groups: dict[str, list[tuple[dict, dict]]] = defaultdict(list)
    for name, first, second in pairs:
        groups[name].append((first, second))
        groups["overall"].append((first, second))
    print(f"\n{title}")
    head = f"{'gold':<14}" + "".join(f"{f:>22}" for f in (*FIELDS, "all three"))
    print(head)
    print("-" * len(head))
    for name in [*sorted(g for g in groups if g != "overall"), "overall"]:
        items = groups[name]
        n = len(items)
        cells = [rate(sum(a.get(f) == b.get(f) for a, b in items), n) for f in FIELDS]
        cells.append(rate(sum(all(a.get(f) == b.get(f) for f in FIELDS) for a, b in items), n))
        print(f"{name:<14}" + "".join(f"{c:>22}" for c in cells))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", type=Path, default=GOLD_DIR / "agreement" / "second_annotator.jsonl")
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--examples", type=int, default=3)
    args = ap.parse_args()

    pairs, unpaired = load_pairs(args.labels)
    print(f"paired items: {len(pairs)}; unpaired (no gold item at that offset/text): {len(unpaired)}")
    for item in unpaired[:10]:
        print(f"  unpaired: {item['gold']} @{item['offset']} {item['text']}")
    optional = sum(bool(first.get("optional")) for _, first, _ in pairs)
    table(pairs, "Agreement, all paired items (exact match; null == null)")
    if optional:
        table(
            [p for p in pairs if not p[1].get("optional")],
            f"Agreement without the gold's {optional} optional items",
        )

    kinds: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for name, first, second in pairs:
        if first.get("subject") == second.get("subject"):
            continue
        kind = subject_kind(first.get("subject"), second.get("subject"))
        kinds[kind] += 1
        if len(examples[kind]) < args.examples:
            examples[kind].append(
                f"{name[:7]} @{first['offset']} {first['text']!r}: gold {first.get('subject')!r} / second {second.get('subject')!r}"
            )
    total = sum(kinds.values())
    print(
        f"\nSubject disagreements: {total}; {len(kinds)} kinds; the {min(args.top, len(kinds))} most frequent:"
    )
    for kind, count in kinds.most_common(args.top):
        print(f"{count:4d}  {kind}")
        for ex in examples[kind]:
            print(f"        {ex}")

    for field in ("qualifier", "compared_to"):
        confusions = Counter(
            (first.get(field), second.get(field))
            for _, first, second in pairs
            if first.get(field) != second.get(field)
        )
        print(f"\n{field} disagreements (gold -> second), most frequent:")
        for (a, b), count in confusions.most_common(10):
            print(f"{count:4d}  {a!r} -> {b!r}")


if __name__ == "__main__":
    main()
