"""The 文件佐证 section of the mid-term evaluation report (issue 19): how far later documents take
up the plan's tasks, by part and by year, the tasks never taken up, the tasks reported done without
any documentary trace, and the sentences cited as evidence (source, year, the sentence quoted;
confirmed ones marked).

Tables show both bases side by side: a planner may not have confirmed anything yet, and the report
must then still say what the documents propose, as proposals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from planwatch.model.report import Block, Paragraph, TableBlock
from planwatch.services.evidence import coverage as ec
from planwatch.services.reports.tasks import clip

HEADING = "文件佐证"
MAX_LISTED = 20  # never-taken-up tasks and citations printed; the workbook holds them all
ATTACH_HINT = "可在网页“落实佐证”页或用 planwatch evidence attach 命令附加。"


def _share(cell: Mapping[str, Any]) -> str:
    return f"{cell['taken']}（{cell['share'] * 100:.1f}%）"


def _count(cell: Mapping[str, Any]) -> str:
    return f"{cell['taken']} 项（{cell['share'] * 100:.1f}%）"


def _source_title(data: Mapping[str, Any]) -> dict[str, str]:
    return {s["name"]: s["title"] or s["name"] for s in data["sources"]}


def cite(row: Mapping[str, Any], titles: Mapping[str, str]) -> str:
    """《source》（year）：“sentence”, with 【已确认】 when a planner confirmed it."""
    source = titles.get(row["source"], row["source"])
    mark = "【已确认】" if row["decision"] == "confirmed" else "【待确认】"
    return f"《{source}》（{ec.year_label(row['year'])}）：“{row['sentence']}”{mark}"


def _by_part(data: Mapping[str, Any]) -> TableBlock:
    confirmed, proposed = data["bases"]["confirmed"], data["bases"]["proposed"]
    rows = []
    lines = [*zip(confirmed["matrix"], proposed["matrix"], strict=True)]
    lines.append(({"label": "合计", **confirmed["total"]}, {"label": "合计", **proposed["total"]}))
    for c, p in lines:
        kinds = p["all"]["by_kind"]
        rows.append(
            (
                c["label"],
                str(c["all"]["total"]),
                _share(c["all"]),
                _share(p["all"]),
                str(kinds["reported"]),
                str(kinds["deployed"]),
                str(kinds["mentioned"]),
            )
        )
    return TableBlock(
        title="各部分任务的文件佐证覆盖情况",
        headers=("规划部分", "任务数", "已确认", "含待确认", "其中已报告", "已部署", "仅提及"),
        rows=tuple(rows),
        widths=(4.2, 0.9, 1.4, 1.4, 1.0, 1.0, 1.0),
        numeric=(False, True, True, True, True, True, True),
        empty="规划中未识别到重点任务。",
        note="“已确认”只计规划处确认的佐证，“含待确认”另计系统建议、尚未处理的佐证；已排除的不计。"
        "后三列按含待确认口径、以每项任务最强的佐证类型计。",
    )


def _by_year(data: Mapping[str, Any]) -> TableBlock:
    confirmed, proposed = data["bases"]["confirmed"], data["bases"]["proposed"]
    rows = []
    for y, c, p in zip(data["years"], confirmed["total"]["cells"], proposed["total"]["cells"], strict=True):
        names = "、".join(s["title"] or s["name"] for s in data["sources"] if s["year"] == y)
        rows.append((ec.year_label(y), names, _share(c), _share(p)))
    return TableBlock(
        title="逐年被后续文件落实的任务",
        headers=("年份", "佐证来源", "已确认", "含待确认"),
        rows=tuple(rows),
        widths=(1.0, 5.0, 1.4, 1.4),
        numeric=(False, False, True, True),
    )


def _never(data: Mapping[str, Any]) -> list[Block]:
    proposed = data["bases"]["proposed"]
    listed = [(part["label"], t) for part in proposed["never_taken_up"] for t in part["tasks"]]
    if not listed:
        return [Paragraph("含待确认的建议在内，每项任务都至少在一份后续文件中被提及。")]
    text = (
        f"含待确认的建议在内，仍有 {len(listed)} 项任务在已附加的后续文件中从未被提及"
        f"（占全部任务的 {len(listed) / data['tasks'] * 100:.1f}%）"
    )
    text += f"，下表列出前 {MAX_LISTED} 项，全部任务见文件佐证 Excel。" if len(listed) > MAX_LISTED else "。"
    table = TableBlock(
        title="从未被后续文件提及的任务",
        headers=("序号", "任务", "规划部分"),
        rows=tuple(
            (str(i), f"{t['task']} {clip(t['text'])}", clip(label, 24))
            for i, (label, t) in enumerate(listed[:MAX_LISTED], start=1)
        ),
        widths=(0.5, 6.0, 2.5),
    )
    return [Paragraph(text), table]


def _done_without_trace(data: Mapping[str, Any]) -> list[Block]:
    found = data["bases"]["proposed"]["done_without_trace"]
    if not found:
        return [Paragraph("填报为已完成或已销号的任务，均能在后续文件中找到佐证或建议佐证。")]
    rows = tuple(
        (
            f"{t['task']} {clip(t['text'])}",
            t["lead"] or "—",
            ("已销号" if t["closed"] else t["state"]) + (f"（{t['period']}）" if t["period"] else ""),
        )
        for t in found[:MAX_LISTED]
    )
    return [
        Paragraph(
            f"有 {len(found)} 项任务填报为已完成或已销号，但在已附加的后续文件中没有找到任何佐证，"
            "建议核实其完成情况。"
        ),
        TableBlock(
            title="填报已完成但无文件佐证的任务",
            headers=("任务", "牵头单位", "填报情况"),
            rows=rows,
            widths=(6.0, 2.0, 1.6),
        ),
    ]


def _citations(data: Mapping[str, Any]) -> TableBlock:
    """One sentence per task taken up: a confirmed one first, then the strongest kind, then score."""
    titles = _source_title(data)
    best: dict[str, Mapping[str, Any]] = {}
    rank = {k: i for i, k in enumerate(ec.STRENGTH)}

    def key(r: Mapping[str, Any]) -> tuple[int, int, float]:
        return (r["decision"] != "confirmed", rank[r["kind"]], -r["score"])

    for r in data["evidence"]:
        if r["task"] not in best or key(r) < key(best[r["task"]]):
            best[r["task"]] = r
    chosen: Sequence[Mapping[str, Any]] = sorted(best.values(), key=key)[:MAX_LISTED]
    return TableBlock(
        title="佐证摘录",
        headers=("任务", "类型", "佐证（来源、年份、原句）"),
        rows=tuple(
            (f"{r['task']} {clip(r['task_text'], 40)}", ec.KIND_NAMES[r["kind"]], cite(r, titles))
            for r in chosen
        ),
        widths=(3.0, 0.9, 6.0),
        empty="没有可引用的佐证。",
        note=f"每项任务引用一句：已确认的优先，其次按已报告、已部署、提及和相似度排序，最多 {MAX_LISTED} 项；"
        "【已确认】为规划处确认的佐证，【待确认】为系统建议。",
    )


def blocks(session: Session, plan_ref: str, as_of: date | None = None) -> list[Block]:
    """The section's blocks; progress reports are read as they stand on ``as_of`` (the report date)."""
    data = ec.coverage(session, plan_ref, as_of)
    if not data["sources"]:
        return [
            Paragraph(
                f"该规划尚未附加佐证来源（后续年度政府工作报告、年度计划、统计公报等），本部分暂无内容。{ATTACH_HINT}"
            )
        ]
    confirmed = data["bases"]["confirmed"]["total"]["all"]
    proposed = data["bases"]["proposed"]["total"]["all"]
    sources = "、".join(
        f"《{s['title'] or s['name']}》（{ec.year_label(s['year'])}）" for s in data["sources"]
    )
    intro = (
        f"已附加佐证来源 {len(data['sources'])} 份：{sources}。按规划处已确认的佐证，全部 {data['tasks']} 项任务中"
        f"有 {_count(confirmed)}在后续文件中得到落实或提及；含尚待确认的系统建议，为 {_count(proposed)}。"
    )
    return [
        Paragraph(intro),
        _by_part(data),
        _by_year(data),
        *_never(data),
        *_done_without_trace(data),
        _citations(data),
    ]
