"""Row builders: an Analysis in, plain row objects out, shared by the file writers and the web app.

Every row is a frozen dataclass whose fields are the English JSON keys; ``COLUMNS`` names the
Chinese column each field is shown under. Table columns (what xlsx/docx print):

* tasks — 重点任务分工方案: no 序号 · article 规划条目 · task 重点任务 · lead 牵头单位 ·
  cooperating 配合单位 · due 完成时限 · source 原文; rows are grouped under part 部分.
* indicators — 主要指标表: no 序号 · category 类别 · name 指标 · unit 单位 · base 基期值 ·
  target 目标值 · mode 年均/累计 · binding 属性 · citation 出处.
* entities — kind 类别 · name 名称 · subtype 子类 · citations 出现位置 · count 出现次数 ·
  definition 释义 (提法 only: no other kind is defined in the text); one table per kind.

CSV adds the grouping column (部分 / 类别) that the tables show as heading rows or sheets; JSON holds
every field, including the ids that link a row back to the Analysis (task_id, node, start, end).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from planwatch.export.outline import OutlineIndex
from planwatch.model import STATUS_NAMES, Analysis, Assignment, Quantity
from planwatch.model.indicator_terms import category_of, is_binding

ENTITY_KINDS: tuple[tuple[str, str], ...] = (
    ("project", "重大项目"),
    ("organization", "机构"),
    ("place", "地点"),
    ("formulation", "提法"),
)
ENTITY_KIND_NAMES = dict(ENTITY_KINDS)

# Subtypes come from the lexicons in English; a table in Chinese should not show them that way.
# One missing here is printed as it is, so a new lexicon subtype shows up rather than vanishing.
SUBTYPE_NAMES: dict[str, str] = {
    "airport": "机场",
    "venue": "场馆",
    "area": "片区",
    "association": "协会",
    "bank": "银行",
    "base": "基地",
    "bay": "海湾",
    "bonded zone": "保税区",
    "bridge or tunnel": "桥梁隧道",
    "business district": "商务区",
    "centre": "中心",
    "city": "城市",
    "company": "企业",
    "complex": "综合体",
    "country": "国家",
    "county": "县",
    "county-level city": "县级市",
    "democratic party": "民主党派",
    "development zone": "开发区",
    "district": "区（市）县",
    "energy or water facility": "能源水利设施",
    "event": "会展赛事",
    "exchange": "交易所",
    "heritage nomination": "申遗项目",
    "hospital": "医院",
    "hub": "枢纽",
    "industrial park": "产业园区",
    "international organization": "国际组织",
    "island": "海岛",
    "lab": "实验室",
    "landform": "地貌",
    "mass or international organization": "群团或国际组织",
    "mass organization": "人民团体",
    "municipality": "直辖市",
    "national": "全国性提法",
    "national project": "国家重大项目",
    "network": "网络设施",
    "national new area": "国家级新区",
    "new area": "新区",
    "party": "政党",
    "party body": "党的机关",
    "party or state body": "党政机关",
    "peninsula": "半岛",
    "port": "港口",
    "prefecture": "地区",
    "organization": "组织机构",
    "programme": "重大工程",
    "project": "项目",
    "project phase": "项目分期",
    "province": "省级行政区",
    "region": "区域",
    "research institute": "科研院所",
    "river or lake": "河湖",
    "science city": "科学城",
    "sea": "海域",
    "special administrative region": "特别行政区",
    "sports club": "体育俱乐部",
    "state body": "国家机关",
    "street": "街区",
    "township or subdistrict": "乡镇街道",
    "transport line": "交通线路",
    "university": "高校",
    "university or institute": "高校院所",
    "world region": "世界区域",
    "zone": "园区",
}


@dataclass(frozen=True, slots=True)
class Column:
    """One printed column: the row field it shows, its Chinese header and its width.

    ``width`` is in Excel character units (a Chinese character takes about two); the docx writer
    shares the printable width out in proportion to it.
    """

    key: str
    header: str
    width: float
    center: bool = False


@dataclass(frozen=True, slots=True)
class TaskRow:
    no: int
    part: str  # heading of the top-level part, e.g. "三、坚持工业立市、产业强市,…"
    article: str  # "第7条 培育壮大战略性新兴产业"
    task: str
    lead: str
    cooperating: str  # units joined with "、"
    due: str
    source: str  # the sentence the task was read from
    task_id: str
    node: str
    start: int
    end: int
    assignment_source: str  # "proposed" | "override" | "" when the task has no assignment
    # why the task has no lead (outside / supervision / no_catalogue), and the reason in words
    status: str = ""
    status_reason: str = ""


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    no: int
    category: str
    name: str
    unit: str
    base: str  # value reached in the past period, e.g. "3%"
    target: str  # value aimed at, with its qualifier, e.g. "3.5%以上"
    mode: str  # "年均" | "累计" | ""
    binding: str  # "约束性" | "预期性"
    citation: str  # "第1条、第50条"
    source: str  # the quantities' text as printed, joined with "；"
    nodes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EntityRow:
    no: int  # numbered within its kind
    kind: str  # 重大项目 | 机构 | 地点 | 提法
    name: str
    subtype: str
    citations: str  # "第11条、第17条"
    count: int
    definition: str
    kind_key: str  # project | organization | place | formulation
    nodes: tuple[str, ...]


TASK_COLUMNS: tuple[Column, ...] = (
    Column("no", "序号", 6, center=True),
    Column("article", "规划条目", 22),
    Column("task", "重点任务", 46),
    Column("lead", "牵头单位", 14),
    Column("cooperating", "配合单位", 22),
    Column("due", "完成时限", 11, center=True),
    Column("source", "原文", 52),
)
INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column("no", "序号", 6, center=True),
    Column("category", "类别", 11, center=True),
    Column("name", "指标", 36),
    Column("unit", "单位", 10, center=True),
    Column("base", "基期值", 14, center=True),
    Column("target", "目标值", 16, center=True),
    Column("mode", "年均/累计", 11, center=True),
    Column("binding", "属性", 9, center=True),
    Column("citation", "出处", 14),
)
ENTITY_COLUMNS: tuple[Column, ...] = (
    Column("no", "序号", 6, center=True),
    Column("name", "名称", 30),
    Column("subtype", "子类", 16, center=True),
    Column("citations", "出现位置", 40),
    Column("count", "出现次数", 10, center=True),
    Column("definition", "释义", 50),
)
ENTITY_COLUMNS_UNDEFINED: tuple[Column, ...] = (
    Column("no", "序号", 6, center=True),
    Column("name", "名称", 40),
    Column("subtype", "子类", 16, center=True),
    Column("citations", "出现位置", 60),
    Column("count", "出现次数", 10, center=True),
)
# CSV is flat, so it carries the grouping that tables print as heading rows or one sheet per kind.
CSV_COLUMNS: dict[str, tuple[Column, ...]] = {
    "tasks": (TASK_COLUMNS[0], Column("part", "部分", 30), *TASK_COLUMNS[1:]),
    "indicators": (*INDICATOR_COLUMNS, Column("source", "原文", 40)),
    "entities": (ENTITY_COLUMNS[0], Column("kind", "类别", 8), *ENTITY_COLUMNS[1:]),
}


def _unit_names(units: Iterable[str], short_names: Mapping[str, str] | None) -> list[str]:
    if short_names is None:
        return list(units)
    return [short_names.get(u) or u for u in units]


def task_rows(
    analysis: Analysis,
    *,
    assignments: Iterable[Assignment] | None = None,
    short_names: Mapping[str, str] | None = None,
) -> list[TaskRow]:
    """The 重点任务分工方案 rows, in document order.

    ``assignments`` replaces ``analysis.assignments`` when given (e.g. the stored ones, with a
    person's overrides); a task without an assignment gets empty units and due date.
    ``short_names`` maps a department's full name to its short name (市教育局 → 教育局).
    """
    index = OutlineIndex(analysis.outline)
    by_task = {a.task: a for a in (analysis.assignments if assignments is None else assignments)}
    sentences = {s.id: s for s in analysis.sentences}
    rows: list[TaskRow] = []
    for no, task in enumerate(analysis.tasks, start=1):
        sentence = sentences.get(task.sentence) if task.sentence else None
        source = (
            analysis.text_of(sentence.start, sentence.end).strip()
            if sentence is not None
            else analysis.text_of(task.start, task.end).strip()
        )
        a = by_task.get(task.id)
        lead = _unit_names([a.lead.department], short_names)[0] if a and a.lead else ""
        if a is not None and a.lead is None and a.status:
            # the 分工 table says why no unit leads, where a lead would stand
            lead = f"〔{STATUS_NAMES.get(a.status, a.status)}〕{a.status_reason}"
        cooperating = "、".join(_unit_names((u.department for u in a.cooperating), short_names)) if a else ""
        rows.append(
            TaskRow(
                no=no,
                part=index.heading(task.node),
                article=index.entry(task.node),
                task=task.text,
                lead=lead,
                cooperating=cooperating,
                due=a.due if a else "",
                source=source or task.text,
                task_id=task.id,
                node=task.node,
                start=task.start,
                end=task.end,
                assignment_source=a.source if a else "",
                status=(a.status or "") if a else "",
                status_reason=(a.status_reason or "") if a and a.status else "",
            )
        )
    return rows


# --- indicators -------------------------------------------------------------------------------

_POST_QUALIFIERS = ("及以上", "及以下", "以上", "以下", "以内", "之内", "左右", "上下")
_TARGET_PERIOD = re.compile(r"^(?:19|20)\d\d$")


def _number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6g}"


def _value_text(q: Quantity) -> str:
    """The value as a person writes it in a table: 3%, 5%—6%, 320天以上, 3.5%左右."""
    text = _number(q.value) + q.unit
    if q.value_max is not None:
        text = f"{_number(q.value)}—{_number(q.value_max)}{q.unit}"
    qualifier = q.qualifier or ""
    post = next((p for p in _POST_QUALIFIERS if p in qualifier), None)
    if post is None:
        # The extractor may keep the verb (保持在) as qualifier and leave 以上 only in the text.
        tail = q.text[q.text.rfind(_number(q.value)) :] if _number(q.value) in q.text else ""
        post = next((p for p in _POST_QUALIFIERS if p in tail), None)
    return text + (post or "")


def value_text(q: Quantity) -> str:
    """A quantity's value as the 主要指标表 writes it (3.5%左右, 1200万人以上)."""
    return _value_text(q)


def _mode(q: Quantity) -> str:
    for word in ("年均", "累计"):
        if word in (q.qualifier or "") or word in q.text:
            return word
    return ""


def _is_base(q: Quantity) -> bool:
    """A value reached in a past period (十四五) is a base; a year (2030) or no period is a target."""
    return q.period is not None and not _TARGET_PERIOD.match(q.period)


def _join_unique(values: Iterable[str], sep: str = "；") -> str:
    return sep.join(dict.fromkeys(v for v in values if v))


def _key(subject: str) -> str:
    return re.sub(r"\s+", "", subject)


def indicator_rows(analysis: Analysis) -> list[IndicatorRow]:
    """The 主要指标表 rows built from the extracted quantities.

    Quantities about the same subject and unit make one row, their past values as 基期值 and their
    target values as 目标值. Rows are ordered by category (in order of first appearance), then by
    where the indicator first appears.
    """
    index = OutlineIndex(analysis.outline)
    sentences = {s.id: s for s in analysis.sentences}
    groups: dict[tuple[str, str], list[Quantity]] = {}
    for q in analysis.quantities:
        groups.setdefault((_key(q.subject or q.text), q.unit), []).append(q)

    def says_binding(q: Quantity) -> bool:
        # The figure's own clause decides first: 其中预期性指标11项、约束性指标9项 is one sentence.
        own = q.subject + q.text
        if "约束性" in own:
            return True
        if "预期性" in own:
            return False
        sentence = sentences.get(q.sentence) if q.sentence else None
        context = analysis.text_of(sentence.start, sentence.end) if sentence else q.text
        return "约束性" in context

    built: list[IndicatorRow] = []
    for qs in groups.values():
        first = qs[0]
        name = first.subject or first.text
        nodes = tuple(dict.fromkeys(q.node for q in qs))
        binding = is_binding(name) or any(says_binding(q) for q in qs)
        built.append(
            IndicatorRow(
                no=0,
                category=category_of(name, index.titles(first.node)),
                name=name,
                unit=first.unit,
                base=_join_unique(_value_text(q) for q in qs if _is_base(q)),
                target=_join_unique(_value_text(q) for q in qs if not _is_base(q)),
                mode=_join_unique((_mode(q) for q in qs), "、"),
                binding="约束性" if binding else "预期性",
                citation=_join_unique((index.cite(n) for n in nodes), "、"),
                source=_join_unique(q.text for q in qs),
                nodes=nodes,
            )
        )
    order = {c: i for i, c in enumerate(dict.fromkeys(r.category for r in built))}
    built.sort(key=lambda r: order[r.category])  # stable: document order inside a category
    return [
        IndicatorRow(
            no=i,
            category=r.category,
            name=r.name,
            unit=r.unit,
            base=r.base,
            target=r.target,
            mode=r.mode,
            binding=r.binding,
            citation=r.citation,
            source=r.source,
            nodes=r.nodes,
        )
        for i, r in enumerate(built, start=1)
    ]


# --- entities ---------------------------------------------------------------------------------


def entity_rows(analysis: Analysis) -> list[EntityRow]:
    """One row per distinct entity (kind and name), kinds in the order 重大项目, 机构, 地点, 提法,
    each kind in order of first appearance, with every place it occurs cited."""
    index = OutlineIndex(analysis.outline)
    known = [k for k, _ in ENTITY_KINDS]
    rank = {k: i for i, k in enumerate(known)}
    seen: dict[tuple[str, str], list[int]] = {}
    for i, e in enumerate(analysis.entities):
        seen.setdefault((e.kind, e.text), []).append(i)
    # Stable sort: inside a kind, entities stay in order of first appearance.
    keys = sorted(seen, key=lambda k: (rank.get(k[0], len(known)), "" if k[0] in rank else k[0]))
    rows: list[EntityRow] = []
    numbers: dict[str, int] = {}
    for kind, name in keys:
        found = [analysis.entities[i] for i in seen[(kind, name)]]
        nodes = tuple(dict.fromkeys(e.node for e in found))
        subtype = next((e.subtype for e in found if e.subtype), "") or ""
        numbers[kind] = numbers.get(kind, 0) + 1
        rows.append(
            EntityRow(
                no=numbers[kind],
                kind=ENTITY_KIND_NAMES.get(kind, kind),
                name=name,
                subtype=SUBTYPE_NAMES.get(subtype, subtype),
                citations=_join_unique((index.cite(n) for n in nodes), "、"),
                count=len(found),
                definition=next((e.definition for e in found if e.definition), "") or "",
                kind_key=kind,
                nodes=nodes,
            )
        )
    return rows
