"""The app's static files (web/static): content-hashed URLs, long-lived caching and gzip.

Every file is read and hashed once per process, when the app is built; templates name a file with
``asset('js/app.js')`` and get ``/static/js/app.<hash>.js``. A URL carrying the file's current hash
never changes meaning, so browsers may keep it for a year without asking again (``immutable``).
The plain name (``/static/js/app.js``) still works but is revalidated on every use (``no-cache`` +
ETag → 304), and so is a name with a stale hash: after an upgrade a page still cached somewhere
gets the current file rather than a 404, but never with the year-long lifetime.

Compressible files are gzipped once, on their first request, and kept in memory; a client that
accepts gzip gets those bytes with ``Content-Encoding: gzip``. Brotli would save a little more but
needs a package outside the standard library; gzip is what every browser takes."""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import anyio.to_thread
from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send

STATIC_DIR = Path(__file__).parent / "static"
URL_PREFIX = "/static/"
HASH_LENGTH = 10
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# A hashed name: stem, a dot, HASH_LENGTH hex digits, then the last suffix (``app.3f2a9c1d0b.js``).
_HASHED = re.compile(rf"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{{{HASH_LENGTH}}})(?P<suffix>\.[^./]+)?$")
_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
# Below this, gzip's header and the extra round of decoding cost more than the bytes saved.
_MIN_COMPRESS = 1024
# Compressing a big file (echarts, Swagger UI) takes tens of milliseconds: off the event loop.
_THREAD_COMPRESS = 64 * 1024
_MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


@dataclass
class Asset:
    name: str  # relative to web/static, with forward slashes: "vendor/echarts.min.js"
    body: bytes
    digest: str
    media_type: str
    _gzipped: bytes | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        head, _, tail = self.name.rpartition("/")
        stem, dot, suffix = tail.rpartition(".")
        hashed = f"{stem}.{self.digest}.{suffix}" if dot and stem else f"{tail}.{self.digest}"
        return URL_PREFIX + (f"{head}/{hashed}" if head else hashed)

    @property
    def compressible(self) -> bool:
        return len(self.body) >= _MIN_COMPRESS and self.media_type.startswith(_COMPRESSIBLE)

    @property
    def gzip_ready(self) -> bool:
        return self._gzipped is not None

    def gzipped(self) -> bytes:
        """The gzip encoding, made once; ``mtime=0`` so the bytes (and their ETag) never vary."""
        if self._gzipped is None:
            self._gzipped = gzip.compress(self.body, compresslevel=9, mtime=0)
        return self._gzipped


class AssetManifest:
    """Every file under a directory, read and hashed once."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.assets: dict[str, Asset] = {}
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            name = path.relative_to(directory).as_posix()
            body = path.read_bytes()
            media = (
                _MEDIA_TYPES.get(path.suffix)
                or mimetypes.guess_type(path.name)[0]
                or "application/octet-stream"
            )
            if media.startswith("text/") and "charset" not in media:
                media += "; charset=utf-8"
            digest = hashlib.sha256(body).hexdigest()[:HASH_LENGTH]
            self.assets[name] = Asset(name, body, digest, media)

    def url(self, name: str) -> str:
        """``/static/<name with its content hash>``; a name that is not there is a template's typo."""
        found = self.assets.get(name)
        if found is None:
            raise LookupError(
                f"静态文件不存在：{name}（在 {self.directory} 下）。请检查模板里 asset() 的文件名，"
                "或运行 scripts/frontend.sh 安装前端文件。"
            )
        return found.url

    def lookup(self, name: str) -> tuple[Asset, bool] | None:
        """The asset a request path names, and whether the path carried its current hash."""
        found = self.assets.get(name)
        if found is not None:
            return found, False
        head, slash, tail = name.rpartition("/")
        match = _HASHED.match(tail)
        if match is None:
            return None
        plain = f"{head}{slash}{match['stem']}{match['suffix'] or ''}"
        found = self.assets.get(plain)
        if found is None:
            return None
        return found, match["hash"] == found.digest


@lru_cache(maxsize=4)
def manifest(directory: Path = STATIC_DIR) -> AssetManifest:
    """One manifest per directory and process: every app built in a process (tests build many)
    shares the bytes, and a restart (or uvicorn ``--reload``) picks up changed files."""
    return AssetManifest(directory)


def accepts_gzip(headers: Headers) -> bool:
    """Whether Accept-Encoding allows gzip: named (or ``*``) without ``q=0``."""
    allowed: dict[str, bool] = {}
    for part in headers.get("accept-encoding", "").lower().split(","):
        coding, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        allowed[coding.strip()] = quality > 0
    return allowed.get("gzip", allowed.get("x-gzip", allowed.get("*", False)))


def _matches(if_none_match: str, etags: tuple[str, ...]) -> bool:
    """If-None-Match uses the weak comparison: ``W/"x"`` matches ``"x"``."""
    if if_none_match.strip() == "*":
        return True
    sent = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return not sent.isdisjoint(etags)


class StaticAssets:
    """The ASGI app mounted at /static."""

    def __init__(self, assets: AssetManifest) -> None:
        self.manifest = assets

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self._respond(scope)
        await response(scope, receive, send)

    async def _respond(self, scope: Scope) -> Response:
        if scope["method"] not in ("GET", "HEAD"):
            return PlainTextResponse(
                "只能用 GET 或 HEAD 读取静态文件。", status_code=405, headers={"Allow": "GET, HEAD"}
            )
        root = scope.get("root_path", "")
        path = scope["path"]
        name = (path[len(root) :] if root and path.startswith(root) else path).lstrip("/")
        found = self.manifest.lookup(name)
        if found is None:
            return PlainTextResponse(f"没有这个静态文件：/static/{name}", status_code=404)
        asset, hashed = found
        headers = Headers(scope=scope)
        identity_tag, gzip_tag = f'"{asset.digest}"', f'"{asset.digest}-gz"'
        use_gzip = asset.compressible and accepts_gzip(headers)
        body = asset.body
        if use_gzip:
            if not asset.gzip_ready and len(asset.body) >= _THREAD_COMPRESS:
                await anyio.to_thread.run_sync(asset.gzipped)
            body = asset.gzipped()
            use_gzip = len(body) < len(asset.body)
            body = body if use_gzip else asset.body
        out = {
            "Cache-Control": IMMUTABLE if hashed else REVALIDATE,
            "ETag": gzip_tag if use_gzip else identity_tag,
        }
        if asset.compressible:
            out["Vary"] = "Accept-Encoding"
        if _matches(headers.get("if-none-match", ""), (identity_tag, gzip_tag)):
            return Response(status_code=304, headers=out)
        if use_gzip:
            out["Content-Encoding"] = "gzip"
        # HEAD: the server (uvicorn) sends the headers, Content-Length included, and drops the body.
        return Response(body, media_type=asset.media_type, headers=out)
