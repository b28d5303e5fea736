"""The ``planwatch`` command. Each command is a thin wrapper over a service function."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.tree import Tree

from planwatch import __version__
from planwatch.cli import backup as backup_cli
from planwatch.cli import batch as batch_cli
from planwatch.cli import compare as compare_cli
from planwatch.cli import report as report_cli
from planwatch.cli import sample as sample_cli
from planwatch.cli import search as search_cli
from planwatch.cli import serve as serve_cli
from planwatch.cli import tasks as tasks_cli
from planwatch.cli.common import (
    STATE,
    DbOpt,
    err,
    open_engine,
    out,
    session_for,
    settings,
    write_text,
)
from planwatch.cli.departments import app as departments_app
from planwatch.cli.indicators import app as indicators_app
from planwatch.cli.notify import app as notify_app
from planwatch.cli.observe import app as observe_app
from planwatch.cli.progress import app as progress_app
from planwatch.cli.render import ENTITY_KIND_NAMES, ITEM_KINDS, items_table
from planwatch.cli.users import app as users_app
from planwatch.model import Analysis, InputError, PlanWatchError
from planwatch.services.analyze import analyze_path
from planwatch.services.assignments import effective
from planwatch.services.departments import catalogue_in_force
from planwatch.services.plans import find_node, import_analysis, list_plans, load_plan

app = typer.Typer(
    name="planwatch",
    help="PlanWatch 规划实施监测评估平台：把规划文件变成可跟踪的结构化规划。\n\n"
    "PlanWatch: turn a Chinese development-plan document into a structured, trackable plan.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
db_app = typer.Typer(help="数据库管理。/ Database management.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(departments_app, name="departments")
app.add_typer(users_app, name="users")
app.add_typer(indicators_app, name="indicators")
app.add_typer(progress_app, name="progress")
app.add_typer(notify_app, name="notify")
app.add_typer(observe_app, name="observe")
app.command("assign")(tasks_cli.assign)
app.command("export")(tasks_cli.export)
app.command("serve")(serve_cli.serve)
app.command("batch")(batch_cli.batch)
app.command("backup")(backup_cli.backup)
app.command("restore")(backup_cli.restore)
app.command("search")(search_cli.search)
app.command("report")(report_cli.report)
app.command("sample")(sample_cli.sample)
app.command("compare")(compare_cli.compare)
app.command("diff")(compare_cli.diff)
app.command("lineage")(compare_cli.lineage)
app.command("reattach")(compare_cli.reattach)


def _version(value: bool) -> None:
    if value:
        out.print(f"planwatch {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[
        bool, typer.Option("--debug", help="出错时显示完整的调用栈。/ Show tracebacks.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="显示版本。/ Show the version."),
    ] = False,
) -> None:
    STATE.debug = debug or settings().debug


FileArg = Annotated[
    Path | None,
    typer.Argument(
        help="规划文件（txt/docx/pdf/html）；省略时使用内置的大连“十五五”规划建议。"
        "/ Plan document; default: the embedded Dalian plan.",
        show_default=False,
    ),
]


@app.command()
def analyze(
    file: FileArg = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="输出格式 json 或 text。/ Output format.")
    ] = "text",
    include_text: Annotated[
        bool, typer.Option("--include-text", help="在 JSON 中包含全文。/ Include the full text in JSON.")
    ] = False,
    output: Annotated[str | None, typer.Option("-o", "--output", help="输出文件。/ Output file.")] = None,
) -> None:
    """分析规划文件并输出大纲、句子等分析结果（不写数据库）。

    Analyse a plan document and print its analysis (nothing is stored).
    """
    if fmt not in ("json", "text"):
        raise InputError(f"不支持的输出格式“{fmt}”。", hint="请使用 --format json 或 --format text。")
    analysis = analyze_path(file, settings())
    if fmt == "json":
        text = json.dumps(analysis.to_dict(include_text=include_text), ensure_ascii=False, indent=2)
    else:
        text = _summary(analysis)
    write_text(text, output)


@app.command("import")
def import_(
    file: FileArg = None,
    db: DbOpt = None,
    name: Annotated[
        str | None,
        typer.Option("--name", "-n", help="规划名称，默认取文件标题。/ Plan name; default: the title."),
    ] = None,
) -> None:
    """分析规划文件并存入数据库；同名规划的新文本作为新版本保存。

    Analyse a plan document and store it; a changed document under the same name becomes a new version.
    """
    with session_for(db) as session:
        s = settings(db)
        analysis = analyze_path(file, s, catalogue_in_force(session, s))
        result = import_analysis(session, analysis, name)
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
    out.print(_outline_counts(analysis))


@app.command()
def plans(db: DbOpt = None) -> None:
    """列出已存储的规划及其版本。/ List stored plans and their versions."""
    with session_for(db) as session:
        rows = list_plans(session)
    if not rows:
        out.print("数据库中还没有规划。用 planwatch import 导入一个。")
        return
    for p in rows:
        out.print(f"#{p.id}  {p.name}")
        for v in p.versions:
            out.print(
                f"    第 {v.number} 版  {v.created_at:%Y-%m-%d %H:%M}  {v.source}  {v.format}  "
                f"{v.chars} 字  {v.node_count} 节点  sha256 {v.sha256[:12]}"
            )


@app.command()
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
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="输出格式 text 或 json。/ Output format.")
    ] = "text",
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
    if fmt not in ("json", "text"):
        raise InputError(f"不支持的输出格式“{fmt}”。", hint="请使用 --format json 或 --format text。")
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
                short_names = {d.name: d.short for d in catalogue_in_force(session, settings(db))}
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


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Argument(help="金标准标注文件（JSON）。/ Gold annotation file (JSON).")],
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", help="被评测的规划文件，默认内置大连规划。/ Document; default: the embedded plan."
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="输出格式 text 或 json。/ Output format.")
    ] = "text",
    errors: Annotated[
        bool, typer.Option("--errors", help="列出误报和漏报。/ List false positives and negatives.")
    ] = False,
) -> None:
    """按金标准评测抽取结果：各类的准确率、召回率和 F1（严格、宽松）。

    Score the extraction against a gold file: precision, recall and F1 per type, strict and lenient.
    """
    from planwatch.services.evaluate import score
    from planwatch.services.evaluate_report import is_report_gold

    if fmt not in ("json", "text"):
        raise InputError(f"不支持的输出格式“{fmt}”。", hint="请使用 --format json 或 --format text。")
    try:
        gold_data = json.loads(gold.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"无法读取金标准文件：{exc.strerror or exc}", where=str(gold)) from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            f"金标准文件不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）：{exc.msg}", where=str(gold)
        ) from exc
    if is_report_gold(gold_data):
        from planwatch.cli.eval_report import print_report_score

        print_report_score(gold, gold_data, file, fmt, errors)
        return
    scores = score(analyze_path(file, settings()), gold_data)
    if fmt == "json":
        write_text(json.dumps([s.to_dict() for s in scores], ensure_ascii=False, indent=2), None)
        return
    out.print(f"{'type':<15}{'mode':<9}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}")
    for s in scores:
        out.print(
            f"{s.type:<15}{s.mode:<9}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>5}{s.fp:>5}{s.fn:>5}"
        )
        if errors and s.mode == "lenient":
            for art, text in s.false_positives:
                out.print(f"    误报 FP ({art}) {text}", markup=False)
            for art, text in s.false_negatives:
                out.print(f"    漏报 FN ({art}) {text}", markup=False)


@db_app.command("upgrade")
def db_upgrade(
    db: DbOpt = None,
    revision: Annotated[str, typer.Option(help="目标版本，默认最新。/ Target revision.")] = "head",
) -> None:
    """创建或升级数据库结构（Alembic）。/ Create or migrate the schema (Alembic)."""
    from planwatch.store.migrate import current_revision, upgrade

    engine = open_engine(settings(db), migrate=False)
    try:
        before = current_revision(engine)
        upgrade(engine, revision)
        after = current_revision(engine)
        search_cli.backfill(engine, after)
    finally:
        engine.dispose()
    if before == after:
        out.print(f"数据库结构已是最新（{after}）。")
    else:
        out.print(f"数据库结构已从 {before or '空库'} 升级到 {after}。")


def _outline_counts(analysis: Analysis) -> str:
    counts: dict[str, int] = {}
    for n in analysis.outline:
        counts[n.kind] = counts.get(n.kind, 0) + 1
    names = {"part": "部分", "chapter": "章", "section": "节", "article": "条", "item": "项", "box": "专栏"}
    parts = [f"{counts[k]} {v}" for k, v in names.items() if counts.get(k)]
    return "大纲：" + ("，".join(parts) if parts else "无编号结构") + f"；{len(analysis.sentences)} 个句子。"


def _summary(analysis: Analysis) -> str:
    doc = analysis.document
    lines = [
        f"标题：{doc.title or '（无）'}",
        f"来源：{doc.source}（{doc.format}，{doc.encoding or '-'}，{len(doc.text)} 字，sha256 {doc.sha256[:12]}）",
        _outline_counts(analysis),
    ]
    lines += [f"提示：{w}" for w in analysis.warnings]
    lines.append("")
    for n in analysis.outline:
        if n.kind == "item":
            continue
        lines.append(f"{'  ' * n.depth}{n.id:<10} {n.label} {n.title}".rstrip())
    return "\n".join(lines)


def _tree(analysis: Analysis) -> Tree:
    root = Tree(analysis.document.title or analysis.document.source)
    branches: dict[str, Tree] = {}
    for n in analysis.outline:
        parent = branches.get(n.parent) if n.parent else root
        label = f"[dim]{n.id}[/dim] {escape(n.label)} {escape(n.title)}".rstrip()
        branches[n.id] = (parent or root).add(label)
    return root


def main() -> None:
    try:
        app()
    except PlanWatchError as exc:
        if STATE.debug:
            raise
        err.print(f"[red]错误：[/red]{escape(str(exc))}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err.print("已中断。")
        sys.exit(130)
    except Exception as exc:
        if STATE.debug:
            raise
        err.print(f"[red]内部错误：[/red]{type(exc).__name__}: {escape(str(exc))}")
        err.print("请加 --debug 重新运行以查看详细信息，并把输出报告给开发者。")
        sys.exit(1)


if __name__ == "__main__":
    main()
