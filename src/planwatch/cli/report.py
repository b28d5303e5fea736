"""``planwatch report``: the annual monitoring report or the mid-term evaluation as docx/pdf/html."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from planwatch.cli.common import DbOpt, PlanArg, err, session_for
from planwatch.model import InputError
from planwatch.services.reports import build as service


def _write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so a failure never leaves a partial report behind."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".planwatch-", suffix=path.suffix, dir=folder)
    except OSError as exc:
        raise InputError(f"无法写入 {path}：{exc.strerror or exc}", hint="请换一个可写的位置。") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"无法写入 {path}：{exc.strerror or exc}", hint="请换一个可写的位置。") from exc


def report(
    plan: PlanArg,
    kind: Annotated[
        str,
        typer.Option("--kind", "-k", help="annual（年度监测报告）或 midterm（中期评估报告）。/ Report kind."),
    ] = "annual",
    year: Annotated[
        int | None,
        typer.Option(
            "--year", "-y", help="报告年份，默认：年度报告为上一年，中期评估为规划期中间年份。/ Report year."
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="docx / pdf / html。/ File format.")] = "docx",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件。/ Output file.")] = None,
    today: Annotated[
        str | None,
        typer.Option("--today", help="按哪一天生成（YYYY-MM-DD），默认今天。/ Generate as of this day."),
    ] = None,
    db: DbOpt = None,
) -> None:
    """生成年度监测报告或中期评估报告（总体判断、指标表与图表、任务完成情况、重大项目、滞后事项、下一步工作）。

    Generate the annual monitoring report or the mid-term evaluation as Word, PDF or HTML.
    """
    # check the arguments before touching the database, so a typo costs nothing
    kind = service.normalise_kind(kind)
    fmt = service.normalise_format(fmt)
    day = date.today()
    if today:
        try:
            day = date.fromisoformat(today.strip())
        except ValueError:
            raise InputError(f"日期“{today}”无效。", hint="请按 YYYY-MM-DD 填写，例如 2027-03-31。") from None
    with session_for(db) as session:
        built = service.build_report(session, plan, kind, year, today=day)
    data = service.render(built, fmt)
    path = output or Path(service.report_filename(built, fmt))
    _write_atomically(path, data)
    err.print(f"已生成 {escape(str(path))}（{built.subtitle}，{len(data):,} 字节）。")
