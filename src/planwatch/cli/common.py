"""What every command shares: settings, the database, error reporting, output."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from planwatch.model import InputError, PlanWatchError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session

    from planwatch.settings import Settings

# Every command module imports this one: the settings, SQLAlchemy and the store are imported by the
# functions that need them, so that commands which touch neither start without them.


@dataclass
class State:
    debug: bool = False


STATE = State()
# piped output (files, other programs) gets wide tables instead of rich's 80-column default
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DB_HELP = "数据库地址，默认取 PLANWATCH_DB_URL，否则为当前目录下的 planwatch.db。/ Database URL."
# the options every database command shares
DbOpt = Annotated[str | None, typer.Option("--db", help=DB_HELP, show_default=False)]
PlanArg = Annotated[str, typer.Argument(help="规划编号或名称。/ Plan id or name.")]
# who a change is audited as (``operator`` turns None into cli:<login>)
UserOpt = Annotated[
    str | None,
    typer.Option(
        "--user",
        "-u",
        help="操作人（记入审计日志），默认为 cli:系统用户名。/ Who does this.",
        show_default=False,
    ),
]
FileArg = Annotated[
    Path | None,
    typer.Argument(
        help="规划文件（txt/docx/pdf/html）；省略时使用内置的大连“十五五”规划建议。"
        "/ Plan document; default: the embedded Dalian plan.",
        show_default=False,
    ),
]


def settings(db: str | None = None) -> Settings:
    from planwatch.settings import Settings

    s = Settings()
    if db:
        s = s.model_copy(update={"db_url": db})
    return s


def open_engine(s: Settings, *, migrate: bool | None = None, read_only: bool = False) -> Engine:
    """The database of ``s``, migrated to the packaged head unless ``migrate`` (or the setting) says not.

    ``read_only``: for a command that only reads through bare connections (:func:`connection_for`).
    It skips ``store.engine``, whose change-revision hooks import the ORM and map every table; a
    command that writes through sessions must leave it False so that its commits bump the revision.
    """
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

    from planwatch.store.migrate import upgrade

    if read_only:
        from planwatch.store.connect import make_engine
    else:
        from planwatch.store.engine import make_engine

    try:
        engine = make_engine(s.db_url)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise InputError(
            f"数据库地址“{s.db_url}”无法识别：{exc}",
            hint="请检查 --db 或 PLANWATCH_DB_URL，例如 sqlite:///planwatch.db 或 "
            "postgresql+psycopg://用户@主机:5432/库名。",
        ) from exc
    except OSError as exc:
        raise InputError(
            f"无法在 {s.db_url} 创建数据库文件：{exc.strerror or exc}",
            hint="请换一个可写的位置，或先创建该目录。",
        ) from exc
    try:
        if s.auto_migrate if migrate is None else migrate:
            upgrade(engine)
        else:
            with engine.connect():
                pass
    except OperationalError as exc:
        engine.dispose()
        first = str(exc.orig or exc).strip().splitlines()[0]
        raise PlanWatchError(
            f"无法连接数据库 {make_url(s.db_url).render_as_string(hide_password=True)}：{first}",
            hint="请确认数据库服务已启动、地址和权限正确；SQLite 文件所在目录须可写。",
        ) from exc
    return engine


@contextmanager
def session_for(db: str | None) -> Iterator[Session]:
    """One transaction against the database named by ``--db`` (or the settings)."""
    from planwatch.store.engine import transaction

    engine = open_engine(settings(db))
    try:
        with transaction(engine) as session:
            yield session
    finally:
        engine.dispose()


@contextmanager
def connection_for(db: str | None) -> Iterator[Connection]:
    """A read-only connection to the database named by ``--db`` (or the settings), without the ORM."""
    engine = open_engine(settings(db), read_only=True)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def operator(user: str | None) -> str:
    """Who did it, for the audit log: ``--user`` when given, else the operating-system account."""
    if user and user.strip():
        return user.strip()
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def write_text(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
        err.print(f"已写入 {output}")
    else:
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")
