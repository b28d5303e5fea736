"""``planwatch issuer``: a plan's issuer (发文机关) and the department catalogue its 分工 uses."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from planwatch.cli.common import DbOpt, out, session_for, settings, write_text
from planwatch.model import InputError


def issuer(
    plan: Annotated[str, typer.Argument(help="规划编号或名称。/ Plan id or name.")],
    name: Annotated[
        str | None,
        typer.Option("--set", help="改为该发文机关，如 四川省、大连市、长海县、国务院。/ Set the issuer."),
    ] = None,
    level: Annotated[
        str | None,
        typer.Option(
            "--level",
            help="发文机关层级 national/provincial/municipal/county，默认由名称判断。/ Its level.",
        ),
    ] = None,
    catalogue: Annotated[
        str | None,
        typer.Option(
            "--catalogue",
            help="部门目录：auto（自动）、issuer（发文机关的目录）、configured（已加载的目录）。",
        ),
    ] = None,
    reset: Annotated[
        bool, typer.Option("--reset", help="恢复为从文件识别的发文机关和自动选择。/ Back to the default.")
    ] = False,
    user: Annotated[str, typer.Option("--user", "-u", help="操作人（记入审计日志）。/ Who.")] = "cli",
    fmt: Annotated[str, typer.Option("--format", "-f", help="text 或 json。/ Output format.")] = "text",
    db: DbOpt = None,
) -> None:
    """查看或更正规划的发文机关及其任务分工所用的部门目录；更改后重新生成各版本的分工建议。

    Show or correct a plan's issuer and the catalogue its task division uses; a change recomputes
    the proposals of every version (decisions people made still apply).
    """
    from planwatch.services.catalogue.plan import catalogue_info, reset_catalogue, set_catalogue

    if fmt not in ("text", "json"):
        raise InputError(f"不支持的输出格式“{fmt}”。", hint="请使用 --format text 或 --format json。")
    if reset and (name or level or catalogue):
        raise InputError("--reset 不能与 --set、--level、--catalogue 同用。", hint="二选一后重试。")
    s = settings(db)
    with session_for(db) as session:
        if reset:
            info = reset_catalogue(session, s, plan, by=user)
        elif name or level or catalogue:
            current = catalogue_info(session, s, plan)
            keep = current["override"] or {}
            info = set_catalogue(
                session,
                s,
                plan,
                by=user,
                issuer_name=name if name is not None else keep.get("issuer_name"),
                issuer_level=level if (level is not None or name is not None) else keep.get("issuer_level"),
                catalogue=catalogue or keep.get("catalogue") or "auto",
            )
        else:
            info = catalogue_info(session, s, plan)
    if fmt == "json":
        write_text(json.dumps(info, ensure_ascii=False, indent=2), None)
        return
    for line in describe(info):
        out.print(line, markup=False)


def describe(info: dict[str, Any]) -> list[str]:
    def who(i: dict[str, Any] | None) -> str:
        return "未识别" if i is None else f"{i['name']}（{i['level_name']}）"

    lines = [f"发文机关：{who(info['issuer'])}"]
    detected = info["detected"]
    lines.append(
        "从文件识别："
        + (
            f"{who(detected)}，依据“{detected['evidence']}”"
            if detected
            else "未识别（标题、开头和落款中没有找到）"
        )
    )
    override = info["override"]
    if override is not None:
        lines.append(
            f"人工设置：{override['decided_by']}，{override['decided_at'][:16].replace('T', ' ')} UTC"
        )
    lines.append(f"部门目录选择：{info['catalogue_choice_name']}")
    lines.append(f"部门目录：{info['catalogue']}（{info['units']} 个单位）")
    return lines
