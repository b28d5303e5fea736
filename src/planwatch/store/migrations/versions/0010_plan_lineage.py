"""Plan lineage: a plan names its upper-level plan (建议 → 纲要 → 专项规划 → 年度计划) and its level.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A table of its own, not columns of plans: code that reads plans keeps working on older schemas.
# Deleting an upper-level plan leaves the plans under it without one rather than deleting them.


def upgrade() -> None:
    op.create_table(
        "plan_lineage",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("upper_plan_id", sa.Integer(), nullable=True),
        sa.Column("level", sa.String(length=32), nullable=True),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_plan_lineage_plan_id_plans"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["upper_plan_id"],
            ["plans.id"],
            name=op.f("fk_plan_lineage_upper_plan_id_plans"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("plan_id", name=op.f("pk_plan_lineage")),
    )


def downgrade() -> None:
    op.drop_table("plan_lineage")
