"""Sync: the list of conflicts, and the clocks each outbox change was based on.

- ``sync_conflict``: a value that lost when two laptops changed the same field of a row
  since they last synced (``storage/sync/conflicts.py``): the table, row and field, the
  value kept and the value that lost (JSON), the clock (HLC) and device of each, when it
  was recorded and whether it was restored or dismissed since. The id is derived from
  the row, field and both clocks, so every laptop that meets the conflict lists it once
  under the same id.
- ``sync_outbox.base``: per field a change wrote, the clock of the value it replaced
  (JSON ``{field: [hlc, device hex]}``): a laptop that applies the change can tell an edit
  made on top of its own value from one made without knowing it (a conflict).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 02:10:00.000000

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("table_name", sa.String(length=63), nullable=False),
        sa.Column("row_id", sa.String(length=200), nullable=False),
        sa.Column("field", sa.String(length=63), nullable=False),
        sa.Column("kept_value", sa.Text(), nullable=False),
        sa.Column("lost_value", sa.Text(), nullable=False),
        sa.Column("kept_hlc", sa.BigInteger(), nullable=False),
        sa.Column("kept_device", sa.String(length=32), nullable=False),
        sa.Column("lost_hlc", sa.BigInteger(), nullable=False),
        sa.Column("lost_device", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False, server_default="field"),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("resolved", sa.String(length=16), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflict")),
    )
    op.create_index(
        "ix_sync_conflict_open",
        "sync_conflict",
        ["recorded_at"],
        sqlite_where=sa.text("resolved IS NULL"),
    )
    with op.batch_alter_table("sync_outbox") as batch:
        batch.add_column(sa.Column("base", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_outbox") as batch:
        batch.drop_column("base")
    op.drop_index("ix_sync_conflict_open", table_name="sync_conflict")
    op.drop_table("sync_conflict")
