"""Tables of extracted items for the terminal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.table import Table

from planwatch.model import STATUS_NAMES, Analysis, Assignment, Node
from planwatch.model.cite import Citer

ITEM_KINDS = ("quantities", "entities", "goals", "tasks")
ENTITY_KIND_NAMES = {"project": "项目", "organization": "机构", "place": "地点", "formulation": "提法"}


def _num(v: float | None) -> str:
    if v is None:
        return ""
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.6g}"


def items_table(
    analysis: Analysis,
    what: str,
    within: Node | None = None,
    kind: str | None = None,
    assignments: Sequence[Assignment] | None = None,
    short_names: Mapping[str, str] | None = None,
) -> Table:
    cite = Citer(analysis.outline)

    def inside(start: int) -> bool:
        return within is None or within.start <= start < within.end

    if what == "quantities":
        t = Table("条目", "主体", "数值", "单位", "限定", "时期", "原文", title="数量指标 Quantities")
        for q in analysis.quantities:
            if inside(q.start):
                value = _num(q.value) + (f"–{_num(q.value_max)}" if q.value_max is not None else "")
                t.add_row(cite(q.node), q.subject, value, q.unit, q.qualifier or "", q.period or "", q.text)
    elif what == "entities":
        t = Table("条目", "类别", "名称", "子类", "释义", title="实体 Entities")
        for e in analysis.entities:
            if inside(e.start) and (kind is None or e.kind == kind):
                t.add_row(
                    cite(e.node),
                    ENTITY_KIND_NAMES.get(e.kind, e.kind),
                    e.text,
                    e.subtype or "",
                    e.definition or "",
                )
    elif what == "goals":
        t = Table("条目", "年份", "目标", title="目标 Goals")
        for g in analysis.goals:
            if inside(g.start):
                t.add_row(cite(g.node), g.year, g.text)
    else:
        by_task = {a.task: a for a in (analysis.assignments if assignments is None else assignments)}
        names = short_names or {}
        t = Table(
            "编号",
            "条目",
            "任务",
            "领域",
            "政策工具",
            "牵头单位",
            "配合单位",
            "时限",
            title="任务 Tasks",
        )
        for k in analysis.tasks:
            if inside(k.start):
                tool = k.instrument or ""
                if k.instrument_subtype:
                    tool += f"·{k.instrument_subtype}"
                a = by_task.get(k.id)
                lead = names.get(a.lead.department, a.lead.department) if a and a.lead else ""
                if a and not a.lead and a.status:
                    lead = f"〔{STATUS_NAMES.get(a.status, a.status)}〕"
                if a and a.source == "override":
                    lead += " ✎"
                coop = "、".join(names.get(u.department, u.department) for u in a.cooperating) if a else ""
                # the sentence itself: verb and object alone (推进 / 建设) say too little to act on
                t.add_row(k.id, cite(k.node), k.text, k.domain or "", tool, lead, coop, a.due if a else "")
    return t
