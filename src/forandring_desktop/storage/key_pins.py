"""The organisation key pinned in the database (revision 0011).

The keys file lies beside the database in plain view; a staff member could replace it with
one of their own, signed by an organisation key of their own. So the organisation's public
key is also kept where the keys file cannot change it: here, in the encrypted database (and
in the data folder, ``services/key_pins.py``, and in each backup's manifest). Whoever holds
the data key can change this row too – the other pins are there for that.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select, update

from forandring_desktop.storage import tables as t


def read_pin(engine: Engine) -> bytes | None:
    """The pinned organisation public key, or None (a file not signed yet)."""
    table = t.table(t.OrganisationKeyPinRow)
    with engine.connect() as conn:
        value = conn.scalar(select(table.c.public_key).where(table.c.id == 1))
    if value is None:
        return None
    try:
        return bytes.fromhex(str(value))
    except ValueError:
        return b""  # unreadable: matches no key, so the file is refused


def write_pin(engine: Engine, public_key: bytes) -> None:
    table = t.table(t.OrganisationKeyPinRow)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        done = conn.execute(
            update(table).where(table.c.id == 1).values(public_key=public_key.hex(), pinned_at=now)
        )
        if done.rowcount == 0:
            conn.execute(insert(table).values(id=1, public_key=public_key.hex(), pinned_at=now))
