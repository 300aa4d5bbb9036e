"""Follow-ups: who recorded each one (the staff member's id and their name at the time).

- ``follow_up.author_id`` (nullable): the staff id of the member who recorded it;
- ``follow_up.author_name`` (nullable): their display name then (a staff member can be
  renamed or removed later; the history shows who it was).

Rows from before stay NULL ("ukendt" in the app). The columns are added with SQLite's own
``ALTER TABLE … ADD COLUMN``, NOT a batch rebuild: ``follow_up`` is the parent of
``ladder_rating``, ``challenge_status`` and ``area_score`` (``ON DELETE CASCADE``) and the
triggers of revision 0004 name it, so a rebuild's ``DROP TABLE follow_up`` would empty the
children and drop the triggers (see revision 0006).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 01:20:00.000000

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("follow_up", sa.Column("author_id", sa.Uuid(), nullable=True))
    op.add_column("follow_up", sa.Column("author_name", sa.String(length=200), nullable=True))


def downgrade() -> None:
    op.drop_column("follow_up", "author_name")
    op.drop_column("follow_up", "author_id")
