"""Roll-up of progress up the plan tree (article → part → plan) and department scorecards. Pure.

* A parent's progress is the weighted mean of its children's, weights normalised over the children
  that have a value (default weight 1). Children with no value are left out of the mean rather than
  counted as 0, and reported: a unit that has not reported yet should not drag a part down, but the
  reader must see the mean rests on fewer children.
* Values are read for leaves only. A value given for a node that has children is ignored and
  reported: the children are the source of truth, and mixing a direct figure with a computed one
  would count the same work twice.
* A weight of 0 leaves a child out of its parent's mean; a negative or non-finite weight, a
  non-finite value or a cycle in the tree is an input error.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from planwatch.model import InputError
from planwatch.model.monitoring import WARNING_LEVELS, WarningLevel


@dataclass(frozen=True, slots=True)
class Rollup:
    values: dict[str, float]  # every node that has a value, leaves and computed parents
    missing: tuple[str, ...]  # nodes without a value (leaves not reported, parents with no data below)
    excluded: dict[str, tuple[str, ...]]  # parent → children left out of its mean for lack of data
    ignored: tuple[str, ...]  # nodes with children whose given value was not used


def _children(tree: Mapping[str, str | None], extra: Iterable[str]) -> tuple[list[str], dict[str, list[str]]]:
    """All nodes (first-seen order) and each node's children; raises on a cycle."""
    nodes: dict[str, None] = {}
    children: dict[str, list[str]] = {}
    for child, parent in tree.items():
        nodes.setdefault(child)
        if parent is not None:
            nodes.setdefault(parent)
            children.setdefault(parent, []).append(child)
    for name in extra:
        nodes.setdefault(name)
    for first in nodes:
        seen = {first}
        above = tree.get(first)
        while above is not None:
            if above in seen:
                raise InputError(
                    f"层级关系中有环：节点“{above}”是自己的上级。", hint="请检查上级节点的设置。"
                )
            seen.add(above)
            above = tree.get(above)
    return list(nodes), children


def rollup_detail(
    tree: Mapping[str, str | None],
    leaf_values: Mapping[str, float],
    weights: Mapping[str, float] | None = None,
) -> Rollup:
    """Roll ``leaf_values`` up ``tree`` (child → parent, None for a root); see the module notes.

    ``weights`` gives a node's weight in its parent's mean (default 1).
    """
    weights = weights or {}
    for node, weight in weights.items():
        if not math.isfinite(weight) or weight < 0:
            raise InputError(f"节点“{node}”的权重 {weight} 无效。", hint="权重应为非负数。")
    for node, value in leaf_values.items():
        if not math.isfinite(value):
            raise InputError(f"节点“{node}”的进度值 {value} 无效。", hint="进度应为有限数值。")
    order, children = _children(tree, leaf_values)

    values: dict[str, float] = {}
    excluded: dict[str, tuple[str, ...]] = {}
    ignored = tuple(n for n in order if n in children and n in leaf_values)

    def settle(node: str) -> None:
        kids = children[node]
        counted = [(k, weights.get(k, 1.0)) for k in kids if k in values]
        left_out = tuple(k for k in kids if k not in values)
        total = math.fsum(w for _, w in counted)
        if left_out:
            excluded[node] = left_out
        if total > 0:
            # normalise each weight before summing so large weights cannot overflow the products
            values[node] = math.fsum(values[k] * (w / total) for k, w in counted if w > 0)

    # iterative post-order: plans are shallow, but a deep tree must not hit the recursion limit
    for root in (n for n in order if tree.get(n) is None):
        stack: list[tuple[str, bool]] = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if node not in children:
                if node in leaf_values:
                    values[node] = leaf_values[node]
                continue
            if expanded:
                settle(node)
            else:
                stack.append((node, True))
                stack.extend((k, False) for k in reversed(children[node]))

    ordered = {n: values[n] for n in order if n in values}
    missing = tuple(n for n in order if n not in values)
    return Rollup(ordered, missing, excluded, ignored)


def rollup(
    tree: Mapping[str, str | None],
    leaf_values: Mapping[str, float],
    weights: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Progress of every node that has data: leaves as given, parents as the weighted mean of their
    children. ``rollup_detail`` also says which nodes had no data."""
    return rollup_detail(tree, leaf_values, weights).values


@dataclass(frozen=True, slots=True)
class TaskProgress:
    """One task as the scorecard needs it: who leads, who co-operates, how far along, any warning."""

    task: str
    lead: str | None
    cooperating: tuple[str, ...] = ()
    percent: float | None = None  # None: no progress reported (未报送)
    warning: WarningLevel | None = None
    report_overdue: bool = False  # a quarter's report is overdue (催报)


@dataclass(frozen=True, slots=True)
class Workload:
    count: int = 0
    reported: int = 0  # tasks with a progress figure; the mean is over these, the rest are 未报送
    mean_progress: float | None = None
    warnings: dict[WarningLevel, int] = field(default_factory=lambda: dict.fromkeys(WARNING_LEVELS, 0))
    tasks: tuple[str, ...] = ()
    report_overdue: int = 0  # tasks whose report is overdue (催报)


@dataclass(frozen=True, slots=True)
class DepartmentScore:
    department: str
    lead: Workload  # tasks it leads (牵头)
    cooperating: Workload  # tasks it co-operates on (配合), counted apart


def _workload(tasks: list[TaskProgress]) -> Workload:
    percents = [t.percent for t in tasks if t.percent is not None and math.isfinite(t.percent)]
    warnings = dict.fromkeys(WARNING_LEVELS, 0)
    for t in tasks:
        if t.warning is not None:
            warnings[t.warning] += 1
    mean = math.fsum(percents) / len(percents) if percents else None
    overdue = sum(1 for t in tasks if t.report_overdue)
    return Workload(len(tasks), len(percents), mean, warnings, tuple(t.task for t in tasks), overdue)


def department_scorecard(tasks: Iterable[TaskProgress]) -> dict[str, DepartmentScore]:
    """Per department (in order of first appearance): the tasks it leads and, apart, the tasks it
    co-operates on — count, mean progress over the tasks that reported one (a task not reported on
    is not counted as 0 %), warnings by level, and reports overdue (催报).

    A department named both lead and co-operating on one task counts as lead only.
    """
    led: dict[str, list[TaskProgress]] = {}
    helped: dict[str, list[TaskProgress]] = {}
    for task in tasks:
        if task.lead is not None:
            led.setdefault(task.lead, []).append(task)
            helped.setdefault(task.lead, [])
        for unit in dict.fromkeys(task.cooperating):
            if unit != task.lead:
                helped.setdefault(unit, []).append(task)
                led.setdefault(unit, [])
    return {unit: DepartmentScore(unit, _workload(led[unit]), _workload(helped[unit])) for unit in led}
