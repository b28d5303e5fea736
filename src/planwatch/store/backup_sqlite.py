"""SQLite backups with the online backup API: consistent while the application keeps running.

``sqlite3.Connection.backup`` with the default ``pages=-1`` copies every page inside one read
transaction of the source (so a backup never mixes two states, and WAL readers/writers carry on), and
writes the destination inside one write transaction (so a restore is all or nothing: other
connections see the old database or the new one, never a half-copied file).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import make_url

from planwatch.model import InputError, PlanWatchError

MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 30.0


def database_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise InputError(
            f"无法备份或恢复这个 SQLite 地址：{url}",
            hint="请使用数据库文件的地址，例如 sqlite:///var/lib/planwatch/planwatch.db。",
        )
    return Path(database).expanduser()


@contextlib.contextmanager
def _connect(path: Path, *, read_only: bool) -> Iterator[sqlite3.Connection]:
    # mode=ro never creates a missing file; autocommit (isolation_level=None) leaves transactions to SQLite
    uri = f"{path.resolve().as_uri()}?mode={'ro' if read_only else 'rwc'}"
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        yield connection
    finally:
        connection.close()


def backup(source: Path, dest: Path) -> None:
    """Copy the live database ``source`` to ``dest`` (written beside it, then renamed over it)."""
    if not source.is_file():
        raise InputError(f"数据库文件不存在：{source}", hint="请检查 --db 或 PLANWATCH_DB_URL。")
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with _connect(source, read_only=True) as src, _connect(tmp, read_only=False) as dst:
            src.backup(dst)
            # a backup is one self-contained file: no -wal/-shm companions to forget when copying it
            dst.execute("PRAGMA journal_mode=DELETE")
        os.replace(tmp, dest)
    except sqlite3.Error as exc:
        raise PlanWatchError(
            f"备份 SQLite 数据库失败：{exc}", hint="请确认数据库文件可读、目标位置可写且磁盘空间足够。"
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)


def revision_of_backup(path: Path) -> str | None:
    """The schema revision stored in a backup file, after checking every page of it."""
    try:
        with _connect(path, read_only=True) as connection:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check(5)")]
            if problems != ["ok"]:
                raise _corrupt(path, "；".join(problems))
            names = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" not in names:
                return None
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            return None if row is None else str(row[0])
    except sqlite3.DatabaseError as exc:
        raise _corrupt(path, str(exc)) from exc


def _corrupt(path: Path, detail: str) -> InputError:
    return InputError(
        f"备份文件已损坏或不完整（{detail}）",
        where=str(path),
        hint="请换用另一份备份；数据库未做任何更改。",
    )


def user_tables_with_rows(path: Path) -> list[str]:
    """Tables of the database at ``path`` that hold rows (schema bookkeeping and index internals aside)."""
    if not path.exists() or path.stat().st_size == 0:
        return []
    with _connect(path, read_only=True) as connection:
        rows = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
        virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
        found = []
        for name, _sql in rows:
            if name == "alembic_version" or name.startswith("sqlite_"):
                continue
            if any(name.startswith(f"{v}_") for v in virtual):  # FTS5 shadow tables (config has a row)
                continue
            quoted = name.replace('"', '""')
            if connection.execute(f'SELECT EXISTS (SELECT 1 FROM "{quoted}")').fetchone()[0]:
                found.append(name)
        return found


def staging_copy(backup_file: Path, beside: Path) -> Path:
    """A private working copy of ``backup_file`` next to ``beside`` (same file system), for upgrading
    before it replaces anything."""
    beside.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{beside.name}.restore.", suffix=".db", dir=beside.parent)
    os.close(fd)
    staging = Path(name)
    with _connect(backup_file, read_only=True) as src, _connect(staging, read_only=False) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    return staging


def replace_contents(staging: Path, target: Path) -> None:
    """Make ``target`` hold exactly what ``staging`` holds, in one write transaction on ``target``."""
    with _connect(staging, read_only=True) as src, _connect(target, read_only=False) as dst:
        src.backup(dst)
