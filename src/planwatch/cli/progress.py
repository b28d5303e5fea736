"""``planwatch progress``: task progress reports, their review, pace warnings, roll-up, scorecards.

``submit --evidence FILE`` stores the file itself in the database (checked like a web upload);
``evidence`` lists a task's stored files and saves them to a folder.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from planwatch.cli.common import DbOpt, PlanArg, UserOpt, operator, out, session_for
from planwatch.cli.common import settings as cli_settings
from planwatch.cli.output import FormatOpt, check_format, emit_json
from planwatch.model import InputError, ProgressReport
from planwatch.model.monitoring import WARNING_COLOURS, WarningLevel
from planwatch.services import clock
from planwatch.services.monitoring.sample import SAMPLE_LABEL
from planwatch.services.plans.records import load_plan
from planwatch.services.progress import evidence_files as evidence_service
from planwatch.services.progress import pace
from planwatch.services.progress import reporting as service
from planwatch.services.progress.evidence_files import Upload
from planwatch.services.views import monitoring as monitoring_views
from planwatch.services.views import progress as progress_views

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

app = typer.Typer(
    help="任务进展：按季度填报、审核（通过 / 退回）、历史、序时进度与预警、汇总和部门记分卡。\n\n"
    "Task progress: quarterly reports, review, history, pace warnings, roll-up and scorecards.",
    no_args_is_help=True,
)

TaskArg = Annotated[str, typer.Argument(help="任务编号，如 p3.a6.t1。/ Task id.")]
PeriodOpt = Annotated[
    str | None, typer.Option("--period", help="填报期，如 2026Q1，默认当前季度。/ Reporting quarter.")
]
TodayOpt = Annotated[
    str | None, typer.Option("--today", help="按哪一天计算（YYYY-MM-DD），默认今天。/ Assess as of this day.")
]
LEVEL_STYLES: dict[WarningLevel, str] = {pace.RED: "red", pace.YELLOW: "yellow", pace.BLUE: "blue"}


def _today(value: str | None) -> date:
    if value is None or not value.strip():
        return date.today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"日期“{value}”无效。", hint="请按 YYYY-MM-DD 填写，例如 2027-03-31。") from None


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _describe(r: ProgressReport) -> str:
    status = service.STATUS_NAMES.get(r.status, r.status)
    close = "，申请销号" if r.closes_task else ""
    return f"{r.task_key} {r.period}：{status}（{r.state}，{r.percent:g}%{close}）"


@app.command()
def submit(
    plan: PlanArg,
    task: TaskArg,
    state: Annotated[str, typer.Option("--state", help="任务状态：未启动/推进中/已完成/滞后/暂缓。/ State.")],
    percent: Annotated[float, typer.Option("--percent", help="完成百分比 0–100。/ Percent done.")],
    narrative: Annotated[str, typer.Option("--narrative", help="进展情况说明。/ Narrative.")] = "",
    evidence: Annotated[
        list[str] | None,
        typer.Option("--evidence", help="佐证材料文件（存入数据库），可重复。/ Evidence file to store."),
    ] = None,
    period: PeriodOpt = None,
    close: Annotated[bool, typer.Option("--close", help="申请销号。/ Ask to close the task.")] = False,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """填报一个任务某季度的进展，等待审核。/ Submit a task's progress report for a quarter."""
    uploads = [_read_evidence(path) for path in evidence or []]
    with session_for(db) as session:
        view = load_plan(session, plan)
        saved = service.submit_report(
            session,
            view,
            service.ReportDraft(
                task_key=task,
                period=period,
                state=state,
                percent=percent,
                narrative=narrative,
                closes=close,
                files=uploads,
            ),
            by=operator(user),
            max_bytes=cli_settings(db).evidence_max_bytes,
        )
    out.print(f"已填报 {escape(_describe(saved))}，等待审核。")


def _read_evidence(path: str) -> Upload:
    file = Path(path).expanduser()
    if not file.is_file():
        raise InputError(
            f"佐证材料文件“{path}”不存在或不是文件。", hint="请检查路径；--evidence 需要一个实际存在的文件。"
        )
    try:
        return Upload(file.name, file.read_bytes())
    except OSError as exc:
        raise InputError(f"无法读取佐证材料文件“{path}”：{exc.strerror or exc}") from exc


@app.command("evidence")
def evidence_(
    plan: PlanArg,
    task: TaskArg,
    save: Annotated[
        str | None, typer.Option("--save", help="把文件保存到此目录。/ Save the files into this folder.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """一个任务已上传的佐证材料；--save 目录 把它们下载到本地。/ A task's stored evidence files."""
    with session_for(db) as session:
        view = load_plan(session, plan)
        service.history(session, view, task)  # a task that does not exist is an error, not "no files"
        files = evidence_service.for_task(session, view.plan.id, task)
        if save is not None:
            folder = Path(save).expanduser()
            folder.mkdir(parents=True, exist_ok=True)
            for f in files:
                data = evidence_service.fetch(session, view.plan.id, f.id).data or b""
                target = folder / f"{f.id}-{f.filename}"
                target.write_bytes(data)
                out.print(f"已保存 {escape(str(target))}（{f.size} 字节）")
    if not files:
        out.print(f"任务 {escape(task)} 还没有上传佐证材料。")
        return
    if save is None:
        table = Table("编号", "文件名", "类型", "大小（字节）", "SHA-256", "上传人", "上传时间")
        for f in files:
            table.add_row(
                str(f.id),
                escape(f.filename),
                f.content_type,
                str(f.size),
                f.sha256[:16] + "…",
                escape(f.uploaded_by),
                clock.local_text(f.uploaded_at, cli_settings(db).display_timezone),
            )
        out.print(table)


@app.command("review")
def review_(
    plan: PlanArg,
    task: TaskArg,
    approve: Annotated[
        bool, typer.Option("--approve/--return", help="审核通过 / 退回。/ Approve or return.")
    ],
    period: PeriodOpt = None,
    comment: Annotated[
        str | None, typer.Option("--comment", help="审核意见（退回时必填）。/ Comment.")
    ] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """审核一份待审核的进展报告：通过，或填写意见退回。/ Approve or return a submitted report."""
    with session_for(db) as session:
        view = load_plan(session, plan)
        saved = service.review(
            session,
            view,
            task,
            service.normalise_period(period),
            approve,
            comment,
            operator(user),
            separate=cli_settings(db).separate_review_duties,
        )
    out.print(f"已审核 {escape(_describe(saved))}。")


@app.command("history")
def history_(plan: PlanArg, task: TaskArg, fmt: FormatOpt = "text", db: DbOpt = None) -> None:
    """一个任务的全部填报和审核记录。/ Every report and review of a task."""
    as_json = check_format(fmt)
    with session_for(db) as session:
        if as_json:
            emit_json(progress_views.task_progress_page(session, plan, task, None))
            return
        view = load_plan(session, plan)
        rows = service.history(session, view, task)
    if not rows:
        out.print(f"任务 {escape(task)} 还没有进展报告（{pace.NOT_REPORTED}）。")
        return
    table = Table(
        "填报期", "审核状态", "任务状态", "进度", "说明", "佐证材料", "填报人", "审核人", "审核意见", "销号"
    )
    for r in rows:
        table.add_row(
            r.period + (f"\n[magenta]{SAMPLE_LABEL}[/]" if r.sample else ""),
            service.STATUS_NAMES.get(r.status, r.status),
            r.state,
            f"{r.percent:g}%",
            escape(r.narrative or "—"),
            escape("、".join(r.evidence) or "—"),
            escape(r.submitted_by),
            escape(r.reviewed_by or "—"),
            escape(r.review_comment or "—"),
            "是" if r.closes_task else "",
        )
    out.print(table)


def _reporting_text(t: service.TaskStatus) -> str:
    gap = t.reporting
    if gap is None:
        return ""
    if gap.overdue:
        return f"[magenta]{pace.REMINDER}[/]（{gap.period}）"
    return f"待报（{gap.period}，{gap.deadline.isoformat()} 前）"


def _page_or_json(
    view: Callable[[Session, str, date], dict[str, Any]],
    plan: str,
    today: str | None,
    fmt: str,
    db: str | None,
) -> tuple[date, dict[str, Any]] | None:
    """The day asked and the page ``view`` gives of ``plan`` on it; None once the page is written as
    JSON (the web's twin of the page), which leaves the command nothing more to print."""
    day = _today(today)
    as_json = check_format(fmt)
    with session_for(db) as session:
        page = view(session, plan, day)
    if as_json:
        emit_json(page)
        return None
    return day, page


@app.command()
def status(plan: PlanArg, today: TodayOpt = None, fmt: FormatOpt = "text", db: DbOpt = None) -> None:
    """每个任务的填报进度、序时进度、预警和报送情况。/ Each task's progress, expected pace, warning, reporting."""
    day = _today(today)
    as_json = check_format(fmt)
    with session_for(db) as session:
        if as_json:
            emit_json(monitoring_views.status_page(session, plan, day))
            return
        view = load_plan(session, plan)
        rows = service.task_progress(session, view, day)
    table = Table(
        "任务", "牵头单位", "完成时限", "状态", "进度", "序时进度", "预警", "报送", title=f"任务进展（{day}）"
    )
    for t in rows:
        level = t.warning.level if t.warning else None
        sample = f" [magenta]{SAMPLE_LABEL}[/]" if t.report is not None and t.report.sample else ""
        table.add_row(
            t.task,
            escape(t.lead or "—"),
            escape(t.due or "—"),
            t.state + ("（已销号）" if t.closed else "") + sample,
            _pct(t.percent),
            _pct(t.expected),
            f"[{LEVEL_STYLES[level]}]{WARNING_COLOURS[level]}[/]" if level else "",
            _reporting_text(t),
        )
    out.print(table)


@app.command("warnings")
def warnings_(plan: PlanArg, today: TodayOpt = None, fmt: FormatOpt = "text", db: DbOpt = None) -> None:
    """蓝色（临期）、黄色（滞后于序时进度）、红色（逾期）预警及原因；未报送与催报另列。

    Task warnings with reasons; tasks not reported on (未报送) and overdue reports (催报) apart.
    """
    shown = _page_or_json(monitoring_views.warnings_page, plan, today, fmt, db)
    if shown is None:
        return
    day, page = shown
    rep = page["reporting"]
    unreported = (
        f"{pace.NOT_REPORTED} {rep['not_reported']} 项（不计为滞后），"
        f"逾期未报需{pace.REMINDER} {rep['report_overdue']} 项"
    )
    if not page["warnings"]:
        out.print(f"截至 {day} 没有预警；{unreported}。")
    else:
        counts = page["counts"]
        out.print(
            f"截至 {day}："
            + "，".join(f"{WARNING_COLOURS[k]}预警 {counts[k]} 项" for k in WARNING_COLOURS)
            + f"；{unreported}。"
        )
    for w in page["warnings"]:
        level = w["level"]
        sample = f" [magenta]（{SAMPLE_LABEL}）[/]" if w["sample"] else ""
        out.print(
            f"[{LEVEL_STYLES[level]}]{WARNING_COLOURS[level]}（{pace.WARNING_NAMES[level]}）[/] {w['task']} "
            f"{escape(w['lead'] or '未定牵头单位')}：{escape(w['reason'])}{sample}"
        )
    if page["reminders"]:
        out.print(f"[magenta]{pace.REMINDER}[/]（按牵头单位，季度结束后 {rep['grace_days']} 日内应报送）：")
        for g in page["reminders"]:
            keys = "、".join(t["task"] for t in g["tasks"][:6]) + (" 等" if g["count"] > 6 else "")
            out.print(f"  {escape(g['department'] or '未定牵头单位')} {g['count']} 项：{keys}")


@app.command("rollup")
def rollup_(plan: PlanArg, today: TodayOpt = None, fmt: FormatOpt = "text", db: DbOpt = None) -> None:
    """按篇（部分）和全规划汇总进度（加权平均；未报送的任务不计入，不按 0% 计，并注明“34项中1项已报送”）。/ Progress by part and plan."""
    shown = _page_or_json(monitoring_views.rollup_page, plan, today, fmt, db)
    if shown is None:
        return
    _, page = shown
    title = (
        f"进度汇总（已报送 {page['reported']} / {page['tasks']} 项任务；"
        f"{pace.NOT_REPORTED} {page['not_reported']} 项不计入平均）"
    )
    table = Table("部分", "进度", "报送", title=title)
    for part in page["parts"]:
        table.add_row(
            escape(f"{part['node']} {part['title'][:30]}"), _pct(part["progress"]), part["coverage"]
        )
    table.add_row("[bold]全规划[/bold]", _pct(page["progress"]))
    out.print(table)


@app.command()
def scorecard(plan: PlanArg, today: TodayOpt = None, fmt: FormatOpt = "text", db: DbOpt = None) -> None:
    """部门记分卡：牵头任务和配合任务分开统计。/ Department scorecard, lead and cooperating apart."""
    shown = _page_or_json(monitoring_views.scorecard_page, plan, today, fmt, db)
    if shown is None:
        return
    day, page = shown
    table = Table(
        "部门",
        "牵头任务",
        "已报送",
        "牵头平均进度",
        "牵头预警（红/黄/蓝）",
        pace.REMINDER,
        "配合任务",
        "配合平均进度",
        title=f"部门记分卡（{day}）",
    )
    for card in page["scorecard"]:
        lead, helped = card["lead"], card["cooperating"]
        w = lead["warnings"]
        table.add_row(
            escape(card["department"]),
            str(lead["count"]),
            str(lead["reported"]),
            _pct(lead["mean_progress"]),
            f"{w[pace.RED]}/{w[pace.YELLOW]}/{w[pace.BLUE]}",
            str(lead["report_overdue"]),
            str(helped["count"]),
            _pct(helped["mean_progress"]),
        )
    out.print(table)
