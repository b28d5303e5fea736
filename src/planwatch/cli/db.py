"""``planwatch db``: the database schema."""

from __future__ import annotations

from typing import Annotated

import typer

from planwatch.cli.common import DbOpt, open_engine, out, settings

app = typer.Typer(help="数据库管理。/ Database management.", no_args_is_help=True)


@app.command("upgrade")
def db_upgrade(
    db: DbOpt = None,
    revision: Annotated[str, typer.Option(help="目标版本，默认最新。/ Target revision.")] = "head",
) -> None:
    """创建或升级数据库结构（Alembic）。/ Create or migrate the schema (Alembic)."""
    from planwatch.cli.search import backfill
    from planwatch.store.migrate import current_revision, upgrade

    engine = open_engine(settings(db), migrate=False)
    try:
        before = current_revision(engine)
        upgrade(engine, revision)
        after = current_revision(engine)
        backfill(engine, after)
    finally:
        engine.dispose()
    if before == after:
        out.print(f"数据库结构已是最新（{after}）。")
    else:
        out.print(f"数据库结构已从 {before or '空库'} 升级到 {after}。")
