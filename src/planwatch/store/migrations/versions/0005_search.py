"""Sentence search: which versions are indexed, and the index itself (FTS5 or tsvector).

Revision ID: 0005
Revises: 0004
Create Date: 2026-05-12
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# ``search_versions`` is an ordinary table (declared in planwatch.store.tables). ``sentence_search``
# is not: it is an FTS5 virtual table on SQLite and a table with tsvector columns on PostgreSQL, so
# its DDL is spelled out per dialect below and it stays out of the table metadata (schema
# comparisons skip it through planwatch.store.search.is_search_table).
#
# Nothing is indexed here: segmenting needs the service layer. Versions stored before this revision
# have no row in search_versions, and planwatch.services.plans.search indexes them on their first search
# (or all at once with ``planwatch search --reindex``).
#
# On SQLite a trigger on ``sentences`` keeps the index clean. A later revision that rebuilds
# ``sentences`` in batch mode drops that trigger with the old table and must create it again.

_SQLITE = (
    "CREATE VIRTUAL TABLE sentence_search USING fts5("
    "words, grams, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE TRIGGER sentence_search_sentence_deleted AFTER DELETE ON sentences "
    "BEGIN DELETE FROM sentence_search WHERE rowid = old.id; END",
)
_SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS sentence_search_sentence_deleted",
    "DROP TABLE IF EXISTS sentence_search",
)

_POSTGRESQL = (
    """CREATE TABLE sentence_search (
        sentence_id INTEGER NOT NULL,
        version_id INTEGER NOT NULL,
        words TSVECTOR NOT NULL,
        grams TSVECTOR NOT NULL,
        CONSTRAINT pk_sentence_search PRIMARY KEY (sentence_id),
        CONSTRAINT fk_sentence_search_sentence_id_sentences FOREIGN KEY (sentence_id)
            REFERENCES sentences (id) ON DELETE CASCADE,
        CONSTRAINT fk_sentence_search_version_id_plan_versions FOREIGN KEY (version_id)
            REFERENCES plan_versions (id) ON DELETE CASCADE
    )""",
    "CREATE INDEX ix_sentence_search_version_id ON sentence_search (version_id)",
    "CREATE INDEX ix_sentence_search_grams ON sentence_search USING gin (grams)",
)
_POSTGRESQL_DOWN = ("DROP TABLE IF EXISTS sentence_search",)


def _dialect_statements(up: bool) -> tuple[str, ...]:
    name = op.get_context().dialect.name
    if name == "sqlite":
        return _SQLITE if up else _SQLITE_DOWN
    if name == "postgresql":
        return _POSTGRESQL if up else _POSTGRESQL_DOWN
    raise NotImplementedError(f"no sentence search for the {name} dialect")


def upgrade() -> None:
    op.create_table(
        "search_versions",
        sa.Column("version_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("scheme", sa.Integer(), nullable=False),
        sa.Column("sentences", sa.Integer(), nullable=False),
        sa.Column("indexed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["plan_versions.id"],
            name=op.f("fk_search_versions_version_id_plan_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_search_versions")),
    )
    for statement in _dialect_statements(up=True):
        op.execute(statement)


def downgrade() -> None:
    for statement in _dialect_statements(up=False):
        op.execute(statement)
    op.drop_table("search_versions")
