"""Privacy: the participant's name in its own table; erased-participant tombstones; retention.

- ``participant_identity`` (participant_id, name): what identifies a participant, apart
  from the pseudonymous ``participant`` row (code, dates, mentor …). Back-filled with one
  row per participant from ``participant.name``; then ``participant.name`` is dropped.
- ``erased_participant`` (id, erased_at): the only trace an erased participant leaves.
- ``privacy_settings`` (one row, id 1): months after a course ended before a participant is
  due for erasure (no row: 60).

Dropping ``participant.name`` uses SQLite's own ``ALTER TABLE … DROP COLUMN`` (3.35+), which
rewrites the rows in place. It must NOT be a batch rebuild: the rebuild copies the table
and then runs ``DROP TABLE participant``; with foreign keys on (they are on every
connection, and ``PRAGMA foreign_keys`` cannot be changed inside the migration's
transaction) that drop deletes every row first and the ``ON DELETE CASCADE`` of challenge,
enrolment and follow_up (and through them ratings, statuses and scores) would empty those
tables. No trigger or view of revision 0004 names ``participant``; the column has no index,
key or constraint, so SQLite allows the drop.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 03:10:00.000000

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "participant_identity",
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_participant_identity_participant_id_participant"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("participant_id", name=op.f("pk_participant_identity")),
    )
    op.execute(
        "INSERT INTO participant_identity (participant_id, name) "
        "SELECT id, coalesce(name, '') FROM participant"
    )
    op.drop_column("participant", "name")  # ALTER TABLE … DROP COLUMN: see the docstring
    op.create_table(
        "erased_participant",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("erased_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erased_participant")),
    )
    op.create_table(
        "privacy_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("retention_months", sa.Integer(), server_default="60", nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_privacy_settings_one_row")),
        sa.CheckConstraint(
            "retention_months >= 1", name=op.f("ck_privacy_settings_retention_months_positive")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_settings")),
    )


def downgrade() -> None:
    op.drop_table("privacy_settings")
    op.drop_table("erased_participant")
    op.add_column(
        "participant",
        sa.Column("name", sa.String(length=200), server_default="", nullable=False),
    )
    op.execute(
        "UPDATE participant SET name = coalesce((SELECT i.name FROM participant_identity AS i "
        "WHERE i.participant_id = participant.id), '')"
    )
    op.drop_table("participant_identity")
