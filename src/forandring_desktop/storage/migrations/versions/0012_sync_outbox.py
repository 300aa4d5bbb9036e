"""Sync: the file's sync state, its outbox of changes to push and its inbox of pulled ones.

- ``sync_state`` (one row, id 1, only in files set up for sync): this laptop's device id,
  the organisation's sync key (32 bytes; the file is encrypted), the hybrid logical
  clock's last value, the server cursor (the last server sequence number pulled), and
  ``recording`` (1 while local changes are recorded; 0 while pulled changes are applied).
- ``sync_outbox``: every change to a synced row, written by triggers in the same
  transaction as the change (``storage/sync/outbox.py`` installs them when the file is set
  up for sync, so a single-laptop file has no triggers and pays nothing). ``hlc`` and
  ``change_id`` are stamped when the unit of work commits; a pushed row is deleted.
- ``sync_inbox``: changes pulled from the server, decrypted, waiting to be applied.
- ``sync_row_clock``: per synced row, the clock of the last write of each field (local or
  applied), as JSON ``{field: [hlc, device hex]}``: field-level last-writer-wins.

Revision ID: 0012
Revises: 0008
Create Date: 2026-12-04 01:30:00.000000

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_key", sa.LargeBinary(), nullable=False),
        sa.Column("last_hlc", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("pull_cursor", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("recording", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("enabled_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_sync_state_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "sync_outbox",
        sa.Column("seq", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("change_id", sa.Uuid(), nullable=True),
        sa.Column("table_name", sa.String(length=63), nullable=False),
        sa.Column("row_id", sa.String(length=200), nullable=False),
        sa.Column("op", sa.String(length=8), nullable=False),
        sa.Column("fields", sa.Text(), nullable=True),
        sa.Column("data", sa.Text(), nullable=True),
        sa.Column("hlc", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_outbox")),
        sa.UniqueConstraint("change_id", name=op.f("uq_sync_outbox_change_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_sync_outbox_unstamped",
        "sync_outbox",
        ["seq"],
        sqlite_where=sa.text("hlc IS NULL"),
    )
    op.create_table(
        "sync_inbox",
        sa.Column("server_seq", sa.BigInteger(), nullable=False),
        sa.Column("change_id", sa.Uuid(), nullable=False),
        sa.Column("table_name", sa.String(length=63), nullable=False),
        sa.Column("row_id", sa.String(length=200), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("server_seq", name=op.f("pk_sync_inbox")),
        sa.UniqueConstraint("change_id", name=op.f("uq_sync_inbox_change_id")),
    )
    op.create_table(
        "sync_row_clock",
        sa.Column("table_name", sa.String(length=63), nullable=False),
        sa.Column("row_id", sa.String(length=200), nullable=False),
        sa.Column("clocks", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "row_id", name=op.f("pk_sync_row_clock")),
    )


def downgrade() -> None:
    from forandring_desktop.storage.sync.outbox import drop_triggers

    drop_triggers(op.get_bind())
    op.drop_table("sync_row_clock")
    op.drop_table("sync_inbox")
    op.drop_index("ix_sync_outbox_unstamped", table_name="sync_outbox")
    op.drop_table("sync_outbox")
    op.drop_table("sync_state")
