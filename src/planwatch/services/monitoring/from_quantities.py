"""Indicators made from a plan's extracted quantities: one per row of its 主要指标表."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy.orm import Session

from planwatch.export.rows import indicator_rows, value_text
from planwatch.extract.numbers_zh import cn_integer
from planwatch.extract.quantity_period import plan_years as five_year_plan_years
from planwatch.model import Indicator, Quantity, User
from planwatch.services.monitoring.build import IndicatorFields, IndicatorInputError, build_indicator
from planwatch.services.monitoring.indicator_targets import (
    CLAUSE_SUBJECT,
    indicator_name,
    is_past,
    latest_past,
    same_aim,
    target_quantities,
)
from planwatch.services.monitoring.indicators import store_indicator
from planwatch.services.monitoring.targets import plan_period
from planwatch.services.plans.records import PlanView
from planwatch.store.monitoring import IndicatorRepository


# -- from extracted quantities ----------------------------------------------------------------------
def _period_year(period: str | None) -> int | None:
    """The year a quantity's period ends: 十四五 → 2025, 2021-2025 → 2025, 2030 → 2030."""
    if not period:
        return None
    years = re.findall(r"(?:19|20)\d\d", period)
    if years:
        return int(years[-1])
    m = re.fullmatch(r"(.+)五", period)
    if m:
        number = cn_integer(m.group(1))
        if number:
            return five_year_plan_years(number)[1]
    return None


@dataclass(frozen=True, slots=True)
class Skipped:
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class CreateResult:
    created: tuple[Indicator, ...] = ()
    skipped: tuple[Skipped, ...] = ()


# A subject that starts like a task (推进…, 荣获…) is a clause, not the name of something measured.
_NOT_AN_INDICATOR = re.compile(r"^(稳步推进|推进|实施|建设|加快|推动|开展|完成|实现|荣获|获得|第)")


_COUNTING_QUALIFIERS = ("连续", "第N次")
_CHANGE_WORDS = ("提高", "提升", "增加", "增长", "下降", "降低", "减少", "新增")


def _is_change(q: Quantity) -> bool:
    """A past value that is a change over the period (提高25.6个百分点), not a level."""
    return q.unit == "个百分点" and any(w in (q.qualifier or "") for w in _CHANGE_WORDS)


def _quantity_key(q: Quantity) -> tuple[str, str]:
    # The grouping of export.rows.indicator_rows: subject (spaces removed) and unit.
    return (re.sub(r"\s+", "", q.subject or q.text), q.unit)


def create_from_quantities(
    session: Session, view: PlanView, *, by: User | str | None, only: Collection[str] | None = None
) -> CreateResult:
    """One indicator per row of the 主要指标表 built from the extracted quantities (subject + unit).

    Values reached in a past period (十四五, or a year before the plan's first: a work report's
    review of last year) are the baseline; values for the plan's own years are the target, and a
    row with no target is no indicator (see ``indicator_targets``). Rows that cannot become an
    indicator are skipped with the reason: only past results, the same aim stated twice, the name
    is taken, the values disagree, the subject is a clause.
    ``only`` (names) creates just the rows a person picked from the list; the others are left out.
    """
    plan = view.plan
    repo = IndicatorRepository(session)
    existing = {i.name for i in repo.indicators(plan.id)}
    groups: dict[tuple[str, str], list[Quantity]] = {}
    for q in view.analysis.quantities:
        groups.setdefault(_quantity_key(q), []).append(q)
    created: list[Indicator] = []
    skipped: list[Skipped] = []
    names_done: dict[str, str] = {}
    base_year_of_plan = plan_period(plan)[0]
    first_year = base_year_of_plan + 1 if base_year_of_plan is not None else None
    text = view.analysis.document.text
    aims: list[tuple[Quantity, str]] = []  # the target quantity of each indicator made, and its name
    for row in indicator_rows(view.analysis):
        qs = groups.get((re.sub(r"\s+", "", row.name), row.unit), [])
        aimed = target_quantities(qs, first_year)
        if qs and not aimed:
            skipped.append(
                Skipped(
                    row.name.strip(), f"只有往年或上一规划期的实绩（{qs[0].text}），没有目标值，不作为指标"
                )
            )
            continue
        name = indicator_name(aimed[0], text) if aimed else row.name.strip()
        twin = next((n for q, n in aims if aimed and same_aim(q, aimed[0])), None)
        if twin is not None:
            skipped.append(Skipped(name, f"与指标“{twin}”是同一目标（{aimed[0].text}）"))
            continue
        if only is not None and name not in only:
            continue
        if name in names_done:
            skipped.append(
                Skipped(
                    name,
                    f"同名指标已按单位“{names_done[name]}”创建，这一项单位为“{row.unit}”；"
                    "如需跟踪请另起名称手工添加",
                )
            )
            continue
        if name in existing:
            skipped.append(Skipped(name, "已有同名指标，未改动"))
            continue
        if _NOT_AN_INDICATOR.match(name) or CLAUSE_SUBJECT.search(name):
            skipped.append(Skipped(name, "主语以动词或序数开头，更像任务表述而不是可量化的指标"))
            continue
        if qs and all((q.qualifier or "") in _COUNTING_QUALIFIERS for q in qs):
            skipped.append(Skipped(name, f"数值是次数或持续年数（{qs[0].text}），不是指标水平"))
            continue
        base_qs = [q for q in qs if is_past(q, first_year) and q.compared_to is None]
        bases = (
            list(dict.fromkeys(value_text(q) for q in base_qs))
            if qs
            else [b for b in row.base.split("；") if b]
        )
        targets = (
            list(dict.fromkeys(value_text(q) for q in aimed))
            if qs
            else [t for t in row.target.split("；") if t]
        )
        if len(bases) > 1 and aimed:
            # a target with several past values (a review of five years): the latest year is the base
            base_qs = latest_past(base_qs)
            bases = list(dict.fromkeys(value_text(q) for q in base_qs))
            if len(bases) > 1:
                base_qs, bases = [], []
        if len(bases) > 1:
            skipped.append(Skipped(name, f"基期值有多个不同取值（{'、'.join(bases)}），请手工添加"))
            continue
        if len(targets) > 1:
            skipped.append(Skipped(name, f"目标值有多个不同取值（{'、'.join(targets)}），请手工添加"))
            continue
        target_qs = aimed
        if not target_qs and base_qs and all(_is_change(q) for q in base_qs):
            skipped.append(
                Skipped(name, f"基期数值是变化量（{base_qs[0].text}），不是水平值，无法作为基期值")
            )
            continue
        base_year = next((y for y in (_period_year(q.period) for q in base_qs) if y), None)
        target_year = next(
            (int(q.period) for q in target_qs if q.period and re.fullmatch(r"(?:19|20)\d\d", q.period)), None
        )
        first = qs[0] if qs else None
        try:
            draft = build_indicator(
                plan,
                IndicatorFields(
                    name=name,
                    unit=row.unit,
                    target=targets[0] if targets else None,
                    baseline=bases[0] if bases else None,
                    baseline_year=base_year,
                    target_year=target_year,
                    attribute=row.binding,
                    category=row.category,
                    cumulative=True if row.mode == "累计" else None,
                    source_quantity=f"{first.node}:{first.start}" if first else None,
                ),
            )
        except IndicatorInputError as exc:
            skipped.append(Skipped(name, "；".join(str(p) for p in exc.problems)))
            continue
        stored = store_indicator(session, draft, by=by, action="indicator.from_quantities")
        created.append(stored)
        if aimed:
            aims.append((aimed[0], name))
        names_done[name] = row.unit
        existing.add(name)
    return CreateResult(tuple(created), tuple(skipped))
