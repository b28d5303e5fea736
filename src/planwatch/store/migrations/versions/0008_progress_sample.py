"""Progress reports can be sample data (示例数据), like indicators and observations (issue 6).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Existing rows are real reports: the server default backfills them with false.


def upgrade() -> None:
    with op.batch_alter_table("progress_reports") as batch:
        batch.add_column(sa.Column("sample", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("progress_reports") as batch:
        batch.drop_column("sample")
