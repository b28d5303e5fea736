"""``planwatch observe``: indicator data from a statistical bulletin or work report, reviewed by a person."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from planwatch.cli.common import DbOpt, PlanArg, UserOpt, operator, out, session_for, settings, write_text
from planwatch.cli.output import JSON_OR_TEXT, check_format
from planwatch.cli.output import TextJsonOpt as FormatOpt
from planwatch.model import InputError
from planwatch.services.monitoring import observe as service
from planwatch.services.monitoring.targets import format_number

app = typer.Typer(
    help="从统计公报、政府工作报告等文件中提取指标数据，经人工审核后记入指标。\n\n"
    "Indicator data from bulletins and work reports: propose, review (accept / edit / reject).",
    no_args_is_help=True,
)

IdArg = Annotated[int, typer.Argument(help="待审数据编号（见 observe list）。/ Proposal id.")]


def _read(file: Path, limit: int) -> bytes:
    if not file.is_file():
        raise InputError(f"找不到文件：{file}", hint="请检查路径；支持 txt、docx、pdf、html。")
    with file.open("rb") as fh:
        return fh.read(limit + 1)  # one byte over is enough for ingest to say "too big"


def _shown(p: dict[str, Any]) -> str:
    value = p["accepted_value"] if p["status"] == "accepted" else p["value"]
    return f"{format_number(value)}{p['indicator']['unit']}"


def _sentence(p: dict[str, Any]) -> str:
    s = p["sentence"]
    return f"{escape(s['before'])}[reverse]{escape(s['figure'])}[/reverse]{escape(s['after'])}"


def _table(proposals: list[dict[str, Any]], title: str) -> Table:
    table = Table(
        "编号", "指标", "年份", "建议值", "原文数字", "置信度", "状态", "原文句子与理由", title=title
    )
    for p in proposals:
        period = p["accepted_period"] if p["status"] == "accepted" else p["period"]
        table.add_row(
            str(p["id"]),
            escape(p["indicator"]["name"]),
            period,
            escape(_shown(p)),
            escape(p["original"]),
            f"{p['score']:.2f}",
            p["status_name"]
            + ("（已修改）" if p["edited"] else "")
            + (f"\n已有 {format_number(p['current']['value'])}，采纳将替换" if p.get("current") else ""),
            _sentence(p) + "\n[dim]" + escape("；".join(p["reasons"])) + "[/dim]",
        )
    return table


@app.command("run")
def run(
    plan: PlanArg,
    file: Annotated[
        Path, typer.Argument(help="统计公报、政府工作报告等（txt/docx/pdf/html）。/ The document.")
    ],
    year: Annotated[
        int | None,
        typer.Option(
            "--year", help="只取描述该年份的数字（原文未写年份的按此年）。/ Only figures for this year."
        ),
    ] = None,
    accept_above: Annotated[
        float | None,
        typer.Option(
            "--accept-above",
            help="置信度不低于此值（0–1）的建议直接采纳为数据；省略时全部留待人工审核。"
            "/ Accept proposals scoring at least this without review.",
        ),
    ] = None,
    fmt: FormatOpt = "text",
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """读取文件，把其中的数字对应到规划指标，生成待审核的数据。/ Propose indicator values from a document."""
    check_format(fmt, JSON_OR_TEXT)
    s = settings(db)
    data = _read(file, s.max_file_bytes)
    with session_for(db) as session:
        result = service.run(
            session,
            plan,
            data,
            file.name,
            settings=s,
            by=operator(user),
            year=year,
            accept_above=accept_above,
        )
    if fmt == "json":
        write_text(json.dumps(result, ensure_ascii=False, indent=2), None)
        return
    doc = result["document"]
    out.print(
        f"文件“{escape(doc['name'])}”：读出 {doc['figures']} 个数字，其中 {doc['targets_skipped']} 个是目标值（不作为实际数据）。"
    )
    new, old = result["created"], result["already_proposed"]
    if new:
        out.print(_table(new, f"新增待审核数据（{len(new)} 条）"))
    else:
        out.print("没有新的待审核数据。")
    if old:
        out.print(f"另有 {len(old)} 条此前已由同一文件提出，未重复添加。")
    if result["accepted"]:
        out.print(
            f"[green]已按 --accept-above {result['accept_above']} 直接采纳 {len(result['accepted'])} 条。[/green]"
        )
    elif new:
        plan_name = escape(result["plan"]["name"])
        out.print(
            f"请审核：planwatch observe accept {plan_name} 编号 [--value 数值 --year 年份]，"
            f"或 planwatch observe reject {plan_name} 编号。"
        )
    if result["missing"]:
        out.print("文件中没有数字的指标：" + "、".join(escape(m["name"]) for m in result["missing"]))
    if result["untracked"]:
        out.print("文件中像是指标、但规划未设的数字：")
        for u in result["untracked"]:
            out.print(f"  {escape(u['text'])}（{u['year']}年）", markup=False)


@app.command("list")
def list_(
    plan: PlanArg,
    status: Annotated[
        str | None,
        typer.Option("--status", help="只列出某状态：pending / accepted / rejected。/ Filter by status."),
    ] = None,
    fmt: FormatOpt = "text",
    db: DbOpt = None,
) -> None:
    """列出待审核和已审核的数据。/ List the proposals."""
    check_format(fmt, JSON_OR_TEXT)
    with session_for(db) as session:
        result = service.list_proposals(session, plan, status=status)
    if fmt == "json":
        write_text(json.dumps(result, ensure_ascii=False, indent=2), None)
        return
    if not result["proposals"]:
        out.print(
            f"规划“{escape(result['plan']['name'])}”没有待审核的数据。可用 planwatch observe run 从文件中提取。"
        )
        return
    counts = result["counts"]
    out.print(
        _table(
            result["proposals"],
            f"待审核 {counts['pending']} 条，已采纳 {counts['accepted']} 条，已驳回 {counts['rejected']} 条",
        )
    )


@app.command("accept")
def accept(
    plan: PlanArg,
    proposal: IdArg,
    value: Annotated[
        str | None, typer.Option("--value", help="改正后的数值（指标单位）。/ Corrected value.")
    ] = None,
    year: Annotated[str | None, typer.Option("--year", help="改正后的年份。/ Corrected year.")] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """采纳一条（可改数值和年份），记为指标数据并保留出处。/ Accept a proposal (optionally edited)."""
    with session_for(db) as session:
        p = service.accept(session, plan, proposal, by=operator(user), value=value, year=year)
    edited = "（已修改）" if p["edited"] else ""
    out.print(
        f"已采纳{edited}：{p['indicator']['name']} {p['accepted_period']} = {_shown(p)}"
        f"（出处：{p['document']['name']}）",
        markup=False,
    )


@app.command("reject")
def reject(plan: PlanArg, proposal: IdArg, user: UserOpt = None, db: DbOpt = None) -> None:
    """驳回一条，不记入数据。/ Reject a proposal."""
    with session_for(db) as session:
        p = service.reject(session, plan, proposal, by=operator(user))
    out.print(f"已驳回：第 {p['id']} 条（{p['indicator']['name']} {p['period']}）", markup=False)
