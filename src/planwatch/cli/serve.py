"""``planwatch serve``: the web application on the embedded plan (imported on first start)."""

from __future__ import annotations

from typing import Annotated

import typer

from planwatch.cli.common import DB_HELP, out, session_for, settings
from planwatch.cli.users import announce_first_admin
from planwatch.services.catalogue.plan import user_catalogue
from planwatch.services.plans.analyze import analyze_path
from planwatch.services.plans.records import import_analysis, list_plans

HEALTHCHECK_SECONDS = 60


def ensure_default_plan(db: str | None) -> None:
    """Import the embedded default plan into an empty database, so a new user sees it analysed."""
    with session_for(db) as session:
        if list_plans(session):
            return
        s = settings(db)
        result = import_analysis(session, analyze_path(None, s, user_catalogue(session, s)))
    out.print(f"已导入内置规划：{result.plan.name}")


def serve(
    host: Annotated[str, typer.Option(help="监听地址。/ Host.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口。/ Port.")] = 8000,
    workers: Annotated[int, typer.Option(help="工作进程数。/ Worker processes.")] = 1,
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP, show_default=False)] = None,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="记录每个请求。/ Log every request.")
    ] = False,
) -> None:
    """启动网页服务（空库时先导入内置的大连规划）。/ Serve the web app (imports the default plan into an empty database)."""
    import os

    import uvicorn

    ensure_default_plan(db)
    announce_first_admin(db)
    s = settings(db)
    os.environ["PLANWATCH_DB_URL"] = s.db_url  # the app factory reads its settings in each worker
    out.print(f"PlanWatch 已启动：http://{host}:{port}  （按 Ctrl+C 停止）")
    uvicorn.run(
        "planwatch.web.factory:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info" if access_log else "warning",  # uvicorn logs requests at the info level
        # Off by default: a log line per request costs about as much as a cheap page. uvicorn picks
        # uvloop and httptools by itself when they are installed (uvicorn[standard]).
        access_log=access_log,
        # uvicorn kills a worker that does not answer its supervisor's ping within this many seconds.
        # The answer comes from a thread that needs the GIL, which busy request threads hold: at the
        # default 5 s a worker under a burst of page builds was killed mid-request and its
        # connections dropped (bench/web_soak.py: ReadError with nothing in the log).
        timeout_worker_healthcheck=HEALTHCHECK_SECONDS,
    )
