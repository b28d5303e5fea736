"""Analyses for the export tests (imported as ``export_helpers``: test dirs are on sys.path).

The extractors for tasks, quantities and entities are still changing, so the exact-value tests build
their items here from real spans of the embedded Dalian plan instead of relying on extractor output.
"""

from __future__ import annotations

import functools
from dataclasses import replace

from planwatch.model import Analysis, Assignment, Entity, Quantity, Task, UnitScore
from planwatch.services.plans.analyze import analyze_bytes, default_plan_bytes
from planwatch.settings import Settings

GONGXIN = "大连市工业和信息化局"
KEJI = "大连市科学技术局"
FAGAI = "大连市发展和改革委员会"
SHENGTAI = "大连市生态环境局"
SHORT_NAMES = {GONGXIN: "市工业和信息化局", KEJI: "市科技局", FAGAI: "市发展改革委"}


@functools.cache
def dalian() -> Analysis:
    data, name = default_plan_bytes()
    return analyze_bytes(data, name, Settings())


def span(analysis: Analysis, needle: str, after: int = 0) -> tuple[int, int]:
    start = analysis.document.text.index(needle, after)
    return start, start + len(needle)


def node_at(analysis: Analysis, offset: int) -> str:
    """The innermost outline node containing ``offset``."""
    inside = [n for n in analysis.outline if n.start <= offset < n.end]
    return max(inside, key=lambda n: (n.depth, n.start)).id


def sentence_at(analysis: Analysis, offset: int) -> str:
    return next(s.id for s in analysis.sentences if s.start <= offset < s.end)


def sentence_tasks(analysis: Analysis, node_ids: tuple[str, ...]) -> tuple[Task, ...]:
    """Every sentence of the given articles (but the title sentence) as a task, with real spans."""
    text = analysis.document.text
    tasks = []
    for node_id in node_ids:
        for k, s in enumerate((s for s in analysis.sentences if s.node == node_id), start=0):
            if k == 0:
                continue  # the article's own title: "培育壮大战略性新兴产业。"
            body = text[s.start : s.end].strip().rstrip("。；;")
            end = s.start + len(body)
            tasks.append(Task(f"{node_id}.t{k}", body, "", "", node_id, s.start, end, sentence=s.id))
    return tuple(tasks)


def _task(analysis: Analysis, task_id: str, needle: str) -> Task:
    start, end = span(analysis, needle)
    return Task(
        task_id,
        needle,
        "",
        "",
        node_at(analysis, start),
        start,
        end,
        sentence=sentence_at(analysis, start),
    )


def sample() -> Analysis:
    """The Dalian analysis with hand-made tasks, assignments, quantities and entities."""
    a = dalian()
    tasks = (
        _task(a, "p3.a7.t1", "依托龙头企业,增强配套能力,全链条推动半导体与集成电路高质量发展"),
        _task(
            a,
            "p3.a7.t2",
            "突出比较优势,打造软件和信息技术服务、电子信息制造、新能源、新材料、低空经济、生命安全等新兴产业",
        ),
        _task(a, "p4.a11.t1", "高水平建设英歌石科学城,集聚创新要素,打造创新策源高地"),
        _task(
            a,
            "p12.a50.t1",
            "加强大气污染治理,以降低细颗粒物浓度为主线,推进氮氧化物、挥发性有机物等污染物协同减排",
        ),
    )
    assignments = (
        Assignment(
            "p3.a7.t1",
            UnitScore(GONGXIN, 0.9, "职责：产业"),
            (UnitScore(KEJI, 0.6, ""), UnitScore(FAGAI, 0.5, "")),
            "2027",
        ),
        Assignment("p3.a7.t2", UnitScore(GONGXIN, 0.8, ""), (UnitScore(SHENGTAI, 0.4, ""),), "2030"),
        Assignment("p4.a11.t1", UnitScore(KEJI, 1.0, ""), (), "持续推进", source="override"),
        # p12.a50.t1 has no assignment: its units stay empty.
    )

    def quantity(needle: str, **kw: object) -> Quantity:
        start, end = span(a, needle)
        fields: dict[str, object] = {
            "text": needle,
            "node": node_at(a, start),
            "start": start,
            "end": end,
            "sentence": sentence_at(a, start),
        }
        fields.update(kw)
        return Quantity(**fields)  # type: ignore[arg-type]

    # The 建议 sets no numeric targets; the 2030 values below are made up on real spans, so that the
    # base/target merge has something to merge.
    quantities = (
        quantity(
            "研发投入强度达3%", subject="研发投入强度", value=3.0, unit="%", qualifier="达", period="十四五"
        ),
        quantity(
            "空气优良天数始终保持在320天以上",
            subject="空气优良天数",
            value=320.0,
            unit="天",
            qualifier="始终保持在",
            period="十四五",
        ),
        quantity(
            "高质量发展取得更大成效",
            subject="地区生产总值",
            value=5.0,
            unit="%",
            qualifier="年均增长",
            period="2030",
        ),
        quantity(
            "积极融入国家创新战略布局",
            subject="研发投入强度",
            value=3.5,
            unit="%",
            qualifier="以上",
            period="2030",
        ),
        quantity(
            "严守耕地和永久基本农田保护红线",
            subject="耕地保有量",
            value=540.0,
            unit="万亩",
            qualifier="不低于",
            period="2030",
        ),
    )

    def occurrences(
        kind: str, name: str, subtype: str | None = None, definition: str | None = None
    ) -> list[Entity]:
        text, out, at = a.document.text, [], 0
        while (i := text.find(name, at)) >= 0:
            out.append(Entity(kind, name, node_at(a, i), i, i + len(name), definition, subtype))
            at = i + 1
        return out

    entities = (
        *occurrences("project", "英歌石科学城", "science city"),
        *occurrences("organization", "全国人大常委会法工委", "state body"),
        *occurrences("place", "长山群岛", "island"),
        *occurrences("formulation", "两先区", None, "产业结构优化的先导区和经济社会发展的先行区"),
    )
    return replace(a, tasks=tasks, assignments=assignments, quantities=quantities, entities=tuple(entities))


def many_tasks() -> Analysis:
    """Enough tasks (every sentence of parts 三 to 五) to fill several printed pages."""
    a = dalian()
    articles = tuple(n.id for n in a.outline if n.kind == "article" and n.parent in ("p3", "p4", "p5"))
    tasks = sentence_tasks(a, articles)
    assignments = tuple(
        Assignment(t.id, UnitScore(FAGAI if i % 2 else KEJI, 1.0, ""), (UnitScore(GONGXIN, 0.5, ""),), "2030")
        for i, t in enumerate(tasks)
        if i % 7
    )
    return replace(a, tasks=tasks, assignments=assignments)
