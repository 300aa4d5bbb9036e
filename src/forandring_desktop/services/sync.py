"""Sync use cases: make a server ready, set a file up for sync, push and pull.

Every function takes the open :class:`Store`; role checks are here, as in every service.
The work is done in ``storage/sync/`` (the only place psycopg is imported).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from forandring_desktop.services.access import require_admin
from forandring_desktop.storage import Store
from forandring_desktop.storage.sync import envelope, outbox, server
from forandring_desktop.storage.sync.errors import SyncAlreadySetUpError


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
        uow.commit()
    return SyncSetUp(state.device_id, recorded)


def pending_changes(store: Store) -> int:
    """How many local changes wait to be pushed (0 for a file not set up for sync)."""
    with store.unit_of_work() as uow:
        return outbox.count_pending(uow.session)
