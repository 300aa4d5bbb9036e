"""Sync use cases: make a server ready, set a file up for sync, push and pull.

Every function takes the open :class:`Store`; role checks are here, as in every service.
The work is done in ``storage/sync/`` (the only place psycopg is imported).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from forandring_desktop.model import (
    DoorSheet,
    FollowUp,
    Ladder,
    MethodDescription,
    MissionDraft,
    Organisation,
    Participant,
    Persona,
    PlanAction,
    TargetGroup,
)
from forandring_desktop.services import sync_keys
from forandring_desktop.services.access import require_admin
from forandring_desktop.services.changes import ChangeSet, EntityType, emits
from forandring_desktop.storage import Store
from forandring_desktop.storage.migrate import head_revision
from forandring_desktop.storage.sync import (
    apply,
    client,
    conflicts,
    connection,
    envelope,
    inbox,
    outbox,
    server,
)
from forandring_desktop.storage.sync.errors import (
    NewerChangeError,
    NoServerError,
    SyncAlreadySetUpError,
    SyncNotSetUpError,
)
from forandring_desktop.storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class ServerReady:
    schema_version: int
    applied: tuple[int, ...]  # the server schema versions applied now (empty: up to date)
    laptop_role: str
    admin_role: str


def init_server(store: Store, dsn: str) -> ServerReady:
    """Make the PostgreSQL database at ``dsn`` ready for this file's organisation
    (administrators only; running it again changes nothing)."""
    require_admin(store, "gøre en server klar til synkronisering")
    with store.unit_of_work() as uow:
        organisation_id = uow.organisation.get().id
    info = server.init_server(dsn, organisation_id)
    return ServerReady(info.schema_version, info.applied, info.roles.laptop, info.roles.admin)


@dataclass(frozen=True, slots=True)
class FirstLaptop:
    server: ServerReady
    set_up_now: bool  # the file was set up for sync by this call
    login_made: bool  # this laptop got its own server login (kept in the file)
    pushed: int  # changes sent


def start_organisation_sync(store: Store, owner_dsn: str) -> FirstLaptop:
    """Everything the first laptop needs, in one step (administrators; ``forandring server
    init`` and Filer ▸ Synkronisering ▸ Opsæt): the server's schema and roles, this file set
    up for sync, a server login of its own for this laptop (made like an invitation's and
    redeemed at once, so its password is known only to this file; the owner's password is
    not kept), and the first push of the whole organisation. Running it again changes
    nothing that is done and sends what waits."""
    ready = init_server(store, owner_dsn)
    with store.unit_of_work() as uow:
        state = outbox.state(uow.session)
        organisation_id = uow.organisation.get().id
    set_up_now = state is None
    if set_up_now:
        set_up_sync(store)
    login_made = False
    if state is None or not state.server_dsn:
        invitation_id, login, password = server.create_invitation(owner_dsn, admin=True)
        with client.open_server(
            connection.with_login(owner_dsn, login, password), organisation_id
        ) as conn:
            password = server.redeem_invitation(conn, invitation_id)
        remember_server(store, connection.with_login(owner_dsn, login, password))
        login_made = True
    result = sync_now(store)
    return FirstLaptop(ready, set_up_now, login_made, result.pushed)


@dataclass(frozen=True, slots=True)
class SyncSetUp:
    device_id: uuid.UUID
    recorded: int  # the rows put in the outbox for the first push


def set_up_sync(store: Store) -> SyncSetUp:
    """Set this file up as the first laptop of its organisation's sync (administrators):
    from now on every change is recorded in the outbox, and everything the file holds now
    is recorded too, for the first push. The organisation's sync key is derived from the
    file's data key and kept in the file."""
    require_admin(store, "sætte synkronisering op")
    with store.unit_of_work() as uow:
        if outbox.state(uow.session) is not None:
            raise SyncAlreadySetUpError()
        organisation_id = uow.organisation.get().id
        key = envelope.organisation_key_from(store.data_key(), organisation_id)
        state = outbox.enable(uow.session, key)
        recorded = outbox.record_everything(uow.session.connection())
        # Stamped without field clocks: what every laptop had before sync loses to any
        # later change from another laptop.
        outbox.stamp_pending(uow.session, store.sync_wall, clocks=False)
        uow.commit()
    return SyncSetUp(state.device_id, recorded)


def pending_changes(store: Store) -> int:
    """How many local changes wait to be pushed (0 for a file not set up for sync)."""
    with store.unit_of_work() as uow:
        return outbox.count_pending(uow.session)


def join_with_key(store: Store, organisation_key: bytes) -> uuid.UUID:
    """Set this file up as another laptop of an organisation whose sync key it was given
    (administrators). It records its own changes from now on and gets the others' by
    pulling; the one-time invitation that carries the key builds on this. The device id."""
    require_admin(store, "sætte synkronisering op")
    if len(organisation_key) != 32:
        raise ValueError("an organisation key is 32 bytes")
    with store.unit_of_work() as uow:
        if outbox.state(uow.session) is not None:
            raise SyncAlreadySetUpError()
        state = outbox.enable(uow.session, organisation_key)
        uow.commit()
    return state.device_id


def organisation_key(store: Store) -> bytes:
    """The organisation's sync key (administrators; for inviting another laptop)."""
    require_admin(store, "invitere en computer til synkroniseringen")
    return _context(store).organisation_key


@dataclass(frozen=True, slots=True)
class _Context:
    organisation_id: uuid.UUID
    device_id: uuid.UUID
    organisation_key: bytes
    change_key: bytes


def _context(store: Store, organisation_id: uuid.UUID | None = None) -> _Context:
    with store.unit_of_work() as uow:
        state = outbox.state(uow.session)
        if state is None:
            raise SyncNotSetUpError()
        if organisation_id is None:  # given only for a joining file, still empty
            organisation_id = uow.organisation.get().id
    key = envelope.change_key(state.organisation_key, organisation_id)
    return _Context(organisation_id, state.device_id, state.organisation_key, key)


def schema_version() -> int:
    """The schema version every change carries: the number of the file's newest revision."""
    return int(head_revision())


@dataclass(frozen=True, slots=True)
class SyncResult:
    pushed: int  # local changes the server now has
    pulled: int  # other laptops' changes now waiting in the inbox
    cursor: int  # the last server sequence number seen


def push_changes(store: Store, dsn: str, *, batch: int = 500) -> int:
    """Send every waiting local change to the server; the number sent. Idempotent: a push
    cut off anywhere is simply done again (the server ignores change ids it has)."""
    context = _context(store)
    version = schema_version()
    sent = 0
    with client.open_server(dsn, context.organisation_id) as conn:
        while True:
            with store.unit_of_work() as uow:
                entries = outbox.pending(uow.session, batch, store.sync_wall)
                uow.commit()  # the stamps of changes not stamped yet
            if not entries:
                return sent
            sealed = [_seal(context, version, entry) for entry in entries]
            client.push(conn, sealed)
            with store.unit_of_work() as uow:
                outbox.forget_pushed(uow.session, [e.seq for e in entries])
                uow.commit()
            sent += len(entries)


def _seal(context: _Context, version: int, entry: outbox.OutboxEntry) -> envelope.SealedChange:
    meta = envelope.ChangeMeta(
        change_id=entry.change_id,
        organisation_id=context.organisation_id,
        table_name=entry.table_name,
        row_id=entry.row_id,
        device_id=context.device_id,
        hlc=entry.hlc,
        schema_version=version,
    )
    return envelope.seal_change(context.change_key, meta, entry.payload())


def pull_changes(
    store: Store, dsn: str, *, batch: int = 500, organisation_id: uuid.UUID | None = None
) -> tuple[int, int]:
    """Fetch the other laptops' changes after this file's cursor into its inbox, checking
    each one's seal: (changes pulled, new cursor). A tampered change
    (TamperedChangeError) or one from a newer app (NewerChangeError) stops the pull
    before its batch is stored: nothing of it is kept, the cursor stays before it.
    ``organisation_id`` only for a joining file that has no organisation row yet."""
    context = _context(store, organisation_id)
    version = schema_version()
    pulled = 0
    with client.open_server(dsn, context.organisation_id) as conn:
        while True:
            with store.unit_of_work() as uow:
                state = outbox.state(uow.session)
                assert state is not None
                cursor = state.pull_cursor
            changes = client.pull(conn, cursor, batch)
            if not changes:
                return pulled, cursor
            opened = []
            for change in changes:
                meta = change.sealed.meta
                if meta.schema_version > version:
                    raise NewerChangeError(meta.schema_version)
                payload = envelope.open_change(context.change_key, change.sealed, seq=change.seq)
                if meta.device_id != context.device_id:
                    opened.append(inbox.Received(change.seq, meta, payload))
            with store.unit_of_work() as uow:
                inbox.store(uow.session, opened, changes[-1].seq)
                outbox.observe(uow.session, [c.meta.hlc for c in opened], store.sync_wall)
                uow.commit()
            pulled += len(opened)


def sync_now(store: Store, dsn: str | None = None) -> SyncResult:
    """Push, then pull (the use case behind "Synkronisér nu"), with the server kept in the
    file unless ``dsn`` is given; the time of a completed sync is recorded."""
    address = dsn if dsn is not None else _stored_server(store)
    pushed = push_changes(store, address)
    pulled, cursor = pull_changes(store, address)
    with store.unit_of_work() as uow:
        outbox.mark_synced(uow.session, datetime.now(UTC))
        uow.commit()
    return SyncResult(pushed, pulled, cursor)


def remember_server(store: Store, dsn: str) -> None:
    """Keep the server's connection string in the file, for the background sync and
    ``forandring sync DB`` (administrators; the file must be set up for sync).
    BadServerAddressError / InsecureServerError for an address that cannot be used."""
    require_admin(store, "vælge synkroniseringsserver")
    connection.checked_conninfo(dsn)
    with store.unit_of_work() as uow:
        if outbox.state(uow.session) is None:
            raise SyncNotSetUpError()
        outbox.remember_server(uow.session, dsn)
        uow.commit()


def _stored_server(store: Store) -> str:
    with store.unit_of_work() as uow:
        state = outbox.state(uow.session)
    if state is None:
        raise SyncNotSetUpError()
    if not state.server_dsn:
        raise NoServerError()
    return state.server_dsn


@dataclass(frozen=True, slots=True)
class SyncStatus:
    set_up: bool  # the file is set up for sync
    has_server: bool  # a server is kept in the file
    pending: int  # local changes waiting to be pushed
    last_synced_at: datetime | None  # when a sync last completed (UTC, aware)
    server_host: str  # the server's host name, for the status bar ("" when none)


def sync_status(store: Store) -> SyncStatus:
    """What the status bar says about sync (cheap: one row and one count)."""
    with store.unit_of_work() as uow:
        state = outbox.state(uow.session)
        if state is None:
            return SyncStatus(False, False, 0, None, "")
        waiting = outbox.count_pending(uow.session)
    when = state.last_synced_at
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    host = connection.host_of(state.server_dsn) if state.server_dsn else ""
    return SyncStatus(True, bool(state.server_dsn), waiting, when, host)


def received_changes(store: Store) -> list[inbox.Received]:
    """The pulled changes waiting to be applied, in server order."""
    with store.unit_of_work() as uow:
        return inbox.waiting(uow.session)


# --- Applying pulled changes -------------------------------------------------------------

# Synced table -> (entity type, the column holding that entity's id). A part of a record
# (a step, a note, a rating) is reported as a change of the record it belongs to.
_ENTITY_OF: dict[str, tuple[EntityType, str]] = {
    "organisation": (Organisation, "id"),
    "mission_draft": (MissionDraft, "id"),
    "persona": (Persona, "id"),
    "target_group": (TargetGroup, "id"),
    "door_sheet": (DoorSheet, "id"),
    "door_note": (DoorSheet, "sheet_id"),
    "ladder": (Ladder, "id"),
    "ladder_step": (Ladder, "ladder_id"),
    "participant": (Participant, "id"),
    "participant_identity": (Participant, "participant_id"),
    "challenge": (Participant, "participant_id"),
    "enrolment": (Participant, "participant_id"),
    "follow_up": (FollowUp, "id"),
    "ladder_rating": (FollowUp, "follow_up_id"),
    "challenge_status": (FollowUp, "follow_up_id"),
    "area_score": (FollowUp, "follow_up_id"),
    "method_description": (MethodDescription, "id"),
    "plan_action": (PlanAction, "id"),
}


@dataclass(frozen=True, slots=True)
class Applied:
    change: ChangeSet  # remote=True: what the open pages update
    applied: int  # changes that changed something here
    lost: tuple[tuple[str, str, str], ...]  # (table, row id, field) kept as they were here
    conflicts: int = 0  # conflicts newly listed (Filer ▸ Synkronisering ▸ Konflikter)


@emits(
    Organisation,
    MissionDraft,
    Persona,
    TargetGroup,
    DoorSheet,
    Ladder,
    Participant,
    FollowUp,
    MethodDescription,
    PlanAction,
)
def apply_pulled(store: Store, *, organisation_id: uuid.UUID | None = None) -> Applied:
    """Apply the pulled changes waiting in the inbox (field-level last-writer-wins) in one
    transaction; what changed, as the change set a local gesture would give (remote).
    ``organisation_id`` only for a joining file that has no organisation row yet."""
    with store.unit_of_work() as uow:
        received = inbox.waiting(uow.session, organisation_id)
        sync_keys.adopt_keys(store, received)  # a staff member added elsewhere
        listed = conflicts.count_open(uow.session)
        outcome = apply.apply_received(uow.session, received)
        listed = conflicts.count_open(uow.session) - listed
        payloads = {(r.meta.table_name, r.meta.row_id): r.payload for r in received}
        change = ChangeSet(remote=True)
        for name, row_id, op, fields in outcome.applied:
            data = payloads.get((name, row_id), {}).get("data") or {}
            change |= change_of_row(uow, name, row_id, op, fields, data)
        uow.commit()
    return Applied(change, len(outcome.applied), tuple(outcome.lost), listed)


def change_of_row(
    uow: UnitOfWork,
    name: str,
    row_id: str,
    op: str,
    fields: tuple[str, ...],
    data: dict[str, object],
    *,
    remote: bool = True,
) -> ChangeSet:
    """The change set of one written row, as the pages know it (the record it belongs to)."""
    if name not in _ENTITY_OF:
        return ChangeSet(remote=remote)
    kind, column = _ENTITY_OF[name]
    raw = row_id if column == "id" else data.get(column)
    if not isinstance(raw, str):
        return ChangeSet(remote=remote)
    entity_id = uuid.UUID(hex=raw)
    whole = column in {"id", "participant_id"} and name != "participant_identity"
    gone = op == "delete" or ("deleted_at" in fields and data.get("deleted_at") is not None)
    parents: list[uuid.UUID] = []
    if kind is FollowUp:
        parents = _participant_of_follow_up(uow, entity_id)
    if whole and op == "insert":
        result = ChangeSet.ids(kind, created=[entity_id], parents=parents, remote=remote)
    elif whole and gone:
        result = ChangeSet.ids(kind, deleted=[entity_id], parents=parents, remote=remote)
    else:
        result = ChangeSet.ids(
            kind, changed=[entity_id], parents=parents, fields=fields, remote=remote
        )
    if parents:
        result |= ChangeSet.ids(Participant, changed=parents, remote=remote)
    return result


def _participant_of_follow_up(uow: UnitOfWork, follow_up_id: uuid.UUID) -> list[uuid.UUID]:
    found = (
        uow.session.connection()
        .exec_driver_sql("SELECT participant_id FROM follow_up WHERE id = ?", (follow_up_id.hex,))
        .scalar()
    )
    return [uuid.UUID(hex=found)] if isinstance(found, str) else []
