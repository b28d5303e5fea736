"""ETag and 304 Not Modified for the pages people and scripts reload most (issue 18).

The tag is computed before the route runs, from everything the reply depends on: the database and
its change revision (``planwatch.store.revisions``, moved by every write; for a plan's page, the
revision of that plan's records and of everything shared), the path and query, who
asks (user, role, unit, name; or nobody), the session's CSRF token (forms carry it), the request
headers that choose a representation, today's date (序时进度, warnings) and the application build.
A client that already holds that reply gets 304 without the page being built at all, and a client
that does not gets the reply kept under that tag (``web.respcache``) when there is one.

Only the routes listed in ``CACHEABLE`` get tags: their replies are made from the database alone.
Signed-in HTML pages keep ``Cache-Control: no-store`` (set by the session middleware: not shown from
history after logout); anonymous pages and JSON replies get ``private, no-cache`` (keep, but ask
every time), so browsers and scripts send ``If-None-Match``.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from planwatch import __version__
from planwatch.model import User
from planwatch.web import revision_reads
from planwatch.web.assets import accepts_gzip
from planwatch.web.deps import SESSION_KEY, USER_KEY, SessionState
from planwatch.web.respcache import Entry, ResponseCache, page_revision_key

_PLAN = r"/plans/[^/]+"
CACHEABLE = re.compile(
    r"^(?:/api/v1)?(?:"
    rf"{_PLAN}(?:/overview|/text(?:/[^/]+)?|/tasks(?:/[^/]+(?:/history)?)?|/assignments|/search|/nodes(?:/[^/]+)?|/sentences|/quantities|/goals|/entities"
    r"|/projects|/monitoring(?:/warnings|/indicators/\d+)?)?"
    r"|/search|/inbox|/inbox/count"
    r")/?$"
)
# Request headers that choose what the same URL returns (htmx asks for fragments).
VARY = ("accept", "accept-language", "hx-request", "hx-target", "hx-boosted")


def _build_id() -> str:
    """The version plus the newest template, so a deployment with new pages changes every tag."""
    templates = Path(__file__).parent / "templates"
    newest = max((p.stat().st_mtime_ns for p in templates.rglob("*.html")), default=0)
    return f"{__version__}:{newest}"


class ETagMiddleware:
    """Answers a GET of a CACHEABLE route with 304 when ``If-None-Match`` names the current tag, and
    tags the 200 replies of those routes. Sits inside the session middleware (it needs the user)."""

    def __init__(self, app: ASGIApp, cache: ResponseCache | None = None) -> None:
        self.app = app
        self.build = _build_id()
        self.cache = ResponseCache() if cache is None else cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not CACHEABLE.match(scope["path"])
        ):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        await revision_reads.read_into(scope)  # a no-op when the session middleware has read them
        key = page_revision_key(scope)
        tag = None if key is None else self._tag(scope, headers, key)
        if tag is None:  # a database without a change revision yet: no tag can be trusted
            await self.app(scope, receive, send)
            return
        user = scope.get(USER_KEY)
        cache_control = (
            "private, no-cache" if not isinstance(user, User) or scope["path"].startswith("/api/") else None
        )
        # Weak: the same page leaves gzipped or not (the compression middleware outside), so the
        # tag promises the content, not the bytes; the 304 and the 200 then carry the same tag.
        weak = "W/" + tag
        if tag in _requested(headers.get("if-none-match")):
            reply: list[tuple[bytes, bytes]] = [(b"etag", weak.encode()), (b"vary", b"Cookie")]
            if cache_control:
                reply.append((b"cache-control", cache_control.encode()))
            await send({"type": "http.response.start", "status": 304, "headers": reply})
            await send({"type": "http.response.body", "body": b""})
            return
        hit = self.cache.get(tag)
        if hit is not None:
            # Gzipped here, once per entry, when the client takes it; the compression outside passes
            # a reply that has Content-Encoding as it is.
            sent_headers, body = self.cache.reply(tag, hit, accepts_gzip(headers))
            await send({"type": "http.response.start", "status": hit.status, "headers": list(sent_headers)})
            # The whole body for HEAD too, as a route sends it: the server leaves it out, after the
            # compression outside has set the length the GET would have.
            await send({"type": "http.response.body", "body": body})
            return

        start: Entry | None = None
        chunks: list[bytes] = []
        size = 0

        async def send_tagged(message: Message) -> None:
            nonlocal start, size
            if message["type"] == "http.response.start" and message["status"] == 200:
                out = MutableHeaders(scope=message)
                if "etag" not in out:  # a route's own tag (optimistic locking) stays
                    out["ETag"] = weak
                    if cache_control:
                        out["Cache-Control"] = cache_control
                # A HEAD reply's body may be left out; a reply setting a cookie is one visitor's.
                if scope["method"] == "GET" and "set-cookie" not in out:
                    # A copy: the middlewares outside add their own headers to this message.
                    start = Entry(200, tuple((bytes(k), bytes(v)) for k, v in out.raw), b"")
            elif message["type"] == "http.response.body" and start is not None:
                size += len(body := message.get("body", b""))
                chunks.append(body)
                if size > self.cache.max_entry:
                    start = None
                elif not message.get("more_body", False):
                    self._keep(scope, tag, start, b"".join(chunks))
            await send(message)

        await self.app(scope, receive, send_tagged)

    def _keep(self, scope: Scope, tag: str, start: Entry, body: bytes) -> None:
        state = scope.get(SESSION_KEY)
        if isinstance(state, SessionState) and state.modified:
            # The route minted a CSRF token (a first visit) or changed the session: the page holds
            # a token the tag, computed before, does not name, and a Set-Cookie is added outside.
            return
        self.cache.put(tag, Entry(start.status, start.headers, body))

    def _tag(self, scope: Scope, headers: Headers, key: tuple[str, str]) -> str:
        database, revision = key
        user = scope.get(USER_KEY)
        who = (
            (user.id, user.username, user.role, user.department, user.display_name, user.active)
            if isinstance(user, User)
            else None
        )
        state = scope.get(SESSION_KEY)
        csrf = state.data.get("csrf") if isinstance(state, SessionState) else None
        query = scope.get("query_string", b"").decode("latin-1")
        parts = [
            self.build,
            database,
            revision,
            date.today().isoformat(),
            scope.get("scheme", "http"),
            headers.get("host", ""),
            scope.get("root_path", ""),
            scope["path"],
            query,
            repr(who),
            str(csrf),
            *(f"{name}={headers.get(name, '')}" for name in VARY),
        ]
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
        return f'"{digest}"'


def _requested(value: str | None) -> set[str]:
    if not value:
        return set()
    return {part.strip().removeprefix("W/") for part in value.split(",")}
