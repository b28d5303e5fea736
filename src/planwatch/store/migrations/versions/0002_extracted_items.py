"""Extracted items of an Analysis in tables of their own: quantities, entities, goals, tasks.

Revision ID: 0002
Revises: 0001
Create Date: 2026-05-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types are spelled out rather than imported from planwatch.store.tables (see 0001). Versions stored
# before this revision keep their items only in plan_versions.analysis; nothing is backfilled.


def _item_columns(table: str) -> list[SchemaItem]:
    """The columns every item table shares, and its foreign key to plan_versions."""
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("node_key", sa.String(), nullable=False),
        sa.Column("sentence_key", sa.String(), nullable=True),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["plan_versions.id"],
            name=op.f(f"fk_{table}_version_id_plan_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "quantities",
        *_item_columns("quantities"),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("value_max", sa.Double(), nullable=True),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("base_value", sa.Double(), nullable=True),
        sa.Column("base_unit", sa.String(), nullable=True),
        sa.Column("qualifier", sa.String(), nullable=True),
        sa.Column("period", sa.String(), nullable=True),
    )
    op.create_index(op.f("ix_quantities_version_id"), "quantities", ["version_id"], unique=False)
    op.create_table(
        "entities",
        *_item_columns("entities"),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subtype", sa.String(), nullable=True),
        sa.Column("definition", sa.Text(), nullable=True),
        sa.Column("source", sa.String(), nullable=True),
    )
    op.create_index(op.f("ix_entities_version_id_kind"), "entities", ["version_id", "kind"], unique=False)
    op.create_table(
        "goals",
        *_item_columns("goals"),
        sa.Column("year", sa.String(), nullable=False),
    )
    op.create_index(op.f("ix_goals_version_id"), "goals", ["version_id"], unique=False)
    op.create_table(
        "tasks",
        *_item_columns("tasks"),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("verb", sa.String(), nullable=False),
        sa.Column("object", sa.Text(), nullable=False),
        sa.Column("domain", sa.String(), nullable=True),
        sa.Column("instrument", sa.String(), nullable=True),
        sa.Column("instrument_subtype", sa.String(), nullable=True),
        sa.UniqueConstraint("version_id", "key", name=op.f("uq_tasks_version_id_key")),
    )


def downgrade() -> None:
    op.drop_table("tasks")
    op.drop_index(op.f("ix_goals_version_id"), table_name="goals")
    op.drop_table("goals")
    op.drop_index(op.f("ix_entities_version_id_kind"), table_name="entities")
    op.drop_table("entities")
    op.drop_index(op.f("ix_quantities_version_id"), table_name="quantities")
    op.drop_table("quantities")
