"""Results computed once per database change and reused by every request until a write (issue 18).

Entries are keyed by the database, its change revision (``planwatch.store.revisions``: bumped in
the transaction of every write, so every worker sees a write at its next request), a name and the
arguments. A transaction that has written reads around the cache: what it sees may still roll back.

Values handed out are shared between requests and threads: callers must not mutate them (copy
first). The cache is per process, bounded (least recently used entries go first) and thread-safe;
two threads missing the same key at once both compute it, which is correct, only wasted work.
"""

from __future__ import annotations

import functools
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from datetime import date
from threading import Lock
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from planwatch.settings import Settings
from planwatch.store import revisions

T = TypeVar("T")
P = ParamSpec("P")
MAX_ENTRIES = 256

_entries: OrderedDict[Hashable, Any] = OrderedDict()
_lock = Lock()
_stats = {"hits": 0, "misses": 0, "bypassed": 0}


def database_identity(session: Session) -> str:
    bind = session.get_bind()
    url = bind.engine.url if isinstance(bind, Connection) else bind.url
    return url.render_as_string(hide_password=True)


def revision_key(session: Session) -> tuple[str, str] | None:
    """The database and its change revision: what every cached result depends on (None: the
    database has no revision yet, nothing may be cached)."""
    revision = revisions.current(session)
    return None if revision is None else (database_identity(session), revision.tag)


_identities: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def engine_revision_key(engine: Engine) -> tuple[str, str] | None:
    """``revision_key`` for a request that has no session yet: the committed revision, read on a
    pooled connection (the cheapest path, see ``revisions.read_engine``)."""
    identity = _identities.get(engine)
    if identity is None:
        identity = _identities[engine] = engine.url.render_as_string(hide_password=True)
    revision = revisions.read_engine(engine)
    return None if revision is None else (identity, revision.tag)


def settings_key(settings: Settings) -> str:
    """Settings as part of a key: two apps in one process (tests) may differ in them."""
    return settings.model_dump_json()


def cached(session: Session, name: str, args: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or its result from an earlier call with the same name and arguments on the same
    database at the same change revision."""
    revision = None if revisions.has_pending_writes(session) else revision_key(session)
    if revision is None:
        with _lock:
            _stats["bypassed"] += 1
        return compute()
    # Today is part of every key: 序时进度, warnings and 催报 move with the date, not only with writes.
    key = (revision, date.today(), name, args)
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            _stats["hits"] += 1
            value: T = _entries[key]
            return value
        _stats["misses"] += 1
    value = compute()
    with _lock:
        _entries[key] = value
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def _frozen(value: Any) -> Hashable:
    if isinstance(value, Settings):
        return settings_key(value)
    if isinstance(value, Mapping):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | set):
        return tuple(_frozen(v) for v in value)
    hash(value)  # anything else must be hashable as it is: fail loudly, never key on id()
    return cast(Hashable, value)


def per_revision(function: Callable[Concatenate[Session, P], T]) -> Callable[Concatenate[Session, P], T]:
    """A page function ``f(session, *args)`` whose result depends only on the database, the date and
    its arguments, cached with :func:`cached`. Its result is shared: callers must not mutate it."""
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper(session: Session, /, *args: P.args, **kwargs: P.kwargs) -> T:
        key = (_frozen(list(args)), _frozen(kwargs))
        return cached(session, name, key, lambda: function(session, *args, **kwargs))

    return wrapper


def clear() -> None:
    with _lock:
        _entries.clear()


def stats() -> dict[str, int]:
    with _lock:
        return {**_stats, "entries": len(_entries)}
