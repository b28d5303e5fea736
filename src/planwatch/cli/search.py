"""``planwatch search``: the 搜索 page in the terminal."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.markup import escape
from sqlalchemy import Engine

from planwatch.cli.common import DB_HELP, err, out, session_for, write_text
from planwatch.cli.output import JSON_OR_TEXT, TextJsonOpt, check_format
from planwatch.model import InputError
from planwatch.services.plans import search as search_service

SEARCH_REVISION = "0005"  # the migration that created the index


def backfill(engine: Engine, revision: str | None) -> None:
    """After ``planwatch db upgrade``: index the versions stored before the index existed, so their
    first search is not the one that pays for it."""
    if revision is None or revision < SEARCH_REVISION:
        return
    done = search_service.index_stored(engine)
    if done:
        out.print(f"已为 {len(done)} 个规划版本建立搜索索引。")


def _show(data: dict[str, Any]) -> None:
    where = f"规划 #{data['plan']['id']}“{data['plan']['name']}”第 {data['version']['number']} 版"
    if data["total"]:
        first = data["offset"] + 1
        last = data["offset"] + len(data["results"])
        shown = f"显示第 {first}–{last} 个" if data["results"] else "本页没有结果"
        out.print(escape(f"在{where}中找到 {data['total']} 个句子，{shown}："))
    if data["message"]:
        (out if data["total"] else err).print(escape(data["message"]))
    if data["truncated"]:
        err.print(escape("提示：查询过长，只使用了前 200 个字符或前 10 个词语。"))
    for r in data["results"]:
        out.print()
        out.print(
            f"[bold]{escape(r['cite'])}[/bold]  [dim]{escape(r['node'])}  {escape(r['node_title'])}[/dim]"
        )
        out.print(
            "".join(
                f"[bold yellow]{escape(p['text'])}[/bold yellow]" if p["mark"] else escape(p["text"])
                for p in r["parts"]
            )
        )


def search(
    plan: Annotated[str, typer.Argument(help="规划编号或名称。/ Plan id or name.")],
    query: Annotated[
        str,
        typer.Argument(
            help="查询词语，多个词语用空格分隔并加引号，须全部出现。/ Terms, all required.",
            show_default=False,
        ),
    ] = "",
    limit: Annotated[
        int, typer.Option("--limit", "-n", help="最多显示条数（1–100）。/ Results to show.")
    ] = search_service.DEFAULT_LIMIT,
    offset: Annotated[int, typer.Option("--offset", help="跳过前若干条。/ Results to skip.")] = 0,
    version: Annotated[
        int | None, typer.Option("--version", "-v", help="版本号，默认最新。/ Version.")
    ] = None,
    fmt: TextJsonOpt = "text",
    reindex: Annotated[
        bool,
        typer.Option("--reindex", help="先重建全部规划的搜索索引。/ Rebuild the whole search index first."),
    ] = False,
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP, show_default=False)] = None,
) -> None:
    """在规划的句子中全文搜索（中文分词，高亮显示），列出所在条目。

    Full-text search over a plan's sentences, with the article each one is in.
    """
    check_format(fmt, JSON_OR_TEXT)
    with session_for(db) as session:
        if reindex:
            count = search_service.reindex(session)
            err.print(f"已重建搜索索引：{count} 个句子。")
        if not query.strip():
            if reindex:
                return
            raise InputError("请输入要搜索的词语。", hint='例如 planwatch search 1 "海洋经济"')
        data = search_service.search_page(session, query, plan, version=version, limit=limit, offset=offset)
    if fmt == "json":
        write_text(json.dumps(data, ensure_ascii=False, indent=2), None)
        return
    _show(data)
