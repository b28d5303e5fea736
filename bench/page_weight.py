"""Benchmark: bytes a browser downloads for a page, on a first and on a repeat visit.

Starts ``planwatch serve`` on a fresh SQLite file (the embedded Dalian plan, as bench/web_load.py
does) on a free 127.0.0.1 port, then plays a browser that honours HTTP caching for 总览 /plans/1 and
任务分工 /plans/1/tasks: it fetches the page, then every stylesheet and script the page names (not
those inside <noscript>), keeping what the answers allow it to keep. A repeat visit asks again only
for what is not fresh: a validator (ETag, Last-Modified) gives a conditional request, answered 304
with no body; ``max-age``/``immutable`` means no request at all. Figures are body bytes as they
crossed the wire (compressed when compressed), with ``Accept-Encoding: gzip`` and without.
Data the page's scripts fetch afterwards (chart JSON, the inbox badge) is not counted. Run:

    .venv/bin/python bench/page_weight.py [--pages /plans/1 /plans/1/tasks]

To compare with an older checkout, run it with that checkout's ``src`` on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from web_load import HOST, free_port, pad, start_server, wait_until_up

PAGES = [("总览", "/plans/1"), ("任务分工", "/plans/1/tasks")]
_NOSCRIPT = re.compile(r"<noscript>.*?</noscript>", re.S | re.I)
_ASSETS = re.compile(r'<script[^>]*\ssrc="([^"]+)"|<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', re.I)
_MAX_AGE = re.compile(r"max-age=(\d+)")


@dataclass
class Stored:
    etag: str | None
    last_modified: str | None
    fresh_until: float


@dataclass
class Tally:
    requests: int = 0
    not_modified: int = 0
    body_bytes: int = 0
    decoded_bytes: int = 0
    urls: list[str] = field(default_factory=list)


class Browser:
    """Just enough of a browser cache: freshness from Cache-Control max-age, validators otherwise."""

    def __init__(self, base: str, encoding: str) -> None:
        self.client = httpx.Client(base_url=base, timeout=60, headers={"Accept-Encoding": encoding})
        self.cache: dict[str, Stored] = {}
        self.stored_html: dict[str, str] = {}

    def get(self, url: str, tally: Tally) -> str:
        stored = self.cache.get(url)
        if stored is not None and stored.fresh_until > time.time():
            return ""
        headers = {}
        if stored is not None and stored.etag:
            headers["If-None-Match"] = stored.etag
        if stored is not None and stored.last_modified:
            headers["If-Modified-Since"] = stored.last_modified
        with self.client.stream("GET", url, headers=headers) as r:
            decoded = r.read()
            tally.requests += 1
            tally.body_bytes += r.num_bytes_downloaded
            tally.decoded_bytes += len(decoded)
            tally.urls.append(url)
            if r.status_code == 304:
                tally.not_modified += 1
                return ""
            if r.status_code != 200:
                raise SystemExit(f"{url}: HTTP {r.status_code}")
            control = r.headers.get("cache-control", "")
            age = _MAX_AGE.search(control)
            fresh = (
                int(age.group(1)) if age and "no-cache" not in control and "no-store" not in control else 0
            )
            self.cache[url] = Stored(
                r.headers.get("etag"), r.headers.get("last-modified"), time.time() + fresh
            )
            return r.text

    def visit(self, path: str) -> Tally:
        tally = Tally()
        html = self.get(path, tally)
        if not html:  # a 304 for the page itself: the browser renders its stored copy
            html = self.stored_html[path]
        self.stored_html[path] = html
        for script, sheet in _ASSETS.findall(_NOSCRIPT.sub("", html)):
            self.get(urljoin(path, script or sheet), tally)
        return tally


def kb(n: int) -> str:
    return f"{n / 1024:9.1f} KB"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", nargs="+", help="paths to weigh (default: /plans/1 /plans/1/tasks)")
    parser.add_argument("--verbose", action="store_true", help="list every URL requested")
    args = parser.parse_args()
    pages = [(p, p) for p in args.pages] if args.pages else PAGES
    with tempfile.TemporaryDirectory(prefix="planwatch-weight-") as tmp:
        port = free_port()
        base = f"http://{HOST}:{port}"
        log = Path(tmp) / "serve.log"
        server = start_server(Path(tmp) / "weight.db", port, 1, log)
        try:
            wait_until_up(base, server, log)
            print(f"{pad('页面', 10)} {pad('编码', 9)} {'首次访问':>22} {'再次访问':>26}")
            for name, path in pages:
                for encoding in ("gzip", "identity"):
                    browser = Browser(base, encoding)
                    first, again = browser.visit(path), browser.visit(path)
                    print(
                        f"{pad(name, 10)} {encoding:9} {first.requests:3d} 次请求 {kb(first.body_bytes)}"
                        f"  {again.requests:3d} 次请求（{again.not_modified} 个 304）{kb(again.body_bytes)}"
                        f"   (解压后 {kb(first.decoded_bytes).strip()})"
                    )
                    if args.verbose:
                        print("    首次:", " ".join(first.urls))
                        print("    再次:", " ".join(again.urls))
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except Exception:
                server.kill()


if __name__ == "__main__":
    main()
