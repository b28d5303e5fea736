"""Benchmark: the web app under load, on SQLite, over loopback.

Starts ``planwatch serve`` on a fresh SQLite file (it imports the embedded Dalian plan first) in a
subprocess on a free 127.0.0.1 port, then loads one endpoint at a time with N concurrent clients
(default 20) for a fixed time (default 20 s each) and prints, per endpoint, the requests per second,
p50/p95/p99 latency and the error count (failed connections, timeouts and non-2xx answers):

    总览 /plans/1 · 条目 /plans/1/text/p3.a7 · 任务分工 /plans/1/tasks ·
    搜索页 /plans/1/search?q=海洋经济 · 搜索 API /api/v1/search?q=海洋经济&plan=1

The load comes from ``wrk`` (Debian package ``wrk``) when it is installed, else from an asyncio +
httpx client in this process (which costs more CPU per request, so it understates the server a
little). Every run is bounded: by ``--duration`` per endpoint and, for the httpx client, by
``--max-requests`` too. Nothing leaves the machine. Run:

    .venv/bin/python bench/web_load.py [--duration 20] [--clients 20] [--client auto|wrk|httpx]
                                       [--workers 1] [--only search]
"""

from __future__ import annotations

import argparse
import asyncio
import os
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

HOST = "127.0.0.1"  # loopback only: this never loads anything but the server it started
QUERY = "海洋经济"
ENDPOINTS = [
    ("总览", "/plans/1"),
    ("条目", "/plans/1/text/p3.a7"),
    ("任务分工", "/plans/1/tasks"),
    ("搜索页", f"/plans/1/search?q={quote(QUERY)}"),
    ("搜索 API", f"/api/v1/search?q={quote(QUERY)}&plan=1"),
]
SEARCH_P95_TARGET_MS = 50.0

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

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def pad(label: str, width: int = 10) -> str:
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


def start_server(db_path: Path, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
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
                f"sqlite:///{db_path}",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_until_up(base: str, server: subprocess.Popen[bytes], log: Path, timeout: float = 120) -> None:
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


def warm_up(base: str, rounds: int = 10) -> None:
    """Every endpoint answers 200 before it is measured, and its first-request costs are paid."""
    with httpx.Client(base_url=base, timeout=30) as client:
        for name, path in ENDPOINTS:
            for _ in range(rounds):
                r = client.get(path)
                if r.status_code != 200:
                    raise SystemExit(f"{name} {path}: HTTP {r.status_code}")


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


def sequential(base: str, path: str, n: int) -> tuple[float, float]:
    """p50 and p95 (ms) of ``n`` requests one after another: the latency without queueing."""
    samples = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for _ in range(n):
            t0 = time.perf_counter()
            r = client.get(path)
            samples.append((time.perf_counter() - t0) * 1000)
            if r.status_code != 200:
                raise SystemExit(f"{path}: HTTP {r.status_code}")
    ordered = sorted(samples)
    return percentile(ordered, 50), percentile(ordered, 95)


def run_wrk(wrk: str, base: str, name: str, path: str, clients: int, duration: float) -> Result:
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
    return Result(
        name,
        path,
        n,
        dur_us / 1e6,
        e_conn + e_read + e_write + e_status + e_timeout,
        p50 / 1000,
        p95 / 1000,
        p99 / 1000,
        top / 1000,
    )


def percentile(ordered: list[float], q: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


async def _httpx_load(base: str, path: str, clients: int, duration: float, max_requests: int) -> Result:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=10, limits=limits) as client:
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
    return Result(
        "",
        path,
        len(latencies) + errors,
        elapsed,
        errors,
        percentile(ordered, 50),
        percentile(ordered, 95),
        percentile(ordered, 99),
        ordered[-1] if ordered else float("nan"),
    )


def run_httpx(base: str, name: str, path: str, clients: int, duration: float, max_requests: int) -> Result:
    result = asyncio.run(_httpx_load(base, path, clients, duration, max_requests))
    result.name = name
    return result


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
        "--max-requests", type=int, default=200_000, help="cap per endpoint for the httpx client"
    )
    parser.add_argument(
        "--sequential", type=int, default=100, help="requests one at a time per endpoint first (default 100)"
    )
    parser.add_argument("--only", default=None, help="only endpoints whose name or path contains this")
    args = parser.parse_args()
    if not (1 <= args.clients <= 1000 and 0 < args.duration <= 600):
        raise SystemExit("--clients must be 1–1000 and --duration 0–600 seconds")

    wrk = shutil.which("wrk") if args.client in ("auto", "wrk") else None
    if args.client == "wrk" and wrk is None:
        raise SystemExit("wrk is not installed (apt-get install wrk), or use --client httpx")
    endpoints = [(n, p) for n, p in ENDPOINTS if args.only is None or args.only in n or args.only in p]

    with tempfile.TemporaryDirectory(prefix="planwatch-load-") as tmp:
        port = free_port()
        base = f"http://{HOST}:{port}"
        log = Path(tmp) / "serve.log"
        t0 = time.perf_counter()
        server = start_server(Path(tmp) / "load.db", port, args.workers, log)
        try:
            wait_until_up(base, server, log)
            startup = time.perf_counter() - t0
            warm_up(base)
            print(
                f"PlanWatch {base}: SQLite, {args.workers} worker(s), first start incl. plan import "
                f"{startup:.1f} s; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
            )
            print(
                f"load: {'wrk' if wrk else 'asyncio + httpx'}, {args.clients} concurrent clients, "
                f"{args.duration:g} s per endpoint, keep-alive connections\n"
            )
            if args.sequential:
                print(f"one client, {args.sequential} requests each (no queueing):")
                for name, path in endpoints:
                    p50, p95 = sequential(base, path, args.sequential)
                    print(f"  {pad(name)} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms   {unquote(path)}")
                print(f"\n{args.clients} concurrent clients:")
            header = (
                f"  {'endpoint':<10} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
                f"{'p99 ms':>8} {'max ms':>8} {'errors':>7}  path"
            )
            print(header)
            print("  " + "-" * (len(header) - 2))
            results = []
            for name, path in endpoints:
                drain(base)
                if wrk:
                    result = run_wrk(wrk, base, name, path, args.clients, args.duration)
                else:
                    result = run_httpx(base, name, path, args.clients, args.duration, args.max_requests)
                results.append(result)
                print(
                    f"  {pad(name)} {result.requests:>9} {result.rps:>8.1f} {result.p50_ms:>8.1f} "
                    f"{result.p95_ms:>8.1f} {result.p99_ms:>8.1f} {result.max_ms:>8.1f} {result.errors:>7}"
                    f"  {unquote(path)}",
                    flush=True,
                )
            if server.poll() is not None:
                raise SystemExit("the server stopped during the run")
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()

    searches = [r for r in results if "search" in r.path]
    if searches:
        worst = max(r.p95_ms for r in searches)
        verdict = "met" if worst < SEARCH_P95_TARGET_MS else "NOT met"
        print(
            f"\nsearch p95 under {args.clients} clients: {worst:.1f} ms "
            f"(target < {SEARCH_P95_TARGET_MS:g} ms: {verdict})"
        )
    total_errors = sum(r.errors for r in results)
    print(f"errors: {total_errors}; mean throughput {statistics.fmean(r.rps for r in results):.1f} req/s")


if __name__ == "__main__":
    main()
