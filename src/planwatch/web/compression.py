"""gzip for dynamic responses (pages, JSON, CSV), and the one place that orders the middleware.

Starlette's GZipMiddleware compresses a response when the client accepts gzip and the body is at
least ``MINIMUM_SIZE`` bytes; streamed bodies are compressed chunk by chunk (sync-flushed, so a
stream still arrives as it is produced). Files that are compressed already (xlsx, docx, pdf, zip,
images) are left as they are: gzip would spend CPU to make them larger. Static files come gzipped
from assets.StaticAssets, and a response that carries Content-Encoding is passed through.

ETags pass unchanged. The page tags of etag.ETagMiddleware are weak already (they promise the
content, gzipped or not); the strong tags some routes set name a record's version for optimistic
locking (If-Match), and a client must get back exactly the tag it has to send."""

from __future__ import annotations

import gzip

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from planwatch.web.assets import accepts_gzip
from planwatch.web.startheaders import StartHeadersMiddleware

MINIMUM_SIZE = 1024
# 6 rather than gzip's 9: nearly the same size for HTML and JSON at a fraction of the CPU per request.
COMPRESS_LEVEL = 6
ALREADY_COMPRESSED = (
    *DEFAULT_EXCLUDED_CONTENT_TYPES,
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/x-7z-compressed",
    "application/x-rar-compressed",
    "application/octet-stream",
)


_ALREADY_COMPRESSED = frozenset(ALREADY_COMPRESSED)


class AfterGzip(StartHeadersMiddleware):
    """Outside GZipMiddleware: Vary names Accept-Encoding once (gzip adds it to a response that
    already had it, as static files do)."""

    def rewrite(self, headers: MutableHeaders) -> None:
        vary = [v.strip() for value in headers.getlist("vary") for v in value.split(",") if v.strip()]
        unique: dict[str, str] = {}
        for name in vary:
            unique.setdefault(name.lower(), name)
        if len(unique) != len(vary):
            headers["Vary"] = ", ".join(unique.values())


def compressing(app: ASGIApp) -> ASGIApp:
    """``app`` behind gzip and the Vary tidying, for use as one middleware layer."""
    gzipped = GZipMiddleware(
        app, minimum_size=MINIMUM_SIZE, compresslevel=COMPRESS_LEVEL, exclude_content_types=ALREADY_COMPRESSED
    )
    return AfterGzip(gzipped)


class CompressionMiddleware:
    """GZipMiddleware plus AfterGzip, added with ``app.add_middleware`` as one layer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = compressing(app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not accepts_gzip(Headers(scope=scope)):
            # GZipMiddleware looks for "gzip" anywhere in Accept-Encoding, so "gzip;q=0" (gzip
            # refused) would get gzip: without the header it answers in identity (with Vary).
            headers = [(k, v) for k, v in scope["headers"] if k != b"accept-encoding"]
            scope = {**scope, "headers": headers}
        await self.app(scope, receive, send)


def gzip_reply(
    headers: tuple[tuple[bytes, bytes], ...], body: bytes
) -> tuple[tuple[tuple[bytes, bytes], ...], bytes] | None:
    """A whole reply gzipped as GZipMiddleware would send it (headers, body), or None where it would
    send it as it is. For replies kept to be sent again (``web.respcache``): compressing a kept page
    once rather than on every hit took a sixth of a served worker's time under load."""
    found = Headers(raw=list(headers))
    media_type = found.get("content-type", "").partition(";")[0].strip().lower()
    excluded = {media_type, media_type.partition("/")[0] + "/*"} & _ALREADY_COMPRESSED
    if len(body) < MINIMUM_SIZE or "content-encoding" in found or excluded:
        return None
    packed = gzip.compress(body, compresslevel=COMPRESS_LEVEL, mtime=0)
    out = MutableHeaders(raw=list(headers))
    out.add_vary_header("Accept-Encoding")
    out["Content-Encoding"] = "gzip"
    out["Content-Length"] = str(len(packed))
    return tuple(out.raw), packed
