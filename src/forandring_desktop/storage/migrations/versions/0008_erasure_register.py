"""The erasure register: the codes erased participants had, and staff members removed.

- ``erased_participant_code`` (participant_id, digest): every code an erased participant
  ever had (codes can change; they are printed on paper sheets, so they identify), as a
  SHA-256 digest with the organisation's id (``storage/privacy.py: code_digest``), so the
  code itself is not left in the file. With the tombstones of ``erased_participant`` this is
  what a restore or an import of an older copy needs to erase the person again and scrub
  searches by any of those codes.
- ``removed_staff`` (staff_id, slot_id, removed_at): staff members removed from the keys
  file, so a restore of an older keys file removes their slots again and an unlock refuses
  them.

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-03 12:10:00.000000

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "erased_participant_code",
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint(
            "participant_id", "digest", name=op.f("pk_erased_participant_code")
        ),
    )
    op.create_table(
        "removed_staff",
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("slot_id", sa.Uuid(), nullable=True),
        sa.Column("removed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("staff_id", name=op.f("pk_removed_staff")),
    )


def downgrade() -> None:
    op.drop_table("removed_staff")
    op.drop_table("erased_participant_code")
