"""planwatch compare / diff: a plan against another plan, a version against an earlier one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from sqlalchemy.orm import Session

from planwatch.cli.common import DbOpt, PlanArg, err, operator, out, session_for, settings, write_text
from planwatch.model import InputError
from planwatch.model.comparison import Comparison, VersionDiff

FORMATS = ("text", "json", "xlsx", "html")
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="text / json / xlsx / html。/ Output format.")]
OutputOpt = Annotated[Path | None, typer.Option("-o", "--output", help="输出文件。/ Output file.")]


# planwatch.services.plans.compare is imported inside the commands: it loads scikit-learn, which would add
# about a second to the start of every other command.


@contextmanager
def _session(db: str | None, refs: list[str]) -> Iterator[Session | None]:
    """A database session only when some ref is not a file: comparing two files needs no database."""
    from planwatch.services.plans.compare import is_file

    if all(is_file(r) for r in refs):
        with nullcontext() as nothing:
            yield nothing
        return
    with session_for(db) as session:
        yield session


def _check_format(fmt: str, allowed: tuple[str, ...], output: Path | None) -> None:
    if fmt not in allowed:
        raise InputError(f"不支持的输出格式“{fmt}”。", hint=f"可选：{' / '.join(allowed)}。")
    if fmt == "xlsx" and output is None:
        raise InputError(
            "xlsx 是二进制文件，不能输出到终端。", hint="请用 -o 指定输出文件，如 -o 比对.xlsx。"
        )


def _write_bytes(data: bytes, output: Path) -> None:
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise InputError(f"无法写入 {output}：{exc.strerror or exc}", hint="请换一个可写的位置。") from exc
    err.print(f"已写入 {escape(str(output))}（{len(data):,} 字节）。")


def _print_comparison(c: Comparison) -> None:
    d = c.to_dict()
    out.print(f"本规划：{escape(c.a.title)}（{c.a.units} 个条目）")
    out.print(f"对照规划：{escape(c.b.title)}（{c.b.units} 个条目）")
    table = Table(show_lines=False)
    for header in ("本规划条目", "最相近的对照条目", "相似度", "共同关键词"):
        table.add_column(header)
    for al in c.alignments:
        best = al.matches[0] if al.matches else None
        table.add_row(
            escape(f"{al.a_label} {al.a_title[:24]}"),
            escape(f"{best.b_label} {best.b_title[:24]}") if best else "—",
            f"{best.score:.3f}" if best else "—",
            escape("、".join(best.shared_terms[:5])) if best else "",
        )
    out.print(table)
    cov = d["coverage"]
    out.print(
        f"承接：对照规划 {cov['total']} 个条目中 {cov['covered']} 个在本规划中有承接"
        f"（相似度 ≥ {c.threshold:g}，{cov['ratio']:.0%}）。"
    )
    missing = [f"{x.b_label} {x.b_title[:20]}" for x in c.coverage if not x.covered]
    if missing:
        out.print("未承接：" + escape("；".join(missing)))
    for name, side in (("仅本规划", c.only_in_a), ("仅对照规划", c.only_in_b)):
        for kind, label in (("formulations", "提法"), ("projects", "项目"), ("terms", "关键词")):
            if side.get(kind):
                out.print(f"{name}的{label}：" + escape("、".join(side[kind][:20])))
    if c.quantities:
        out.print("指标对照：")
        for q in c.quantities:
            out.print(escape(f"  {q.text_a}  ↔  {q.text_b}"))


def compare(
    a: Annotated[
        str, typer.Argument(help="本规划：文件路径，或已导入规划的编号/名称（可加 @版本）。/ Plan A.")
    ],
    b: Annotated[
        str, typer.Argument(help="对照规划（如上级规划）：同上。/ Plan B (e.g. the upper-level plan).")
    ],
    fmt: FormatOpt = "text",
    output: OutputOpt = None,
    threshold: Annotated[
        float, typer.Option("--threshold", help="承接阈值（0–1，默认 0.16）。/ Coverage threshold.")
    ] = 0.16,
    db: DbOpt = None,
) -> None:
    """比对两份规划：逐条找出对照规划中最相近的条目、承接情况、各自独有的提法和关键词、指标对照。

    Compare plan A with plan B (an upper-level plan, another genre): alignment, coverage, terms, quantities.
    """
    from planwatch.services.plans.compare import compare_refs

    _check_format(fmt, FORMATS, output)
    with _session(db, [a, b]) as session:
        result = compare_refs(session, a, b, settings(db), threshold=threshold)
    _emit(result, fmt, output)


def diff(
    old: Annotated[
        str, typer.Argument(help="旧版：文件或 规划@版本；只给一个已导入规划时比较其最后两版。/ Old version.")
    ],
    new: Annotated[
        str | None, typer.Argument(help="新版：文件或 规划@版本。/ New version.", show_default=False)
    ] = None,
    fmt: FormatOpt = "text",
    output: OutputOpt = None,
    db: DbOpt = None,
) -> None:
    """对照一份规划的两个版本：逐条列出新增、删除、修改的句子（标出改动的字），以及任务、数量、实体的变化。

    Diff two versions of a plan: sentences added, removed and changed per article; tasks, quantities, entities.
    """
    from planwatch.services.plans.compare import diff_refs

    _check_format(fmt, FORMATS, output)
    refs = [old] if new is None else [old, new]
    with _session(db, refs) as session:
        result = diff_refs(session, old, new, settings(db))
    _emit(result, fmt, output)


def _emit(result: Comparison | VersionDiff, fmt: str, output: Path | None) -> None:
    from planwatch.export.compare_html import comparison_html, diff_html
    from planwatch.export.compare_tables import comparison_report, diff_report
    from planwatch.export.excel import write_xlsx

    is_cmp = isinstance(result, Comparison)
    if fmt == "json":
        write_text(
            json.dumps(result.to_dict(), ensure_ascii=False, indent=2), str(output) if output else None
        )
    elif fmt == "html":
        html = comparison_html(result) if isinstance(result, Comparison) else diff_html(result)
        write_text(html, str(output) if output else None)
    elif fmt == "xlsx":
        assert output is not None
        report = comparison_report(result) if isinstance(result, Comparison) else diff_report(result)
        _write_bytes(write_xlsx(report), output)
    elif is_cmp:
        assert isinstance(result, Comparison)
        _print_comparison(result)
    else:
        assert isinstance(result, VersionDiff)
        _print_diff(result)


def _print_diff(d: VersionDiff) -> None:
    from planwatch.export.compare_tables import ITEM_KIND_NAMES, STATUS_NAMES

    s = d.summary
    out.print(
        f"旧版：{escape(d.old.title)}{f'（第 {d.old.version} 版）' if d.old.version else ''}  →  "
        f"新版：{escape(d.new.title)}{f'（第 {d.new.version} 版）' if d.new.version else ''}"
    )
    out.print(
        f"条目：修改 {s.get('units_changed', 0)}，新增 {s.get('units_added', 0)}，删除 {s.get('units_removed', 0)}，"
        f"未变 {s.get('units_unchanged', 0)}"
    )
    for u in d.units:
        if u.status == "unchanged":
            continue
        out.print(f"\n[bold]{escape(u.label)} {escape(u.title)}[/bold]  [{STATUS_NAMES[u.status]}]")
        for ch in u.changes:
            if ch.op == "changed":
                text = "".join(
                    f"[green]{{+{escape(g.text)}+}}[/green]"
                    if g.op == "insert"
                    else f"[red][-{escape(g.text)}-][/red]"
                    if g.op == "delete"
                    else escape(g.text)
                    for g in ch.segments
                )
                out.print(f"  ~ {text}")
            elif ch.op == "added":
                out.print(f"  [green]+ {escape(ch.new or '')}[/green]")
            else:
                out.print(f"  [red]- {escape(ch.old or '')}[/red]")
    changed = [i for i in d.items if i.op != "unchanged"]
    if changed:
        out.print("\n任务、数量与实体：")
        for i in changed:
            out.print(
                f"  {ITEM_KIND_NAMES[i.kind]}{STATUS_NAMES[i.op]}："
                + escape(i.new or i.old or "")
                + (escape(f"（原：{i.old}）") if i.op == "changed" and i.kind == "task" else "")
            )


def lineage(
    plan: PlanArg,
    upper: Annotated[
        str | None, typer.Option("--upper", help="设为上级规划（编号或名称）。/ Set the upper-level plan.")
    ] = None,
    no_upper: Annotated[
        bool, typer.Option("--no-upper", help="解除上级规划。/ Clear the upper-level plan.")
    ] = False,
    level: Annotated[
        str | None, typer.Option("--level", help="规划层级：建议、纲要、专项规划、年度计划…… / Level.")
    ] = None,
    user: Annotated[str | None, typer.Option("--user", "-u", help="操作人。/ Who makes the change.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text / json")] = "text",
    db: DbOpt = None,
) -> None:
    """规划体系：查看或设置一份规划的上级规划和层级，列出其下级规划。

    Show or set a plan's upper-level plan and level; list the plans derived from it.
    """
    from planwatch.services.plans import lineage as lineage_service

    if upper is not None and no_upper:
        raise InputError("--upper 与 --no-upper 不能同时使用。", hint="设置用 --upper，解除用 --no-upper。")
    _check_format(fmt, ("text", "json"), None)
    with session_for(db) as session:
        if upper is not None or no_upper or level is not None:
            before = lineage_service.lineage(session, plan)
            keep = None if no_upper else upper
            if upper is None and not no_upper:  # only the level changes
                keep = str(before["upper"][0]["id"]) if before["upper"] else None
            lineage_service.set_upper(session, str(before["plan"]["id"]), keep, level, by=operator(user))
        data = lineage_service.lineage(session, plan)
    if fmt == "json":
        write_text(json.dumps(data, ensure_ascii=False, indent=2), None)
        return
    p = data["plan"]
    chain = [escape(f"{u['name']}（{u['level'] or '未定层级'}）") for u in reversed(data["upper"])]
    this = f"[bold]{escape(p['name'])}[/bold]" + escape(f"（{p['level'] or '未定层级'}）")
    out.print("规划体系：" + " → ".join([*chain, this]))
    if not data["upper"]:
        out.print("未设置上级规划。设置：planwatch lineage " + escape(p["name"]) + " --upper 上级规划")
    if data["lower"]:
        out.print("下级规划：" + escape("、".join(c["name"] for c in data["lower"])))


def reattach(
    plan: PlanArg,
    item: Annotated[int | None, typer.Option("--id", help="待重新关联的记录编号。/ Stale record id.")] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="最新版本中的任务编号。/ Task key to attach to.")
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", help="assignment（分工调整）或 progress（进展报告）。/ Record kind.")
    ] = "assignment",
    user: Annotated[str | None, typer.Option("--user", "-u", help="操作人。/ Who re-attaches.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text / json")] = "text",
    db: DbOpt = None,
) -> None:
    """新版本中任务文字改写后，列出未生效的分工调整及候选任务；用 --id 和 --to 重新关联。

    List records whose task was rewritten in the latest version, with candidate tasks; re-attach one.
    """
    from planwatch.services.plans import carryover

    _check_format(fmt, ("text", "json"), None)
    if (item is None) != (to is None):
        raise InputError("--id 和 --to 须一起使用。", hint="例如 planwatch reattach 1 --id 3 --to p3.a10.t1")
    with session_for(db) as session:
        if item is not None and to is not None:
            done = carryover.reattach(session, plan, kind, item, to, by=operator(user))
            out.print(f"已把记录 {item} 重新关联到任务 {escape(done['task'])}：{escape(done['text'])}")
            return
        data = carryover.stale_page(session, plan)
    if fmt == "json":
        write_text(json.dumps(data, ensure_ascii=False, indent=2), None)
        return
    if not data["items"]:
        out.print(f"第 {data['version']} 版没有需要重新关联的记录。")
        return
    for it in data["items"]:
        kind = "进展报告" if it["kind"] == "progress" else "分工调整"
        out.print(
            f"[bold]#{it['id']}[/bold]（{kind}，--kind {it['kind']}）原任务 {escape(it['task_key'])}："
            + escape(it["task_text"])
        )
        out.print(f"    {escape(it['what'])} · {escape(it['decided_by'])}")
        for c in it["candidates"]:
            out.print(f"    候选 {escape(c['task'])}（相似度 {c['similarity']:.2f}）{escape(c['text'][:50])}")
