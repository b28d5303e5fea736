"""``planwatch export-division`` / ``import-division``: the 分工方案 workbook for 征求意见, and the
departments' filled-in copies read back (preview, then ``--apply``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from planwatch.cli.common import DbOpt, PlanArg, err, out, session_for, settings
from planwatch.model import InputError


def export_division(
    plan: PlanArg,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件。/ Output file.")] = None,
    db: DbOpt = None,
) -> None:
    """下载分工方案 Excel 供各部门填写（每项任务一行，含反馈意见列和隐藏的校验列）。

    Write the 分工方案 workbook departments fill in (one row per task, a 反馈意见 column, hidden keys).
    """
    from planwatch.services.catalogue.plan import plan_catalogue
    from planwatch.services.division import workbook as division
    from planwatch.services.plans.records import load_plan

    with session_for(db) as session:
        view = load_plan(session, plan)
        data = division.download(session, view, plan_catalogue(session, settings(db), view))
        path = output or Path(division.filename(view))
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(f"无法写入 {path}：{exc.strerror or exc}", hint="请换一个可写的位置。") from exc
    err.print(f"已导出 {escape(str(path))}（{len(data):,} 字节）。")


def _lines(text: str | None) -> list[int] | None:
    if text is None:
        return None
    parts = [p.strip() for p in text.replace("，", ",").split(",") if p.strip()]
    if not parts or not all(p.isdigit() for p in parts):
        raise InputError(f"--rows “{text}”无效。", hint="请写 Excel 行号，用逗号分隔，例如 --rows 5,8,12。")
    return [int(p) for p in parts]


def import_division(
    plan: PlanArg,
    file: Annotated[Path, typer.Argument(help="部门填写后的分工方案 .xlsx。/ The filled-in workbook.")],
    apply: Annotated[
        bool, typer.Option("--apply", help="应用改动（默认只预览）。/ Apply (default: preview only).")
    ] = False,
    rows: Annotated[
        str | None,
        typer.Option(
            "--rows", help="只应用这些 Excel 行（逗号分隔）；有错误或冲突时必须指定。/ Rows to apply."
        ),
    ] = None,
    user: Annotated[str, typer.Option("--user", "-u", help="决定人（应用时必填）。/ Who decides.")] = "",
    db: DbOpt = None,
) -> None:
    """读入部门填写后的分工方案：逐行列出改动、未知单位（附建议）和与他人修改的冲突；加 --apply 应用。

    Read a filled-in 分工方案: list each row's changes, unknown units (with suggestions) and conflicts
    with edits made since the download; --apply records them as decisions (反馈意见 as the reason).
    """
    from planwatch.services.catalogue.plan import plan_catalogue
    from planwatch.services.division import workbook as division
    from planwatch.services.plans.records import load_plan

    lines = _lines(rows)
    if apply and not user.strip():
        raise InputError("应用改动必须用 --user 写明决定人。", hint="例如 --user 张三")
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取 {file}：{exc.strerror or exc}", hint="请检查文件路径。") from exc
    with session_for(db) as session:
        view = load_plan(session, plan)
        catalogue = plan_catalogue(session, settings(db), view)
        if apply:
            preview = division.upload(session, view, catalogue, data, file.name, user.strip())
        else:
            preview = division.preview_bytes(session, view, catalogue, data, file.name)
        for row in preview.rows:
            if row.status == "unchanged":
                continue
            what = "；".join(f"{c.label} {c.current} → {c.proposed}" for c in row.changes)
            if row.changed_by and row.status == "conflict":
                what += f"（下载后已被 {row.changed_by} 修改）"
            detail = "；".join(row.errors) or what or row.feedback
            out.print(f"第 {row.line} 行  {row.key}  {row.status_name}  {detail}", markup=False)
        counts = preview.counts
        out.print(
            f"将修改 {counts['change']} 行，冲突 {counts['conflict']} 行，有错误 {counts['error']} 行，"
            f"仅有意见 {counts['feedback']} 行，已是此值 {counts['same']} 行，未修改 {counts['unchanged']} 行。",
            markup=False,
        )
        if not apply:
            err.print("只是预览，没有修改任何分工；确认后加 --apply --user 姓名 应用。")
            return
        assert preview.upload_id is not None
        result = division.apply(session, view, catalogue, preview.upload_id, user.strip(), lines)
    out.print(f"已应用 {len(result.applied)} 行：{'、'.join(result.applied)}。", markup=False)
