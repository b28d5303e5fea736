"""``planwatch evidence``: documents attached to a stored plan as evidence of its tasks (issue 19),
the matches proposed from them, and a planner's decisions on those (audited)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from planwatch.cli.common import DbOpt, PlanArg, UserOpt, err, operator, out, session_for, settings
from planwatch.cli.output import check_format, emit_json
from planwatch.model import InputError

# The services are imported inside the commands: tracing loads scikit-learn, and the CLI's start
# (``planwatch --help``) must not.

app = typer.Typer(
    help="落实佐证：把后续文件附加为规划的佐证来源，查看各任务的佐证，确认、排除或撤回。\n\n"
    "Evidence of a stored plan's tasks in later documents: attach, list, show, confirm / dismiss / undo.",
    no_args_is_help=True,
)

FORMATS = ("table", "json")
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table / json。/ Output format.")]
MatchIds = Annotated[list[int], typer.Argument(help="佐证匹配编号（见 evidence show）。/ Match ids.")]


def _check_format(fmt: str) -> None:
    check_format(fmt, FORMATS)


@app.command("attach")
def attach(
    plan: PlanArg,
    sources: Annotated[
        list[str],
        typer.Argument(help="后续文件（txt/docx/pdf/html）或已导入规划的编号/名称。/ Files or stored plans."),
    ],
    year: Annotated[
        int | None, typer.Option("--year", help="来源的年份，默认从标题读取。/ Year of the sources.")
    ] = None,
    threshold: Annotated[
        float | None, typer.Option("--threshold", help="相似度阈值（0–1，默认 0.14）。/ Evidence threshold.")
    ] = None,
    fmt: FormatOpt = "table",
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """附加佐证来源：逐项追踪规划任务，匹配句作为待确认的佐证保存。/ Attach sources and trace the plan."""
    from planwatch.compare.trace import THRESHOLD
    from planwatch.services.evidence.sources import attach_source

    _check_format(fmt)
    s = settings(db)
    # one transaction: a source refused leaves none of the others attached either
    with session_for(db) as session:
        done = [
            attach_source(
                session,
                plan,
                ref,
                s,
                by=operator(user),
                year=year,
                threshold=THRESHOLD if threshold is None else threshold,
            )
            for ref in sources
        ]
    if fmt == "json":
        emit_json(done)
        return
    for d in done:
        year_text = f"{d['year']} 年" if d["year"] is not None else "年份未知"
        out.print(
            f"已附加佐证来源 {d['id']}：{escape(d['name'])}（{year_text}），"
            f"{d['tasks']} 项任务共 {d['matches']} 条匹配待确认。"
        )


@app.command("list")
def list_(plan: PlanArg, fmt: FormatOpt = "table", db: DbOpt = None) -> None:
    """列出规划的佐证来源及各来源的匹配数（待确认 / 已确认 / 已排除）。/ List a plan's evidence sources."""
    from planwatch.services.views.evidence import sources_page

    _check_format(fmt)
    with session_for(db) as session:
        data = sources_page(session, plan)
    if fmt == "json":
        emit_json(data)
        return
    table = Table(
        "编号", "名称", "年份", "类型", "SHA-256", "添加人", "待确认", "已确认", "已排除", "涉及任务"
    )
    for s in data["sources"]:
        table.add_row(
            str(s["id"]),
            escape(s["name"]),
            str(s["year"] or "未知"),
            "已导入规划" if s["kind"] == "plan" else "文件",
            s["sha256_short"],
            escape(s["added_by"]),
            str(s["counts"]["proposed"]),
            str(s["counts"]["confirmed"]),
            str(s["counts"]["dismissed"]),
            str(s["tasks"]),
        )
    out.print(table)
    sm = data["summary"]
    out.print(
        f"承接：{sm['total']} 项任务中 {sm['confirmed']} 项有已确认的佐证，{sm['proposed']} 项有佐证建议；"
        f"{sm['never_taken_up']} 项尚未见承接。"
    )


def _match_table(rows: list[dict[str, Any]], title: str) -> Table:
    table = Table("编号", "任务", "句子", "类型", "相似度", "年份", "项目节点", "处理", title=title)
    for m in rows:
        table.add_row(
            str(m["id"]),
            m["task"],
            escape(m["sentence"][:60]),
            m["kind_name"],
            f"{m['score']:.2f}",
            str(m["year"] or ""),
            "、".join(m["milestones"]),
            m["decision_name"],
        )
    return table


@app.command("show")
def show(
    plan: PlanArg,
    task: Annotated[
        str | None, typer.Argument(help="任务编号：该任务的佐证时间线。/ A task's timeline.")
    ] = None,
    source: Annotated[
        int | None, typer.Option("--source", help="佐证来源编号：该来源的全部匹配。/ A source.")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="只看某类：deployed / reported / mentioned（与 --source 合用）。"),
    ] = None,
    decision: Annotated[
        str | None,
        typer.Option(
            "--decision", help="只看某种处理结果：proposed / confirmed / dismissed（与 --source 合用）。"
        ),
    ] = None,
    fmt: FormatOpt = "table",
    db: DbOpt = None,
) -> None:
    """显示一项任务的佐证时间线（TASK），或一个来源的全部匹配（--source）。/ Show a task's or a source's evidence."""
    from planwatch.services.views import evidence as evidence_views

    _check_format(fmt)
    if (task is None) == (source is None):
        raise InputError(
            "请给出任务编号或 --source 来源编号（二者选一）。",
            hint="例如：planwatch evidence show 1 p2.s6.t2",
        )
    with session_for(db) as session:
        if source is not None:
            data = evidence_views.source_page(
                session, plan, source, kind=kind, decision=decision, per_page=evidence_views.MAX_PER_PAGE
            )
        else:
            data = evidence_views.task_evidence(session, plan, str(task))
    if fmt == "json":
        emit_json(data)
        return
    if source is not None:
        src = data["source"]
        title = f"{src['name']}（{src['year'] or '年份未知'}）：{data['total']} 条匹配"
        out.print(_match_table(data["matches"], title))
        if data["pages"] > 1:
            err.print(
                f"只列出前 {data['per_page']} 条；请用 --kind / --decision 缩小范围，或 --format json。"
            )
        return
    out.print(f"任务 {data['task']['id']}：{escape(data['task']['text'])}")
    rows = [e for y in data["years"] for e in y["evidence"]]
    out.print(_match_table(rows, f"{data['count']} 句佐证，已确认 {data['confirmed']} 句"))
    if not rows:
        out.print("后续文件中尚未见到承接这项任务的句子。")


def _decide(plan: str, ids: list[int], decision: str, user: str | None, db: str | None) -> None:
    from planwatch.services.evidence.sources import decide

    with session_for(db) as session:
        done = [decide(session, plan, mid, decision, by=operator(user)) for mid in ids]
    names = {"confirmed": "确认", "dismissed": "排除", "proposed": "撤回"}
    for d in done:
        out.print(f"已{names[decision]}佐证匹配 {d['id']}（任务 {d['task']}）。")


@app.command("confirm")
def confirm(plan: PlanArg, ids: MatchIds, user: UserOpt = None, db: DbOpt = None) -> None:
    """确认佐证匹配：计入承接情况。/ Confirm matches."""
    _decide(plan, ids, "confirmed", user, db)


@app.command("dismiss")
def dismiss(plan: PlanArg, ids: MatchIds, user: UserOpt = None, db: DbOpt = None) -> None:
    """排除佐证匹配：不再显示和计入。/ Dismiss matches."""
    _decide(plan, ids, "dismissed", user, db)


@app.command("undo")
def undo(plan: PlanArg, ids: MatchIds, user: UserOpt = None, db: DbOpt = None) -> None:
    """撤回对佐证匹配的确认或排除，恢复为待确认。/ Take a decision back."""
    _decide(plan, ids, "proposed", user, db)


@app.command("remove")
def remove(
    plan: PlanArg,
    source: Annotated[int, typer.Argument(help="佐证来源编号（见 evidence list）。/ Source id.")],
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """移除佐证来源及其全部匹配（记入审计日志）。/ Detach a source and its matches."""
    from planwatch.services.evidence.sources import remove_source

    with session_for(db) as session:
        done = remove_source(session, plan, source, by=operator(user))
    out.print(f"已移除佐证来源 {done['id']}（{escape(done['name'])}）及其 {done['matches']} 条匹配。")
