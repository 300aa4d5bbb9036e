"""Audit chain: every new entry is numbered, chained to the one before by hash and signed.

New columns on ``audit_entry`` (all empty on the entries written before this revision,
which verification reports as "før signering"):

- ``seq``: 1, 2, 3 … in insertion order (a unique index: two writers cannot both get one);
- ``origin``: whose chain — '' for the file's own entries, the device id of the laptop
  that wrote an entry pulled by sync (seq is unique per origin);
- ``prev_hash``: the ``entry_hash`` of entry ``seq - 1`` ('' for the first; after a purge,
  the anchor below);
- ``content_digest`` and ``content_salt``: SHA-256 of (salt ‖ participant code and detail),
  so the content is in the chain without the chain pinning it: scrubbing an erased
  participant's code and detail blanks the salt, and the entry verifies as "scrubbed";
- ``entry_hash``: SHA-256 over the canonical bytes of the entry's other columns;
- ``signer_key`` and ``signature``: the author's Ed25519 public key and signature over
  ``entry_hash`` (empty while the author has no signing key yet: "usigneret").

New columns on ``audit_settings``: the anchor of the last purge (``anchor_seq`` and
``anchor_hash`` of the last entry deleted, signed by the member who purged:
``anchor_signer_key``, ``anchor_signature``), where verification starts.

The update trigger of revision 0005 is replaced by one that also refuses any change to the
new columns, except blanking ``content_salt`` in a scrub. Columns are added with plain
``ALTER TABLE … ADD COLUMN`` and the index with ``CREATE INDEX`` (no batch rebuild, so the
other triggers of 0005 stay as they are).

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-04 01:30:00.000000

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHAIN_COLUMNS = (
    "seq",
    "origin",
    "prev_hash",
    "entry_hash",
    "content_digest",
    "signer_key",
    "signature",
)

_SAME = " AND ".join(
    f"NEW.{name} IS OLD.{name}"
    for name in (
        "id",
        "at",
        "staff_id",
        "staff_name",
        "staff_role",
        "action",
        "participant_id",
        *_CHAIN_COLUMNS,
    )
)

_SCRUB = (
    f"{_SAME} "
    "AND (NEW.content_salt IS OLD.content_salt OR NEW.content_salt = '') "
    "AND NEW.detail = '{}' "
    "AND ((OLD.participant_id IS NOT NULL AND NEW.participant_code = '') "
    "OR (OLD.action = 'search' AND NEW.participant_code IS OLD.participant_code))"
)

NO_UPDATE = f"""
    CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
    WHEN NOT ({_SCRUB})
    BEGIN
        SELECT RAISE(ABORT, 'Logbogen kan ikke ændres: der kan kun tilføjes poster.');
    END"""

# Revision 0005's trigger, for the downgrade.
_OLD_SCRUB = (
    "NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.staff_id IS OLD.staff_id "
    "AND NEW.staff_name IS OLD.staff_name AND NEW.staff_role IS OLD.staff_role "
    "AND NEW.action IS OLD.action AND NEW.participant_id IS OLD.participant_id "
    "AND NEW.detail = '{}' "
    "AND ((OLD.participant_id IS NOT NULL AND NEW.participant_code = '') "
    "OR (OLD.action = 'search' AND NEW.participant_code IS OLD.participant_code))"
)
_OLD_NO_UPDATE = f"""
    CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
    WHEN NOT ({_OLD_SCRUB})
    BEGIN
        SELECT RAISE(ABORT, 'Logbogen kan ikke ændres: der kan kun tilføjes poster.');
    END"""

_ENTRY_COLUMNS = (
    ("seq", sa.Integer()),
    ("prev_hash", sa.Text()),
    ("entry_hash", sa.Text()),
    ("content_digest", sa.Text()),
    ("content_salt", sa.Text()),
    ("signer_key", sa.Text()),
    ("signature", sa.Text()),
)
_SETTINGS_COLUMNS = (
    ("anchor_seq", sa.Integer()),
    ("anchor_hash", sa.Text()),
    ("anchor_signer_key", sa.Text()),
    ("anchor_signature", sa.Text()),
)


def upgrade() -> None:
    for name, kind in _ENTRY_COLUMNS:
        op.add_column("audit_entry", sa.Column(name, kind, nullable=True))
    op.add_column(
        "audit_entry", sa.Column("origin", sa.String(36), nullable=False, server_default="")
    )
    op.create_index("ix_audit_entry_origin_seq", "audit_entry", ["origin", "seq"], unique=True)
    for name, kind in _SETTINGS_COLUMNS:
        op.add_column("audit_settings", sa.Column(name, kind, nullable=True))
    op.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
    op.execute(NO_UPDATE)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
    op.drop_index("ix_audit_entry_origin_seq", table_name="audit_entry")
    op.drop_column("audit_entry", "origin")
    for name, _kind in reversed(_SETTINGS_COLUMNS):
        op.drop_column("audit_settings", name)
    for name, _kind in reversed(_ENTRY_COLUMNS):
        op.drop_column("audit_entry", name)
    op.execute(_OLD_NO_UPDATE)
