"""Sync use cases: make a server ready, set a file up for sync, push and pull.

Every function takes the open :class:`Store`; role checks are here, as in every service.
The work is done in ``storage/sync/`` (the only place psycopg is imported).
"""

from __future__ import annotations

from dataclasses import dataclass

from forandring_desktop.services.access import require_admin
from forandring_desktop.storage import Store
from forandring_desktop.storage.sync import server


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
