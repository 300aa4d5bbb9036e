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

from sqlalchemy.orm import Session

Clock = tuple[int, bytes]  # (packed HLC, device id bytes): compared as a tuple
NONE: Clock = (-1, b"")
DELETED = "_deleted"


def clock_of(hlc: int, device_id: uuid.UUID) -> Clock:
    return hlc, device_id.bytes


# Plain SQL on the session's connection: applying a large pull reads and writes one clock
# row per change, and the ORM's statement machinery would cost more than SQLite does.
_LOAD = "SELECT clocks FROM sync_row_clock WHERE table_name = ? AND row_id = ?"
_SAVE = (
    "INSERT INTO sync_row_clock (table_name, row_id, clocks) VALUES (?, ?, ?) "
    "ON CONFLICT (table_name, row_id) DO UPDATE SET clocks = excluded.clocks"
)


def load(session: Session, table_name: str, row_id: str) -> dict[str, Clock]:
    raw = session.connection().exec_driver_sql(_LOAD, (table_name, row_id)).scalar()
    if raw is None:
        return {}
    return {field: (int(h), bytes.fromhex(d)) for field, (h, d) in json.loads(raw).items()}


def dumps(clocks: dict[str, Clock]) -> str:
    return json.dumps({f: [h, d.hex()] for f, (h, d) in sorted(clocks.items())})


def parse(raw: object) -> dict[str, Clock]:
    """Clocks as a change's payload carries them (``{field: [hlc, device hex]}``); anything
    malformed counts as no clock."""
    if not isinstance(raw, dict):
        return {}
    found: dict[str, Clock] = {}
    for field, value in raw.items():
        if isinstance(value, list) and len(value) == 2:
            hlc, device = value
            if isinstance(hlc, int) and isinstance(device, str):
                try:
                    found[str(field)] = (hlc, bytes.fromhex(device))
                except ValueError:
                    continue
    return found


def save(session: Session, table_name: str, row_id: str, clocks: dict[str, Clock]) -> None:
    session.connection().exec_driver_sql(_SAVE, (table_name, row_id, dumps(clocks)))


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
