"""Check: how often the proposed lead unit is the right one, on the embedded Dalian plan.

Runs the real analysis (ingest → outline → every registered extractor), then proposes assignments
for its tasks with the shipped department catalogue (or ``--catalogue``), and compares with
``bench/assign_gold.yaml``:

* per article: the unit leading most of the article's tasks (its majority lead) against the gold
  lead — strict (the gold lead only) and lenient (also the listed alternatives);
* per task: the proposed lead of each labelled task, found by a piece of its text.

If the tasks extractor yields nothing, every sentence of the plan's articles stands in as a task, so
the check still runs. Also prints the median time of :func:`propose` over the plan's tasks.

Run: .venv/bin/python bench/assign_check.py [--verbose] [--runs N] [--catalogue FILE [--replace]]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from planwatch.extract.assign import plan_end_year, propose
from planwatch.extract.departments import Catalogue, load_catalogue
from planwatch.ingest import read_bytes
from planwatch.model import Analysis, Assignment, Task
from planwatch.outline import parse_outline
from planwatch.services.plans.analyze import analyze_document, default_plan_bytes

GOLD = Path(__file__).with_name("assign_gold.yaml")


def sentence_tasks(analysis: Analysis) -> list[Task]:
    """Stand-in tasks: every sentence under an article, when the tasks extractor gives none."""
    kinds = {n.id: n.kind for n in analysis.outline}
    out = []
    for s in analysis.sentences:
        if kinds.get(s.node) != "article":
            continue
        text = analysis.text_of(s.start, s.end).rstrip("。；;")
        if len(text) < 6:
            continue
        out.append(
            Task(
                id=s.id.replace(":", ".s"),
                text=text,
                verb="",
                object="",
                node=s.node,
                start=s.start,
                end=s.start + len(text),
            )
        )
    return out


def unit_name(catalogue: Catalogue, term: str) -> str:
    d = catalogue.find(term)
    if d is None:
        sys.exit(f"gold names a unit the catalogue does not know: {term}")
    return d.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--catalogue", type=Path)
    parser.add_argument(
        "--replace", action="store_true", help="use --catalogue alone, not over the shipped one"
    )
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--verbose", action="store_true", help="print every task of the gold articles")
    parser.add_argument(
        "--all", action="store_true", help="also print the majority lead of every other article"
    )
    parser.add_argument("--sentences", action="store_true", help="use sentences as tasks even if tasks exist")
    args = parser.parse_args()

    gold: dict[str, Any] = yaml.safe_load(args.gold.read_text(encoding="utf-8"))
    catalogue = load_catalogue(args.catalogue, replace=args.replace) if args.catalogue else load_catalogue()
    short = {d.name: d.short for d in catalogue}

    data, name = default_plan_bytes()
    document = read_bytes(data, name)
    analysis = analyze_document(document)
    tasks = list(analysis.tasks)
    source = "tasks extractor"
    if not tasks or args.sentences:
        tasks = sentence_tasks(analysis)
        source = "sentences" + ("" if args.sentences else " (the tasks extractor gave none)")
    folded = parse_outline(document).folded
    titles = {n.id: n.title for n in analysis.outline}
    parents = {n.id: n.parent for n in analysis.outline}
    end = plan_end_year(analysis.document.title, analysis.outline, analysis.document.text)

    def run() -> list[Assignment]:
        return propose(
            tasks,
            catalogue,
            node_titles=titles,
            node_parents=parents,
            plan_end_year=end,
            text=analysis.document.text,
            folded=folded,
        )

    assignments = run()
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    lead_of = {a.task: (a.lead.department if a.lead else None) for a in assignments}
    by_id = {a.task: a for a in assignments}
    print(
        f"plan: {name}; {len(tasks)} tasks from {source}; catalogue: {len(catalogue)} units; plan end {end}"
    )

    # -- articles
    by_title = {n.title: n for n in analysis.outline if n.kind == "article"}
    strict = lenient = 0
    rows = gold.get("articles", [])
    print(f"\narticles ({len(rows)}): majority lead of the article's tasks")
    for row in rows:
        node = by_title.get(row["title"])
        if node is None:
            sys.exit(f"gold article not in the outline: {row['title']}")
        mine = [t for t in tasks if t.node == node.id or t.node.startswith(node.id + ".")]
        # a task without a proposed lead casts no vote
        counts = Counter(lead_of[t.id] for t in mine if lead_of[t.id] is not None)
        majority, votes = counts.most_common(1)[0] if counts else (None, 0)
        expected = unit_name(catalogue, row["lead"])
        also = {unit_name(catalogue, u) for u in row.get("also", [])}
        ok_strict = majority == expected
        ok_lenient = ok_strict or majority in also
        strict += ok_strict
        lenient += ok_lenient
        mark = "✓" if ok_strict else ("≈" if ok_lenient else "✗")
        got_short = short.get(majority or "", "—")
        print(
            f"  {mark} {row['label']:>5} {row['title'][:18]:<18} gold {short[expected]:<12} got {got_short:<12} ({votes}/{len(mine)})"
        )
        if args.verbose:
            for t in mine:
                a = by_id[t.id]
                lead = short.get(a.lead.department, "—") if a.lead else "—"
                print(f"        {t.id:<12} {lead:<12} {t.text[:40]}")
                if a.lead:
                    print(f"        {'':<12} {a.lead.reason}")
    n = len(rows) or 1
    print(
        f"  article top-1: strict {strict}/{len(rows)} = {strict / n:.0%}, with alternatives {lenient}/{len(rows)} = {lenient / n:.0%}"
    )

    if args.all:
        labelled = {row["title"] for row in rows}
        print("\nother articles (no gold; for a person to judge): majority lead")
        for node in analysis.outline:
            if node.kind != "article" or node.title in labelled:
                continue
            mine = [t for t in tasks if t.node == node.id or t.node.startswith(node.id + ".")]
            counts = Counter(lead_of[t.id] for t in mine if lead_of[t.id] is not None)
            if counts:
                majority, votes = counts.most_common(1)[0]
                print(
                    f"    {node.label:>5} {node.title[:18]:<18} {short.get(majority or '', '—'):<12} ({votes}/{len(mine)})"
                )

    # -- tasks
    rows = gold.get("tasks", [])
    hits_strict = hits_lenient = found = 0
    print(f"\ntasks ({len(rows)}): proposed lead of single labelled tasks")
    for row in rows:
        task = next((t for t in tasks if row["has"] in t.text), None)
        if task is None:
            print(f"  ? {row['has']}: no task holds this text")
            continue
        found += 1
        got = lead_of[task.id]
        expected = unit_name(catalogue, row["lead"])
        also = {unit_name(catalogue, u) for u in row.get("also", [])}
        hits_strict += got == expected
        hits_lenient += got == expected or got in also
        mark = "✓" if got == expected else ("≈" if got in also else "✗")
        if mark != "✓" or args.verbose:
            print(
                f"  {mark} {row['has'][:20]:<20} gold {short[expected]:<12} got {short.get(got or '', '—')}"
            )
    m = found or 1
    print(
        f"  task top-1: strict {hits_strict}/{found} = {hits_strict / m:.0%}, with alternatives {hits_lenient}/{found} = {hits_lenient / m:.0%}"
    )

    # -- timing
    median = statistics.median(times) * 1000
    print(
        f"\npropose: median {median:.1f} ms, best {min(times) * 1000:.1f} ms for {len(tasks)} tasks "
        f"({median / max(len(tasks), 1) * 1000:.0f} µs per task, ≈{median / max(len(tasks), 1) * 500:.1f} ms per 500)"
    )
    dues = Counter("year" if a.due.isdigit() else a.due for a in assignments)
    leads = sum(1 for a in assignments if a.lead is not None)
    print(f"leads proposed for {leads}/{len(assignments)} tasks; due dates: {dict(dues)}")


if __name__ == "__main__":
    main()
