"""A change revision: bumped by every write that changes what pages show, read by caches (issue 18).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types are spelled out rather than imported from planwatch.store.tables (see 0001).


def upgrade() -> None:
    table = op.create_table(
        "change_revisions",
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_change_revisions")),
    )
    op.bulk_insert(table, [{"scope": "global", "revision": 1, "token": secrets.token_hex(16)}])


def downgrade() -> None:
    op.drop_table("change_revisions")
