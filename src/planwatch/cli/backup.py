"""``planwatch backup`` and ``planwatch restore``: thin wrappers over services.backup."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from planwatch.cli.common import DbOpt, out, settings
from planwatch.services.admin.backup import KINDS, backup_database, restore_database


def backup(
    output: Annotated[Path, typer.Option("--output", "-o", help="备份文件。/ Backup file.")],
    db: DbOpt = None,
) -> None:
    """备份整个数据库（SQLite 用在线备份接口，PostgreSQL 用 pg_dump），服务运行时也可执行。

    Back up the whole database (SQLite online backup API, or pg_dump), consistent while the app runs.
    """
    info = backup_database(settings(db).db_url, output)
    out.print(
        f"已备份 {KINDS[info.kind]} 数据库到 {escape(str(info.path))}"
        f"（{info.size:,} 字节，数据库结构版本 {info.revision or '无'}）。"
    )


def restore(
    file: Annotated[Path, typer.Argument(help="planwatch backup 生成的备份文件。/ Backup file.")],
    db: DbOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="目标数据库有数据时也覆盖。/ Overwrite a non-empty database.")
    ] = False,
) -> None:
    """从备份恢复整个数据库：先完整检查备份，再在一个事务中替换；旧版本的备份恢复后自动升级结构。

    Restore the whole database from a backup: checked first, replaced in one transaction, then upgraded.
    """
    info = restore_database(file, settings(db).db_url, force=force)
    upgraded = f"，并已从结构版本 {info.backup_revision} 升级到 {info.revision}" if info.upgraded else ""
    out.print(
        f"已从 {escape(str(file))} 恢复 {KINDS[info.kind]} 数据库"
        f"（结构版本 {info.backup_revision}）{upgraded}。"
    )
    if info.replaced_tables:
        out.print("原有数据已被替换。正在运行的网页服务请重启，以免使用缓存中的旧数据。")
