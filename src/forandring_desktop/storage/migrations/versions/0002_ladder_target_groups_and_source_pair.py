"""Ladders: the target groups they belong to and the door-sheet pair they came from.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 23:32:58.183673

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    with op.batch_alter_table("ladder", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("target_group_ids", sa.JSON(), server_default="[]", nullable=False)
        )
        batch_op.add_column(sa.Column("source", sa.JSON(), nullable=True))


def downgrade() -> None:

    with op.batch_alter_table("ladder", schema=None) as batch_op:
        batch_op.drop_column("source")
        batch_op.drop_column("target_group_ids")
