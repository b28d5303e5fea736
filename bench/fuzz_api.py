"""Fuzzing (issue 17): the JSON API with schemathesis, every mode and phase, and the HTML form
endpoints with hostile bodies; the server must answer no 5xx.

1. ``schemathesis run`` against /api/v1/openapi.json, ``--mode all`` (positive and negative data)
   with the examples, coverage, fuzzing and stateful phases, once anonymous and once as a logged-in
   planner (session cookie and CSRF header), NUL bytes allowed in strings.
2. Every POST form route of the site (from the app's own router) gets hostile bodies: empty, binary
   junk, a broken multipart, 1 MB+ fields, NUL and control characters, thousands of fields, a JSON
   body where a form is expected, huge numbers, surrogates.

The counts are taken by the server (see bench/live_app.py): requests answered and 5xx.
Run: PYTHONPATH=src .venv/bin/python bench/fuzz_api.py [--examples 20] [--db-url URL]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from live_app import LiveApp, live_app

REAL = {"plan": "1", "task": "p11.a44.t1", "node": "p3.a7", "kind": "tasks", "index": "0"}


CONFIG = """
[parameters]
"path.plan" = "1"
"path.task" = "p11.a44.t1"
"path.node" = "p3.a7"
"path.report_id" = "1"
"""


def schemathesis_run(app: LiveApp, examples: int, client: httpx.Client | None, report: Path) -> int:
    """One schemathesis run; returns its exit status (its own report goes to ``report``).

    Anonymous: every parameter generated (hostile paths included). Logged in: the path parameters
    name the real plan and task, so the generated bodies and queries reach the handlers."""
    config = report.with_suffix(".toml")
    config.write_text(CONFIG if client is not None else "", encoding="utf-8")
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(config),
        "run",
        f"{app.url}/api/v1/openapi.json",
        "--url",
        app.url,
        "--mode",
        "all",
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--checks",
        "not_a_server_error",
        "--max-examples",
        str(examples),
        "--continue-on-failure",
        "--generation-allow-x00",
        "true",
        "--suppress-health-check",
        "all",
        "--request-timeout",
        "120",
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(report),
    ]
    if client is not None:
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        command += ["-H", f"Cookie: {cookie}", "-H", f"X-CSRF-Token: {client.headers['X-CSRF-Token']}"]
    # In the temporary directory: schemathesis keeps a cache in its working directory.
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=report.parent)
    tail = "\n".join(done.stdout.strip().splitlines()[-25:])
    print(tail, flush=True)
    return done.returncode


def form_routes() -> list[str]:
    """Paths of the site's POST routes outside the JSON API, with real values for their parameters."""
    from fastapi.routing import APIRoute

    from planwatch.web import auth, pages

    def walk(routes: list[Any]) -> Iterator[APIRoute]:
        for route in routes:
            if isinstance(route, APIRoute):
                yield route
            elif hasattr(route, "original_router"):  # a router included in another (FastAPI ≥ 0.16x)
                yield from walk(route.original_router.routes)

    paths = []
    for route in walk([*pages.router.routes, *auth.router.routes]):
        if "POST" in route.methods:
            paths.append(re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: REAL.get(m.group(1), "1"), route.path))
    return sorted(set(paths))


def hostile_bodies() -> Iterator[tuple[str, dict[str, object]]]:
    junk = bytes(range(256)) * 64
    yield "empty", {"content": b""}
    yield (
        "binary junk as a form",
        {
            "content": junk,
            "headers": {"Content-Type": "application/x-www-form-urlencoded"},
        },
    )
    yield (
        "broken multipart",
        {
            "content": b'--xx\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end',
            "headers": {"Content-Type": "multipart/form-data; boundary=xx"},
        },
    )
    yield (
        "multipart without boundary",
        {"content": b"abc", "headers": {"Content-Type": "multipart/form-data"}},
    )
    yield "a 2 MB field", {"data": {"narrative": "很" * 700_000, "comment": "x" * 2_000_000}}
    yield (
        "NUL and controls",
        {
            "data": {
                k: "a\x00b\x1b" for k in ("name", "narrative", "comment", "username", "q", "lead", "state")
            }
        },
    )
    yield "10 000 fields", {"data": {f"f{i}": "1" for i in range(10_000)}}
    yield "JSON where a form is expected", {"json": {"narrative": ["x"] * 1000, "percent": 1e308}}
    yield "huge numbers", {"data": {"percent": "9" * 5000, "version": "9" * 400, "keep": "-" + "9" * 40}}
    yield (
        "lone surrogates (escaped)",
        {
            "content": b"narrative=%ED%A0%80&name=%FF%FE",
            "headers": {"Content-Type": "application/x-www-form-urlencoded"},
        },
    )
    yield (
        "NUL file name",
        {
            "content": b'--b0\r\nContent-Disposition: form-data; name="file"; filename="a\x00.txt"\r\n\r\n'
            b'x\r\n--b0\r\nContent-Disposition: form-data; name="evidence"; filename="\xe2\x80\xaeexe.pdf"\r\n\r\n'
            b"%PDF-1.4\r\n--b0--\r\n",
            "headers": {"Content-Type": "multipart/form-data; boundary=b0"},
        },
    )
    yield (
        "JSON of deep nesting",
        {
            "content": b"[" * 100_000 + b"]" * 100_000,
            "headers": {"Content-Type": "application/json"},
        },
    )


def hostile_forms(app: LiveApp) -> list[str]:
    clients = {"anonymous": httpx.Client(base_url=app.url, timeout=120), "planner": app.log_in("planner")}
    clients["admin"] = app.log_in("admin")
    clients["reporter"] = app.log_in("reporter")
    found = []
    paths = form_routes()
    sent = 0
    for who, client in clients.items():
        for path in paths:
            if path == "/logout":
                continue  # would end the session the other cases use
            for label, kwargs in hostile_bodies():
                response = client.post(path, **kwargs)  # type: ignore[arg-type]
                sent += 1
                if response.status_code >= 500:
                    found.append(
                        f"{who} POST {path} [{label}] → {response.status_code}: {response.text[:200]}"
                    )
    print(
        f"hostile form bodies: {sent} requests over {len(paths)} form routes × {len(clients)} roles",
        flush=True,
    )
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=20, help="schemathesis cases per operation and phase")
    parser.add_argument("--db-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db_url or f"sqlite:///{Path(tmp) / 'fuzz.db'}"
        with live_app(url) as app:
            planner = app.log_in("planner")
            codes = []
            for who, client in (("anonymous", None), ("planner", planner)):
                print(f"== schemathesis, {who} ==", flush=True)
                codes.append(schemathesis_run(app, args.examples, client, Path(tmp) / f"{who}.ndjson"))
            after_api = app.statuses()
            print("== hostile form bodies ==", flush=True)
            form_errors = hostile_forms(app)
            after_all = app.statuses()
    fives = {k: v for k, v in after_all.items() if k == "crash" or k.startswith("5")}
    summary = {
        "api_requests": sum(after_api.values()),
        "api_statuses": after_api,
        "all_requests": sum(v for k, v in after_all.items() if k != "crash"),
        "all_statuses": after_all,
        "server_errors": fives,
        "schemathesis_exit": codes,
    }
    for line in form_errors:
        print(line)
    print(json.dumps(summary, ensure_ascii=False))
    return 1 if fives or form_errors else 0


if __name__ == "__main__":
    sys.exit(main())
