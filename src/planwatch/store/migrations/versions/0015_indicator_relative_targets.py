"""Indicators keep the targets a real 主要指标表 writes without a level (issue 16): 年均 rates,
relations to another indicator or a named figure, and tasks set by the level above.

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types are spelled out rather than imported from planwatch.store.tables (see 0001). Existing
# indicators keep their meaning: level targets, no relation.


def upgrade() -> None:
    with op.batch_alter_table("indicators") as batch:
        batch.add_column(sa.Column("annual", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("relation", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("relation_to", sa.String(), nullable=True))
        batch.add_column(sa.Column("target_note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("indicators") as batch:
        batch.drop_column("target_note")
        batch.drop_column("relation_to")
        batch.drop_column("relation")
        batch.drop_column("annual")
