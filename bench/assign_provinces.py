"""Check: lead units proposed for documents of other governments, chosen by the document's issuer.

* Provincial reports (``bench/assign_gold_provinces.yaml``): per document, the issuer read, the
  proposed lead of each labelled task against the gold lead — top-1 strict and with the listed
  alternatives — and whether every proposed lead (of every task) is a unit of that province.
* National reports (``../shared/corpus/national-government-work-report-*.txt``): the issuer read,
  how many tasks have a lead, how many of those leads are central bodies, how many look like units
  of a city or province (none should), and the tasks marked instead of assigned.

Run: .venv/bin/python bench/assign_provinces.py [--corpus DIR] [--verbose]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml

from planwatch.extract.catalogue_levels import catalogue_for, national_catalogue
from planwatch.model import Analysis
from planwatch.services.plans.analyze import analyze_path
from planwatch.settings import Settings

GOLD = Path(__file__).with_name("assign_gold_provinces.yaml")
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
NATIONAL = ("national-government-work-report-2023.txt", "national-government-work-report-2024.txt")


def analyse(path: Path) -> Analysis:
    return analyze_path(path, Settings())


def check_province(doc: dict, corpus: Path, verbose: bool) -> tuple[float, bool]:
    analysis = analyse(corpus / doc["file"])
    issuer = analysis.issuer
    catalogue, note = catalogue_for(issuer)
    print(
        f"\n{doc['file']}: issuer {issuer.name if issuer else None} ({issuer.level if issuer else '-'}); {note}"
    )
    if issuer is None or issuer.name != doc["issuer"] or catalogue is None:
        print(f"  ✗ issuer should be {doc['issuer']}")
        return 0.0, False
    short = {d.name: d.short for d in catalogue}
    by_task = {a.task: a for a in analysis.assignments}
    strict = lenient = 0
    for item in doc["tasks"]:
        found = [t for t in analysis.tasks if item["has"] in t.text]
        if not found:
            sys.exit(f"no task holds {item['has']!r}")
        for want in (item["lead"], *item.get("also", ())):
            if catalogue.find(want) is None:
                sys.exit(f"gold names a unit the catalogue does not know: {want}")
        a = by_task[found[0].id]
        got = short.get(a.lead.department, a.lead.department) if a.lead else f"（{a.status}）"
        ok = got == item["lead"]
        alt = ok or got in item.get("also", ())
        strict += ok
        lenient += alt
        if verbose or not alt:
            mark = "✓" if ok else ("≈" if alt else "✗")
            print(f"  {mark} {item['has'][:24]:<26} gold {item['lead']:<12} got {got}")
    n = len(doc["tasks"])
    names = set(catalogue.names())
    leads = [a.lead.department for a in analysis.assignments if a.lead]
    foreign = sorted({x for x in leads if x not in names})
    statuses = Counter(a.status for a in analysis.assignments if a.status)
    print(
        f"  task top-1: strict {strict}/{n} = {strict / n:.0%}, with alternatives {lenient}/{n} = {lenient / n:.0%}"
    )
    print(
        f"  leads {len(leads)}/{len(analysis.assignments)} tasks, all units of {issuer.name}: "
        f"{'yes' if not foreign else 'NO ' + '、'.join(foreign[:5])}; marked instead: {dict(statuses)}"
    )
    return strict / n, not foreign


def check_national(path: Path) -> bool:
    analysis = analyse(path)
    issuer = analysis.issuer
    central = set(national_catalogue().names())
    leads = [a.lead.department for a in analysis.assignments if a.lead]
    city_like = [x for x in leads if x not in central]
    statuses = Counter(a.status for a in analysis.assignments if a.status)
    print(
        f"\n{path.name}: issuer {issuer.name if issuer else None} ({issuer.level if issuer else '-'}); "
        f"leads {len(leads)}/{len(analysis.assignments)} tasks, central bodies {len(leads) - len(city_like)}, "
        f"other units {len(city_like)}; marked instead: {dict(statuses)}"
    )
    top = Counter(leads).most_common(8)
    print(
        "  most led: "
        + "、".join(
            f"{national_catalogue().get(n).short if national_catalogue().get(n) else n} {k}" for n, k in top
        )
    )
    return issuer is not None and issuer.level == "national" and not city_like


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--verbose", action="store_true", help="print every labelled task")
    args = parser.parse_args()
    gold = yaml.safe_load(args.gold.read_text(encoding="utf-8"))
    for doc in gold["documents"]:
        check_province(doc, args.corpus, args.verbose)
    for name in NATIONAL:
        path = args.corpus / name
        if path.exists():
            check_national(path)


if __name__ == "__main__":
    main()
