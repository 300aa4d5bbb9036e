"""Applying pulled changes: field-level last-writer-wins by hybrid logical clock.

Each change from the inbox is applied in server order, in one local transaction with
recording off (so it is not sent back) and foreign keys checked at commit (a batch may
bring a child before its parent):

- an insert or update writes the fields it changed whose clock is later than the clock of
  the row's last write of that field here (:mod:`clocks`); a row that does not exist here
  is inserted whole (every change carries the full row);
- a deletion removes the row unless a field of it was written here later;
- a row deleted here later than the change is left deleted;
- the audit log is insert-only: an entry arrives once, a scrub (an erased participant's
  code and detail blanked) is applied, and deletions are not (each laptop purges its own
  expired entries, which its append-only triggers allow only after the retention time).

Only values that differ are written, so an unchanged row is not touched.

The fields that lost are reported (``Outcome.lost``). When two laptops changed the same
field since they last synced (the change's ``base``, the clocks of the values it replaced,
is older than this laptop's write of the field), the losing value goes to the list of
conflicts (:mod:`conflicts`), whichever side lost; the explicit rules for a tombstone
against an edit and for a participant code created twice are in :mod:`merge`.
Values are written as they were stored on the other laptop (the raw SQLite values), so the
row is byte-identical.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, text
from sqlalchemy.orm import Session

from forandring_desktop.storage import tables as t
from forandring_desktop.storage.sync import clocks, conflicts, merge
from forandring_desktop.storage.sync.inbox import Received
from forandring_desktop.storage.sync.outbox import SYNCED, synced_table

INSERT_ONLY = frozenset({"audit_entry"})


@dataclass
class Outcome:
    applied: list[tuple[str, str, str, tuple[str, ...]]] = field(default_factory=list)
    # (table, row id, op, fields written) of each change that changed something here
    lost: list[tuple[str, str, str]] = field(default_factory=list)  # (table, row, field)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def apply_received(session: Session, changes: Sequence[Received]) -> Outcome:
    """Apply ``changes`` (oldest first) and remove them from the inbox."""
    outcome = Outcome()
    conn = session.connection()
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    conn.execute(text("UPDATE sync_state SET recording = 0"))
    for change in changes:
        if change.meta.table_name in SYNCED:
            _apply_one(session, change, outcome)
    inbox = t.table(t.SyncInboxRow)
    if changes:
        session.execute(delete(inbox).where(inbox.c.server_seq.in_([c.seq for c in changes])))
    conn.execute(text("UPDATE sync_state SET recording = 1"))
    return outcome


def _apply_one(session: Session, change: Received, outcome: Outcome) -> None:
    meta, payload = change.meta, change.payload
    name, row_id = meta.table_name, meta.row_id
    remote = clocks.clock_of(meta.hlc, meta.device_id)
    local = clocks.load(session, name, row_id)
    table = synced_table(name)
    key = SYNCED[name]
    conn = session.connection()
    columns = [c.name for c in table.columns]
    found = conn.exec_driver_sql(
        f"SELECT {', '.join(_q(c) for c in columns)} FROM {_q(name)} WHERE {_q(key)} = ?",
        (row_id,),
    ).first()
    exists = found is not None
    if local.get(clocks.DELETED, clocks.NONE) > remote:
        return  # deleted here after this change was made
    op = payload.get("op")
    if name in INSERT_ONLY and (op == "delete" or (op == "insert" and exists)):
        return
    if op == "delete":
        newer = [f for f, c in local.items() if c > remote]
        if newer:
            outcome.lost.append((name, row_id, clocks.DELETED))
            return
        if exists:
            conn.exec_driver_sql(f"DELETE FROM {_q(name)} WHERE {_q(key)} = ?", (row_id,))
            outcome.applied.append((name, row_id, "delete", ()))
        clocks.advance(session, name, row_id, [clocks.DELETED], remote, local)
        return
    data: dict[str, Any] = payload.get("data") or {}
    if set(data) != set(columns):
        return  # a row shape this version does not know (guarded by the schema version)
    if op == "insert":
        fields = [c for c in columns if c != key]
    else:
        fields = [f for f in payload.get("fields") or [] if f in data and f != key]
    if not exists:
        if name == "audit_entry" and not data.get("origin"):
            # Each laptop's entries are a chain of their own: here, the writer's.
            data = {**data, "origin": str(meta.device_id)}
        placeholders = ", ".join("?" for _ in columns)
        conn.exec_driver_sql(
            f"INSERT INTO {_q(name)} ({', '.join(_q(c) for c in columns)}) VALUES ({placeholders})",
            tuple(data[c] for c in columns),
        )
        clocks.advance(session, name, row_id, columns, remote, local)
        outcome.applied.append((name, row_id, "insert", tuple(columns)))
        if name == "participant":
            merge.code_rule(session, row_id)
        return
    assert found is not None
    current = dict(zip(columns, found, strict=True))
    base = clocks.parse(payload.get("base"))
    winners = [f for f in fields if remote > local.get(f, clocks.NONE)]
    outcome.lost += [(name, row_id, f) for f in fields if f not in winners]
    if op != "insert":  # a whole row sent again is no edit of anyone's field
        _record_field_conflicts(session, change, fields, winners, current, data, local, base)
    winners = merge.tombstone_rule(session, change, winners, current, data, local, base)
    if not winners:
        return
    clocks.advance(session, name, row_id, winners, remote, local)
    differing = [f for f in winners if current[f] != data[f]]
    if not differing:
        return
    assignments = ", ".join(f"{_q(f)} = ?" for f in differing)
    conn.exec_driver_sql(
        f"UPDATE {_q(name)} SET {assignments} WHERE {_q(key)} = ?",
        (*(data[f] for f in differing), row_id),
    )
    outcome.applied.append((name, row_id, op or "update", tuple(differing)))
    if name == "participant" and "code" in differing:
        merge.code_rule(session, row_id)


def _record_field_conflicts(
    session: Session,
    change: Received,
    fields: Sequence[str],
    winners: Sequence[str],
    current: dict[str, Any],
    data: dict[str, Any],
    local: dict[str, clocks.Clock],
    base: dict[str, clocks.Clock],
) -> None:
    """The losing values of the fields both laptops changed since they last synced."""
    meta = change.meta
    remote = clocks.clock_of(meta.hlc, meta.device_id)
    for f in fields:
        if f in merge.BOOKKEEPING or f == merge.TOMBSTONE or current[f] == data[f]:
            continue
        here = local.get(f, clocks.NONE)
        if f in winners:
            if merge.concurrent(here, remote, base.get(f, clocks.NONE)):
                conflicts.record(
                    session,
                    meta.table_name,
                    meta.row_id,
                    f,
                    kept_value=data[f],
                    lost_value=current[f],
                    kept=remote,
                    lost=here,
                )
        else:  # an older value written without knowing this laptop's
            conflicts.record(
                session,
                meta.table_name,
                meta.row_id,
                f,
                kept_value=current[f],
                lost_value=data[f],
                kept=here,
                lost=remote,
            )
