"""Full-text search over sentences: the dialect-neutral interface and its bookkeeping.

The index stores text the service layer has already segmented (space-separated tokens in two
fields, see ``planwatch.services.plans.search``); the database only matches and ranks those tokens. Each
dialect implements :class:`SearchIndex` in its own module, the only places with search SQL:

- ``search_sqlite``: an FTS5 virtual table (``unicode61`` over the pre-segmented text);
- ``search_postgresql``: ``tsvector`` columns with a GIN index, ``simple`` configuration.

Both objects live outside ``tables.metadata`` (a virtual table and a ``tsvector`` column mean
nothing to the other dialect), so :func:`is_search_table` tells schema comparisons to skip them.
Which versions are indexed, and with which segmentation scheme, is an ordinary table
(``search_versions``) so that a version imported before the index existed, or under an older
scheme, is found and indexed again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from planwatch.model import Node
from planwatch.store.tables import NodeRow, PlanRow, PlanVersionRow, SearchVersionRow, SentenceRow

SEARCH_TABLE = "sentence_search"
"""The dialect-specific table (FTS5 virtual table on SQLite, tsvector table on PostgreSQL)."""

MAX_CANDIDATES = 5000
"""At most this many matching sentences are ranked per query; more only means a vaguer query."""


def is_search_table(name: str | None) -> bool:
    """True for the search table and FTS5's shadow tables (``sentence_search_data`` …)."""
    return name is not None and (name == SEARCH_TABLE or name.startswith(SEARCH_TABLE + "_"))


@dataclass(frozen=True, slots=True)
class IndexedSentence:
    """One sentence as the index stores it: tokens already segmented and joined with spaces."""

    sentence_id: int  # sentences.id (the row, not the outline key)
    words: str  # word tokens (rjieba), for ranking
    grams: str  # character bigrams and ASCII words, for matching


@dataclass(frozen=True, slots=True)
class TermQuery:
    """One query term. A sentence matches when its ``grams`` contain ``grams`` as a phrase (the
    last token a prefix if ``prefix``); ``words`` as a phrase only raises the rank."""

    words: tuple[str, ...]
    grams: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence the index matched, with what a result needs; ``score``: higher is better."""

    sentence_id: int
    version_id: int
    key: str
    node_key: str
    start: int
    end: int
    position: int
    text: str
    score: float


@dataclass(frozen=True, slots=True)
class VersionLabel:
    plan_id: int
    plan_name: str
    number: int
    created_at: datetime  # with the id, tells a version from a later one that reused its id


class SearchIndex(Protocol):
    """What a database must provide for sentence search. Implementations never commit."""

    def replace_version(self, version_id: int, sentences: Sequence[IndexedSentence]) -> None:
        """Make ``sentences`` the whole index of ``version_id`` (earlier rows of it are dropped)."""
        ...

    def candidates(
        self, version_ids: Sequence[int], terms: Sequence[TermQuery], limit: int
    ) -> list[Candidate]:
        """Sentences of ``version_ids`` matching every term, best first, at most ``limit``."""
        ...


def search_index(session: Session) -> SearchIndex:
    """The index implementation for the session's database."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        from planwatch.store.search_sqlite import SqliteSearchIndex

        return SqliteSearchIndex(session)
    if dialect == "postgresql":
        from planwatch.store.search_postgresql import PostgresSearchIndex

        return PostgresSearchIndex(session)
    raise NotImplementedError(f"全文检索不支持数据库类型 {dialect}")


class SearchRepository:
    """Which versions are indexed, the sentences to index, and the index itself."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self.index = search_index(session)

    def latest_version_ids(self, plan_id: int | None = None) -> list[int]:
        """The latest version of ``plan_id``, or of every plan when None, by plan id."""
        latest = (
            select(PlanVersionRow.plan_id, func.max(PlanVersionRow.number).label("number"))
            .group_by(PlanVersionRow.plan_id)
            .subquery()
        )
        query = (
            select(PlanVersionRow.id)
            .join(
                latest,
                (PlanVersionRow.plan_id == latest.c.plan_id) & (PlanVersionRow.number == latest.c.number),
            )
            .order_by(PlanVersionRow.plan_id)
        )
        if plan_id is not None:
            query = query.where(PlanVersionRow.plan_id == plan_id)
        return list(self._session.scalars(query))

    def all_version_ids(self) -> list[int]:
        return list(self._session.scalars(select(PlanVersionRow.id).order_by(PlanVersionRow.id)))

    def unindexed(self, version_ids: Sequence[int], scheme: int) -> list[int]:
        """Those of ``version_ids`` with no index built under ``scheme``."""
        if not version_ids:
            return []
        done = set(
            self._session.scalars(
                select(SearchVersionRow.version_id).where(
                    SearchVersionRow.version_id.in_(version_ids), SearchVersionRow.scheme == scheme
                )
            )
        )
        return [v for v in version_ids if v not in done]

    def sentences(self, version_id: int) -> list[tuple[int, str]]:
        """(row id, text) of every sentence of a version, in document order."""
        rows = self._session.execute(
            select(SentenceRow.id, SentenceRow.text)
            .where(SentenceRow.version_id == version_id)
            .order_by(SentenceRow.position)
        )
        return [(row.id, row.text) for row in rows]

    def outline(self, version_id: int) -> list[Node]:
        """The outline of a version, in document order: what citing a result needs, read without
        loading the version's stored Analysis."""
        rows = self._session.execute(
            select(
                NodeRow.key,
                NodeRow.parent_key,
                NodeRow.kind,
                NodeRow.label,
                NodeRow.ordinal,
                NodeRow.title,
                NodeRow.start_offset,
                NodeRow.end_offset,
                NodeRow.depth,
            )
            .where(NodeRow.version_id == version_id)
            .order_by(NodeRow.position)
        )
        return [Node(*row) for row in rows]

    def version_labels(self, version_ids: Sequence[int]) -> dict[int, VersionLabel]:
        """Plan id, plan name, version number and creation time of each of ``version_ids``."""
        rows = self._session.execute(
            select(
                PlanVersionRow.id,
                PlanVersionRow.plan_id,
                PlanRow.name,
                PlanVersionRow.number,
                PlanVersionRow.created_at,
            )
            .join(PlanRow, PlanRow.id == PlanVersionRow.plan_id)
            .where(PlanVersionRow.id.in_(version_ids))
        )
        return {row.id: VersionLabel(row.plan_id, row.name, row.number, row.created_at) for row in rows}

    def store(self, version_id: int, scheme: int, sentences: Sequence[IndexedSentence]) -> None:
        """Replace the index of a version and record the scheme it was built with."""
        self.index.replace_version(version_id, sentences)
        self._session.execute(delete(SearchVersionRow).where(SearchVersionRow.version_id == version_id))
        self._session.execute(
            insert(SearchVersionRow).values(version_id=version_id, scheme=scheme, sentences=len(sentences))
        )
        self._session.flush()
