"""The organisation key pin: the public key the keys file's slots must be signed with.

- ``organisation_key_pin`` (one row, id 1): ``public_key`` (64 hex: Ed25519), ``pinned_at``.
  Written when a file is created, or when an administrator first opens a file whose keys
  file was not signed yet (``storage/key_pins.py``). A keys file signed by another key is
  refused.

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-04 01:30:00.000000

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organisation_key_pin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("pinned_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_organisation_key_pin_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_key_pin")),
    )


def downgrade() -> None:
    op.drop_table("organisation_key_pin")
