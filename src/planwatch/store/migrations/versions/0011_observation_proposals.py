"""Observation proposals: figures read from bulletins and work reports, waiting for review (issue 9).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types are spelled out rather than imported from planwatch.store.tables (see 0001). Nothing to
# backfill: existing observations were entered by hand or imported from sheets.


def upgrade() -> None:
    op.create_table(
        "observation_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("original", sa.String(), nullable=False),
        sa.Column("document_name", sa.String(), nullable=False),
        sa.Column("document_sha256", sa.String(length=64), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("document_start", sa.Integer(), nullable=False),
        sa.Column("figure_start", sa.Integer(), nullable=False),
        sa.Column("figure_end", sa.Integer(), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewed_by", sa.String(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_value", sa.Double(), nullable=True),
        sa.Column("accepted_period", sa.String(length=16), nullable=True),
        sa.Column("observation_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_observation_proposals_plan_id_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_observation_proposals_indicator_id_indicators"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["observation_id"],
            ["observations.id"],
            name=op.f("fk_observation_proposals_observation_id_observations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observation_proposals")),
        sa.UniqueConstraint(
            "indicator_id",
            "document_sha256",
            "document_start",
            "figure_start",
            name="uq_observation_proposals_figure",
        ),
    )
    op.create_index(
        op.f("ix_observation_proposals_plan_id_status"),
        "observation_proposals",
        ["plan_id", "status"],
        unique=False,
    )
    op.create_index(
        op.f("ix_observation_proposals_observation_id"),
        "observation_proposals",
        ["observation_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_observation_proposals_observation_id"), table_name="observation_proposals")
    op.drop_index(op.f("ix_observation_proposals_plan_id_status"), table_name="observation_proposals")
    op.drop_table("observation_proposals")
