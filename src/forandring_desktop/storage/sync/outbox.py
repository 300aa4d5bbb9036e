"""The outbox: every change to a synced row, recorded in the same transaction as the change.

There is one path for every change, and it is below the repositories: SQLite triggers on
each synced table (installed only when the file is set up for sync, so a single-laptop
file has none and pays nothing) copy each INSERT, UPDATE (the changed columns and the new
row) and DELETE into ``sync_outbox``, in the transaction that made it. No service has to
remember the outbox, and no path can bypass it: a bulk import, a raw UPDATE and an audit
entry are all recorded. The triggers are made from ``tables.py`` and re-made after every
schema upgrade, so a new column is synced without anyone touching this file.

When the unit of work commits, :func:`stamp_pending` gives each new outbox row its change
id and hybrid-logical-clock time. A row is deleted from the outbox once the server has it,
so the outbox never keeps a copy of personal data longer than until the next push; a
deleted row's earlier unpushed changes are dropped with it (an erasure leaves no copy).

While pulled changes are applied, ``sync_state.recording`` is 0, so they are not sent back.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, text, update
from sqlalchemy.orm import Session

from forandring_desktop.model.base import uuid7
from forandring_desktop.storage import tables as t
from forandring_desktop.storage.sync import clocks as field_clocks
from forandring_desktop.storage.sync.hlc import Hlc, HybridClock, WallClock, system_ms

# The synced tables and the column that identifies a row. Derived tables (the progress
# figures) are not synced: every laptop computes them from the synced ones.
SYNCED: dict[str, str] = {
    **dict.fromkeys(
        (
            "organisation",
            "mission_draft",
            "persona",
            "target_group",
            "door_sheet",
            "door_note",
            "ladder",
            "ladder_step",
            "participant",
            "challenge",
            "enrolment",
            "follow_up",
            "ladder_rating",
            "challenge_status",
            "area_score",
            "audit_entry",
            "method_description",
            "plan_action",
        ),
        "id",
    ),
    "participant_identity": "participant_id",
}
TRIGGER_PREFIX = "sync_out_"
TOMBSTONE = "deleted_at"
_RECORDING = "(SELECT recording FROM sync_state WHERE id = 1) = 1"


def synced_table(name: str) -> Table:
    return t.Base.metadata.tables[name]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _json_row(table: Table, alias: str) -> str:
    pairs = ", ".join(f"'{c.name}', {alias}.{_q(c.name)}" for c in table.columns)
    return f"json_object({pairs})"


def trigger_sql(name: str) -> list[str]:
    """The three CREATE TRIGGER statements of synced table ``name``."""
    table = synced_table(name)
    key = SYNCED[name]
    columns = [c.name for c in table.columns]
    quoted = _q(name)
    outbox = "INSERT INTO sync_outbox (table_name, row_id, op, fields, data)"
    changed = " OR ".join(f"OLD.{_q(c)} IS NOT NEW.{_q(c)}" for c in columns)
    fields = " || ".join(
        f"(CASE WHEN OLD.{_q(c)} IS NOT NEW.{_q(c)} THEN '{c},' ELSE '' END)" for c in columns
    )
    return [
        f"CREATE TRIGGER {TRIGGER_PREFIX}{name}_insert AFTER INSERT ON {quoted} "
        f"WHEN {_RECORDING} BEGIN {outbox} VALUES ('{name}', NEW.{_q(key)}, 'insert', NULL, "
        f"{_json_row(table, 'NEW')}); END",
        f"CREATE TRIGGER {TRIGGER_PREFIX}{name}_update AFTER UPDATE ON {quoted} "
        f"WHEN {_RECORDING} AND ({changed}) BEGIN {outbox} VALUES ('{name}', NEW.{_q(key)}, "
        f"'update', rtrim({fields}, ','), {_json_row(table, 'NEW')}); END",
        # A deleted row's unpushed changes go with it (an erased participant leaves no copy
        # in the outbox); only the deletion itself is sent.
        f"CREATE TRIGGER {TRIGGER_PREFIX}{name}_delete AFTER DELETE ON {quoted} "
        f"WHEN {_RECORDING} BEGIN DELETE FROM sync_outbox WHERE table_name = '{name}' AND "
        f"row_id = OLD.{_q(key)}; {outbox} VALUES ('{name}', OLD.{_q(key)}, 'delete', NULL, "
        "NULL); END",
    ]


def drop_triggers(conn: Connection) -> None:
    names = conn.execute(
        text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE :p"),
        {"p": TRIGGER_PREFIX + "%"},
    ).scalars()
    for name in list(names):
        conn.exec_driver_sql(f"DROP TRIGGER {_q(name)}")


def install_triggers(conn: Connection) -> None:
    """(Re)make the outbox triggers from the current tables."""
    drop_triggers(conn)
    for name in SYNCED:
        for statement in trigger_sql(name):
            conn.exec_driver_sql(statement)


def _has_state_table(conn: Connection) -> bool:
    found = conn.execute(
        text("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sync_state'")
    ).scalar_one()
    return bool(found)


def is_enabled(conn: Connection) -> bool:
    """True for a file set up for sync."""
    if not _has_state_table(conn):
        return False
    return bool(conn.execute(text("SELECT count(*) FROM sync_state")).scalar_one())


@contextlib.contextmanager
def quiet_upgrade(conn: Connection) -> Iterator[None]:
    """Around a schema upgrade: what a migration rewrites is not recorded (every laptop
    runs the same migration), and the triggers are re-made for the new tables afterwards."""
    enabled = is_enabled(conn)
    if enabled:
        conn.execute(text("UPDATE sync_state SET recording = 0"))
    yield
    if enabled or is_enabled(conn):
        install_triggers(conn)
        conn.execute(text("UPDATE sync_state SET recording = 1"))


def record_everything(conn: Connection) -> int:
    """Put every row of the synced tables in the outbox as an insert (when a file is set
    up for sync, so the server gets the whole organisation); the number recorded."""
    total = 0
    for name in SYNCED:
        table = synced_table(name)
        done = conn.exec_driver_sql(
            "INSERT INTO sync_outbox (table_name, row_id, op, fields, data) "
            f"SELECT '{name}', {_q(SYNCED[name])}, 'insert', NULL, {_json_row(table, _q(name))} "
            f"FROM {_q(name)} ORDER BY {_q(SYNCED[name])}"
        )
        total += max(done.rowcount, 0)
    return total


@dataclass(frozen=True, slots=True)
class SyncState:
    device_id: uuid.UUID
    organisation_key: bytes
    last_hlc: int
    pull_cursor: int
    server_dsn: str | None = None  # the server this file syncs with (revision 0014)
    last_synced_at: datetime | None = None  # when a sync last completed (UTC)


def enable(
    session: Session, organisation_key: bytes, device_id: uuid.UUID | None = None
) -> SyncState:
    """Set the file up for sync (in the caller's transaction): its state row and triggers.
    Changes from now on are recorded; what the file held before is not (a first push of
    the whole organisation is the set-up use case's job)."""
    conn = session.connection()
    if is_enabled(conn):
        raise ValueError("the file is set up for sync already")
    device = device_id or uuid7()
    session.execute(
        insert(t.table(t.SyncStateRow)).values(
            id=1,
            device_id=device,
            organisation_key=organisation_key,
            last_hlc=0,
            pull_cursor=0,
            recording=1,
            enabled_at=datetime.now(UTC),
        )
    )
    install_triggers(conn)
    return SyncState(device, organisation_key, 0, 0)


def state(session: Session) -> SyncState | None:
    """The file's sync state, or None for a file not set up for sync."""
    table = t.table(t.SyncStateRow)
    row = session.execute(select(table).where(table.c.id == 1)).first()
    if row is None:
        return None
    return SyncState(
        row.device_id,
        bytes(row.organisation_key),
        row.last_hlc,
        row.pull_cursor,
        row.server_dsn,
        row.last_synced_at,
    )


def remember_server(session: Session, dsn: str) -> None:
    """Keep the server's connection string in the file (its sync state must exist)."""
    session.execute(update(t.table(t.SyncStateRow)).values(server_dsn=dsn))


def mark_synced(session: Session, when: datetime) -> None:
    """Record that a sync completed at ``when`` (UTC)."""
    session.execute(update(t.table(t.SyncStateRow)).values(last_synced_at=when.astimezone(UTC)))


def stamp_pending(session: Session, wall: WallClock = system_ms, *, clocks: bool = True) -> int:
    """Give the outbox rows of this transaction their change id and clock time, and (with
    ``clocks``) make them the last write of the fields they wrote; the number stamped (0,
    and one indexed look-up, for a file not set up for sync)."""
    outbox = t.table(t.SyncOutboxRow)
    rows = session.execute(
        select(outbox.c.seq, outbox.c.table_name, outbox.c.row_id, outbox.c.op, outbox.c.fields)
        .where(outbox.c.hlc.is_(None))
        .order_by(outbox.c.seq)
    ).all()
    if not rows:
        return 0
    state_table = t.table(t.SyncStateRow)
    last, device = session.execute(select(state_table.c.last_hlc, state_table.c.device_id)).one()
    clock = HybridClock(Hlc.unpack(last), wall)
    # One statement for the lot (a first push of a large organisation stamps many rows):
    # consecutive clock values from the next tick on, in outbox order, and random ids.
    base = clock.tick().pack()
    first = rows[0][0]
    session.execute(
        text(
            "UPDATE sync_outbox SET hlc = :base + (seq - :first), "
            "change_id = lower(hex(randomblob(16))) WHERE hlc IS NULL"
        ),
        {"base": base, "first": first},
    )
    stamped = session.execute(select(outbox.c.hlc).where(outbox.c.seq == rows[-1][0])).scalar_one()
    if clocks:
        for seq, table_name, row_id, op, fields in rows:
            written = _written_fields(table_name, op, fields)
            hlc = base + (seq - first)
            loaded = field_clocks.load(session, table_name, row_id)
            seen = _seen(loaded, op, written)
            if seen:
                session.execute(
                    update(outbox).where(outbox.c.seq == seq).values(base=field_clocks.dumps(seen))
                )
            field_clocks.advance(session, table_name, row_id, written, (hlc, device.bytes), loaded)
    session.execute(update(state_table).values(last_hlc=max(stamped, clock.last.pack())))
    return len(rows)


def _seen(
    loaded: dict[str, field_clocks.Clock], op: str, written: list[str]
) -> dict[str, field_clocks.Clock]:
    """The clocks of what a change replaced (its ``base``): those of the fields it wrote;
    with the tombstone's too (an edit of a row deleted elsewhere is told from one made after
    seeing the deletion); every field's for a deletion or a tombstone (a deletion of a row
    edited elsewhere is told from one made after seeing the edit)."""
    if op == "delete" or TOMBSTONE in written:
        return dict(loaded)
    return {f: loaded[f] for f in (*written, TOMBSTONE) if f in loaded}


def _written_fields(table_name: str, op: str, fields: str | None) -> list[str]:
    if op == "delete":
        return [field_clocks.DELETED]
    if op == "insert":
        return [c.name for c in synced_table(table_name).columns]
    return [f for f in (fields or "").split(",") if f]


def observe(session: Session, remote_hlcs: Sequence[int], wall: WallClock = system_ms) -> None:
    """Move this laptop's clock past pulled changes, so what it changes next is later."""
    if not remote_hlcs:
        return
    state_table = t.table(t.SyncStateRow)
    last = session.execute(select(state_table.c.last_hlc)).scalar_one()
    clock = HybridClock(Hlc.unpack(last), wall)
    clock.observe(Hlc.unpack(max(remote_hlcs)))
    session.execute(update(state_table).values(last_hlc=clock.last.pack()))


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    seq: int
    change_id: uuid.UUID
    table_name: str
    row_id: str
    op: str
    fields: tuple[str, ...]
    data: dict[str, Any] | None
    hlc: int
    base: dict[str, Any] | None = None  # {field: [hlc, device hex]} of the values replaced

    def payload(self) -> dict[str, Any]:
        """What is encrypted for the server."""
        found: dict[str, Any] = {"op": self.op, "fields": list(self.fields), "data": self.data}
        if self.base:
            found["base"] = self.base
        return found


def pending(session: Session, limit: int = 500, wall: WallClock = system_ms) -> list[OutboxEntry]:
    """The oldest stamped changes not yet pushed (stamping any left unstamped first)."""
    stamp_pending(session, wall)
    outbox = t.table(t.SyncOutboxRow)
    rows = session.execute(select(outbox).order_by(outbox.c.seq).limit(limit))
    entries = []
    for row in rows:
        assert row.change_id is not None
        assert row.hlc is not None
        entries.append(
            OutboxEntry(
                row.seq,
                row.change_id,
                row.table_name,
                row.row_id,
                row.op,
                tuple(f for f in (row.fields or "").split(",") if f),
                json.loads(row.data) if row.data is not None else None,
                row.hlc,
                json.loads(row.base) if row.base is not None else None,
            )
        )
    return entries


def count_pending(session: Session) -> int:
    outbox = t.table(t.SyncOutboxRow)
    return len(session.execute(select(outbox.c.seq)).all())


def forget_pushed(session: Session, seqs: Sequence[int]) -> None:
    """Delete outbox rows the server has (a crash before this only means a harmless
    second push of them: the server ignores a change id it knows)."""
    if seqs:
        outbox = t.table(t.SyncOutboxRow)
        session.execute(delete(outbox).where(outbox.c.seq.in_(list(seqs))))
