"""The list of conflicts: values that lost when two laptops changed the same thing.

A conflict is recorded only when two laptops changed the same field of a row since they
last synced (neither had seen the other's value when it wrote its own): the one with the
later hybrid-logical-clock time is kept, the other one goes here. A value that is simply
overwritten by a later edit made on top of it is no conflict.

Kinds:
- ``field``: one field (``kept_value`` / ``lost_value`` are the raw stored values, JSON);
- ``deleted``: a row deleted (tombstoned) on one laptop while edited on another; the field
  is ``deleted_at`` and the values are the tombstone time or null (not deleted);
- ``code``: the same participant code created on two laptops; the later participant got
  a suffix (the kept value is the new code, the lost value the code it was given).

The id is derived from the row, field and both clocks, so every laptop that meets the same
conflict lists it once, under the same id. Restoring or dismissing is local to a laptop;
a restore is written as a new local change, which then syncs like any other.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from forandring_desktop.storage import tables as t
from forandring_desktop.storage.sync.clocks import Clock

_NAMESPACE = uuid.UUID("6f1c2f0e-3a53-4d8e-9a51-2f3c4a1b7d10")

FIELD = "field"
DELETED = "deleted"
CODE = "code"
RESTORED = "restored"
DISMISSED = "dismissed"


@dataclass(frozen=True, slots=True)
class Conflict:
    id: uuid.UUID
    table_name: str
    row_id: str
    field: str
    kind: str
    kept_value: Any
    lost_value: Any
    kept: Clock
    lost: Clock
    recorded_at: datetime
    resolved: str | None


def conflict_id(table_name: str, row_id: str, field: str, kept: Clock, lost: Clock) -> uuid.UUID:
    name = f"{table_name}|{row_id}|{field}|{kept[0]}:{kept[1].hex()}|{lost[0]}:{lost[1].hex()}"
    return uuid.uuid5(_NAMESPACE, name)


def record(
    session: Session,
    table_name: str,
    row_id: str,
    field: str,
    *,
    kept_value: Any,
    lost_value: Any,
    kept: Clock,
    lost: Clock,
    kind: str = FIELD,
) -> uuid.UUID:
    """Add one conflict (a conflict listed already is left as it is); its id."""
    found = conflict_id(table_name, row_id, field, kept, lost)
    table = t.table(t.SyncConflictRow)
    session.execute(
        insert(table)
        .values(
            id=found,
            table_name=table_name,
            row_id=row_id,
            field=field,
            kind=kind,
            kept_value=json.dumps(kept_value, ensure_ascii=False),
            lost_value=json.dumps(lost_value, ensure_ascii=False),
            kept_hlc=kept[0],
            kept_device=kept[1].hex(),
            lost_hlc=lost[0],
            lost_device=lost[1].hex(),
            recorded_at=datetime.now(UTC),
        )
        .on_conflict_do_nothing()
    )
    return found


def _of(row: Any) -> Conflict:
    return Conflict(
        id=row.id,
        table_name=row.table_name,
        row_id=row.row_id,
        field=row.field,
        kind=row.kind,
        kept_value=json.loads(row.kept_value),
        lost_value=json.loads(row.lost_value),
        kept=(row.kept_hlc, bytes.fromhex(row.kept_device)),
        lost=(row.lost_hlc, bytes.fromhex(row.lost_device)),
        recorded_at=row.recorded_at,
        resolved=row.resolved,
    )


def listed(session: Session, *, resolved: bool = False) -> list[Conflict]:
    """The open conflicts (with ``resolved``: every one), oldest first."""
    table = t.table(t.SyncConflictRow)
    query = select(table).order_by(table.c.recorded_at, table.c.id)
    if not resolved:
        query = query.where(table.c.resolved.is_(None))
    return [_of(row) for row in session.execute(query)]


def count_open(session: Session) -> int:
    table = t.table(t.SyncConflictRow)
    return len(session.execute(select(table.c.id).where(table.c.resolved.is_(None))).all())


def get(session: Session, found: uuid.UUID) -> Conflict | None:
    table = t.table(t.SyncConflictRow)
    row = session.execute(select(table).where(table.c.id == found)).first()
    return _of(row) if row is not None else None


def resolve(session: Session, found: uuid.UUID, how: str) -> None:
    table = t.table(t.SyncConflictRow)
    session.execute(
        update(table).where(table.c.id == found).values(resolved=how, resolved_at=datetime.now(UTC))
    )


def staff_at(session: Session, device: uuid.UUID, here: bool, when: datetime) -> str:
    """The name of the staff member who was working on ``device`` at ``when``: the author
    of that laptop's newest audit entry up to then (every change is made by someone whose
    work is audited), or its first one after; "" when that laptop wrote none."""
    audit = t.table(t.AuditEntryRow)
    origin = "" if here else str(device)
    mine = select(audit.c.staff_name).where(audit.c.origin == origin)
    before = session.execute(
        mine.where(audit.c.at <= when).order_by(audit.c.at.desc()).limit(1)
    ).scalar()
    if before is None:
        before = session.execute(mine.order_by(audit.c.at).limit(1)).scalar()
    return str(before or "")
