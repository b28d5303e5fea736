"""``planwatch eval`` for a report gold (outline, quantities with fields, tasks per section)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from planwatch.cli.common import out, settings, write_text
from planwatch.model import InputError
from planwatch.services.plans.analyze import analyze_path
from planwatch.services.scoring.report_gold import ReportScore, score_report


def gold_document(gold_path: Path, gold: dict[str, Any]) -> Path:
    """The file the gold was labelled on: its ``document`` as given (relative to the repository
    root by convention), else relative to the working directory, else to a folder above the gold."""
    doc = gold.get("document")
    if not isinstance(doc, str) or not doc:
        raise InputError("金标准文件未写明被评测的文件（document），请用 --file 指定。", where=str(gold_path))
    for base in (Path.cwd(), *gold_path.resolve().parents):
        candidate = base / doc
        if candidate.is_file():
            return candidate
    raise InputError(f"找不到金标准所指的文件“{doc}”，请用 --file 指定。", where=str(gold_path))


def print_report_score(
    gold_path: Path, gold: dict[str, Any], file: Path | None, fmt: str, errors: bool
) -> None:
    path = file if file is not None else gold_document(gold_path, gold)
    result = score_report(analyze_path(path, settings()), gold)
    if fmt == "json":
        write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=2), None)
        return
    _print_text(result, errors)


def _pr(name: str, p: float, r: float, tp: int, fp: int, fn: int) -> None:
    out.print(f"{name:<22}{p:>7.3f}{r:>7.3f}{tp:>5}{fp:>5}{fn:>5}")


def _print_text(result: ReportScore, errors: bool) -> None:
    out.print(f"{'measure':<22}{'P':>7}{'R':>7}{'tp':>5}{'fp':>5}{'fn':>5}")
    if result.outline is not None:
        o = result.outline
        _pr("outline", o.precision, o.recall, o.tp, o.fp, o.fn)
        if errors:
            for key in result.outline_missing:
                out.print(f"    漏报 FN {key}", markup=False)
            for key in result.outline_extra:
                out.print(f"    误报 FP {key}", markup=False)
    q = result.quantities
    if q is not None:
        _pr(
            "quantities matched",
            q.matched.precision,
            q.matched.recall,
            q.matched.tp,
            q.matched.fp,
            q.matched.fn,
        )
        a = q.all_fields
        _pr("quantities all fields", a.precision, a.recall, a.tp, a.fp, a.fn)
        out.print(
            "field accuracy among matched: " + "  ".join(f"{k} {v:.3f}" for k, v in q.field_accuracy.items())
        )
        if errors:
            for text in q.missing:
                out.print(f"    漏报 FN {text}", markup=False)
            for text in q.extra:
                out.print(f"    误报 FP {text}", markup=False)
            for e in q.errors:
                out.print(f"    字段 {e.field}: 应为 {e.expected!r} 得到 {e.got!r}  ({e.text})", markup=False)
    t = result.tasks
    if t is not None:
        out.print(
            f"tasks per section: sum |diff| {t.abs_diff}, within ±20% {t.within_share:.3f} ({len(t.rows)} rows)"
        )
        for r in t.rows:
            got = "—" if r.predicted is None else str(r.predicted)
            mark = "" if r.within else "  ✗"
            out.print(f"    {r.part} {r.section or '':<6} gold {r.gold:>3}  got {got:>3}{mark}", markup=False)
