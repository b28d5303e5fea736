"""Sentence search on SQLite: an FTS5 virtual table. All of SQLite's search SQL lives here.

Revision 0005 creates the table (``fts5(words, grams)``) and its trigger. The rowid is
``sentences.id``. Both columns hold text segmented in Python and joined with spaces, so
``unicode61`` only has to split on spaces (and casefold nothing: the text is already folded).
``remove_diacritics 0`` keeps tokens byte for byte as the service wrote them, which the
query side relies on. A trigger removes a sentence's row when the sentence goes (versions are
deleted by cascade), so a rowid SQLite reuses can never inherit a stale entry.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from planwatch.store.search import SEARCH_TABLE, Candidate, IndexedSentence, TermQuery

# Matching weighs grams little and words much: a sentence where the query is a whole word ranks
# above one where it is only a substring (市场 in 市场主体 before 城市场景).
WORDS_WEIGHT = 4.0
GRAMS_WEIGHT = 1.0


def fts_string(token: str) -> str:
    """``token`` as an FTS5 string: whatever it holds (AND, NEAR, *, ^, :, quotes) is then text."""
    return '"' + token.replace('"', '""') + '"'


def _phrase(tokens: Sequence[str], prefix: bool = False) -> str:
    return " + ".join(fts_string(t) for t in tokens) + (" *" if prefix else "")


def match_expression(terms: Sequence[TermQuery]) -> str:
    """An FTS5 query: every term's grams as a phrase, OR its words as a phrase (for the rank)."""
    parts = []
    for term in terms:
        if not term.grams:
            raise ValueError("a search term needs at least one gram")
        grams = f"grams : ({_phrase(term.grams, term.prefix)})"
        parts.append(f"(words : ({_phrase(term.words)}) OR {grams})" if term.words else f"({grams})")
    return " AND ".join(parts)


_CANDIDATES = text(
    f"""
    SELECT s.id, s.version_id, s.key, s.node_key, s.start_offset, s.end_offset, s.position, s.text,
           -bm25({SEARCH_TABLE}, {WORDS_WEIGHT}, {GRAMS_WEIGHT}) AS score
    FROM {SEARCH_TABLE} JOIN sentences AS s ON s.id = {SEARCH_TABLE}.rowid
    WHERE {SEARCH_TABLE} MATCH :match AND s.version_id IN :versions
    ORDER BY score DESC, s.version_id, s.position
    LIMIT :limit
    """
).bindparams(bindparam("versions", expanding=True))


class SqliteSearchIndex:
    def __init__(self, session: Session) -> None:
        self._session = session

    def replace_version(self, version_id: int, sentences: Sequence[IndexedSentence]) -> None:
        self._session.execute(
            text(
                f"DELETE FROM {SEARCH_TABLE} WHERE rowid IN (SELECT id FROM sentences WHERE version_id = :v)"
            ),
            {"v": version_id},
        )
        if sentences:
            self._session.execute(
                text(f"INSERT INTO {SEARCH_TABLE} (rowid, words, grams) VALUES (:id, :words, :grams)"),
                [{"id": s.sentence_id, "words": s.words, "grams": s.grams} for s in sentences],
            )

    def candidates(
        self, version_ids: Sequence[int], terms: Sequence[TermQuery], limit: int
    ) -> list[Candidate]:
        if not version_ids or not terms:
            return []
        rows = self._session.execute(
            _CANDIDATES,
            {"match": match_expression(terms), "versions": list(version_ids), "limit": limit},
        )
        return [Candidate(*row) for row in rows]
