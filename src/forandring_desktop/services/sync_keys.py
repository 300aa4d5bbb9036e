"""The keys file travels: a staff member added on one laptop can open every laptop's file.

The keys file is not a table, so it is sent as a change of its own kind (table
``keys_file``, one row per organisation) holding the whole signed slot list, sealed like
every change. A laptop that pulls one checks it against the organisation key pinned in its
own database *before* writing anything, then wraps every slot's data key for its own
database (``storage/member_file.for_database``): the organisation key signed identities,
not wrapped keys, so its signature stays valid.

Only additions and changes travel: an incoming list that lacks a slot this laptop has is
kept out (removing a member needs a new data key and organisation key on every laptop –
key rotation, not built yet), and so is one that is the same as the local one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import insert

from forandring_desktop.storage import Store
from forandring_desktop.storage import tables as t
from forandring_desktop.storage.errors import KeysFileTamperedError, OrganisationKeyMismatchError
from forandring_desktop.storage.key_pins import read_pin
from forandring_desktop.storage.key_signing import check_slots
from forandring_desktop.storage.keys import KeyFile, _BadKeysError, parse_key_file, to_json
from forandring_desktop.storage.member_file import can_move, for_database
from forandring_desktop.storage.sync import outbox
from forandring_desktop.storage.sync.inbox import Received

log = logging.getLogger(__name__)

KEYS_TABLE = "keys_file"


def _unwrapped(key_file: KeyFile) -> tuple[object, ...]:
    return (key_file.organisation, tuple(replace(s, data_key=None) for s in key_file.slots))


def share_keys(store: Store) -> bool:
    """Put the file's current keys file in the outbox (after a change to it), when the file
    is set up for sync; whether it was."""
    key_file = store.keys.load()
    if not can_move(key_file):
        return False
    with store.unit_of_work() as uow:
        if outbox.state(uow.session) is None:
            return False
        organisation_id = uow.organisation.get().id
        uow.session.execute(
            insert(t.table(t.SyncOutboxRow)).values(
                table_name=KEYS_TABLE,
                row_id=organisation_id.hex,
                op="update",
                fields="slots",
                data=json.dumps({"keys": to_json(key_file)}),
            )
        )
        uow.commit()
    return True


def adopt_keys(store: Store, received: Sequence[Received]) -> int:
    """Write the newest acceptable keys file among ``received`` (pulled changes, oldest
    first) in place of this file's; the number adopted (0 or 1). One that the pinned
    organisation key did not sign raises KeysFileTamperedError /
    OrganisationKeyMismatchError: nothing is written."""
    changes = [r for r in received if r.meta.table_name == KEYS_TABLE]
    if not changes:
        return 0
    pinned = read_pin(store.engine)
    local = store.keys.load()
    for change in reversed(changes):
        data = change.payload.get("data") or {}
        try:
            incoming = parse_key_file(str(data.get("keys", "")))
        except _BadKeysError:
            raise KeysFileTamperedError(None) from None
        if incoming.organisation is None or pinned is None:
            raise OrganisationKeyMismatchError("den hentede nøglefil", unsigned=True)
        check_slots(incoming, pinned, where="den hentede nøglefil")
        if not {s.slot_id for s in local.slots} <= {s.slot_id for s in incoming.slots}:
            log.info("A pulled keys file lacks a slot this file has: kept out.")
            continue
        if not can_move(incoming):
            continue
        if _unwrapped(incoming) == _unwrapped(local):
            return 0  # the same slots (each laptop wraps the data key for itself)
        store.keys.save(for_database(incoming, store.data_key(), local.database_salt))
        return 1
    return 0
