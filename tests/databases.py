"""Where the PostgreSQL tests find their server. A module of its own (not conftest) so that test
modules can import it: several directories have a conftest.py, and ``import conftest`` would get
whichever was loaded last."""

from __future__ import annotations

import functools
import os

from sqlalchemy import create_engine, make_url, text

__all__ = ["DEFAULT_PG_URL", "postgres_unavailable", "postgres_url"]

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_url() -> str:
    return os.environ.get("PLANWATCH_TEST_PG_URL") or DEFAULT_PG_URL


@functools.cache
def postgres_unavailable() -> str | None:
    """Why the PostgreSQL tests cannot run, or None when the server answers. Asked once per run."""
    url = postgres_url()
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure to reach the server means "skip", whatever the driver says
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"PostgreSQL not reachable at {make_url(url)!r} (set PLANWATCH_TEST_PG_URL): {first_line}"
    finally:
        engine.dispose()
    return None
