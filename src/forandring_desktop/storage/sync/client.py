"""Pushing sealed changes to the server and pulling the others' (psycopg, no local files).

A push inserts each change with ``ON CONFLICT (change_id) DO NOTHING`` in one server
transaction: repeated after a dropped connection, or after a crash between the server's
commit and the outbox's clean-up, it adds nothing. A pull reads the changes after a cursor
(the server's sequence number, which becomes visible in commit order) in order.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import psycopg

from forandring_desktop.storage.sync.connection import connect, connection_error
from forandring_desktop.storage.sync.envelope import ChangeMeta, SealedChange
from forandring_desktop.storage.sync.errors import (
    ServerDiskFullError,
    ServerPermissionError,
    ServerUnreachableError,
)
from forandring_desktop.storage.sync.server import SCHEMA, check_server

Connection = psycopg.Connection[tuple[object, ...]]

_INSERT = (
    f"INSERT INTO {SCHEMA}.change_log (change_id, organisation_id, table_name, row_id, "
    "device_id, hlc, schema_version, nonce, ciphertext) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (change_id) DO NOTHING"
)
_SELECT = (
    f"SELECT seq, change_id, organisation_id, table_name, row_id, device_id, hlc, "
    f"schema_version, nonce, ciphertext FROM {SCHEMA}.change_log "
    "WHERE seq > %s ORDER BY seq LIMIT %s"
)


@dataclass(frozen=True, slots=True)
class PulledChange:
    seq: int
    sealed: SealedChange


def open_server(dsn: str, organisation_id: uuid.UUID) -> Connection:
    """A checked connection to the organisation's server (see ``server.check_server``)."""
    conn = connect(dsn)
    try:
        check_server(conn, organisation_id)
        conn.commit()
    except BaseException:
        conn.close()
        raise
    return conn


def push(conn: Connection, changes: Sequence[SealedChange]) -> None:
    """Append ``changes`` in one server transaction (a change the server has is skipped)."""
    if not changes:
        return
    rows = [
        (
            c.meta.change_id,
            c.meta.organisation_id,
            c.meta.table_name,
            c.meta.row_id,
            c.meta.device_id,
            c.meta.hlc,
            c.meta.schema_version,
            c.nonce,
            c.ciphertext,
        )
        for c in changes
    ]
    try:
        with conn.transaction(), conn.cursor() as cursor:
            cursor.executemany(_INSERT, rows)
    except psycopg.errors.InsufficientPrivilege:
        raise ServerPermissionError() from None
    except psycopg.errors.DiskFull:
        raise ServerDiskFullError() from None
    except psycopg.OperationalError as exc:
        raise connection_error(exc) from None
    except psycopg.Error as exc:
        # A relation file that cannot grow (a disk or file-size limit: "could not extend
        # file") is reported by some servers without the disk-full SQLSTATE.
        if "could not extend file" in str(exc):
            raise ServerDiskFullError() from None
        raise


def pull(conn: Connection, after: int, limit: int = 500) -> list[PulledChange]:
    """The changes after server sequence number ``after``, oldest first."""
    try:
        rows = conn.execute(_SELECT, (after, limit)).fetchall()
        conn.commit()
    except psycopg.OperationalError as exc:
        raise connection_error(exc) from None
    except psycopg.Error as exc:  # a server in an unexpected state
        raise ServerUnreachableError(type(exc).__name__) from None
    pulled = []
    for seq, change_id, org, table, row_id, device, hlc, version, nonce, ciphertext in rows:
        meta = ChangeMeta(
            change_id=_uuid(change_id),
            organisation_id=_uuid(org),
            table_name=str(table),
            row_id=str(row_id),
            device_id=_uuid(device),
            hlc=_int(hlc),
            schema_version=_int(version),
        )
        pulled.append(
            PulledChange(_int(seq), SealedChange(meta, _bytes(nonce), _bytes(ciphertext)))
        )
    return pulled


def _uuid(value: object) -> uuid.UUID:
    assert isinstance(value, uuid.UUID)
    return value


def _int(value: object) -> int:
    assert isinstance(value, int)
    return value


def _bytes(value: object) -> bytes:
    assert isinstance(value, bytes | bytearray | memoryview)
    return bytes(value)
