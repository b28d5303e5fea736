"""``planwatch departments``: the department catalogue assignments are made from."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from planwatch.cli.common import DbOpt, out, session_for, settings
from planwatch.extract.catalogue_sheet import dump_catalogue_xlsx
from planwatch.extract.departments import dump_catalogue
from planwatch.model import InputError, PlanWatchError
from planwatch.services.catalogue.departments import (
    catalogue_history,
    catalogue_in_force,
    edited_catalogue_yaml,
    find_department,
    load_catalogue_file,
    reset_catalogue,
    save_catalogue_text,
)

app = typer.Typer(
    help="部门目录：列出、查看、加载、编辑。/ The department catalogue: list, show, load, edit.",
    no_args_is_help=True,
)
UserOpt = Annotated[
    str, typer.Option("--user", "-u", help="操作人（记入历史）。/ Who does this (kept in the history).")
]
KINDS = {
    "party": "党委部门",
    "government": "政府部门",
    "district": "区市县",
    "park": "先导区/园区",
    "other": "其他",
}


@app.command("list")
def list_(
    kind: Annotated[
        str | None, typer.Option("--kind", help="只列出某类：party/government/district/park/other。/ Filter.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """列出当前生效的部门目录。/ List the catalogue in force."""
    with session_for(db) as session:
        catalogue = catalogue_in_force(session, settings(db))
    table = Table("全称", "简称", "类别", "职责关键词数", title=f"部门目录（{len(catalogue)} 个单位）")
    for d in catalogue:
        if kind is None or d.kind == kind:
            table.add_row(d.name, d.short, KINDS.get(d.kind, d.kind), str(len(d.duties)))
    out.print(table)


@app.command()
def show(
    name: Annotated[str, typer.Argument(help="单位全称、简称或别名。/ Unit name, short name or alias.")],
    db: DbOpt = None,
) -> None:
    """查看一个单位的简称、别名和职责关键词。/ Show one unit."""
    with session_for(db) as session:
        d = find_department(catalogue_in_force(session, settings(db)), name)
    out.print(f"[bold]{d.name}[/bold]（简称 {d.short}，{KINDS.get(d.kind, d.kind)}）")
    out.print("别名：" + ("、".join(d.aliases) or "无"), markup=False)
    out.print("通常牵头的领域：" + ("、".join(d.lead_domains) or "无"), markup=False)
    out.print("职责关键词：" + "、".join(d.duties), markup=False)


@app.command()
def load(
    file: Annotated[
        Path, typer.Argument(help="YAML 或 Excel（.xlsx）部门目录文件。/ A catalogue YAML or .xlsx file.")
    ],
    replace: Annotated[
        bool,
        typer.Option(
            "--replace", help="替换系统自带目录（默认在其基础上补充）。/ Replace the shipped catalogue."
        ),
    ] = False,
    user: UserOpt = "cli",
    db: DbOpt = None,
) -> None:
    """加载自己的部门目录：整体校验，有错误则整个拒绝。/ Load your own catalogue (checked whole)."""
    with session_for(db) as session:
        catalogue = load_catalogue_file(session, file, replace=replace, loaded_by=user)
    how = "替换" if replace else "补充"
    out.print(f"已加载部门目录 {file.name}（{how}系统自带目录），现有 {len(catalogue)} 个单位。")


@app.command()
def edit(
    name: Annotated[
        str | None,
        typer.Argument(help="要修改的单位；省略时用编辑器打开整个目录。/ Unit; omit to open an editor."),
    ] = None,
    short: Annotated[str | None, typer.Option("--short", help="新简称。/ New short name.")] = None,
    add_alias: Annotated[
        list[str] | None, typer.Option("--add-alias", help="增加别名。/ Add an alias.")
    ] = None,
    add_duty: Annotated[
        list[str] | None, typer.Option("--add-duty", help="增加职责关键词。/ Add a duty keyword.")
    ] = None,
    remove_duty: Annotated[
        list[str] | None, typer.Option("--remove-duty", help="删除职责关键词。/ Remove a duty keyword.")
    ] = None,
    user: UserOpt = "cli",
    db: DbOpt = None,
) -> None:
    """修改部门目录：改一个单位的简称、别名、职责，或用 $EDITOR 编辑整个目录；保存前整体校验。

    Edit the catalogue: one unit's fields by options, or the whole file in $EDITOR; checked before saving.
    """
    with session_for(db) as session:
        catalogue = catalogue_in_force(session, settings(db))
        if name is not None:
            text = edited_catalogue_yaml(
                catalogue,
                name,
                short=short,
                add_aliases=tuple(add_alias or ()),
                add_duties=tuple(add_duty or ()),
                remove_duties=tuple(remove_duty or ()),
            )
        else:
            edited = _edit_in_editor(dump_catalogue(catalogue))
            if edited is None:
                out.print("未做修改。")
                return
            text = edited
        result = save_catalogue_text(session, text, source="编辑后的部门目录", replace=True, loaded_by=user)
    out.print(f"已保存部门目录，现有 {len(result)} 个单位。")


@app.command()
def export(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="输出文件；省略时 YAML 写到标准输出。/ Output file.")
    ] = None,
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help="yaml 或 xlsx（Excel 模板，可填写后再加载）。/ yaml or xlsx."),
    ] = "yaml",
    db: DbOpt = None,
) -> None:
    """导出当前生效的部门目录（YAML 或 Excel）。/ Export the catalogue in force."""
    if fmt not in ("yaml", "xlsx"):
        raise InputError(f"不支持的导出格式“{fmt}”。", hint="--format 可选 yaml 或 xlsx。")
    with session_for(db) as session:
        catalogue = catalogue_in_force(session, settings(db))
    if fmt == "xlsx":
        if output is None:
            raise InputError(
                "导出 Excel 时须用 --output 指定文件。", hint="例如：--format xlsx -o 部门目录.xlsx"
            )
        output.write_bytes(dump_catalogue_xlsx(catalogue))
    elif output is None:
        typer.echo(dump_catalogue(catalogue), nl=False)
        return
    else:
        output.write_text(dump_catalogue(catalogue), encoding="utf-8")
    out.print(f"已导出部门目录（{len(catalogue)} 个单位）到 {output}。")


@app.command()
def reset(db: DbOpt = None) -> None:
    """恢复系统自带的部门目录（已加载的目录保留在历史中）。/ Back to the shipped catalogue."""
    with session_for(db) as session:
        changed = reset_catalogue(session)
    out.print("已恢复系统自带的部门目录。" if changed else "当前已是系统自带的部门目录。")


@app.command()
def history(db: DbOpt = None) -> None:
    """部门目录的加载历史。/ The history of loaded catalogues."""
    with session_for(db) as session:
        records = catalogue_history(session)
    if not records:
        out.print("尚未加载过自己的部门目录，使用系统自带目录。")
    for r in records:
        state = "生效" if r.active else "历史"
        out.print(f"#{r.id}  {r.loaded_at:%Y-%m-%d %H:%M} UTC  {r.loaded_by}  {r.mode}  {state}")


def _edit_in_editor(text: str) -> str | None:
    """Open ``text`` in $VISUAL/$EDITOR until it parses or the user leaves it unchanged."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "departments.yaml"
        path.write_text(text, encoding="utf-8")
        result = subprocess.run([*shlex.split(editor), str(path)], check=False)
        if result.returncode != 0:
            raise PlanWatchError(f"编辑器 {editor} 异常退出（状态 {result.returncode}），未做修改。")
        edited = path.read_text(encoding="utf-8")
    if edited == text:
        return None
    if not edited.strip():
        raise InputError("编辑后的部门目录为空，未保存。")
    return edited
