"""The inbox: other laptops' changes as pulled (decrypted, checked), waiting to be applied.

Pulled changes and the new cursor are written in one local transaction, so a pull cut off
anywhere either kept a batch whole or not at all, and the next pull starts after the last
batch kept. The inbox lives in the encrypted file like everything else.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from forandring_desktop.storage import tables as t
from forandring_desktop.storage.sync.envelope import ChangeMeta


@dataclass(frozen=True, slots=True)
class Received:
    seq: int
    meta: ChangeMeta
    payload: dict[str, Any]


def store(session: Session, changes: Sequence[Received], cursor: int) -> None:
    """Keep ``changes`` (a change kept before is skipped) and move the cursor to ``cursor``."""
    table = t.table(t.SyncInboxRow)
    if changes:
        rows = [
            {
                "server_seq": c.seq,
                "change_id": c.meta.change_id,
                "table_name": c.meta.table_name,
                "row_id": c.meta.row_id,
                "device_id": c.meta.device_id,
                "hlc": c.meta.hlc,
                "schema_version": c.meta.schema_version,
                "payload": json.dumps(c.payload, ensure_ascii=False, sort_keys=True),
            }
            for c in changes
        ]
        session.execute(insert(table).on_conflict_do_nothing(), rows)
    state = t.table(t.SyncStateRow)
    session.execute(update(state).values(pull_cursor=cursor))


def waiting(session: Session, organisation_id: uuid.UUID | None = None) -> list[Received]:
    """The changes waiting, in server order. ``organisation_id`` only for a joining file
    that has no organisation row yet (it arrives with these changes)."""
    table = t.table(t.SyncInboxRow)
    if organisation_id is None:
        organisation_id = _organisation_id(session)
    found = []
    for row in session.execute(select(table).order_by(table.c.server_seq)):
        meta = ChangeMeta(
            change_id=row.change_id,
            organisation_id=organisation_id,
            table_name=row.table_name,
            row_id=row.row_id,
            device_id=row.device_id,
            hlc=row.hlc,
            schema_version=row.schema_version,
        )
        found.append(Received(row.server_seq, meta, json.loads(row.payload)))
    return found


def _organisation_id(session: Session) -> uuid.UUID:
    organisation = t.table(t.OrganisationRow)
    found = session.execute(select(organisation.c.id).limit(1)).scalar_one()
    assert isinstance(found, uuid.UUID)
    return found
