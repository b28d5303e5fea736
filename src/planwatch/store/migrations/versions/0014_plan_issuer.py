"""A plan's issuer and catalogue as a person set them; why a task has no proposed lead (issue 14).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types are spelled out rather than imported from planwatch.store.tables (see 0001). Nothing to
# backfill: stored proposals were matched as usual (status null), and a plan without a row uses the
# issuer read from its document and that issuer's catalogue.


def upgrade() -> None:
    with op.batch_alter_table("assignments") as batch:
        batch.add_column(sa.Column("status", sa.String(), nullable=True))
        batch.add_column(sa.Column("status_reason", sa.Text(), nullable=True))
    op.create_table(
        "plan_catalogue_choices",
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("issuer_name", sa.String(), nullable=True),
        sa.Column("issuer_level", sa.String(), nullable=True),
        sa.Column("catalogue", sa.String(), nullable=False),
        sa.Column("decided_by", sa.String(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("plan_catalogue_choices")
    with op.batch_alter_table("assignments") as batch:
        batch.drop_column("status_reason")
        batch.drop_column("status")
