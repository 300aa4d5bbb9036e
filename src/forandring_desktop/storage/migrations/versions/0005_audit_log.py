"""Audit log: an append-only record of every use of personal data, and its retention.

``audit_entry`` holds one row per use (who, when, what, which participant by id and the
code at the time). SQLite itself keeps it append-only: the triggers below refuse every
UPDATE and DELETE except

- deleting entries older than ``audit_settings.purge_before``, a cut-off that may never be
  later than now minus the retention period (``retention_days``; the purge service sets it,
  deletes and clears it again in one transaction), and
- scrubbing an erased participant's entries: ``participant_code`` set to '' and ``detail``
  to '{}', every other column unchanged (the id stays as the tombstone reference); and
  blanking the ``detail`` of a search entry (its terms may hold the erased person's name).

``audit_settings`` has exactly one row (id 1); it cannot be deleted.

For later revisions: a batch operation that rebuilds ``audit_entry`` or ``audit_settings``
drops these triggers with the old table; create them again after it (copy ``TRIGGERS``).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 02:29:50.483130

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFAULT_RETENTION_DAYS = 1826  # five years

_SCRUB = (
    "NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.staff_id IS OLD.staff_id "
    "AND NEW.staff_name IS OLD.staff_name AND NEW.staff_role IS OLD.staff_role "
    "AND NEW.action IS OLD.action AND NEW.participant_id IS OLD.participant_id "
    "AND NEW.detail = '{}' "
    "AND ((OLD.participant_id IS NOT NULL AND NEW.participant_code = '') "
    "OR (OLD.action = 'search' AND NEW.participant_code IS OLD.participant_code))"
)

TRIGGERS = {
    "audit_entry_no_update": f"""
    CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
    WHEN NOT ({_SCRUB})
    BEGIN
        SELECT RAISE(ABORT, 'Logbogen kan ikke ændres: der kan kun tilføjes poster.');
    END""",
    "audit_entry_no_delete": """
    CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry
    WHEN OLD.at >= coalesce((SELECT purge_before FROM audit_settings WHERE id = 1), '')
    BEGIN
        SELECT RAISE(ABORT, 'Logbogen kan ikke ændres: kun udløbne poster kan slettes.');
    END""",
    "audit_settings_cutoff_expired_only": """
    CREATE TRIGGER audit_settings_cutoff_expired_only
    BEFORE UPDATE OF purge_before ON audit_settings
    WHEN NEW.purge_before IS NOT NULL
        AND julianday(NEW.purge_before) > julianday('now', '-' || NEW.retention_days || ' days')
    BEGIN
        SELECT RAISE(ABORT, 'Logbogens poster kan først slettes, når opbevaringstiden er gået.');
    END""",
    "audit_settings_keep_row": """
    CREATE TRIGGER audit_settings_keep_row BEFORE DELETE ON audit_settings
    BEGIN
        SELECT RAISE(ABORT, 'Logbogens indstillinger kan ikke slettes.');
    END""",
}


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("staff_name", sa.String(length=200), nullable=False),
        sa.Column("staff_role", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=True),
        sa.Column("participant_code", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    op.create_index(op.f("ix_audit_entry_action"), "audit_entry", ["action"])
    op.create_index(op.f("ix_audit_entry_at"), "audit_entry", ["at"])
    op.create_index(op.f("ix_audit_entry_participant_id"), "audit_entry", ["participant_id"])
    op.create_index(op.f("ix_audit_entry_staff_id"), "audit_entry", ["staff_id"])
    settings = op.create_table(
        "audit_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "retention_days",
            sa.Integer(),
            server_default=str(DEFAULT_RETENTION_DAYS),
            nullable=False,
        ),
        sa.Column("purge_before", sa.DateTime(), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_settings_one_row")),
        sa.CheckConstraint(
            "retention_days >= 1", name=op.f("ck_audit_settings_retention_days_positive")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_settings")),
    )
    op.bulk_insert(settings, [{"id": 1, "retention_days": DEFAULT_RETENTION_DAYS}])
    for statement in TRIGGERS.values():
        op.execute(statement)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("audit_settings")
    op.drop_index(op.f("ix_audit_entry_staff_id"), table_name="audit_entry")
    op.drop_index(op.f("ix_audit_entry_participant_id"), table_name="audit_entry")
    op.drop_index(op.f("ix_audit_entry_at"), table_name="audit_entry")
    op.drop_index(op.f("ix_audit_entry_action"), table_name="audit_entry")
    op.drop_table("audit_entry")
