"""Plan comparison and version diff as titled tables (``Report``), for the xlsx and docx writers."""

from __future__ import annotations

from planwatch.export.report import Report, Section, Sheet
from planwatch.export.rows import Column
from planwatch.model.comparison import Comparison, VersionDiff

_ALIGN_COLUMNS = (
    Column("a_label", "本规划条目", 10, center=True),
    Column("a_title", "标题", 30),
    Column("rank", "名次", 6, center=True),
    Column("b_label", "对照规划条目", 10, center=True),
    Column("b_title", "标题", 30),
    Column("score", "相似度", 9, center=True),
    Column("terms", "共同关键词", 36),
)
_COVER_COLUMNS = (
    Column("b_label", "对照规划条目", 10, center=True),
    Column("b_title", "标题", 40),
    Column("covered", "是否承接", 9, center=True),
    Column("score", "最高相似度", 10, center=True),
    Column("a_label", "最接近的本规划条目", 16, center=True),
)
_TERM_COLUMNS = (
    Column("kind", "类别", 10, center=True),
    Column("side", "所在", 16, center=True),
    Column("text", "内容", 60),
)
_QUANTITY_COLUMNS = (
    Column("subject_a", "本规划指标", 24),
    Column("a", "本规划数值", 16),
    Column("subject_b", "对照规划指标", 24),
    Column("b", "对照规划数值", 16),
    Column("unit", "单位", 8, center=True),
)
_KIND_NAMES = {"terms": "关键词", "formulations": "提法", "projects": "项目"}


def comparison_report(c: Comparison) -> Report:
    align_rows: list[tuple[str | int, ...]] = []
    for al in c.alignments:
        if not al.matches:
            align_rows.append((al.a_label, al.a_title, "—", "—", "（无相近条目）", "—", ""))
        for rank, m in enumerate(al.matches, start=1):
            align_rows.append(
                (
                    al.a_label,
                    al.a_title,
                    rank,
                    m.b_label,
                    m.b_title,
                    f"{m.score:.3f}",
                    "、".join(m.shared_terms),
                )
            )
    cover_rows = tuple(
        (cv.b_label, cv.b_title, "是" if cv.covered else "否", f"{cv.score:.3f}", cv.best_a_label or "—")
        for cv in c.coverage
    )
    term_rows: list[tuple[str | int, ...]] = []
    for side_name, groups in (("仅本规划", c.only_in_a), ("仅对照规划", c.only_in_b), ("两者共有", c.shared)):
        for kind, texts in groups.items():
            term_rows.extend((_KIND_NAMES.get(kind, kind), side_name, t) for t in texts)
    quantity_rows = tuple((q.subject_a, q.text_a, q.subject_b, q.text_b, q.unit) for q in c.quantities)
    covered = sum(cv.covered for cv in c.coverage)
    note = (
        f"本规划：{c.a.title}（{c.a.units} 个条目）；对照规划：{c.b.title}（{c.b.units} 个条目）。"
        f"相似度为 TF-IDF 余弦（分词与字二元组），对照规划条目与本规划某条目相似度达到 {c.threshold:g} 即视为承接："
        f"承接 {covered}/{len(c.coverage)} 个。由程序生成，供人工核对。"
    )
    return Report(
        plan_title=c.a.title,
        kind_title="与对照规划比对表",
        note=note,
        sheets=(
            Sheet("条目对齐", _ALIGN_COLUMNS, (Section(None, tuple(align_rows)),)),
            Sheet("承接情况", _COVER_COLUMNS, (Section(None, cover_rows),)),
            Sheet("关键词与提法", _TERM_COLUMNS, (Section(None, tuple(term_rows)),)),
            Sheet("指标对照", _QUANTITY_COLUMNS, (Section(None, quantity_rows),)),
        ),
    )


_DIFF_COLUMNS = (
    Column("label", "条目", 10, center=True),
    Column("title", "标题", 28),
    Column("status", "条目变化", 10, center=True),
    Column("op", "句子变化", 10, center=True),
    Column("old", "原文", 45),
    Column("new", "新文", 45),
)
_ITEM_COLUMNS = (
    Column("kind", "类别", 8, center=True),
    Column("op", "变化", 8, center=True),
    Column("old", "原", 50),
    Column("new", "新", 50),
    Column("detail", "说明", 20),
)
STATUS_NAMES = {"unchanged": "未变", "changed": "修改", "added": "新增", "removed": "删除"}
ITEM_KIND_NAMES = {"task": "任务", "quantity": "数量", "entity": "实体"}


def _version(number: int | None) -> str:
    return f"（第 {number} 版）" if number else ""


def diff_report(d: VersionDiff) -> Report:
    rows: list[tuple[str | int, ...]] = []
    for u in d.units:
        if u.status == "unchanged":
            continue
        for ch in u.changes:
            rows.append(
                (u.label, u.title, STATUS_NAMES[u.status], STATUS_NAMES[ch.op], ch.old or "", ch.new or "")
            )
    items = tuple(
        (ITEM_KIND_NAMES[i.kind], STATUS_NAMES[i.op], i.old or "", i.new or "", i.detail or "")
        for i in d.items
        if i.op != "unchanged"
    )
    s = d.summary
    note = (
        f"旧版：{d.old.title}{_version(d.old.version)}；新版：{d.new.title}{_version(d.new.version)}。"
        f"条目：修改 {s.get('units_changed', 0)}、新增 {s.get('units_added', 0)}、删除 {s.get('units_removed', 0)}、"
        f"未变 {s.get('units_unchanged', 0)}；任务：修改 {s.get('tasks_changed', 0)}、新增 {s.get('tasks_added', 0)}、"
        f"删除 {s.get('tasks_removed', 0)}。"
    )
    return Report(
        plan_title=d.new.title,
        kind_title="版本修改对照表",
        note=note,
        sheets=(
            Sheet("句子变化", _DIFF_COLUMNS, (Section(None, tuple(rows)),)),
            Sheet("任务与指标变化", _ITEM_COLUMNS, (Section(None, items),)),
        ),
    )
