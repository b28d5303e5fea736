"""Benchmark: sentence search on the embedded Dalian plan, on SQLite (target: p95 < 50 ms).

Measures, over a few hundred queries (the brief's, words and bigrams taken from the plan itself,
multi-word and one-character queries, queries that match nothing, and SQL/FTS metacharacters):

1. in-process: ``services.search.search_page`` with a fresh session per query, as a request has;
2. over HTTP, one client: ``GET /api/v1/search`` (JSON) and ``GET /plans/1/search`` (the HTML page)
   against ``planwatch serve``'s app running in a separate uvicorn process;
3. over HTTP, 20 concurrent clients on the JSON API and the page: latency and requests per second,
   beside the same load on a trivial endpoint (``/api/v1/me``) as the floor of the stack.

Also reports the cost of indexing the plan (done once, at import). Run:
    .venv/bin/python bench/web_search.py [--rounds N] [--clients 20] [--workers 1]
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import httpx
import rjieba

from planwatch.services.plans import search as search_service
from planwatch.services.plans.analyze import analyze_path
from planwatch.services.plans.records import import_analysis
from planwatch.settings import Settings
from planwatch.store.engine import make_engine, session_factory, transaction
from planwatch.store.migrate import upgrade

BRIEF = ["海洋经济", "研发投入", "营商环境", "长海跨海大桥", "托育"]
NASTY = [
    "' OR '1'='1",
    "'; DROP TABLE sentences; --",
    "海洋 AND 经济",
    "NEAR(海洋 经济)",
    "海洋*",
    "%_",
    "(海洋",
]


def queries(text: str, n: int, seed: int = 5) -> list[str]:
    """A reproducible mix of queries drawn from the plan's own text."""
    rng = random.Random(seed)
    words = sorted({w for w in rjieba.cut(text) if len(w) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in w)})
    chars = sorted({c for c in text if "\u4e00" <= c <= "\u9fff"})
    out = list(BRIEF) + list(NASTY)
    while len(out) < n:
        kind = rng.random()
        if kind < 0.45:
            out.append(rng.choice(words))
        elif kind < 0.65:
            out.append(" ".join(rng.sample(words, 2)))
        elif kind < 0.75:
            out.append(rng.choice(chars))
        elif kind < 0.85:
            start = rng.randrange(len(text) - 8)
            out.append(text[start : start + rng.randint(3, 8)].strip() or "发展")
        else:
            out.append(rng.choice(words) + rng.choice(words))  # mostly no exact match: the fallback path
    return out


def percentiles(samples: Sequence[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p = statistics.quantiles(ms, n=100, method="inclusive")
    return (
        f"p50 {p[49]:6.2f} ms  p95 {p[94]:6.2f} ms  p99 {p[98]:6.2f} ms  max {ms[-1]:6.2f} ms  (n={len(ms)})"
    )


def timed(fn: Callable[[str], object], qs: Sequence[str]) -> list[float]:
    times = []
    for q in qs:
        t0 = time.perf_counter()
        fn(q)
        times.append(time.perf_counter() - t0)
    return times


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2, help="passes over the queries per measurement")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="planwatch-bench-"))
    url = f"sqlite:///{tmp / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    analysis = analyze_path(None, Settings(db_url=url))
    with transaction(engine) as session:
        version = import_analysis(session, analysis).version
    with transaction(engine) as session:
        t0 = time.perf_counter()
        indexed = search_service.index_version(session, version.id)
        index_time = time.perf_counter() - t0
    text = analysis.document.text
    qs = queries(text, args.queries) * args.rounds
    print(
        f"plan: {len(text)} characters, {indexed} sentences; indexing them takes {index_time * 1000:.1f} ms"
    )
    print(f"{len(qs)} searches ({args.queries} distinct queries × {args.rounds}), SQLite, limit 20")

    sessions = session_factory(engine)

    def in_process(q: str) -> object:
        with sessions() as session:
            return search_service.search_page(session, q, "1")

    timed(in_process, qs[:50])  # warm-up: rjieba's dictionary, SQLite page cache, statement cache
    hits = [in_process(q)["total"] for q in qs[: args.queries]]  # type: ignore[index]
    print(f"queries with results: {sum(1 for h in hits if h)} of {len(hits)}")
    print(f"in-process service : {percentiles(timed(in_process, qs))}")
    engine.dispose()

    port = free_port()
    env = {**os.environ, "PLANWATCH_DB_URL": url}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "planwatch.web.factory:app_from_env", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
         "--workers", str(args.workers)],
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/api/v1/plans", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.1)
        with httpx.Client(base_url=base, timeout=30) as client:

            def api(q: str) -> object:
                return client.get("/api/v1/search", params={"q": q, "plan": "1"}).raise_for_status()

            def page(q: str) -> object:
                return client.get("/plans/1/search", params={"q": q}).raise_for_status()

            timed(api, qs[:50])
            timed(page, qs[:50])
            print(f"HTTP JSON, 1 client: {percentiles(timed(api, qs))}")
            print(f"HTTP page, 1 client: {percentiles(timed(page, qs))}")

        def load(path: str, params: Callable[[str], dict[str, str]]) -> tuple[list[float], float]:
            """``args.clients`` clients at once, each with its share of the queries."""
            per_client = [qs[i :: args.clients] for i in range(args.clients)]
            results: list[list[float]] = [[] for _ in range(args.clients)]

            def worker(i: int) -> None:
                with httpx.Client(base_url=base, timeout=60) as client:
                    for q in per_client[i]:
                        t0 = time.perf_counter()
                        client.get(path, params=params(q)).raise_for_status()
                        results[i].append(time.perf_counter() - t0)

            threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.clients)]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            return [s for r in results for s in r], time.perf_counter() - t0

        # The same load on an endpoint that does almost nothing: the floor the framework, the
        # middleware (sessions, security headers) and this client set, on this machine.
        floor, wall = load("/api/v1/me", lambda q: {})
        print(
            f"HTTP floor /api/v1/me, {args.clients} clients: {percentiles(floor)}  {len(floor) / wall:6.1f} req/s"
        )
        every, wall = load("/api/v1/search", lambda q: {"q": q, "plan": "1"})
        print(f"HTTP JSON, {args.clients} clients: {percentiles(every)}  {len(every) / wall:6.1f} req/s")
        pages, wall = load("/plans/1/search", lambda q: {"q": q})
        print(f"HTTP page, {args.clients} clients: {percentiles(pages)}  {len(pages) / wall:6.1f} req/s")
    finally:
        server.terminate()
        server.wait(timeout=15)


if __name__ == "__main__":
    main()
