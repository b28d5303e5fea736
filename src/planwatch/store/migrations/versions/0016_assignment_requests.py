"""调整申请 (a reporter's change of units, waiting for a planner) and 分工方案 workbooks sent back.

Revision ID: 0016
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types are spelled out rather than imported from planwatch.store.tables (see 0001).


def upgrade() -> None:
    op.create_table(
        "assignment_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("task_key", sa.String(), nullable=False),
        sa.Column("task_text", sa.Text(), nullable=False),
        sa.Column("lead", sa.String(), nullable=True),
        sa.Column("cooperating", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("due", sa.String(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("base_revision", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.String(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_by", sa.String(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_assignment_requests_plan_id_plans"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment_requests")),
    )
    op.create_index(
        op.f("ix_assignment_requests_plan_id_status"),
        "assignment_requests",
        ["plan_id", "status"],
        unique=False,
    )
    op.create_table(
        "division_uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_by", sa.String(), nullable=True),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_division_uploads_plan_id_plans"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_division_uploads")),
    )
    op.create_index(op.f("ix_division_uploads_plan_id"), "division_uploads", ["plan_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_division_uploads_plan_id"), table_name="division_uploads")
    op.drop_table("division_uploads")
    op.drop_index(op.f("ix_assignment_requests_plan_id_status"), table_name="assignment_requests")
    op.drop_table("assignment_requests")
