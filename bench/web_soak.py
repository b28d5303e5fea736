"""Soak test: the web app under 50 concurrent clients for 5 minutes, over loopback, with zero errors.

Starts ``planwatch serve`` (uvicorn, ``--workers`` processes) on a fresh database holding the
embedded Dalian plan and ``--plans`` variants of it (each with its own marker in article (7)), then
runs ``--clients`` asyncio + aiohttp clients for ``--duration`` seconds over a mix of HTML pages and
JSON endpoints of every plan. Every answer is checked, not only its status: a plan's JSON must name
that plan and its article (7) must carry that plan's marker, so an analysis served from the
per-process cache of another plan (services.plans.load_plan) counts as an error. Prints throughput,
p50/p95/p99/max latency and errors, overall and per endpoint; exits 1 on any error.

    .venv/bin/python bench/web_soak.py [--duration 300] [--clients 50] [--workers 2] [--plans 9]
                                       [--db postgresql+psycopg://user@host/empty_database]

With ``--plans`` above the cache size (32 versions per process) the clients also exercise cache
evictions and concurrent misses. Meanwhile writers run as people would (``--no-writes`` turns
them off): a planner imports a plan file through the web (``POST /api/v1/imports``, new versions of
a plan of its own) every ``--import-every`` seconds, a planner changes task assignments (PATCH) and
a reporter of 大连市教育局 submits progress reports that a planner approves, each about once a
second. A writer's answer counts as an error when it is a 5xx, a connection failure or a status
the operation never gives (a report may get 409 while an earlier one awaits review). Nothing
leaves the machine; the SQLite file is temporary.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp
import httpx
import psutil

from web_load import self_cpu, server_cpu

HOST = "127.0.0.1"
QUERY = quote("海洋经济")
ARTICLE = "培育壮大战略性新兴产业"
P99_TARGET_MS = 500.0
PLANNER = ("soak-planner", "soak-planner-pw-123")
REPORTER = ("soak-reporter", "soak-reporter-pw-123", "大连市教育局")
OWN_TASK = "p11.a44.t1"  # led by 大连市教育局: its reporter may report on it
EDITED_TASKS = ("p3.a6.t5", "p3.a7.t1", "p10.a37.t1", "p10.a39.t2")
LEADS = ("市发展改革委", "市工业和信息化局")
IMPORTED_PLAN = "浸泡测试导入规划"


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str  # with {plan}
    weight: int
    json: bool = False


ENDPOINTS = [
    Endpoint("总览", "/plans/{plan}", 3),
    Endpoint("条目", "/plans/{plan}/text/p3.a7", 3),
    Endpoint("任务分工", "/plans/{plan}/tasks", 2),
    Endpoint("任务", "/plans/{plan}/tasks/p3.a6.t5", 2),
    Endpoint("搜索页", "/plans/{plan}/search?q=" + QUERY, 2),
    Endpoint("监测", "/plans/{plan}/monitoring", 1),
    Endpoint("API 规划", "/api/v1/plans/{plan}", 3, True),
    Endpoint("API 条目", "/api/v1/plans/{plan}/nodes/p3.a7", 3, True),
    Endpoint("API 分工", "/api/v1/plans/{plan}/assignments", 2, True),
    Endpoint("API 任务", "/api/v1/plans/{plan}/tasks/p3.a6.t5", 2, True),
    Endpoint("API 搜索", "/api/v1/search?q=" + QUERY + "&plan={plan}", 2, True),
    Endpoint("API 数量", "/api/v1/plans/{plan}/quantities", 1, True),
]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    examples: list[str] = field(default_factory=list)

    def fail(self, what: str) -> None:
        self.errors += 1
        if len(self.examples) < 3:
            self.examples.append(what)


def percentile(ordered: list[float], q: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def planwatch() -> list[str]:
    return [str(Path(sys.executable).with_name("planwatch"))]


def prepare(db_url: str, folder: Path, variants: int) -> dict[int, tuple[str, str]]:
    """Imports the Dalian plan and its variants; returns plan id -> (name, marker in article (7))."""
    from planwatch.services.plans.analyze import default_plan_bytes

    text = default_plan_bytes()[0].decode("utf-8")
    plans: dict[int, tuple[str, str]] = {}
    for k in range(variants + 1):
        marker = f"（变体{k}）" if k else ""
        path = folder / f"plan{k}.txt"
        path.write_text(text.replace(ARTICLE, ARTICLE + marker, 1), encoding="utf-8")
        name = f"大连十五五建议{marker or '（原文）'}"
        done = subprocess.run(
            [*planwatch(), "import", str(path), "--db", db_url, "--name", name],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        plans[k + 1] = (name, ARTICLE + marker)
    create_users(db_url)
    return plans


def create_users(db_url: str) -> None:
    """The planner and the reporter the writers log in as."""
    from planwatch.services.admin import users
    from planwatch.settings import Settings
    from planwatch.store.engine import make_engine, transaction

    settings = Settings(db_url=db_url)
    engine = make_engine(db_url)
    try:
        with transaction(engine) as session:
            users.create_user(
                session, settings, PLANNER[0], PLANNER[1], "planner", display_name="规划处", by="soak"
            )
            users.create_user(
                session,
                settings,
                REPORTER[0],
                REPORTER[1],
                "reporter",
                department=REPORTER[2],
                display_name="教育局",
                by="soak",
            )
    finally:
        engine.dispose()


async def log_in(base: str, username: str, password: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, timeout=120)
    token = (await client.get("/api/v1/me")).json()["csrf_token"]
    r = await client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        headers={"Accept": "application/json"},
    )
    r.raise_for_status()
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return client


async def writers(base: str, stop: float, import_every: float, tallies: dict[str, Tally]) -> None:
    """Imports, assignment edits and progress reports with reviews, until ``stop``."""
    from planwatch.services.plans.analyze import default_plan_bytes

    plan_text = default_plan_bytes()[0]
    planner = await log_in(base, *PLANNER)
    editor = await log_in(base, *PLANNER)
    reporter = await log_in(base, REPORTER[0], REPORTER[1])

    async def timed(name: str, call: Any, ok: tuple[int, ...]) -> httpx.Response | None:
        tally = tallies[name]
        t0 = time.perf_counter()
        try:
            response: httpx.Response = await call
        except httpx.HTTPError as exc:
            tally.fail(f"{type(exc).__name__}: {exc}")
            return None
        if response.status_code in ok:
            tally.latencies.append((time.perf_counter() - t0) * 1000)
            return response
        tally.fail(f"HTTP {response.status_code}: {response.text[:200]}")
        return None

    async def importing() -> None:
        k = 0
        while time.perf_counter() < stop:
            k += 1
            data = plan_text + f"\n（{k}）补充推进第{k}批示范项目建设。\n".encode()
            files = {"file": (f"soak{k}.txt", data, "text/plain")}
            await timed(
                "写 导入",
                planner.post("/api/v1/imports", data={"name": IMPORTED_PLAN}, files=files),
                (200, 201),
            )
            await asyncio.sleep(max(0.0, min(import_every, stop - time.perf_counter())))

    async def editing() -> None:
        k = 0
        while time.perf_counter() < stop:
            task, lead = EDITED_TASKS[k % len(EDITED_TASKS)], LEADS[(k // len(EDITED_TASKS)) % 2]
            body = {"lead": lead, "note": f"浸泡测试第{k}次调整"}
            await timed(
                "写 分工", editor.patch(f"/api/v1/plans/1/tasks/{task}/assignment", json=body), (200,)
            )
            k += 1
            await asyncio.sleep(1.0)

    async def reporting() -> None:
        k = 0
        while time.perf_counter() < stop:
            body = {"period": f"{2026 + k // 4}Q{k % 4 + 1}", "state": "推进中", "percent": k % 100}
            sent = await timed(
                "写 报送", reporter.post(f"/api/v1/plans/1/tasks/{OWN_TASK}/progress", json=body), (201, 409)
            )
            if sent is not None and sent.status_code == 201:
                report_id = sent.json()["report"]["id"]
                review = {"approve": True, "comment": "浸泡测试通过"}
                await timed(
                    "写 审核",
                    planner.post(f"/api/v1/plans/1/reports/{report_id}/review", json=review),
                    (200,),
                )
            k += 1
            await asyncio.sleep(1.0)

    try:
        await asyncio.gather(importing(), editing(), reporting())
    finally:
        for client in (planner, editor, reporter):
            await client.aclose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def check(endpoint: Endpoint, status: int, body: bytes, plan: tuple[str, str]) -> str | None:
    """What is wrong with an answer, or None."""
    if status != 200:
        return f"HTTP {status}"
    name, title = plan
    if endpoint.json:
        data = json.loads(body)
        if endpoint.name in ("API 规划", "API 条目") and data["plan"]["name"] != name:
            return f"plan name {data['plan']['name']!r}, expected {name!r}"
        if endpoint.name == "API 条目" and data["node"]["title"] != title:
            return f"article (7) title {data['node']['title']!r}, expected {title!r}"
    elif endpoint.name == "条目" and title not in body.decode("utf-8"):
        return f"article (7) page without {title!r}"
    return None


async def soak(
    base: str,
    plans: dict[int, tuple[str, str]],
    clients: int,
    duration: float,
    seed: int,
    import_every: float | None,
) -> tuple[dict[str, Tally], dict[str, Tally], float]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    written: dict[str, Tally] = defaultdict(Tally)
    weights = [e.weight for e in ENDPOINTS]
    # Readers on aiohttp: httpx spent 3.5–4.1 ms of the generator's CPU per request (aiohttp 0.43 ms,
    # same server, same run), so on a 2-core machine the generator, not the server, set the pace
    # and the latencies. One cookie jar for all readers, as one httpx client had (unsafe=True: keep
    # cookies of an IP address host), so they share one anonymous session.
    connector = aiohttp.TCPConnector(limit=clients)
    timeout = aiohttp.ClientTimeout(total=30)
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout, cookie_jar=jar) as client:
        started = time.perf_counter()
        stop = started + duration

        async def one_client(i: int) -> None:
            rng = random.Random(seed * 1000 + i)
            while time.perf_counter() < stop:
                endpoint = rng.choices(ENDPOINTS, weights)[0]
                plan_id = rng.choice(list(plans))
                tally = tallies[endpoint.name]
                t0 = time.perf_counter()
                try:
                    async with client.get(endpoint.path.format(plan=plan_id)) as response:
                        body = await response.read()
                    problem = check(endpoint, response.status, body, plans[plan_id])
                except (aiohttp.ClientError, TimeoutError, ValueError, KeyError, TypeError) as exc:
                    problem = f"{type(exc).__name__}: {exc}"
                if problem is None:
                    tally.latencies.append((time.perf_counter() - t0) * 1000)
                else:
                    tally.fail(f"{endpoint.path.format(plan=plan_id)}: {problem}")

        jobs = [one_client(i) for i in range(clients)]
        if import_every is not None:
            jobs.append(writers(base, stop, import_every, written))
        await asyncio.gather(*jobs)
        elapsed = time.perf_counter() - started
    return tallies, written, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=300.0, help="seconds of load (default 300)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes (default 2)")
    parser.add_argument("--plans", type=int, default=9, help="variants besides the Dalian plan (default 9)")
    parser.add_argument("--db", default=None, help="an empty database URL (default: a temporary SQLite file)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--import-every", type=float, default=30.0, help="seconds between web imports (default 30)"
    )
    parser.add_argument("--no-writes", action="store_true", help="readers only: no imports, edits, reports")
    parser.add_argument(
        "--access-log",
        action="store_true",
        help="the server logs every request (info level: worker exits too)",
    )
    args = parser.parse_args()
    if not (1 <= args.clients <= 1000 and 0 < args.duration <= 3600 and 0 <= args.plans <= 50):
        raise SystemExit("--clients 1–1000, --duration 0–3600 s, --plans 0–50")

    with tempfile.TemporaryDirectory(prefix="planwatch-soak-") as tmp:
        folder = Path(tmp)
        db_url = args.db or f"sqlite:///{folder / 'soak.db'}"
        t0 = time.perf_counter()
        plans = prepare(db_url, folder, args.plans)
        print(f"{len(plans)} plans imported in {time.perf_counter() - t0:.1f} s")
        port = free_port()
        base = f"http://{HOST}:{port}"
        log = folder / "serve.log"
        with log.open("wb") as out:
            server = subprocess.Popen(
                [
                    *planwatch(),
                    "serve",
                    "--host",
                    HOST,
                    "--port",
                    str(port),
                    "--workers",
                    str(args.workers),
                    "--db",
                    db_url,
                    *(["--access-log"] if args.access_log else []),
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(base + "/api/v1/me", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.stderr.write(log.read_text(encoding="utf-8", errors="replace"))
                    raise SystemExit("the server did not start")
                time.sleep(0.2)
            backend = "PostgreSQL" if db_url.startswith("postgresql") else "SQLite"
            print(
                f"PlanWatch {base}: {backend}, {args.workers} uvicorn worker(s), {len(plans)} plans; "
                f"{args.clients} clients (asyncio + aiohttp, keep-alive) for {args.duration:g} s; "
                f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
            )
            writes = None if args.no_writes else args.import_every
            watched = psutil.Process(server.pid)
            server0, self0 = server_cpu(watched), self_cpu()
            tallies, written, elapsed = asyncio.run(
                soak(base, plans, args.clients, args.duration, args.seed, writes)
            )
            used_server, used_load = server_cpu(watched) - server0, self_cpu() - self0
            alive = server.poll() is None
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        server_log = log.read_text(encoding="utf-8", errors="replace")
        if args.access_log:
            kept = Path(tempfile.gettempdir()) / "planwatch-soak-serve.log"
            kept.write_text(server_log, encoding="utf-8")
            print(f"the server's log: {kept}")

    every = sorted(x for t in tallies.values() for x in t.latencies)
    errors = sum(t.errors for t in [*tallies.values(), *written.values()])
    total = len(every) + sum(t.errors for t in tallies.values())
    header = f"  {'endpoint':<12} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
    print(header + "\n  " + "-" * (len(header) - 2))
    for name, t in [*((e.name, tallies[e.name]) for e in ENDPOINTS), *sorted(written.items())]:
        lat = sorted(t.latencies)
        n = len(lat) + t.errors
        label = name + " " * max(0, 12 - sum(2 if ord(c) > 0x2E80 else 1 for c in name))
        print(
            f"  {label} {n:>9} {n / elapsed:>7.1f} {percentile(lat, 50):>8.1f} {percentile(lat, 95):>8.1f} "
            f"{percentile(lat, 99):>8.1f} {t.errors:>7}"
        )
    print(
        f"\nreads: {total} requests in {elapsed:.0f} s = {total / elapsed:.1f} req/s; "
        f"p50 {percentile(every, 50):.1f} ms, p95 {percentile(every, 95):.1f} ms, "
        f"p99 {percentile(every, 99):.1f} ms, max {every[-1] if every else float('nan'):.1f} ms, "
        f"mean {statistics.fmean(every) if every else float('nan'):.1f} ms; "
        f"errors {errors} (reads and writes)"
    )
    print(
        f"CPU: server {used_server:.1f} s ({used_server / elapsed:.0%} of a core, every worker), "
        f"load generator {used_load:.1f} s ({used_load / elapsed:.0%} of a core); {os.cpu_count()} cores"
    )
    p99 = percentile(every, 99)
    verdict = "met" if p99 < P99_TARGET_MS and errors == 0 else "NOT met"
    print(f"target p99 < {P99_TARGET_MS:g} ms with 0 errors: {verdict}")
    for name, t in [*tallies.items(), *written.items()]:
        for example in t.examples:
            print(f"  error ({name}): {example}")
    if errors or not alive:
        print("the server's log, last 40 lines:\n" + "\n".join(server_log.splitlines()[-40:]))
    if not alive:
        print("the server stopped during the run")
    if errors or not alive:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
