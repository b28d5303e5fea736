"""Background jobs (issue 18): how long a request takes to answer when its work is handed to a job,
against the same work done within the request, on the real app under uvicorn (a child process).

For the long plan (corpus/dalian-15th-fyp-recommendation.txt, a new variant each round) and the
annual report as docx, prints per round: the synchronous answer (JSON API import / anonymous report
download), the job hand-off answer (the form's 303 / the signed-in download's 303) and the time until
the job's JSON twin says it has finished.

Run: PYTHONPATH=src python bench/jobs.py [--rounds 3] [--db-url URL]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import httpx

from live_app import live_app

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
PLAN = CORPUS / "dalian-15th-fyp-recommendation.txt"


def wait(client: httpx.Client, location: str) -> tuple[float, str]:
    job_id = location.rstrip("/").rsplit("/", 1)[-1]
    start = time.perf_counter()
    while True:
        job = client.get(f"/api/v1/jobs/{job_id}").json()
        if job["finished"]:
            return time.perf_counter() - start, job["state"]
        time.sleep(0.05)


def timed(call: Callable[[], httpx.Response]) -> tuple[float, httpx.Response]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db-url")
    args = parser.parse_args()
    text = PLAN.read_bytes()
    rows: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp, live_app(args.db_url or f"sqlite:///{tmp}/bench.db") as app:
        planner = app.log_in("planner")
        anon = httpx.Client(base_url=app.url, timeout=600)
        for i in range(args.rounds):
            data = text + f"\n（本轮 {i}）\n".encode()
            api = {"files": {"file": ("a.txt", data + b"s", "text/plain")}, "data": {"name": f"s{i}"}}
            sync, r = timed(partial(planner.post, "/api/v1/imports", **api))
            assert r.status_code == 201, r.text[:200]
            form = {"files": {"file": ("b.txt", data + b"j", "text/plain")}, "data": {"name": f"j{i}"}}
            handoff, r = timed(partial(planner.post, "/import", **form))
            assert r.status_code == 303, r.text[:200]
            done, state = wait(planner, r.headers["location"])
            assert state == "done"
            rows.setdefault("import: in the request (API 201)", []).append(sync)
            rows.setdefault("import: job hand-off (form 303)", []).append(handoff)
            rows.setdefault("import: job until done (after 303)", []).append(done)
            query = {"kind": "annual", "format": "docx"}
            sync, r = timed(partial(anon.get, "/plans/1/report", params=query))
            assert r.status_code == 200
            handoff, r = timed(partial(planner.get, "/plans/1/report", params=query))
            assert r.status_code == 303
            done, state = wait(planner, r.headers["location"])
            assert state == "done"
            rows.setdefault("report docx: in the request (anonymous 200)", []).append(sync)
            rows.setdefault("report docx: job hand-off (303)", []).append(handoff)
            rows.setdefault("report docx: job until done (after 303)", []).append(done)
    print(f"{'':48s} {'median s':>9s} {'max s':>7s}   ({args.rounds} rounds)")
    for name, values in rows.items():
        print(f"{name:48s} {statistics.median(values):9.3f} {max(values):7.3f}")


if __name__ == "__main__":
    main()
