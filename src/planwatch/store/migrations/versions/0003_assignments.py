"""Task assignments: proposed per version, overridden per plan; user department catalogues.

Revision ID: 0003
Revises: 0002
Create Date: 2026-05-11
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types are spelled out rather than imported from planwatch.store.tables (see 0001). Versions stored
# before this revision have no proposed assignments; nothing is backfilled.


def upgrade() -> None:
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("task_key", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("lead", sa.String(), nullable=True),
        sa.Column("lead_score", sa.Double(), nullable=True),
        sa.Column("lead_reason", sa.Text(), nullable=True),
        sa.Column("cooperating", sa.JSON(), nullable=False),
        sa.Column("due", sa.String(), nullable=False),
        sa.Column("due_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["plan_versions.id"],
            name=op.f("fk_assignments_version_id_plan_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignments")),
        sa.UniqueConstraint("version_id", "task_key", name=op.f("uq_assignments_version_id_task_key")),
    )
    op.create_table(
        "assignment_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("task_key", sa.String(), nullable=False),
        sa.Column("task_text", sa.Text(), nullable=False),
        sa.Column("lead", sa.String(), nullable=True),
        sa.Column("cooperating", sa.JSON(), nullable=True),
        sa.Column("due", sa.String(), nullable=True),
        sa.Column("decided_by", sa.String(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_assignment_overrides_plan_id_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment_overrides")),
    )
    op.create_index(
        op.f("ix_assignment_overrides_plan_id_task_key"),
        "assignment_overrides",
        ["plan_id", "task_key"],
        unique=False,
    )
    op.create_table(
        "catalogues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("yaml", sa.Text(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("loaded_by", sa.String(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogues")),
    )


def downgrade() -> None:
    op.drop_table("catalogues")
    op.drop_index(op.f("ix_assignment_overrides_plan_id_task_key"), table_name="assignment_overrides")
    op.drop_table("assignment_overrides")
    op.drop_table("assignments")
