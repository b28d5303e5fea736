"""Quantities keep the base of a change they are compared to (比“十三五”时期, 比上年; issue 13).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types are spelled out rather than imported from planwatch.store.tables (see 0001). Nothing to
# backfill: stored versions were analysed without it and read back as None until re-analysed.


def upgrade() -> None:
    with op.batch_alter_table("quantities") as batch:
        batch.add_column(sa.Column("compared_to", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("quantities") as batch:
        batch.drop_column("compared_to")
