"""Whole replies kept in memory, keyed by their ETag (issue 18): a page asked for again at the same
change revision, by the same visitor, with the same headers, is answered without routing it.

The tag (``web.etag``) already names everything the bytes depend on, so it is the key. Entries are
bounded in number of bytes and evicted least recently used; a write moves the revision, so old
entries are never asked for again and age out. Also here: the revision as a request sees it, read
once per request on a pooled connection and shared by the session and ETag middlewares.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

from sqlalchemy import Engine
from starlette.types import Scope

from planwatch.services import memo
from planwatch.web.compression import gzip_reply

MAX_BYTES = 64 * 1024 * 1024
MAX_ENTRY = 2 * 1024 * 1024
_OVERHEAD = 256  # per entry: key, tuple and list headers, roughly
REVISION_KEY = "planwatch.revision"  # scope: (database, revision tag) or None
PLAN_REVISION_KEY = "planwatch.plan_revision"  # scope: the same for the plan the path names
_PLAN_PATH = re.compile(r"^(?:/api/v1)?/plans/(\d{1,9})(?:/|$)")


def plan_in_path(path: str) -> int | None:
    """The plan a page belongs to, when its URL names it by id (a name could be any plan)."""
    found = _PLAN_PATH.match(path)
    return None if found is None else int(found.group(1))


def _read(scope: Scope) -> None:
    engine: Engine = scope["app"].state.engine
    scope[REVISION_KEY], scope[PLAN_REVISION_KEY] = memo.engine_revision_key(
        engine, plan_in_path(scope["path"])
    )


def revision_key(scope: Scope) -> tuple[str, str] | None:
    """The database and its committed change revision, read once per request (None: no revision
    yet, nothing may be cached). Blocking: call from a worker thread."""
    if REVISION_KEY not in scope:
        _read(scope)
    cached: tuple[str, str] | None = scope[REVISION_KEY]
    return cached


def page_revision_key(scope: Scope) -> tuple[str, str] | None:
    """What the page at this path depends on: its plan's revision (``revisions.plan_tag``) when the
    path names a plan by id, else the global one. Read with ``revision_key``, in the same statement."""
    if REVISION_KEY not in scope:
        _read(scope)
    if plan_in_path(scope["path"]) is None:
        return revision_key(scope)
    cached: tuple[str, str] | None = scope[PLAN_REVISION_KEY]
    return cached


Headers = tuple[tuple[bytes, bytes], ...]


@dataclass(frozen=True, slots=True)
class Entry:
    status: int
    headers: Headers
    body: bytes
    # The same reply gzipped (headers, body), made at the first hit that accepts gzip; None: not yet,
    # or GZipMiddleware would not compress it (small, or compressed already).
    gzipped: tuple[Headers, bytes] | None = None

    @property
    def size(self) -> int:
        extra = (
            0
            if self.gzipped is None
            else len(self.gzipped[1]) + sum(len(k) + len(v) for k, v in self.gzipped[0])
        )
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + extra + _OVERHEAD


class ResponseCache:
    """A byte-bounded LRU map from tag to reply, safe to use from the event loop and threads."""

    def __init__(self, max_bytes: int = MAX_BYTES, max_entry: int = MAX_ENTRY) -> None:
        self.max_bytes = max_bytes
        self.max_entry = max_entry
        self.bytes = 0
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, tag: str) -> Entry | None:
        with self._lock:
            entry = self._entries.get(tag)
            if entry is not None:
                self._entries.move_to_end(tag)
            return entry

    def reply(self, tag: str, entry: Entry, gzip: bool) -> tuple[Headers, bytes]:
        """The headers and body to send for a hit: gzipped when the client takes it and it is worth
        it, compressed once and kept with the entry."""
        if not gzip:
            return entry.headers, entry.body
        if entry.gzipped is None:
            packed = gzip_reply(entry.headers, entry.body)
            if packed is None:
                return entry.headers, entry.body
            entry = replace(entry, gzipped=packed)
            with self._lock:
                if tag in self._entries:  # not when evicted meanwhile
                    self._store(tag, entry)
            return packed
        return entry.gzipped

    def put(self, tag: str, entry: Entry) -> None:
        size = entry.size
        if size > self.max_entry or size > self.max_bytes:
            return
        with self._lock:
            self._store(tag, entry)

    def _store(self, tag: str, entry: Entry) -> None:
        old = self._entries.pop(tag, None)
        if old is not None:
            self.bytes -= old.size
        self._entries[tag] = entry
        self.bytes += entry.size
        while self.bytes > self.max_bytes:
            _, evicted = self._entries.popitem(last=False)
            self.bytes -= evicted.size
