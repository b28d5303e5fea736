"""Evidence sources attached to a plan and the sentences proposed as evidence for its tasks (issue 19).

Revision ID: 0019
Revises: 0016
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types are spelled out rather than imported from planwatch.store.tables (see 0001).


def upgrade() -> None:
    op.create_table(
        "evidence_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source_version_id", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("threshold", sa.Double(), nullable=False),
        sa.Column("added_by", sa.String(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_evidence_sources_plan_id_plans"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["source_version_id"],
            ["plan_versions.id"],
            name=op.f("fk_evidence_sources_source_version_id_plan_versions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_sources")),
        sa.UniqueConstraint("plan_id", "sha256", name="uq_evidence_sources_plan_id_sha256"),
    )
    op.create_index(
        op.f("ix_evidence_sources_source_version_id"), "evidence_sources", ["source_version_id"], unique=False
    )
    op.create_table(
        "evidence_matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("task_key", sa.String(), nullable=False),
        sa.Column("task_text", sa.Text(), nullable=False),
        sa.Column("node", sa.String(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("decided_by", sa.String(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_evidence_matches_plan_id_plans"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["evidence_sources.id"],
            name=op.f("fk_evidence_matches_source_id_evidence_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_matches")),
        sa.UniqueConstraint(
            "source_id", "task_key", "start", name="uq_evidence_matches_source_id_task_key_start"
        ),
    )
    op.create_index(
        op.f("ix_evidence_matches_plan_id_task_key"),
        "evidence_matches",
        ["plan_id", "task_key"],
        unique=False,
    )
    op.create_index(op.f("ix_evidence_matches_source_id"), "evidence_matches", ["source_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_evidence_matches_source_id"), table_name="evidence_matches")
    op.drop_index(op.f("ix_evidence_matches_plan_id_task_key"), table_name="evidence_matches")
    op.drop_table("evidence_matches")
    op.drop_index(op.f("ix_evidence_sources_source_version_id"), table_name="evidence_sources")
    op.drop_table("evidence_sources")
