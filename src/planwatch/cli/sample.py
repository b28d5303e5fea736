"""``planwatch sample PLAN [--remove]``: the whole 示例数据 set — sample indicators with values and
sample task progress reports — loaded or removed in one command."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from planwatch.cli.common import DbOpt, PlanArg, err, operator, out, session_for
from planwatch.cli.output import FormatOpt, check_format, emit_json
from planwatch.services.plans import sample as service


def sample(
    plan: PlanArg,
    remove: Annotated[
        bool, typer.Option("--remove", help="删除全部示例数据（真实数据不受影响）。/ Remove all sample data.")
    ] = False,
    user: Annotated[
        str | None, typer.Option("--user", "-u", help="操作人（记入审计日志）。/ Who does this.")
    ] = None,
    fmt: FormatOpt = "text",
    db: DbOpt = None,
) -> None:
    """加载示例数据（几个大连指标及虚构数值、约二十个任务的虚构进展报告，均标注“示例数据”），或用 --remove 一次删除。

    Load the labelled sample data set (indicators with values, progress reports on ~20 tasks),
    or remove exactly the sample rows with --remove.
    """
    as_json = check_format(fmt)
    who = operator(user)
    with session_for(db) as session:
        if remove:
            gone = service.remove_all(session, plan, by=who)
        else:
            loaded = service.load_all(session, plan, by=who)
        counts = service.sample_counts(session, plan)
    if remove:
        if as_json:
            emit_json(
                {
                    "removed": {
                        "indicators": gone.indicators,
                        "observations": gone.observations,
                        "reports": gone.reports,
                    },
                    "remaining": counts,
                }
            )
        elif gone.indicators or gone.observations or gone.reports:
            out.print(
                f"已删除示例数据：{gone.indicators} 个指标、{gone.observations} 个数值、"
                f"{gone.reports} 条进展报告记录。真实数据未受影响。"
            )
        else:
            out.print("该规划没有示例数据。")
        return
    ind, rep = loaded.indicators, loaded.progress
    for line in rep.skipped:
        err.print(f"[yellow]提示：{escape(line)}[/yellow]")
    if as_json:
        emit_json(
            {
                "loaded": {
                    "indicators": ind.indicators,
                    "observations": ind.observations,
                    "tasks": rep.tasks,
                    "reports": rep.reports,
                },
                "already": {"indicators": ind.already, "progress": rep.already},
                "skipped": list(rep.skipped),
                "present": counts,
            }
        )
        return
    if ind.already and rep.already:
        out.print(f"示例数据已加载过，未重复加载。如需删除：planwatch sample {escape(plan)} --remove")
        return
    parts = []
    if not ind.already:
        parts.append(f"{ind.indicators} 个指标、{ind.observations} 个数值")
    if not rep.already:
        parts.append(f"{rep.tasks} 个任务的 {rep.reports} 条进展报告记录")
    out.print(f"已加载示例数据：{'；'.join(parts)}（虚构，仅供演示，均标注“示例数据”）。")
    out.print(f"删除示例数据：planwatch sample {escape(plan)} --remove")
