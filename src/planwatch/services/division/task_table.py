"""任务分工 table over the rows of ``views.tasks_with_assignments``: the filters, the sort order, the
choices each filter offers and one page of the result.

The rows may be objects shared between requests (a per-process cache keeps them), so nothing here
writes to them: filtering and sorting work on row indexes, and a page's rows are new dicts. The
filters run in Python over those rows rather than in SQL because a row's lead and cooperating units
are the effective assignment, merged from the proposal in the stored analysis and the overrides
people made; over a plan's few hundred rows the whole pass costs well under a millisecond.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from planwatch.model import InputError, NotFoundError

INSTRUMENTS = ("供给型", "环境型", "需求型")
TASK_SORTS: dict[str, str] = {
    "order": "条目",
    "part": "部分",
    "task": "任务",
    "lead": "牵头单位",
    "domain": "领域",
    "instrument": "政策工具",
    "due": "完成时限",
}
UNASSIGNED = "未分配"
FILTERS = ("part", "lead", "unit", "domain", "instrument", "due", "q")
PER_PAGE = 50
MAX_PER_PAGE = 500
# What the page offers to pick; any 1..MAX_PER_PAGE is accepted in the address.
PER_PAGE_CHOICES = (20, 50, 100, 200, 500)

Row = Mapping[str, Any]


def due_key(due: str | None) -> tuple[int, str]:
    """Years first, then 持续推进, then anything else."""
    if due and due.isdigit():
        return (0, due)
    return (1, "") if due == "持续推进" else (2, due or "")


def clean_filters(values: Mapping[str, str | None]) -> dict[str, str | None]:
    """Every filter of FILTERS, blank ones as None."""
    out: dict[str, str | None] = {}
    for key in FILTERS:
        value = values.get(key)
        out[key] = (value.strip() or None) if value is not None else None
    return out


def parse_sort(sort: str | None) -> tuple[str, bool]:
    """``sort`` (a key of TASK_SORTS, ``-`` in front for descending) as (key, descending)."""
    key = (sort or "order").strip() or "order"
    desc = key.startswith("-")
    key = key.lstrip("-")
    if key not in TASK_SORTS:
        raise InputError(
            f"不能按“{sort}”排序。", hint="可按：" + "、".join(f"{k}（{v}）" for k, v in TASK_SORTS.items())
        )
    return key, desc


def _keep(f: Mapping[str, str | None]) -> Callable[[Row], bool]:
    needle = f["q"].casefold() if f["q"] else None

    def keep(r: Row) -> bool:
        if f["part"] and r["part"] != f["part"]:
            return False
        if f["lead"] and (r["lead"] or UNASSIGNED) != f["lead"]:
            return False
        if f["unit"] and f["unit"] != r["lead"] and f["unit"] not in r["cooperating"]:
            return False
        if f["domain"] and r["domain"] != f["domain"]:
            return False
        if f["instrument"] and r["instrument"] != f["instrument"]:
            return False
        if f["due"] and r["due"] != f["due"]:
            return False
        if needle:
            hay = " ".join(
                [r["text"], r["cite"], r["id"], r["lead"] or "", r["lead_short"] or "", r["domain"] or ""]
                + r["cooperating"]
                + r["cooperating_short"]
            ).casefold()
            if needle not in hay:
                return False
        return True

    return keep


def select(
    rows: Sequence[Row], filters: Mapping[str, str | None], key: str, desc: bool, rank: Mapping[str, int]
) -> list[int]:
    """The indexes of the rows the filters keep, in the order asked (ties in document order).
    ``rank``: unit name → its place in the catalogue, the order of 牵头单位."""
    keep = _keep(filters)
    chosen = [i for i, r in enumerate(rows) if keep(r)]
    if key in ("order", "part"):  # parts follow document order
        return chosen[::-1] if desc else chosen
    last = len(rank)
    sorters: dict[str, Callable[[Row], Any]] = {
        "task": lambda r: r["text"],
        "lead": lambda r: (r["lead"] is None, rank.get(r["lead"] or "", last), r["lead"] or ""),
        "domain": lambda r: (r["domain"] is None, r["domain"] or ""),
        "instrument": lambda r: (
            INSTRUMENTS.index(r["instrument"]) if r["instrument"] in INSTRUMENTS else len(INSTRUMENTS)
        ),
        "due": lambda r: due_key(r["due"]),
    }
    by = sorters[key]
    # sort() is stable and reverse=True keeps ties in their first order: document order both ways.
    chosen.sort(key=lambda i: by(rows[i]), reverse=desc)
    return chosen


def options(rows: Sequence[Row], rank: Mapping[str, int], short: Mapping[str, str]) -> dict[str, Any]:
    """The choices each filter offers (from every row, not only those shown) and the sort orders."""
    last = len(rank)
    parts = {r["part"]: r["part_title"] for r in rows if r["part"]}
    leads = sorted({r["lead"] for r in rows if r["lead"]}, key=lambda n: (rank.get(n, last), n))
    units = sorted(
        {u for r in rows for u in ([r["lead"]] if r["lead"] else []) + r["cooperating"]},
        key=lambda n: (rank.get(n, last), n),
    )
    lead_options = [{"value": n, "label": short.get(n, n)} for n in leads]
    if any(r["lead"] is None for r in rows):
        lead_options.append({"value": UNASSIGNED, "label": UNASSIGNED})
    return {
        "part": [{"value": k, "label": v} for k, v in parts.items()],
        "lead": lead_options,
        "unit": [{"value": n, "label": short.get(n, n)} for n in units],
        "domain": [{"value": d, "label": d} for d in dict.fromkeys(r["domain"] for r in rows if r["domain"])],
        "instrument": [
            {"value": i, "label": i} for i in INSTRUMENTS if any(r["instrument"] == i for r in rows)
        ],
        "due": [{"value": d, "label": d} for d in sorted({r["due"] for r in rows if r["due"]}, key=due_key)],
        "sort": [{"value": k, "label": v} for k, v in TASK_SORTS.items()],
        "per_page": list(PER_PAGE_CHOICES),
    }


@dataclass(frozen=True)
class Page:
    """Page ``number`` (from 1) of ``count`` rows, ``per_page`` a page."""

    number: int
    per_page: int
    count: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))

    @property
    def start(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def stop(self) -> int:
        return min(self.count, self.start + self.per_page)

    @property
    def prev(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None

    def numbers(self, around: int = 2) -> list[int | None]:
        """The page numbers a pager lists: the first, the last and ``around`` either side of this
        one; None where numbers are left out (never for just one: that number is listed)."""
        shown = {1, self.pages} | set(range(self.number - around, self.number + around + 1))
        shown |= {n for n in range(2, self.pages) if n - 1 in shown and n + 1 in shown}
        out: list[int | None] = []
        for n in range(1, self.pages + 1):
            if n in shown:
                out.append(n)
            elif out and out[-1] is not None:
                out.append(None)
        return out


def page_of(count: int, page: int, per_page: int) -> Page:
    """Page ``page`` of ``count`` rows; an error naming the pages there are when it is not one."""
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise InputError(f"每页条数 {per_page} 无效。", hint=f"每页可显示 1 至 {MAX_PER_PAGE} 条。")
    if page < 1:
        raise InputError(f"页码 {page} 无效。", hint="页码从 1 开始。")
    at = Page(page, per_page, count)
    if page > at.pages:
        raise NotFoundError(
            f"没有第 {page} 页：符合条件的 {count} 项任务每页 {per_page} 条，共 {at.pages} 页。",
            hint=f"请打开第 1 至 {at.pages} 页，或减少筛选条件。",
        )
    return at
