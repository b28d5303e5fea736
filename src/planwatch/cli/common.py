"""What every command shares: settings, the database, error reporting, output."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rich.console import Console
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from planwatch.settings import Settings
from planwatch.store.engine import make_engine, transaction
from planwatch.store.migrate import upgrade


@dataclass
class State:
    debug: bool = False


STATE = State()
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DB_HELP = "数据库地址，默认取 PLANWATCH_DB_URL，否则为当前目录下的 planwatch.db。/ Database URL."


def settings(db: str | None = None) -> Settings:
    s = Settings()
    if db:
        s = s.model_copy(update={"db_url": db})
    return s


def open_engine(s: Settings, *, migrate: bool | None = None) -> Engine:
    engine = make_engine(s.db_url)
    if s.auto_migrate if migrate is None else migrate:
        upgrade(engine)
    return engine


@contextmanager
def session_for(db: str | None) -> Iterator[Session]:
    """One transaction against the database named by ``--db`` (or the settings)."""
    engine = open_engine(settings(db))
    try:
        with transaction(engine) as session:
            yield session
    finally:
        engine.dispose()


def write_text(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
        err.print(f"已写入 {output}")
    else:
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")
