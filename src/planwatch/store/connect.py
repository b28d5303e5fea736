"""``make_engine``: an engine for any database URL, with no ORM and no table imported.

A command that only reads (``planwatch plans``) opens its database through this module and stays
clear of the ORM. Code that writes through sessions goes through ``planwatch.store.engine``, which
re-exports :func:`make_engine` and installs the change-revision hooks.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine, create_engine, make_url

from planwatch.store import sqlite


def _json_dumps(value: Any) -> str:
    # ensure_ascii=False keeps Chinese text readable and a third of the size; allow_nan=False makes
    # SQLite refuse NaN exactly as PostgreSQL's json type would, instead of storing it silently.
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def make_engine(url: str, *, busy_timeout_seconds: float | None = None, **kwargs: Any) -> Engine:
    """An engine for ``url`` (``sqlite:///path.db`` or ``postgresql+psycopg://…``).

    ``busy_timeout_seconds``: how long a SQLite writer waits for another (default
    ``sqlite.BUSY_TIMEOUT_MS``). Extra keyword arguments go to :func:`sqlalchemy.create_engine`
    (``echo=True`` when debugging).
    """
    parsed = make_url(url)
    kwargs.setdefault("json_serializer", _json_dumps)
    if sqlite.is_sqlite(parsed):
        sqlite.ensure_parent_directory(parsed)
        engine = create_engine(parsed, **kwargs)
        timeout = sqlite.BUSY_TIMEOUT_MS if busy_timeout_seconds is None else int(busy_timeout_seconds * 1000)
        sqlite.install_pragmas(engine, busy_timeout_ms=timeout)
        return engine
    # A server may drop idle connections (restarts, proxies); checking on checkout turns that into a
    # reconnect instead of an error in the middle of a request.
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(parsed, **kwargs)
