"""What changed between two versions of one plan: per unit, added, removed and changed sentences (with
character-level segments for changed ones), and which tasks, quantities and entities appeared,
vanished or changed.

Units are paired in three passes, each on what the previous left: identical text; the same title;
then TF-IDF similarity of at least ``PAIR_UNITS`` (highest first), so a renumbered or reworded article
still finds its earlier self. Sentences inside a pair are diffed as sequences (difflib); in a replaced
run, sentences are paired in order when their character similarity reaches ``PAIR_SENTENCES``.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from planwatch.compare.align import similarity
from planwatch.compare.units import Unit, units_of
from planwatch.model import Analysis, Quantity
from planwatch.model.comparison import ItemChange, PlanRef, Segment, SentenceChange, UnitDiff, VersionDiff

PAIR_UNITS = 0.5
PAIR_SENTENCES = 0.5
PAIR_TASKS = 0.6


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def segments(old: str, new: str) -> tuple[Segment, ...]:
    out: list[Segment] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(Segment("equal", old[i1:i2]))
            continue
        if op in ("delete", "replace"):
            out.append(Segment("delete", old[i1:i2]))
        if op in ("insert", "replace"):
            out.append(Segment("insert", new[j1:j2]))
    return tuple(out)


def pair_units(old: Sequence[Unit], new: Sequence[Unit]) -> dict[int, int]:
    """Old unit index → new unit index."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    by_text: dict[str, list[int]] = {}
    for j, u in enumerate(new):
        by_text.setdefault(u.body, []).append(j)
    for i, u in enumerate(old):
        for j in by_text.get(u.body, ()):
            if j not in taken:
                pairs[i] = j
                taken.add(j)
                break
    by_title: dict[str, list[int]] = {}
    for j, u in enumerate(new):
        if j not in taken and u.title:
            by_title.setdefault(u.title, []).append(j)
    for i, u in enumerate(old):
        if i in pairs:
            continue
        for j in by_title.get(u.title, ()):
            if j not in taken:
                pairs[i] = j
                taken.add(j)
                break
    rest_old = [i for i in range(len(old)) if i not in pairs]
    rest_new = [j for j in range(len(new)) if j not in taken]
    if rest_old and rest_new:
        sim, _, _, _ = similarity([old[i] for i in rest_old], [new[j] for j in rest_new])
        candidates = sorted(
            ((float(sim[x, y]), x, y) for x in range(len(rest_old)) for y in range(len(rest_new))),
            reverse=True,
        )
        used_x: set[int] = set()
        used_y: set[int] = set()
        for score, x, y in candidates:
            if score < PAIR_UNITS:
                break
            if x in used_x or y in used_y:
                continue
            pairs[rest_old[x]] = rest_new[y]
            used_x.add(x)
            used_y.add(y)
    return pairs


def _sentences(analysis: Analysis, unit: Unit) -> list[str]:
    return [
        analysis.text_of(s.start, s.end).strip()
        for s in analysis.sentences
        if unit.start <= s.start < unit.end and analysis.text_of(s.start, s.end).strip()
    ]


def _replaced(old: list[str], new: list[str]) -> list[SentenceChange]:
    out: list[SentenceChange] = []
    j = 0
    for o in old:
        best, best_k = 0.0, -1
        for k in range(j, len(new)):
            r = _ratio(o, new[k])
            if r > best:
                best, best_k = r, k
        if best >= PAIR_SENTENCES:
            out.extend(SentenceChange("added", None, n) for n in new[j:best_k])
            out.append(SentenceChange("changed", o, new[best_k], segments(o, new[best_k]), round(best, 4)))
            j = best_k + 1
        else:
            out.append(SentenceChange("removed", o, None))
    out.extend(SentenceChange("added", None, n) for n in new[j:])
    return out


def sentence_changes(old: list[str], new: list[str]) -> tuple[tuple[SentenceChange, ...], int]:
    changes: list[SentenceChange] = []
    same = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            same += i2 - i1
        elif op == "delete":
            changes.extend(SentenceChange("removed", s, None) for s in old[i1:i2])
        elif op == "insert":
            changes.extend(SentenceChange("added", None, s) for s in new[j1:j2])
        else:
            changes.extend(_replaced(old[i1:i2], new[j1:j2]))
    return tuple(changes), same


def _unit_diffs(
    old_a: Analysis, new_a: Analysis, old: list[Unit], new: list[Unit], pairs: dict[int, int]
) -> list[UnitDiff]:
    back = {j: i for i, j in pairs.items()}
    removed_after: dict[int, list[int]] = {}  # new index (or -1) → removed old units placed after it
    for i in range(len(old)):
        if i in pairs:
            continue
        anchor = -1
        for k in range(i - 1, -1, -1):
            if k in pairs:
                anchor = pairs[k]
                break
        removed_after.setdefault(anchor, []).append(i)

    def removed(i: int) -> UnitDiff:
        u = old[i]
        changes = tuple(SentenceChange("removed", s, None) for s in _sentences(old_a, u))
        return UnitDiff("removed", u.id, None, u.label, u.title, u.title, changes, old_label=u.label)

    out: list[UnitDiff] = [removed(i) for i in removed_after.get(-1, [])]
    for j, u in enumerate(new):
        if j in back:
            o = old[back[j]]
            if o.body == u.body:
                out.append(
                    UnitDiff(
                        "unchanged",
                        o.id,
                        u.id,
                        u.label,
                        u.title,
                        o.title,
                        unchanged_sentences=len(_sentences(new_a, u)),
                        old_label=o.label,
                    )
                )
            else:
                changes, same = sentence_changes(_sentences(old_a, o), _sentences(new_a, u))
                out.append(
                    UnitDiff(
                        "changed", o.id, u.id, u.label, u.title, o.title, changes, same, old_label=o.label
                    )
                )
        else:
            changes = tuple(SentenceChange("added", None, s) for s in _sentences(new_a, u))
            out.append(UnitDiff("added", None, u.id, u.label, u.title, None, changes))
        out.extend(removed(i) for i in removed_after.get(j, []))
    return out


def task_changes(old: Analysis, new: Analysis) -> list[ItemChange]:
    """Tasks of the old version matched to the new: same text (moved or not) is unchanged; otherwise
    the most similar unmatched task (character similarity ≥ ``PAIR_TASKS``) is the changed one."""
    out: list[ItemChange] = []
    free = {t.id: t for t in new.tasks}
    by_text: dict[str, list[str]] = {}
    for t in new.tasks:
        by_text.setdefault(t.text, []).append(t.id)
    pending = []
    for t in old.tasks:
        same = [k for k in by_text.get(t.text, ()) if k in free]
        if same:
            key = t.id if t.id in same else same[0]
            free.pop(key)
            out.append(ItemChange("task", "unchanged", t.text, t.text, t.id, key))
        else:
            pending.append(t)
    for t in pending:
        best, best_key = 0.0, None
        for k, n in free.items():
            r = _ratio(t.text, n.text)
            if r > best:
                best, best_key = r, k
        if best_key is not None and best >= PAIR_TASKS:
            n = free.pop(best_key)
            out.append(ItemChange("task", "changed", t.text, n.text, t.id, n.id, f"相似度 {best:.2f}"))
        else:
            out.append(ItemChange("task", "removed", t.text, None, t.id, None))
    out.extend(ItemChange("task", "added", None, n.text, None, n.id) for n in free.values())
    return out


def _quantity_changes(old: Analysis, new: Analysis) -> list[ItemChange]:
    def key(q: Quantity) -> tuple[str, str, str]:
        return (q.subject, q.base_unit or q.unit, q.period or "")

    olds = {key(q): q for q in old.quantities}
    news = {key(q): q for q in new.quantities}
    out: list[ItemChange] = []
    for k, q in olds.items():
        n = news.get(k)
        if n is None:
            out.append(ItemChange("quantity", "removed", q.text, None, q.node, None))
        elif (n.value, n.value_max, n.qualifier) != (q.value, q.value_max, q.qualifier):
            out.append(
                ItemChange(
                    "quantity", "changed", q.text, n.text, q.node, n.node, f"{q.subject}：{q.text} → {n.text}"
                )
            )
    out.extend(
        ItemChange("quantity", "added", None, q.text, None, q.node) for k, q in news.items() if k not in olds
    )
    return out


def _entity_changes(old: Analysis, new: Analysis) -> list[ItemChange]:
    olds = {(e.kind, e.text): e for e in old.entities}
    news = {(e.kind, e.text): e for e in new.entities}
    out = [
        ItemChange("entity", "removed", e.text, None, e.node, None, e.kind)
        for k, e in olds.items()
        if k not in news
    ]
    out.extend(
        ItemChange("entity", "added", None, e.text, None, e.node, e.kind)
        for k, e in news.items()
        if k not in olds
    )
    return out


def diff_versions(old: Analysis, new: Analysis, ref_old: PlanRef, ref_new: PlanRef) -> VersionDiff:
    units_old, units_new = units_of(old), units_of(new)
    pairs = pair_units(units_old, units_new)
    units = _unit_diffs(old, new, units_old, units_new, pairs)
    items = task_changes(old, new) + _quantity_changes(old, new) + _entity_changes(old, new)
    summary: dict[str, int] = {}
    for u in units:
        summary[f"units_{u.status}"] = summary.get(f"units_{u.status}", 0) + 1
        for c in u.changes:
            summary[f"sentences_{c.op}"] = summary.get(f"sentences_{c.op}", 0) + 1
    for it in items:
        name = f"{it.kind}s_{it.op}"
        summary[name] = summary.get(name, 0) + 1
    return VersionDiff(ref_old, ref_new, tuple(units), tuple(items), summary)
