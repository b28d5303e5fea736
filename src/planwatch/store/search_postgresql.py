"""Sentence search on PostgreSQL: tsvector columns, a GIN index on the matched one. All of
PostgreSQL's search SQL lives here; revision 0005 creates the table.

Nothing beyond the core server is needed: the ``simple`` text search configuration only lowercases
(the text is already folded) and has no stop words, so the tokens the service segmented in Python
become lexemes unchanged. Phrases use ``<->``, so bigrams must be adjacent as in the sentence.
``sentence_id`` references ``sentences`` with a cascade, which keeps the index clean when a version
goes.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from planwatch.store.search import SEARCH_TABLE, Candidate, IndexedSentence, TermQuery

WORDS_WEIGHT = 4.0  # see search_sqlite: a whole-word match ranks above a substring match
# ts_rank's normalisation 1 divides by 1 + log(length), so that, as with FTS5's bm25, a long sentence
# does not outrank a short one merely by having more words.


def lexeme(token: str) -> str:
    """``token`` quoted for ``to_tsquery``, so operators (& | ! <-> : * ( )) in it are plain text."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _phrase(tokens: Sequence[str], prefix: bool = False) -> str:
    quoted = [lexeme(t) for t in tokens]
    if prefix:
        quoted[-1] += ":*"
    return "(" + " <-> ".join(quoted) + ")"


def grams_query(terms: Sequence[TermQuery]) -> str:
    """Every term's grams as a phrase: what a sentence must match."""
    if any(not t.grams for t in terms):
        raise ValueError("a search term needs at least one gram")
    return " & ".join(_phrase(t.grams, t.prefix) for t in terms)


def words_query(terms: Sequence[TermQuery]) -> str:
    """Any term's words as a phrase: what raises the rank."""
    return " | ".join(_phrase(t.words) for t in terms if t.words)


_CANDIDATES = text(
    f"""
    SELECT s.id, s.version_id, s.key, s.node_key, s.start_offset, s.end_offset, s.position, s.text,
           {WORDS_WEIGHT} * ts_rank(x.words, wq, 1) + ts_rank(x.grams, gq, 1) AS score
    FROM {SEARCH_TABLE} AS x
    JOIN sentences AS s ON s.id = x.sentence_id,
         to_tsquery('simple', :grams) AS gq,
         to_tsquery('simple', :words) AS wq
    WHERE x.grams @@ gq AND x.version_id = ANY(:versions)
    ORDER BY score DESC, s.version_id, s.position
    LIMIT :limit
    """
)


class PostgresSearchIndex:
    def __init__(self, session: Session) -> None:
        self._session = session

    def replace_version(self, version_id: int, sentences: Sequence[IndexedSentence]) -> None:
        # Two first searches of a version not yet indexed may both index it; taking turns per version
        # lets the second replace the first's rows instead of failing on the primary key.
        key = zlib.crc32(f"planwatch.store.search:{version_id}".encode())
        self._session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
        self._session.execute(text(f"DELETE FROM {SEARCH_TABLE} WHERE version_id = :v"), {"v": version_id})
        if sentences:
            self._session.execute(
                text(
                    f"INSERT INTO {SEARCH_TABLE} (sentence_id, version_id, words, grams) VALUES "
                    "(:id, :v, to_tsvector('simple', :words), to_tsvector('simple', :grams))"
                ),
                [
                    {"id": s.sentence_id, "v": version_id, "words": s.words, "grams": s.grams}
                    for s in sentences
                ],
            )

    def candidates(
        self, version_ids: Sequence[int], terms: Sequence[TermQuery], limit: int
    ) -> list[Candidate]:
        if not version_ids or not terms:
            return []
        words = words_query(terms) or grams_query(terms)
        rows = self._session.execute(
            _CANDIDATES,
            {"grams": grams_query(terms), "words": words, "versions": list(version_ids), "limit": limit},
        )
        return [Candidate(*row) for row in rows]
