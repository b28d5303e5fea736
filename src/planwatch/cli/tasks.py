"""``planwatch assign`` and ``planwatch export``: the 任务分工 a person decides and the files it goes out as."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from planwatch.cli.common import DbOpt, PlanArg, err, out, session_for, settings
from planwatch.model import InputError
from planwatch.services.catalogue.plan import plan_catalogue
from planwatch.services.division.assignments import effective, history, override, revert
from planwatch.services.plans.records import load_plan


def assign(
    plan: PlanArg,
    task: Annotated[
        str | None, typer.Argument(help="任务编号，如 p3.a7.t2。/ Task id.", show_default=False)
    ] = None,
    lead: Annotated[str | None, typer.Option("--lead", help="牵头单位。/ Lead unit.")] = None,
    cooperating: Annotated[
        str | None,
        typer.Option(
            "--cooperating", help="配合单位，用逗号或顿号分隔；空字符串表示无。/ Cooperating units."
        ),
    ] = None,
    due: Annotated[str | None, typer.Option("--due", help="完成时限：年份或“持续推进”。/ Due year.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="说明。/ Note.")] = None,
    user: Annotated[str, typer.Option("--user", "-u", help="决定人（必填）。/ Who decides.")] = "",
    revert_: Annotated[
        bool, typer.Option("--revert", help="恢复为系统建议。/ Back to the proposal.")
    ] = False,
    show_history: Annotated[
        bool, typer.Option("--history", help="查看调整历史。/ Show the history.")
    ] = False,
    stale: Annotated[
        bool, typer.Option("--stale", help="列出因任务文字改变而未生效的调整。/ List stale decisions.")
    ] = False,
    version: Annotated[int | None, typer.Option("--version", "-v", help="版本号。/ Version.")] = None,
    db: DbOpt = None,
) -> None:
    """调整任务的牵头单位、配合单位和完成时限（记录操作人和时间，新版本中继续有效）。

    Override a task's lead and cooperating units and due date (who and when are kept; survives new versions).
    """
    with session_for(db) as session:
        view = load_plan(session, plan, version)
        if show_history:
            for r in history(session, view, task):
                what = (
                    "恢复为系统建议"
                    if r.reverts
                    else f"牵头 {r.lead or '（不变）'}；配合 "
                    + ("、".join(r.cooperating) if r.cooperating is not None else "（不变）")
                    + f"；时限 {r.due or '（不变）'}"
                )
                out.print(
                    f"{r.decided_at:%Y-%m-%d %H:%M} UTC  {r.decided_by}  {r.task_key}  {what}", markup=False
                )
            return
        if stale:
            found = effective(session, view).stale
            if not found:
                out.print("没有失效的调整。")
            for s in found:
                now = f"现为：{s.task.text}" if s.task else "该任务已不存在"
                out.print(f"{s.override.task_key}  原文：{s.override.task_text}  {now}", markup=False)
            return
        if task is None:
            raise InputError(
                "请给出任务编号。",
                hint="例如 planwatch assign 1 p3.a7.t2 --lead 市工业和信息化局 --user 张三",
            )
        if not user.strip():
            raise InputError("必须用 --user 写明决定人。", hint="例如 --user 张三")
        if revert_:
            revert(session, view, task, decided_by=user, note=note)
            out.print(f"任务 {task} 已恢复为系统建议。")
            return
        coop = (
            None
            if cooperating is None
            else [c for c in cooperating.replace("、", ",").split(",") if c.strip()]
        )
        catalogue = plan_catalogue(session, settings(db), view)
        record = override(
            session, view, task, catalogue, decided_by=user, lead=lead, cooperating=coop, due=due, note=note
        )
    out.print(
        f"已记录：任务 {record.task_key} 牵头 {record.lead or '（不变）'}，配合 "
        + ("、".join(record.cooperating) if record.cooperating is not None else "（不变）")
        + f"，时限 {record.due or '（不变）'}；{record.decided_by}，{record.decided_at:%Y-%m-%d %H:%M} UTC。",
        markup=False,
    )


def export(
    plan: PlanArg,
    what: Annotated[
        str,
        typer.Option(
            "--what",
            "-w",
            help="tasks（任务分工）/ indicators（指标表）/ entities / evidence（文件佐证）。/ What to export.",
        ),
    ] = "tasks",
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="xlsx / docx / csv / json。/ File format.")
    ] = "xlsx",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件。/ Output file.")] = None,
    version: Annotated[int | None, typer.Option("--version", "-v", help="版本号。/ Version.")] = None,
    db: DbOpt = None,
) -> None:
    """导出重点任务分工方案、主要指标表或实体清单（Excel、Word、CSV、JSON）。

    文件佐证（--what evidence）可导出为 Excel、CSV 或 JSON：覆盖矩阵、逐条佐证、从未提及的任务等。

    Export the task division table, the indicator table, the entity list (xlsx, docx, csv, json) or
    the documentary evidence (xlsx, csv, json).
    """
    from planwatch.export import export as build
    from planwatch.export import suggested_filename

    if what.strip().lower() == "evidence":
        # imported here: the trace matcher behind it loads numpy and scipy, which `--help` must not wait for
        from planwatch.services.evidence.coverage import evidence_file

        if version is not None:
            raise InputError(
                "文件佐证总是按规划的最新版本统计，不能指定 --version。", hint="请去掉 --version。"
            )
        with session_for(db) as session:
            data, name, _ = evidence_file(session, plan, fmt)
        _write(output or Path(name), data)
        return
    with session_for(db) as session:
        view = load_plan(session, plan, version)
        assigned = effective(session, view)
        catalogue = plan_catalogue(session, settings(db), view)
    data = build(
        view.analysis,
        what,
        fmt,
        plan_name=view.plan.name,
        short_names={d.name: d.short for d in catalogue},
        assignments=assigned.assignments,
    )
    _write(output or Path(suggested_filename(view.plan.name, what, fmt)), data)


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(f"无法写入 {path}：{exc.strerror or exc}", hint="请换一个可写的位置。") from exc
    err.print(f"已导出 {escape(str(path))}（{len(data):,} 字节）。")
