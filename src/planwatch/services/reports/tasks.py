"""The task part of an evaluation report: standings as of the report date, completion by part and
by lead department (the roll-up and scorecard services), major projects, lagging tasks.

A report for a past year must not see later reports, so standings are computed here as
``progress.task_progress`` does, from the reports of periods up to the report year's fourth quarter
only, and assessed on the report date (the year's last day, or today if that is earlier).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from planwatch.model import Entity, Node, Task
from planwatch.model.cite import Citer
from planwatch.model.monitoring import TASK_STATES, WARNING_COLOURS, WarningLevel
from planwatch.model.report import BarChart, TableBlock, placeholder
from planwatch.services.plans.records import PlanView
from planwatch.services.progress import pace
from planwatch.services.progress import reporting as progress
from planwatch.services.progress.reporting import TaskStatus
from planwatch.services.progress.rollup import DepartmentScore

MAX_TEXT = 60  # characters of a task's text in a table cell


def standings(session: Session, view: PlanView, year: int, as_of: date) -> list[TaskStatus]:
    """Every task's standing from reports of periods up to ``year``Q4, assessed on ``as_of``."""
    return progress.task_progress(session, view, as_of, through_year=year)


def pct(value: float | None) -> str:
    return "—" if value is None or not math.isfinite(value) else f"{value:.1f}%"


def clip(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class TaskSummary:
    tasks: int
    reported: int
    states: dict[pace.ShownState, int]  # reported state → count, for reported tasks
    closed: int
    warnings: dict[WarningLevel, int]  # level → count
    mean: float | None  # rolled-up progress of the whole plan
    expected: float | None  # 序时进度 of a task due at the end of the plan

    def text(self) -> str:
        if not self.tasks:
            return "规划中未识别到重点任务。"
        if not self.reported:
            return (
                f"全规划共分解重点任务 {self.tasks} 项，截至报告期尚未收到任何任务进展填报，"
                "以下各表中的完成情况均为空。请各牵头单位按季度填报任务进展。"
            )
        states = "、".join(f"{s} {n} 项" for s in TASK_STATES if (n := self.states.get(s, 0)))
        text = (
            f"全规划共分解重点任务 {self.tasks} 项，已填报进展 {self.reported} 项"
            f"（占 {self.reported / self.tasks * 100:.0f}%），其中{states}"
        )
        if self.closed:
            text += f"，已销号 {self.closed} 项"
        text += f"。按条目、部分逐级加权汇总（未填报的任务按 0 计），全规划平均完成进度 {pct(self.mean)}"
        if self.expected is not None:
            text += f"，序时进度 {pct(self.expected)}"
        warned = "、".join(f"{WARNING_COLOURS[lv]}预警 {n} 项" for lv, n in self.warnings.items() if n)
        text += f"；{warned}。" if warned else "；无预警任务。"
        return text


def summary(statuses: list[TaskStatus], rolled: progress.PlanRollup, expected: float | None) -> TaskSummary:
    reported = [t for t in statuses if t.report is not None or t.closed]
    states = Counter(t.state for t in reported)
    warnings = Counter(t.warning.level for t in statuses if t.warning is not None)
    return TaskSummary(
        tasks=len(statuses),
        reported=len(reported),
        states=dict(states),
        closed=sum(1 for t in statuses if t.closed),
        warnings={lv: warnings.get(lv, 0) for lv in (pace.RED, pace.YELLOW, pace.BLUE)},
        mean=rolled.plan,
        expected=expected,
    )


def top_nodes(view: PlanView) -> dict[str, Node]:
    """node id → its top-level node (the part, 前言 …), as the roll-up builds its tree."""
    outline = [n for n in view.analysis.outline if n.kind != "title"]
    by_id = {n.id: n for n in outline}
    top: dict[str, Node] = {}
    for node in outline:
        cur = node
        while cur.parent in by_id:
            cur = by_id[cur.parent]
        top[node.id] = cur
    return top


def part_label(node: Node, limit: int | None = None) -> str:
    title = node.title if limit is None else clip(node.title, limit)
    if node.kind == "part" and node.label:
        return f"{node.label}、{title}"
    return title or node.label or node.id


def by_part(
    view: PlanView, statuses: list[TaskStatus], rolled: progress.PlanRollup
) -> tuple[TableBlock, list[tuple[str, float]]]:
    top = top_nodes(view)
    groups: dict[str, list[TaskStatus]] = {}
    for t in statuses:
        node = top.get(t.node)
        groups.setdefault(node.id if node else "", []).append(t)
    values = {pid: v for pid, _, v in rolled.parts}
    rows, bars = [], []
    for node_id, tasks in groups.items():
        node = next((n for n in top.values() if n.id == node_id), None)
        label = part_label(node) if node else "其他"
        done = sum(1 for t in tasks if t.state == pace.COMPLETED)
        reported = sum(1 for t in tasks if t.report is not None or t.closed)
        warned = sum(1 for t in tasks if t.warning is not None and t.warning.level != pace.BLUE)
        mean = values.get(node_id)
        rows.append((label, str(len(tasks)), str(reported), str(done), str(warned), pct(mean)))
        if mean is not None and reported:  # a part nobody reported on has no bar, not a 0 % one
            bars.append((part_label(node, 12) if node else "其他", mean))
    table = TableBlock(
        title="各部分任务完成情况",
        headers=("规划部分", "任务数", "已填报", "已完成", "滞后/逾期", "平均进度"),
        rows=tuple(rows),
        widths=(5.0, 1.0, 1.0, 1.0, 1.1, 1.2),
        numeric=(False, True, True, True, True, True),
        empty="规划中未识别到重点任务。",
        note="平均进度按任务→条目→部分逐级加权平均（权重默认相同），未填报的任务按 0 计入。",
    )
    return table, bars


def part_chart(bars: list[tuple[str, float]], expected: float | None, title: str) -> BarChart | None:
    if not bars:
        return None
    return BarChart(
        title=title,
        labels=tuple(label for label, _ in bars),
        values=tuple(v for _, v in bars),
        unit="%",
        horizontal=True,
        colors=tuple(
            "#cf222e" if expected is not None and v < expected - pace.PACE_TOLERANCE else "#218bff"
            for _, v in bars
        ),
        value_format="{:.1f}%",
        max_value=100.0,
        reference=expected,
        reference_label="序时进度" if expected is not None else "",
    )


def by_department(scores: dict[str, DepartmentScore]) -> TableBlock:
    rows = []
    leading = [s for s in scores.values() if s.lead.count]
    ordered = sorted(leading, key=lambda s: (-s.lead.count, -s.cooperating.count, s.department))
    for s in ordered:
        w = s.lead.warnings
        warned = "/".join(str(w.get(lv, 0)) for lv in (pace.RED, pace.YELLOW, pace.BLUE))
        rows.append(
            (
                s.department,
                str(s.lead.count),
                str(s.lead.reported),
                pct(s.lead.mean_progress),
                warned,
                str(s.cooperating.count),
                pct(s.cooperating.mean_progress),
            )
        )
    return TableBlock(
        title="牵头单位任务完成情况",
        headers=("单位", "牵头任务", "已填报", "平均进度", "预警 红/黄/蓝", "配合任务", "配合任务进度"),
        rows=tuple(rows),
        widths=(3.6, 1.0, 1.0, 1.1, 1.3, 1.0, 1.3),
        numeric=(False, True, True, True, True, True, True),
        empty="任务尚未分配牵头单位。",
    )


def _mentions(task: Task, entity: Entity) -> bool:
    """Whether the task's own clause names the entity (a sentence often holds several tasks, so
    sharing a sentence is not enough)."""
    return task.start <= entity.start < task.end


def projects(view: PlanView, statuses: list[TaskStatus]) -> TableBlock:
    """One row per distinct project name: where it is, the tasks that mention it, their progress."""
    analysis = view.analysis
    cite = Citer(analysis.outline)
    status_of = {t.task: t for t in statuses}
    found: dict[str, tuple[list[str], list[Task]]] = {}
    for e in analysis.entities:
        if e.kind != "project":
            continue
        where, tasks = found.setdefault(e.text, ([], []))
        c = cite(e.node)
        if c not in where:
            where.append(c)
        tasks.extend(t for t in analysis.tasks if _mentions(t, e) and t not in tasks)
    rows = []
    for name, (where, tasks) in found.items():
        related = [status_of[t.id] for t in tasks if t.id in status_of]
        leads = list(dict.fromkeys(s.lead for s in related if s.lead))
        reported = [s for s in related if s.percent is not None]
        if not related:
            state = "未关联到重点任务"
        elif not reported:
            state = "尚未填报"
        else:
            mean = math.fsum(s.percent or 0.0 for s in reported) / len(reported)
            states = "、".join(dict.fromkeys(s.state for s in reported))
            state = f"{states}，平均进度 {pct(mean)}"
            notes = [s.report.narrative for s in reported if s.report is not None and s.report.narrative]
            if notes:
                state += f"（{clip(notes[-1], 40)}）"
        rows.append(
            (
                name,
                "、".join(where),
                "；".join(f"{t.id} {clip(t.text, 30)}" for t in tasks[:3]) + ("等" if len(tasks) > 3 else "")
                or "—",
                "、".join(leads) or "—",
                state,
            )
        )
    return TableBlock(
        title="重大项目推进情况",
        headers=("项目", "规划条目", "相关任务", "牵头单位", "进展情况"),
        rows=tuple(rows),
        widths=(2.4, 1.3, 4.2, 2.0, 2.6),
        empty="规划文本中未识别到重大项目。",
        note="项目由规划文本自动识别；相关任务为提及该项目的句子中的任务，进展取其填报情况。",
    )


def lagging(statuses: list[TaskStatus]) -> list[tuple[str, str, str, str]]:
    """(item, department, situation, reason) of tasks overdue, behind pace or reported 滞后."""
    rows = []
    for t in statuses:
        level = t.warning.level if t.warning is not None else None
        if level not in (pace.RED, pace.YELLOW) and t.state != pace.LAGGING:
            continue
        situation = f"{t.state}，进度 {pct(t.percent) if t.percent is not None else '未填报'}"
        if t.expected is not None:
            situation += f"，序时进度 {pct(t.expected)}"
        if t.warning is not None:
            situation += f"（{WARNING_COLOURS[t.warning.level]}预警：{pace.WARNING_NAMES[t.warning.level]}）"
        reasons = []
        if t.report is not None and t.report.narrative:
            reasons.append(f"填报说明：{t.report.narrative}")
        if t.report is not None and t.report.review_comment:
            reasons.append(f"审核意见：{t.report.review_comment}")
        if t.warning is not None:
            reasons.append(f"预警原因：{t.warning.reason}")
        if t.report is None or not t.report.narrative:
            reasons.append(placeholder("滞后原因"))
        rows.append((f"{t.task} {clip(t.text)}", t.lead or "未分配", situation, "；".join(reasons)))
    return rows
