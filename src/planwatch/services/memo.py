"""Results computed once per database change and reused by every request until a write (issue 18).

Entries are keyed by the database, its change revision (``planwatch.store.revisions``: bumped in
the transaction of every write, so every worker sees a write at its next request), a name and the
arguments. A transaction that has written reads around the cache: what it sees may still roll back.

Values handed out are shared between requests and threads: callers must not mutate them (copy
first). The cache is per process, bounded (least recently used entries go first) and thread-safe.
Threads missing the same key at once wait for the first to compute it (single flight): after a
write, fifty readers of the same page would otherwise build it fifty times at once, each slowed by
the others.
"""

from __future__ import annotations

import functools
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from datetime import date
from threading import Event, Lock
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar, cast

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from planwatch.settings import Settings
from planwatch.store import revisions

if TYPE_CHECKING:
    from planwatch.store.revision_async import AsyncRevisionRows

T = TypeVar("T")
P = ParamSpec("P")
MAX_ENTRIES = 256
WAIT_SECONDS = 30.0  # a waiter computes on its own after this (the first one failed or hangs)

_entries: OrderedDict[Hashable, Any] = OrderedDict()
_lock = Lock()
_inflight: dict[Hashable, Event] = {}
_stats = {"hits": 0, "misses": 0, "bypassed": 0}


def database_identity(session: Session) -> str:
    bind = session.get_bind()
    url = bind.engine.url if isinstance(bind, Connection) else bind.url
    return url.render_as_string(hide_password=True)


def revision_key(session: Session, plan: int | None = None) -> tuple[str, str] | None:
    """The database and its change revision: what every cached result depends on (None: the
    database has no revision yet, nothing may be cached). Given ``plan``, the revision of what that
    plan's pages show (``revisions.plan_tag``): writes to other plans leave it."""
    if plan is not None:
        tag = revisions.current_plan(session, plan)
        return None if tag is None else (database_identity(session), tag)
    revision = revisions.current(session)
    return None if revision is None else (database_identity(session), revision.tag)


def plan_of(ref: object) -> int | None:
    """A plan id from a plan reference when it is one (1, "1"); None for a name, which could be any
    plan until it is looked up: such entries key on the global revision."""
    if isinstance(ref, int) and not isinstance(ref, bool):
        return ref
    if isinstance(ref, str) and ref.isdigit() and len(ref) < 10:
        return int(ref)
    return None


_identities: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def engine_revision_key(
    engine: Engine, plan: int | None = None
) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    """``revision_key`` for a request that has no session yet, global and (given ``plan``) that
    plan's: the committed revisions, read on a pooled connection in one statement (the cheapest path,
    see ``revisions.read_engine``)."""
    revision, plan_tag = revisions.read_engine(engine, plan)
    return _keys(engine, revision, plan_tag)


RevisionRows = dict[str, revisions.Revision] | None  # every revision row by scope; None: none yet


def read_revision_rows(engine: Engine) -> RevisionRows:
    """Every committed revision row in one statement (``revisions.read_engine_rows``): what
    ``rows_revision_key`` turns into the keys of any plan's request."""
    return revisions.read_engine_rows(engine)


def loop_reader(engine: Engine) -> AsyncRevisionRows | None:
    """What reads the rows of ``read_revision_rows`` awaited on the event loop, where the database's
    driver is async (PostgreSQL); None: read them in a thread."""
    if engine.dialect.name != "postgresql":
        return None
    from planwatch.store.revision_async import AsyncRevisionRows  # psycopg: only a server needs it

    return AsyncRevisionRows(engine)


def rows_revision_key(
    engine: Engine, rows: RevisionRows, plan: int | None = None
) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    """``engine_revision_key`` from rows read before (``read_revision_rows``)."""
    if rows is None:
        return None, None
    return _keys(
        engine,
        rows.get(revisions.GLOBAL),
        None if plan is None else revisions.plan_tag(rows, plan),
    )


def _keys(
    engine: Engine, revision: revisions.Revision | None, plan_tag: str | None
) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    identity = _identities.get(engine)
    if identity is None:
        identity = _identities[engine] = engine.url.render_as_string(hide_password=True)
    return (
        None if revision is None else (identity, revision.tag),
        None if plan_tag is None else (identity, plan_tag),
    )


def settings_key(settings: Settings) -> str:
    """Settings as part of a key: two apps in one process (tests) may differ in them."""
    return settings.model_dump_json()


def cached(
    session: Session, name: str, args: Hashable, compute: Callable[[], T], *, plan: int | None = None
) -> T:
    """``compute()``, or its result from an earlier call with the same name and arguments on the same
    database at the same change revision (given ``plan``, the revision of that plan's records and of
    everything shared: ``compute`` must then read no other plan's records)."""
    revision = None if revisions.has_pending_writes(session) else revision_key(session, plan)
    if revision is None:
        with _lock:
            _stats["bypassed"] += 1
        return compute()
    # Today is part of every key: 序时进度, warnings and 催报 move with the date, not only with writes.
    key = (revision, date.today(), name, args)
    with _lock:
        if key in _entries:
            found: T = _hit(key)
            return found
        running = _inflight.get(key)
        if running is None:
            running = _inflight[key] = Event()
            first = True
        else:
            first = False
        _stats["misses"] += 1
    if not first:
        running.wait(WAIT_SECONDS)
        with _lock:
            if key in _entries:
                waited: T = _hit(key)
                return waited
        return compute()  # the first computation failed: this caller pays its own
    try:
        value = compute()
        with _lock:
            _entries[key] = value
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
    finally:
        with _lock:
            _inflight.pop(key, None)
        running.set()
    return value


def _hit(key: Hashable) -> Any:
    """The entry under ``key``, as most recently used; the caller holds ``_lock``."""
    _entries.move_to_end(key)
    _stats["hits"] += 1
    return _entries[key]


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
    return _memoised(function, by_plan=False)


def per_plan_revision(
    function: Callable[Concatenate[Session, P], T],
) -> Callable[Concatenate[Session, P], T]:
    """``per_revision`` for a page function ``f(session, plan_ref, *args)`` that reads only that
    plan's records (and shared ones): writes to other plans leave its entries (see :func:`cached`)."""
    return _memoised(function, by_plan=True)


def _memoised(
    function: Callable[Concatenate[Session, P], T], *, by_plan: bool
) -> Callable[Concatenate[Session, P], T]:
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper(session: Session, /, *args: P.args, **kwargs: P.kwargs) -> T:
        key = (_frozen(list(args)), _frozen(kwargs))
        plan = plan_of(args[0]) if by_plan and args else None
        return cached(session, name, key, lambda: function(session, *args, **kwargs), plan=plan)

    return wrapper


def clear() -> None:
    with _lock:
        _entries.clear()


def stats() -> dict[str, int]:
    with _lock:
        return {**_stats, "entries": len(_entries)}
