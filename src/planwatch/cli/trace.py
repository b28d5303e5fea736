"""planwatch trace: a plan's tasks through later documents (work reports, annual plans, bulletins)."""

from __future__ import annotations

import json
from contextlib import nullcontext
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from planwatch.cli.common import DbOpt, err, out, session_for, settings, write_text
from planwatch.model import InputError

FORMATS = ("table", "json")
KIND_ZH = {"deployed": "部署", "reported": "报告", "mentioned": "提及"}

# planwatch.services.evidence.trace is imported inside the command: it loads scikit-learn.


def trace(
    plan: Annotated[
        str, typer.Argument(help="规划：文件路径，或已导入规划的编号/名称（可加 @版本）。/ The plan.")
    ],
    sources: Annotated[
        list[str],
        typer.Argument(
            help="后续文件（年度政府工作报告、年度计划、统计公报、下级规划…）：文件或已导入规划。/ Later documents."
        ),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table / json。/ Output format.")] = "table",
    year: Annotated[
        list[int] | None,
        typer.Option(
            "--year",
            help="来源的年份：给一次对所有来源适用，或按来源顺序各给一次；默认从标题读取。/ Year of the sources.",
        ),
    ] = None,
    threshold: Annotated[
        float | None, typer.Option("--threshold", help="相似度阈值（0–1，默认 0.14）。/ Evidence threshold.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """追踪规划的每项任务在后续文件中的落实佐证：哪些句子部署、报告或提及了它，相似度、共同关键词和年份。

    Trace every task of a plan through later documents: the sentences that deploy, report or mention it.
    """
    from planwatch.compare.trace import THRESHOLD
    from planwatch.services.evidence.trace import trace_refs
    from planwatch.services.plans.compare import is_file

    if fmt not in FORMATS:
        raise InputError(f"不支持的输出格式“{fmt}”。", hint=f"可选：{' / '.join(FORMATS)}。")
    refs = [plan, *sources]
    context = nullcontext() if all(is_file(r) for r in refs) else session_for(db)
    with context as session:
        result = trace_refs(
            session,
            plan,
            sources,
            settings(db),
            years=year or (),
            threshold=THRESHOLD if threshold is None else threshold,
        )
    data = result.to_dict()
    if fmt == "json":
        write_text(json.dumps(data, ensure_ascii=False, indent=2), None)
        return
    _print_table(data)


def _print_table(data: dict[str, Any]) -> None:
    plan = data["plan"]
    out.print(f"规划：{escape(str(plan.get('title') or plan.get('name')))}（{len(data['tasks'])} 项任务）")
    for s in data["sources"]:
        year = f"{s['year']} 年" if s["year"] is not None else "年份未知"
        out.print(f"来源：{escape(s['name'])}（{year}）")
    table = Table(show_lines=False)
    for header in ("任务", "内容", "佐证", "类型", "年份", "相似度", "共同关键词"):
        table.add_column(header)
    for t in data["tasks"]:
        best = t["evidence"][0] if t["evidence"] else None
        if best is not None:
            # a report outranks a deployment, which outranks a mention: the strongest evidence first
            order = {"reported": 0, "deployed": 1, "mentioned": 2}
            best = min(t["evidence"], key=lambda e: (order[e["kind"]], -e["score"]))
        table.add_row(
            t["task"],
            escape(t["text"][:30]),
            escape(best["sentence"][:40]) if best else "（未见承接）",
            KIND_ZH[best["kind"]] if best else "",
            str(best["year"] or "") if best else "",
            f"{best['score']:.2f}" if best else "",
            escape("、".join(best["terms"][:4])) if best else "",
        )
    out.print(table)
    cov = data["coverage"]
    kinds = "，".join(f"{KIND_ZH[k]} {v}" for k, v in cov["by_kind"].items())
    out.print(
        f"承接：{cov['total']} 项任务中 {cov['taken_up']} 项在来源中有佐证（{cov['ratio']:.0%}；{kinds}），"
        f"阈值 {data['threshold']:g}。"
    )
    for w in data["warnings"]:
        err.print(escape(w))
