"""Benchmark: the web app under load, over loopback, with the CPU the server and the load took.

Prepares a database (a fresh temporary SQLite file, or ``--db``: an empty PostgreSQL database,
created when missing) with the embedded Dalian plan and a planner, starts ``planwatch serve`` with
``--workers`` processes on a free 127.0.0.1 port, and loads one endpoint at a time with N
concurrent keep-alive clients for ``--duration`` seconds, as an anonymous visitor and as the
signed-in planner (each sends its session cookie, as a browser does):

    总览 /plans/1 · 条目 /plans/1/text/p3.a7 · 任务分工 /plans/1/tasks (and ?page=8) ·
    搜索页 /plans/1/search?q=海洋经济 · 监测 /plans/1/monitoring, and the JSON twin of each.

Per endpoint it prints requests per second, p50/p95/p99/max latency, errors (failed connections,
timeouts, non-2xx answers), the CPU time the server processes used (from psutil, all workers) per
request and in all, and the CPU time of the load generator (wrk, from ``getrusage(RUSAGE_CHILDREN)``;
the httpx client: this process), all from the same run; then pass/fail against the targets
(p95 < 50 ms and >= 200 req/s). Before the load it checks that all the plan's tasks are reachable
on the 任务分工 page (every page of it when it is paginated) and in its JSON.

The load comes from ``wrk`` (Debian package ``wrk``) when installed, else from asyncio + httpx in
this process (which costs more CPU per request than wrk). Every request accepts gzip, as a
browser's does (``--accept-encoding identity`` for uncompressed replies). Nothing leaves the
machine. Run:

    .venv/bin/python bench/web_load.py [--duration 20] [--clients 20] [--workers 1]
        [--client auto|wrk|httpx] [--as anonymous,planner] [--only 搜索] [--accept-encoding identity]
        [--db postgresql+psycopg://postgres@127.0.0.1:5432/planwatch_bench]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import httpx
import psutil

HOST = "127.0.0.1"  # loopback only: this never loads anything but the server it started
QUERY = quote("海洋经济")
ENDPOINTS = [
    ("总览", "/plans/1"),
    ("总览 API", "/api/v1/plans/1/overview"),
    ("条目", "/plans/1/text/p3.a7"),
    ("条目 API", "/api/v1/plans/1/nodes/p3.a7"),
    ("任务分工", "/plans/1/tasks"),
    ("任务分工 p8", "/plans/1/tasks?page=8"),
    ("任务分工 API", "/api/v1/plans/1/assignments"),
    ("搜索页", f"/plans/1/search?q={QUERY}"),
    ("搜索 API", f"/api/v1/search?q={QUERY}&plan=1"),
    ("监测", "/plans/1/monitoring"),
    ("监测 API", "/api/v1/plans/1/monitoring"),
]
P95_TARGET_MS = 50.0
RPS_TARGET = 200.0
PLANNER = ("bench-planner", "bench-planner-pw-123")
COOKIE = "planwatch_session"
DALIAN_TASKS = 390

# wrk's Lua hook: one machine-readable line with the totals and the latency percentiles (µs).
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("PWRESULT %d %d %d %d %d %d %d %d %d %d %d\\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


@dataclass
class Result:
    name: str
    path: str
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    server_cpu: float = 0.0  # seconds of CPU, every server process
    load_cpu: float = 0.0  # seconds of CPU of the load generator

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def passed(self) -> bool:
        return self.errors == 0 and self.p95_ms < P95_TARGET_MS and self.rps >= RPS_TARGET


def pad(label: str, width: int = 14) -> str:
    """``label`` padded to ``width`` terminal columns (a CJK character takes two)."""
    return label + " " * max(0, width - sum(2 if ord(c) > 0x2E80 else 1 for c in label))


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def planwatch_command() -> list[str]:
    script = Path(sys.executable).with_name("planwatch")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from planwatch.cli.app import main; main()"]


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database ``url`` names when it does not exist (SQLite needs nothing)."""
    if not url.startswith("postgresql"):
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}
            ).first()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    finally:
        admin.dispose()


def prepare(url: str) -> None:
    """The embedded plan (when the database has none) and a planner to log in as."""
    from planwatch.model import NotFoundError
    from planwatch.services.admin import users
    from planwatch.services.catalogue.departments import catalogue_in_force
    from planwatch.services.plans.analyze import analyze_path
    from planwatch.services.plans.records import import_analysis, list_plans
    from planwatch.settings import Settings
    from planwatch.store.engine import make_engine, transaction
    from planwatch.store.migrate import upgrade

    ensure_database(url)
    settings = Settings(db_url=url)
    engine = make_engine(url)
    try:
        upgrade(engine)
        with transaction(engine) as session:
            if not list_plans(session):
                catalogue = catalogue_in_force(session, settings)
                import_analysis(session, analyze_path(None, settings, catalogue))
            try:
                users.get_user(session, PLANNER[0])
            except NotFoundError:
                users.create_user(
                    session, settings, PLANNER[0], PLANNER[1], "planner", display_name="规划处", by="bench"
                )
    finally:
        engine.dispose()


def start_server(url: str, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        # The server prints a first admin password: it goes to the log in the temporary folder.
        return subprocess.Popen(
            [
                *planwatch_command(),
                "serve",
                "--host",
                HOST,
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--db",
                url,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_until_up(base: str, server: subprocess.Popen[bytes], log: Path, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(base + "/api/v1/me", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            sys.stderr.write(log.read_text(encoding="utf-8", errors="replace"))
            raise SystemExit("服务没有启动（见上面的输出）/ the server did not start")
        time.sleep(0.2)


def session_cookie(base: str, role: str) -> str:
    """The session cookie a browser holds: an anonymous one (its CSRF token only) or the planner's."""
    with httpx.Client(base_url=base, timeout=30) as client:
        token = client.get("/api/v1/me").json()["csrf_token"]
        if role == "planner":
            r = client.post(
                "/login",
                data={"username": PLANNER[0], "password": PLANNER[1], "csrf_token": token},
                headers={"Accept": "application/json"},
            )
            if r.status_code != 200:
                raise SystemExit(f"login as {PLANNER[0]} failed: HTTP {r.status_code} {r.text[:200]}")
        value = client.cookies.get(COOKIE)
        if not value:
            raise SystemExit(f"the server set no {COOKIE} cookie")
        return f"{COOKIE}={value}"


def server_cpu(server: psutil.Process) -> float:
    """CPU seconds (user + system) of the server and every worker it started, so far."""
    total = 0.0
    for proc in [server, *server.children(recursive=True)]:
        try:
            t = proc.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def task_ids(html: str) -> set[str]:
    return set(re.findall(r'href="/plans/1/tasks/([^"/?#]+)"', html))


def check_tasks(base: str, cookie: str) -> str:
    """How many tasks the 任务分工 page (all its pages) and its JSON reach."""
    with httpx.Client(base_url=base, timeout=60, headers={"Cookie": cookie}) as client:
        seen: set[str] = set()
        pages = 0
        for page in range(1, 200):
            r = client.get("/plans/1/tasks", params={"page": page} if page > 1 else None)
            if r.status_code != 200:
                break
            new = task_ids(r.text) - seen
            if not new:
                break
            seen |= new
            pages += 1
        listed = len(client.get("/api/v1/plans/1/tasks").json())
    verdict = "ok" if len(seen) == listed == DALIAN_TASKS else "NOT all"
    return f"任务分工 reaches {len(seen)} tasks on {pages} page(s); JSON lists {listed} ({verdict}, expect {DALIAN_TASKS})"


def warm_up(
    base: str, endpoints: list[tuple[str, str]], cookie: str, rounds: int = 5
) -> list[tuple[str, str]]:
    """The endpoints that answer 200 (a missing one, such as page 8 of an unpaginated table, is
    left out with a note), with their first-request costs paid."""
    kept = []
    with httpx.Client(base_url=base, timeout=60, headers={"Cookie": cookie}) as client:
        for name, path in endpoints:
            status = 0
            for _ in range(rounds):
                status = client.get(path).status_code
                if status != 200:
                    break
            if status == 200:
                kept.append((name, path))
            else:
                print(f"  skipped {name} {unquote(path)}: HTTP {status}")
    return kept


def drain(base: str, timeout: float = 10) -> None:
    """Wait until the server has finished the previous endpoint's queued requests (a trivial request
    answers quickly again), so one endpoint's backlog is not counted against the next."""
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=base, timeout=10) as client:
        while time.monotonic() < deadline:
            t0 = time.perf_counter()
            client.get("/api/v1/me")
            if time.perf_counter() - t0 < 0.02:
                return
            time.sleep(0.2)


# What the load's requests accept (--accept-encoding): browsers, httpx and requests all ask for gzip;
# wrk asks for nothing unless told, and would measure replies no real client gets.
ACCEPT_ENCODING = ["gzip, deflate"]


def _headers(cookie: str) -> dict[str, str]:
    return {"Cookie": cookie, "Accept-Encoding": ACCEPT_ENCODING[0]}


def percentile(ordered: list[float], q: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def sequential(base: str, path: str, cookie: str, n: int) -> tuple[float, float]:
    """p50 and p95 (ms) of ``n`` requests one after another: the latency without queueing."""
    samples = []
    with httpx.Client(base_url=base, timeout=30, headers=_headers(cookie)) as client:
        for _ in range(n):
            t0 = time.perf_counter()
            r = client.get(path)
            samples.append((time.perf_counter() - t0) * 1000)
            if r.status_code != 200:
                raise SystemExit(f"{path}: HTTP {r.status_code}")
    ordered = sorted(samples)
    return percentile(ordered, 50), percentile(ordered, 95)


def run_wrk(wrk: str, base: str, path: str, cookie: str, clients: int, duration: float) -> Result:
    threads = max(1, min(clients, os.cpu_count() or 1, 4))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        out = subprocess.run(
            [
                wrk,
                "-t",
                str(threads),
                "-c",
                str(clients),
                "-d",
                f"{max(1, round(duration))}s",
                "--timeout",
                "10s",
                "-H",
                f"Cookie: {cookie}",
                "-H",
                f"Accept-Encoding: {ACCEPT_ENCODING[0]}",
                "-s",
                script.name,
                base + path,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=duration + 60,
        ).stdout
    finally:
        os.unlink(script.name)
    line = next((x for x in out.splitlines() if x.startswith("PWRESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result for {path}:\n{out}")
    n, dur_us, e_conn, e_read, e_write, e_status, e_timeout, p50, p95, p99, top = map(int, line.split()[1:])
    errors = e_conn + e_read + e_write + e_status + e_timeout
    return Result("", path, n, dur_us / 1e6, errors, p50 / 1000, p95 / 1000, p99 / 1000, top / 1000)


async def _httpx_load(
    base: str, path: str, cookie: str, clients: int, duration: float, max_requests: int
) -> Result:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    headers = _headers(cookie)
    async with httpx.AsyncClient(base_url=base, timeout=10, limits=limits, headers=headers) as client:
        started = time.perf_counter()
        stop = started + duration

        async def one_client() -> None:
            nonlocal errors
            while time.perf_counter() < stop and len(latencies) + errors < max_requests:
                t0 = time.perf_counter()
                try:
                    r = await client.get(path)
                    await r.aread()
                    ok = r.status_code < 400
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies.append((time.perf_counter() - t0) * 1000)
                else:
                    errors += 1

        await asyncio.gather(*(one_client() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    top = ordered[-1] if ordered else float("nan")
    return Result(
        "",
        path,
        len(latencies) + errors,
        elapsed,
        errors,
        percentile(ordered, 50),
        percentile(ordered, 95),
        percentile(ordered, 99),
        top,
    )


def measure(
    args: argparse.Namespace,
    wrk: str | None,
    base: str,
    server: psutil.Process,
    name: str,
    path: str,
    cookie: str,
) -> Result:
    drain(base)
    cpu0, load0, self0 = server_cpu(server), children_cpu(), self_cpu()
    if wrk:
        result = run_wrk(wrk, base, path, cookie, args.clients, args.duration)
        load = children_cpu() - load0
    else:
        coro = _httpx_load(base, path, cookie, args.clients, args.duration, args.max_requests)
        result = asyncio.run(coro)
        load = self_cpu() - self0
    result.server_cpu = server_cpu(server) - cpu0
    result.load_cpu = load
    result.name = name
    return result


def row(r: Result) -> str:
    per = r.server_cpu / r.requests * 1000 if r.requests else float("nan")
    return (
        f"  {pad(r.name)} {r.requests:>8} {r.rps:>7.1f} {r.p50_ms:>7.1f} {r.p95_ms:>7.1f} {r.p99_ms:>7.1f} "
        f"{r.max_ms:>7.1f} {r.errors:>6} {r.server_cpu:>6.1f} {per:>7.2f} {r.load_cpu:>6.1f}  "
        f"{'pass' if r.passed else 'FAIL'}  {unquote(r.path)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--duration", type=float, default=20.0, help="seconds of load per endpoint (default 20)"
    )
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--client", choices=["auto", "wrk", "httpx"], default="auto")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (default 1)")
    parser.add_argument(
        "--db",
        default=None,
        help="database URL (default: a temporary SQLite file); PostgreSQL: created if missing",
    )
    parser.add_argument(
        "--as", dest="roles", default="anonymous,planner", help="who loads: anonymous, planner or both"
    )
    parser.add_argument(
        "--max-requests", type=int, default=200_000, help="cap per endpoint for the httpx client"
    )
    parser.add_argument(
        "--sequential", type=int, default=50, help="requests one at a time per endpoint first (default 50)"
    )
    parser.add_argument("--only", default=None, help="only endpoints whose name or path contains this")
    parser.add_argument(
        "--accept-encoding",
        default=ACCEPT_ENCODING[0],
        help='what every request accepts (default "gzip, deflate", as browsers and httpx; "identity": '
        "uncompressed replies)",
    )
    args = parser.parse_args()
    ACCEPT_ENCODING[0] = args.accept_encoding
    if not (1 <= args.clients <= 1000 and 0 < args.duration <= 600 and 1 <= args.workers <= 32):
        raise SystemExit("--clients must be 1–1000, --duration 0–600 seconds, --workers 1–32")
    roles = [r.strip() for r in args.roles.split(",") if r.strip()]
    if not roles or any(r not in ("anonymous", "planner") for r in roles):
        raise SystemExit("--as takes anonymous, planner or anonymous,planner")

    wrk = shutil.which("wrk") if args.client in ("auto", "wrk") else None
    if args.client == "wrk" and wrk is None:
        raise SystemExit("wrk is not installed (apt-get install wrk), or use --client httpx")
    endpoints = [(n, p) for n, p in ENDPOINTS if args.only is None or args.only in n or args.only in p]

    results: list[tuple[str, Result]] = []
    with tempfile.TemporaryDirectory(prefix="planwatch-load-") as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'load.db'}"
        backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        t0 = time.perf_counter()
        prepare(url)
        prepared = time.perf_counter() - t0
        port = free_port()
        base = f"http://{HOST}:{port}"
        log = Path(tmp) / "serve.log"
        t0 = time.perf_counter()
        server = start_server(url, port, args.workers, log)
        try:
            wait_until_up(base, server, log)
            startup = time.perf_counter() - t0
            proc = psutil.Process(server.pid)
            print(
                f"PlanWatch {base}: {backend}, {args.workers} worker(s); database prepared in "
                f"{prepared:.1f} s, server up in {startup:.1f} s; Python {sys.version.split()[0]}, "
                f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} before the run"
            )
            print(
                f"load: {'wrk' if wrk else 'asyncio + httpx'}, {args.clients} concurrent clients, "
                f"{args.duration:g} s per endpoint, keep-alive, Accept-Encoding: {args.accept_encoding}; targets p95 < {P95_TARGET_MS:g} ms "
                f"and >= {RPS_TARGET:g} req/s"
            )
            for role in roles:
                cookie = session_cookie(base, role)
                print(f"\n== {role} ==")
                if role == roles[0]:
                    print("  " + check_tasks(base, cookie))
                kept = warm_up(base, endpoints, cookie)
                if args.sequential:
                    print(f"one client, {args.sequential} requests each (no queueing):")
                    for name, path in kept:
                        p50, p95 = sequential(base, path, cookie, args.sequential)
                        print(f"  {pad(name)} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms   {unquote(path)}")
                header = (
                    f"  {pad('endpoint')} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
                    f"{'p99 ms':>7} {'max ms':>7} {'errors':>6} {'srv s':>6} {'ms/req':>7} {'load s':>6}"
                )
                print(
                    f"{args.clients} concurrent clients (srv s: server CPU seconds, ms/req: server CPU "
                    f"per request, load s: {'wrk' if wrk else 'this process'} CPU seconds):"
                )
                print(header)
                print("  " + "-" * (len(header) + 10))
                for name, path in kept:
                    result = measure(args, wrk, base, proc, name, path, cookie)
                    results.append((role, result))
                    print(row(result), flush=True)
            if server.poll() is not None:
                raise SystemExit("the server stopped during the run")
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()

    if not results:
        return
    every = [r for _, r in results]
    failed = [f"{role}/{r.name}" for role, r in results if not r.passed]
    srv = sum(r.server_cpu for r in every)
    load = sum(r.load_cpu for r in every)
    wall = sum(r.seconds for r in every)
    print(
        f"\nCPU over the loaded {wall:.0f} s: server {srv:.1f} s ({srv / wall * 100:.0f}% of one core), "
        f"load generator {load:.1f} s ({load / wall * 100:.0f}% of one core) on {os.cpu_count()} CPUs"
    )
    print(
        f"errors: {sum(r.errors for r in every)}; mean throughput "
        f"{statistics.fmean(r.rps for r in every):.1f} req/s; "
        f"targets met by {len(every) - len(failed)} of {len(every)} endpoint runs"
        + (f"; not met: {', '.join(failed)}" if failed else "")
    )


if __name__ == "__main__":
    main()
