"""Field clocks: which write of each field of a synced row is the latest (LWW per field).

For every synced row that was written since the file was set up for sync, the clock
(hybrid logical clock and device) of the last write of each of its fields, local or
applied from another laptop. A field without a clock (a row from before sync, or the
first push of everything) loses to any change from another laptop. ``_deleted`` is the
clock of the row's deletion.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from forandring_desktop.storage import tables as t

Clock = tuple[int, bytes]  # (packed HLC, device id bytes): compared as a tuple
NONE: Clock = (-1, b"")
DELETED = "_deleted"


def clock_of(hlc: int, device_id: uuid.UUID) -> Clock:
    return hlc, device_id.bytes


def load(session: Session, table_name: str, row_id: str) -> dict[str, Clock]:
    table = t.table(t.SyncRowClockRow)
    raw = session.execute(
        select(table.c.clocks).where(table.c.table_name == table_name, table.c.row_id == row_id)
    ).scalar_one_or_none()
    if raw is None:
        return {}
    return {field: (int(h), bytes.fromhex(d)) for field, (h, d) in json.loads(raw).items()}


def save(session: Session, table_name: str, row_id: str, clocks: dict[str, Clock]) -> None:
    table = t.table(t.SyncRowClockRow)
    raw = json.dumps({f: [h, d.hex()] for f, (h, d) in sorted(clocks.items())})
    statement = insert(table).values(table_name=table_name, row_id=row_id, clocks=raw)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["table_name", "row_id"], set_={"clocks": raw}
        )
    )


def advance(
    session: Session,
    table_name: str,
    row_id: str,
    fields: Iterable[str],
    clock: Clock,
    loaded: dict[str, Clock] | None = None,
) -> None:
    """Record ``clock`` as the last write of ``fields`` of the row (``loaded``: its clocks
    as the caller just read them, to spare a second read)."""
    clocks = dict(loaded) if loaded is not None else load(session, table_name, row_id)
    for field in fields:
        if clock > clocks.get(field, NONE):
            clocks[field] = clock
    save(session, table_name, row_id, clocks)
