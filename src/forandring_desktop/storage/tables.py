"""SQLAlchemy 2 typed declarative tables. Column names follow the model's field names.

Every user-editable table has a UUIDv7 key, UTC created/updated times and a soft-delete
tombstone (``deleted_at``): several laptops will merge their edits later.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    Uuid,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator[datetime]):
    """Stores UTC as naive text; hands back aware UTC datetimes. Refuses naive input."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {  # noqa: RUF012  (SQLAlchemy reads this class attribute)
        uuid.UUID: Uuid(as_uuid=True),
        datetime: UtcDateTime(),
        date: Date(),
        str: Text(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


class Tracked:
    """The four columns every user-editable row carries."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None]


def _fk(target: str, *, cascade: bool = True) -> Any:
    return ForeignKey(target, ondelete="CASCADE" if cascade else "RESTRICT")


class OrganisationRow(Tracked, Base):
    __tablename__ = "organisation"
    name: Mapped[str] = mapped_column(String(200))
    vision: Mapped[str] = mapped_column(default="")
    main_areas: Mapped[list[Any]] = mapped_column(default=list)


class MissionDraftRow(Tracked, Base):
    __tablename__ = "mission_draft"
    organisation_id: Mapped[uuid.UUID] = mapped_column(_fk("organisation.id"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    who: Mapped[str] = mapped_column(default="")
    what: Mapped[str] = mapped_column(default="")
    how: Mapped[str] = mapped_column(default="")
    mission_text: Mapped[str] = mapped_column(default="")
    checklist: Mapped[list[Any]] = mapped_column(default=list)
    chosen: Mapped[bool] = mapped_column(Boolean, default=False)


class PersonaRow(Tracked, Base):
    __tablename__ = "persona"
    organisation_id: Mapped[uuid.UUID] = mapped_column(_fk("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    gender: Mapped[str] = mapped_column(String(200), default="")
    age: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    background: Mapped[list[Any]] = mapped_column(default=list)
    problems: Mapped[list[Any]] = mapped_column(default=list)


class TargetGroupRow(Tracked, Base):
    __tablename__ = "target_group"
    organisation_id: Mapped[uuid.UUID] = mapped_column(_fk("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(default="")
    persona_ids: Mapped[list[Any]] = mapped_column(default=list)  # ordered member ids


class DoorSheetRow(Tracked, Base):
    __tablename__ = "door_sheet"
    organisation_id: Mapped[uuid.UUID] = mapped_column(_fk("organisation.id"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    persona_id: Mapped[uuid.UUID | None] = mapped_column(_fk("persona.id", cascade=False))
    target_group_id: Mapped[uuid.UUID | None] = mapped_column(_fk("target_group.id", cascade=False))


class DoorNoteRow(Tracked, Base):
    __tablename__ = "door_note"
    sheet_id: Mapped[uuid.UUID] = mapped_column(_fk("door_sheet.id"), index=True)
    text: Mapped[str]
    side: Mapped[str] = mapped_column(String(8))
    colour: Mapped[str] = mapped_column(String(16))
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    width: Mapped[float] = mapped_column(Float)
    height: Mapped[float] = mapped_column(Float)
    pair_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("door_note.id", ondelete="SET NULL")
    )


class LadderRow(Tracked, Base):
    __tablename__ = "ladder"
    organisation_id: Mapped[uuid.UUID] = mapped_column(_fk("organisation.id"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    change_goal: Mapped[str]
    target_group_ids: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")
    source: Mapped[dict[str, Any] | None]  # the door-sheet pair it was made from


class LadderStepRow(Tracked, Base):
    """Ratings point at a step's id; ``position`` alone orders the ladder."""

    __tablename__ = "ladder_step"
    ladder_id: Mapped[uuid.UUID] = mapped_column(_fk("ladder.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str]
    signs: Mapped[str] = mapped_column(default="")
    action: Mapped[str] = mapped_column(default="")


class ParticipantRow(Tracked, Base):
    __tablename__ = "participant"
    organisation_id: Mapped[uuid.UUID] = mapped_column(_fk("organisation.id"), index=True)
    code: Mapped[str] = mapped_column(String(32), index=True)
    # The name lives apart, in participant_identity (revision 0006): this row is pseudonymous.
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    target_group_id: Mapped[uuid.UUID | None] = mapped_column(
        _fk("target_group.id", cascade=False), index=True
    )
    mentor: Mapped[str] = mapped_column(String(200), default="", server_default="")
    municipality: Mapped[str] = mapped_column(String(200), default="")
    exit_date: Mapped[date | None]
    exit_destination: Mapped[str | None] = mapped_column(String(16))
    exit_note: Mapped[str | None]


class ChallengeRow(Tracked, Base):
    __tablename__ = "challenge"
    participant_id: Mapped[uuid.UUID] = mapped_column(_fk("participant.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str]
    weight: Mapped[int | None] = mapped_column(Integer)
    source_note_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("door_note.id", ondelete="SET NULL")
    )


class EnrolmentRow(Tracked, Base):
    __tablename__ = "enrolment"
    participant_id: Mapped[uuid.UUID] = mapped_column(_fk("participant.id"), index=True)
    ladder_id: Mapped[uuid.UUID] = mapped_column(_fk("ladder.id", cascade=False), index=True)
    start_step_id: Mapped[uuid.UUID] = mapped_column(_fk("ladder_step.id", cascade=False))
    goal_step_id: Mapped[uuid.UUID | None] = mapped_column(_fk("ladder_step.id", cascade=False))


class FollowUpRow(Tracked, Base):
    __tablename__ = "follow_up"
    participant_id: Mapped[uuid.UUID] = mapped_column(_fk("participant.id"))
    date: Mapped[date]
    note: Mapped[str] = mapped_column(default="")
    # Who recorded it (revision 0009): the staff member's id and name then; NULL before.
    author_id: Mapped[uuid.UUID | None]
    author_name: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (Index("ix_follow_up_participant_date", "participant_id", "date"),)


class LadderRatingRow(Tracked, Base):
    __tablename__ = "ladder_rating"
    follow_up_id: Mapped[uuid.UUID] = mapped_column(_fk("follow_up.id"), index=True)
    enrolment_id: Mapped[uuid.UUID] = mapped_column(_fk("enrolment.id"), index=True)
    # RESTRICT: a step that has ratings can be retired (soft-deleted), never destroyed.
    staff_step_id: Mapped[uuid.UUID | None] = mapped_column(_fk("ladder_step.id", cascade=False))
    participant_step_id: Mapped[uuid.UUID | None] = mapped_column(
        _fk("ladder_step.id", cascade=False)
    )
    note: Mapped[str] = mapped_column(default="")
    action: Mapped[str] = mapped_column(default="")


class ChallengeStatusRow(Tracked, Base):
    __tablename__ = "challenge_status"
    follow_up_id: Mapped[uuid.UUID] = mapped_column(_fk("follow_up.id"), index=True)
    challenge_id: Mapped[uuid.UUID] = mapped_column(_fk("challenge.id"), index=True)
    state: Mapped[str] = mapped_column(String(16))


class AreaScoreRow(Tracked, Base):
    __tablename__ = "area_score"
    follow_up_id: Mapped[uuid.UUID] = mapped_column(_fk("follow_up.id"), index=True)
    area: Mapped[str] = mapped_column(String(200))
    score: Mapped[int] = mapped_column(Integer)


class PlanActionRow(Tracked, Base):
    """An action of the action plan (seed 001, C); ``target`` is what it serves (JSON:
    a kind and an id, e.g. a ladder)."""

    __tablename__ = "plan_action"
    organisation_id: Mapped[uuid.UUID] = mapped_column(_fk("organisation.id"), index=True)
    target_group_id: Mapped[uuid.UUID | None] = mapped_column(_fk("target_group.id", cascade=False))
    area: Mapped[str] = mapped_column(String(16))
    what: Mapped[str] = mapped_column(default="")
    who: Mapped[str] = mapped_column(String(200), default="")
    due: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(16))
    target: Mapped[dict[str, Any] | None]


class MethodDescriptionRow(Tracked, Base):
    """A method description (seed 001, B): its phases, roles and core as JSON lists."""

    __tablename__ = "method_description"
    organisation_id: Mapped[uuid.UUID] = mapped_column(_fk("organisation.id"), index=True)
    target_group_id: Mapped[uuid.UUID | None] = mapped_column(_fk("target_group.id", cascade=False))
    title: Mapped[str] = mapped_column(String(200), default="")
    phases: Mapped[list[Any]] = mapped_column(default=list)
    roles: Mapped[list[Any]] = mapped_column(default=list)
    core: Mapped[list[Any]] = mapped_column(default=list)


def table(row_class: type[Base]) -> Table:
    """The Core table of a row class (``__table__`` is typed as a plain FromClause)."""
    return cast(Table, row_class.__table__)


# -- Progress facts (storage/progress.py) --------------------------------------------------
# Derived, not user data: narrow integer copies of the live ladder ratings and challenge
# statuses, kept in step with ladder_rating, challenge_status and follow_up by the triggers
# that revision 0004 creates, and read by the status figures. The key tables give the
# 32-character ids small integers for good (explicit INTEGER PRIMARY KEYs: VACUUM keeps them).


class ProgressStepKeyRow(Base):
    __tablename__ = "progress_step_key"
    k: Mapped[int] = mapped_column(Integer, primary_key=True)
    step_id: Mapped[uuid.UUID] = mapped_column(unique=True)


class ProgressEnrolmentKeyRow(Base):
    __tablename__ = "progress_enrolment_key"
    k: Mapped[int] = mapped_column(Integer, primary_key=True)
    enrolment_id: Mapped[uuid.UUID] = mapped_column(unique=True)


class ProgressChallengeKeyRow(Base):
    __tablename__ = "progress_challenge_key"
    k: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[uuid.UUID] = mapped_column(unique=True)


class ProgressRatingRow(Base):
    """The live ratings on live follow-ups as a multiset: ``n`` ratings of an enrolment on a
    day (an ordinal) with these staff and own steps (step keys; 0: not rated)."""

    __tablename__ = "progress_rating"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012  (SQLAlchemy reads it)
    enrolment_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    own_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class ProgressFirstRatingRow(Base):
    """The first day each staff step was rated in an enrolment (from progress_rating)."""

    __tablename__ = "progress_first_rating"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012
    enrolment_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[int] = mapped_column(Integer, primary_key=True)  # day order: for jumps
    staff_key: Mapped[int] = mapped_column(Integer, primary_key=True)  # one row per step


class ProgressChallengeStateRow(Base):
    """The live challenge statuses on live follow-ups: ``n`` of a challenge on a day with a
    state (0 unresolved, 1 partly, 2 fully)."""

    __tablename__ = "progress_challenge_state"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012
    challenge_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


# -- Audit log (storage/audit.py) -----------------------------------------------------------
# Append-only: the triggers that revision 0005 creates refuse UPDATE and DELETE, except the
# purge of expired entries (older than ``audit_settings.purge_before``) and the scrub of an
# erased participant's entries (code and detail blanked; revision 0010 replaced the update
# trigger so the chain columns cannot change either). No foreign key to participant:
# the entries outlive an erased participant, whose id stays as the tombstone reference.


class AuditEntryRow(Base):
    __tablename__ = "audit_entry"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # UUIDv7: time-ordered
    at: Mapped[datetime] = mapped_column(index=True)
    staff_id: Mapped[uuid.UUID] = mapped_column(index=True)
    staff_name: Mapped[str] = mapped_column(String(200))
    staff_role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16), index=True)
    participant_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    participant_code: Mapped[str] = mapped_column(String(32), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The chain (revision 0010; empty on entries written before it: storage/audit_chain.py)
    seq: Mapped[int | None] = mapped_column(Integer)
    # Whose chain: "" for this file's own entries; the device id of the laptop that wrote
    # an entry pulled by sync (each laptop's entries are one chain of their own).
    origin: Mapped[str] = mapped_column(String(36), default="", server_default="")
    prev_hash: Mapped[str | None]
    entry_hash: Mapped[str | None]
    content_digest: Mapped[str | None]
    content_salt: Mapped[str | None]
    signer_key: Mapped[str | None]
    signature: Mapped[str | None]

    __table_args__ = (Index("ix_audit_entry_origin_seq", "origin", "seq", unique=True),)


class AuditSettingsRow(Base):
    """One row (id 1): how long entries are kept, and the cut-off of the last purge."""

    __tablename__ = "audit_settings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    retention_days: Mapped[int] = mapped_column(Integer, default=1826, server_default="1826")
    purge_before: Mapped[datetime | None]
    # Where the chain starts after a purge: the last deleted entry, signed (revision 0010)
    anchor_seq: Mapped[int | None] = mapped_column(Integer)
    anchor_hash: Mapped[str | None]
    anchor_signer_key: Mapped[str | None]
    anchor_signature: Mapped[str | None]

    __table_args__ = (
        CheckConstraint("id = 1", name="one_row"),
        CheckConstraint("retention_days >= 1", name="retention_days_positive"),
    )


# -- Privacy (storage/privacy.py) ------------------------------------------------------------
# Pseudonymisation: what identifies a participant lives apart from the participant row (which
# holds only their code), so lists, reports and the status figures never read it. Erasure
# removes every row of a participant for good and keeps only a tombstone with the id.


class ParticipantIdentityRow(Base):
    """Who a participant is (one row per participant): read only where the name is shown."""

    __tablename__ = "participant_identity"
    participant_id: Mapped[uuid.UUID] = mapped_column(_fk("participant.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")


class ErasedParticipantRow(Base):
    """A participant erased for good: only the id is kept, so other copies can follow."""

    __tablename__ = "erased_participant"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    erased_at: Mapped[datetime]


class ErasedParticipantCodeRow(Base):
    """Every code an erased participant had, as a digest (revision 0008; ``code_digest`` in
    storage/privacy.py): the erasure register."""

    __tablename__ = "erased_participant_code"
    participant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)


class RemovedStaffRow(Base):
    """A staff member removed from the keys file (revision 0008): the erasure register."""

    __tablename__ = "removed_staff"
    staff_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    slot_id: Mapped[uuid.UUID | None]
    removed_at: Mapped[datetime]


class PrivacySettingsRow(Base):
    """One row (id 1): months after a course ended before the participant is due for
    erasure. No row: the default (model.privacy.DEFAULT_RETENTION_MONTHS)."""

    __tablename__ = "privacy_settings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    retention_months: Mapped[int] = mapped_column(Integer, default=60, server_default="60")

    __table_args__ = (
        CheckConstraint("id = 1", name="one_row"),
        CheckConstraint("retention_months >= 1", name="retention_months_positive"),
    )


# -- Signed key slots (storage/key_pins.py) ---------------------------------------------------


class OrganisationKeyPinRow(Base):
    """One row (id 1, revision 0011): the organisation's public signing key (hex) that the
    keys file must be signed with; a keys file re-signed with another key is refused."""

    __tablename__ = "organisation_key_pin"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))
    pinned_at: Mapped[datetime]

    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)


# -- Sync (storage/sync/) -------------------------------------------------------------------
# Only files set up for sync have a sync_state row and the triggers that fill the outbox.


class SyncStateRow(Base):
    """One row (id 1) in a file set up for sync (see revision 0012)."""

    __tablename__ = "sync_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[uuid.UUID]
    organisation_key: Mapped[bytes] = mapped_column(LargeBinary)
    last_hlc: Mapped[int] = mapped_column(BigInteger, server_default="0")
    pull_cursor: Mapped[int] = mapped_column(BigInteger, server_default="0")
    recording: Mapped[int] = mapped_column(Integer, server_default="1")
    enabled_at: Mapped[datetime]
    server_dsn: Mapped[str | None] = mapped_column(Text)  # revision 0014
    last_synced_at: Mapped[datetime | None]

    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)


class SyncOutboxRow(Base):
    """A local change waiting to be pushed (written by the outbox triggers)."""

    __tablename__ = "sync_outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    change_id: Mapped[uuid.UUID | None] = mapped_column(unique=True)
    table_name: Mapped[str] = mapped_column(String(63))
    row_id: Mapped[str] = mapped_column(String(200))
    op: Mapped[str] = mapped_column(String(8))
    fields: Mapped[str | None]
    data: Mapped[str | None]
    hlc: Mapped[int | None] = mapped_column(BigInteger)
    base: Mapped[str | None]  # revision 0013: the clocks of the values this change replaced

    __table_args__ = (
        Index("ix_sync_outbox_unstamped", "seq", sqlite_where=text("hlc IS NULL")),
        {"sqlite_autoincrement": True},
    )


class SyncInboxRow(Base):
    """A change pulled from the server (decrypted), waiting to be applied."""

    __tablename__ = "sync_inbox"
    server_seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    change_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    table_name: Mapped[str] = mapped_column(String(63))
    row_id: Mapped[str] = mapped_column(String(200))
    device_id: Mapped[uuid.UUID]
    hlc: Mapped[int] = mapped_column(BigInteger)
    schema_version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str]


class SyncRowClockRow(Base):
    """Per synced row, the clock of each field's last write: ``{field: [hlc, device]}``."""

    __tablename__ = "sync_row_clock"
    table_name: Mapped[str] = mapped_column(String(63), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    clocks: Mapped[str]


class SyncConflictRow(Base):
    """A value that lost to another laptop's concurrent change (revision 0013)."""

    __tablename__ = "sync_conflict"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(63))
    row_id: Mapped[str] = mapped_column(String(200))
    field: Mapped[str] = mapped_column(String(63))
    kept_value: Mapped[str]  # JSON
    lost_value: Mapped[str]  # JSON
    kept_hlc: Mapped[int] = mapped_column(BigInteger)
    kept_device: Mapped[str] = mapped_column(String(32))
    lost_hlc: Mapped[int] = mapped_column(BigInteger)
    lost_device: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16), server_default="field")
    recorded_at: Mapped[datetime]
    resolved: Mapped[str | None] = mapped_column(String(16))  # "restored" / "dismissed"
    resolved_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_sync_conflict_open", "recorded_at", sqlite_where=text("resolved IS NULL")),
    )
