"""Sync: the server a file syncs with, and when it last synced.

- ``sync_state.server_dsn``: the connection string of the organisation's server (with the
  laptop's own login, password included: it is kept only in the encrypted file), so the
  background sync and ``forandring sync DB`` need nothing typed.
- ``sync_state.last_synced_at``: when a sync last completed (UTC), for the status bar.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 04:40:00.000000

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain add_column: a batch rebuild of sync_state is not needed for nullable columns.
    op.add_column("sync_state", sa.Column("server_dsn", sa.Text(), nullable=True))
    op.add_column("sync_state", sa.Column("last_synced_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.drop_column("last_synced_at")
        batch.drop_column("server_dsn")
