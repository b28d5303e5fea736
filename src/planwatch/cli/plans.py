"""``planwatch import``, ``plans`` and ``show``: plans stored in the database.

Only what ``planwatch plans`` needs is imported up front; the analysis, the ORM and the other
services are imported by the commands that use them: ``plans`` reads through a bare connection.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.tree import Tree

from planwatch.cli.analyze import outline_counts
from planwatch.cli.common import DbOpt, FileArg, connection_for, err, out, session_for, settings, write_text
from planwatch.cli.output import JSON_OR_TEXT, TextJsonOpt, check_format
from planwatch.model import Analysis, InputError
from planwatch.services import clock


def import_(
    file: FileArg = None,
    db: DbOpt = None,
    name: Annotated[
        str | None,
        typer.Option("--name", "-n", help="规划名称，默认取文件标题。/ Plan name; default: the title."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="内容与同名规划差别很大时仍作为其新版本导入。/ Store as a new version even when the texts differ a lot.",
        ),
    ] = False,
) -> None:
    """分析规划文件并存入数据库；同名规划的新文本作为新版本保存。

    Analyse a plan document and store it; a changed document under the same name becomes a new version.
    """
    from planwatch.services.catalogue.plan import after_import, user_catalogue
    from planwatch.services.plans.analyze import analyze_path
    from planwatch.services.plans.records import import_analysis

    with session_for(db) as session:
        s = settings(db)
        analysis = analyze_path(file, s, user_catalogue(session, s))
        result = import_analysis(session, analysis, name, force=force)
        if not result.already_imported:
            after_import(session, s, result.plan.id)
    plan, version = result.plan, result.version
    if result.already_imported:
        out.print(f"该文件已导入过：规划 #{plan.id}“{plan.name}”第 {version.number} 版。未做任何更改。")
    else:
        what = "新规划" if result.new_plan else "新版本"
        out.print(
            f"已导入{what}：规划 #{plan.id}“{plan.name}”第 {version.number} 版，"
            f"{version.node_count} 个大纲节点，{version.sentence_count} 个句子。"
        )
    for w in analysis.warnings:
        err.print(f"[yellow]提示：{w}[/yellow]")
    out.print(outline_counts(analysis))


def plans(db: DbOpt = None) -> None:
    """列出已存储的规划及其版本。/ List stored plans and their versions."""
    from planwatch.services.plans.listing import list_plans

    tz = settings(db).display_timezone
    with connection_for(db) as connection:
        rows = list_plans(connection)
    if not rows:
        out.print("数据库中还没有规划。用 planwatch import 导入一个。")
        return
    for p in rows:
        out.print(f"#{p.id}  {p.name}")
        for v in p.versions:
            out.print(
                f"    第 {v.number} 版  {clock.local_text(v.created_at, tz)}  {v.source}  {v.format}  "
                f"{v.chars} 字  {v.node_count} 节点  sha256 {v.sha256[:12]}"
            )


def show(
    plan: Annotated[str, typer.Argument(help="规划编号或名称。/ Plan id or name.")],
    node: Annotated[
        str | None,
        typer.Argument(
            help="节点：p3.a7、(7)、第二章 或条目序号。/ Node id, label or article number.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        int | None, typer.Option("--version", "-v", help="版本号，默认最新。/ Version.")
    ] = None,
    fmt: TextJsonOpt = "text",
    quantities: Annotated[
        bool, typer.Option("--quantities", help="列出数量指标。/ List quantities.")
    ] = False,
    entities: Annotated[bool, typer.Option("--entities", help="列出实体。/ List entities.")] = False,
    goals: Annotated[bool, typer.Option("--goals", help="列出目标。/ List goals.")] = False,
    tasks: Annotated[bool, typer.Option("--tasks", help="列出任务。/ List tasks.")] = False,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="实体类别 project/organization/place/formulation。/ Entity kind filter."),
    ] = None,
    db: DbOpt = None,
) -> None:
    """显示规划的大纲树，或某个节点及其原文；--quantities/--entities/--goals/--tasks 列出抽取结果。

    Show a plan's outline, or one node with its text; the item flags list extracted items (of the node, if given).
    """
    from planwatch.cli.render import ENTITY_KIND_NAMES, ITEM_KINDS, items_table
    from planwatch.services.catalogue.plan import plan_catalogue
    from planwatch.services.division.assignments import effective
    from planwatch.services.plans.records import find_node, load_plan

    check_format(fmt, JSON_OR_TEXT)
    if kind is not None and kind not in ENTITY_KIND_NAMES:
        raise InputError(f"未知的实体类别“{kind}”。", hint="可选：" + "、".join(ENTITY_KIND_NAMES) + "。")
    with session_for(db) as session:
        view = load_plan(session, plan, version)
    analysis = view.analysis
    wanted = [w for w, on in zip(ITEM_KINDS, (quantities, entities, goals, tasks), strict=True) if on]
    if kind is not None and "entities" not in wanted:
        wanted.append("entities")
    if wanted:
        within = find_node(analysis, node) if node is not None else None
        if fmt == "json":
            full = analysis.to_dict()
            items: dict[str, list[Any]] = {
                w: [
                    item
                    for item in full[w]
                    if (within is None or within.start <= item["start"] < within.end)
                    and (w != "entities" or kind is None or item["kind"] == kind)
                ]
                for w in wanted
            }
            write_text(json.dumps(items, ensure_ascii=False, indent=2), None)
            return
        assigned, short_names = None, None
        if "tasks" in wanted:
            with session_for(db) as session:
                assigned = effective(session, view).assignments
                short_names = {d.name: d.short for d in plan_catalogue(session, settings(db), view)}
        for w in wanted:
            out.print(items_table(analysis, w, within, kind, assigned, short_names))
        return
    if node is None:
        if fmt == "json":
            write_text(json.dumps(analysis.to_dict(), ensure_ascii=False, indent=2), None)
            return
        out.print(f"#{view.plan.id} {view.plan.name}  第 {view.version.number} 版")
        out.print(_tree(analysis))
        return
    n = find_node(analysis, node)
    body = analysis.text_of(n.start, n.end)
    if fmt == "json":
        sentences = [s for s in analysis.sentences if s.node == n.id]
        payload = {
            "node": {
                "id": n.id,
                "parent": n.parent,
                "kind": n.kind,
                "label": n.label,
                "ordinal": n.ordinal,
                "title": n.title,
                "start": n.start,
                "end": n.end,
            },
            "text": body,
            "sentences": [
                {"id": s.id, "start": s.start, "end": s.end, "text": analysis.text_of(s.start, s.end)}
                for s in sentences
            ],
        }
        write_text(json.dumps(payload, ensure_ascii=False, indent=2), None)
        return
    out.print(f"[bold]{n.id}  {n.label} {n.title}[/bold]  ({n.kind}, 字符 {n.start}–{n.end})")
    out.print(body, markup=False)


def _tree(analysis: Analysis) -> Tree:
    root = Tree(analysis.document.title or analysis.document.source)
    branches: dict[str, Tree] = {}
    for n in analysis.outline:
        parent = branches.get(n.parent) if n.parent else root
        label = f"[dim]{n.id}[/dim] {escape(n.label)} {escape(n.title)}".rstrip()
        branches[n.id] = (parent or root).add(label)
    return root
