"""The server's schema and roles: append-only for laptops, purge for administrators only."""

from __future__ import annotations

import threading
import uuid

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from forandring_desktop.storage.sync.connection import checked_conninfo, connect, is_local
from forandring_desktop.storage.sync.errors import (
    BadServerAddressError,
    InsecureServerError,
    ServerLoginError,
    ServerOfAnotherOrganisationError,
    ServerPermissionError,
)
from forandring_desktop.storage.sync.server import (
    SCHEMA,
    add_login,
    check_server,
    init_server,
    purge_participant,
    schema_files,
    server_schema_version,
)

ORG = uuid.UUID("0190a0a0-0000-7000-8000-000000000001")


def login_dsn(superuser_dsn: str, user: str, password: str) -> str:
    params = conninfo_to_dict(superuser_dsn)
    params.update(user=user, password=password)
    return make_conninfo(**{k: str(v) for k, v in params.items() if v is not None})


def a_change(row_id: str = "r1", change_id: uuid.UUID | None = None) -> dict[str, object]:
    return {
        "change_id": change_id or uuid.uuid4(),
        "organisation_id": ORG,
        "table_name": "participant",
        "row_id": row_id,
        "device_id": uuid.uuid4(),
        "hlc": 1 << 20,
        "schema_version": 12,
        "nonce": b"\x00" * 12,
        "ciphertext": b"\x01" * 32,
    }


INSERT = (
    f"INSERT INTO {SCHEMA}.change_log (change_id, organisation_id, table_name, row_id, "
    "device_id, hlc, schema_version, nonce, ciphertext) VALUES (%(change_id)s, "
    "%(organisation_id)s, %(table_name)s, %(row_id)s, %(device_id)s, %(hlc)s, "
    "%(schema_version)s, %(nonce)s, %(ciphertext)s) ON CONFLICT (change_id) DO NOTHING"
)


@pytest.fixture
def server(pg_database: str) -> str:
    init_server(pg_database, ORG)
    return pg_database


def test_init_creates_the_schema_and_a_second_init_changes_nothing(pg_database: str) -> None:
    first = init_server(pg_database, ORG)
    assert first.applied == tuple(range(1, server_schema_version() + 1))
    second = init_server(pg_database, ORG)
    assert second.applied == ()
    assert second.organisation_id == ORG
    with connect(pg_database) as conn:
        assert check_server(conn, ORG) == server_schema_version()
        tables = {
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = %s", (SCHEMA,)
            )
        }
    assert {"change_log", "organisation", "erased_row", "erased_participant"} <= tables


def test_the_server_of_another_organisation_is_refused(server: str) -> None:
    other = uuid.UUID("0190a0a0-0000-7000-8000-000000000002")
    with pytest.raises(ServerOfAnotherOrganisationError, match="anden organisation"):
        init_server(server, other)
    with connect(server) as conn, pytest.raises(ServerOfAnotherOrganisationError):
        check_server(conn, other)


def test_a_laptop_may_append_and_read_but_never_change_or_delete(server: str) -> None:
    add_login(server, "laptop_a", "secret-a")
    with psycopg.connect(login_dsn(server, "laptop_a", "secret-a")) as conn:
        change = a_change()
        conn.execute(INSERT, change)
        conn.execute(INSERT, change)  # a repeated push: nothing new
        conn.commit()
        rows = conn.execute(f"SELECT seq, row_id FROM {SCHEMA}.change_log").fetchall()
        assert len(rows) == 1
        for statement in (
            f"UPDATE {SCHEMA}.change_log SET row_id = 'x'",
            f"DELETE FROM {SCHEMA}.change_log",
            f"INSERT INTO {SCHEMA}.change_log (seq) VALUES (1)",
            f"SELECT {SCHEMA}.purge_participant('r1', ARRAY['participant'], ARRAY['r1'])",
            f"TRUNCATE {SCHEMA}.change_log",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
            conn.rollback()
        with pytest.raises(ServerPermissionError):
            purge_participant(conn, "r1", [("participant", "r1")])
        assert conn.execute(f"SELECT count(*) FROM {SCHEMA}.change_log").fetchone() == (1,)


def test_the_log_is_append_only_even_for_its_owner(server: str) -> None:
    with psycopg.connect(server) as conn:
        conn.execute(INSERT, a_change())
        conn.commit()
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            conn.execute(f"UPDATE {SCHEMA}.change_log SET hlc = 0")


def test_a_second_push_waits_for_the_first_to_commit(server: str) -> None:
    """Sequence numbers become visible in order: a push while another is uncommitted waits
    for it, so a puller that saw seq N can never later find an N-1 it missed."""
    with psycopg.connect(server) as first, psycopg.connect(server, autocommit=True) as watch:
        first.execute(INSERT, a_change("a"))  # not committed yet
        done = threading.Event()

        def second_push() -> None:
            with psycopg.connect(server) as second:
                second.execute(INSERT, a_change("b"))
                second.commit()
            done.set()

        thread = threading.Thread(target=second_push)
        thread.start()
        waiting = 0
        for _ in range(500):  # wait (bounded) until the second push is blocked on the lock
            row = watch.execute(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = 'advisory'"
            ).fetchone()
            waiting = int(row[0]) if row else 0
            if waiting:
                break
            done.wait(0.01)
        assert waiting == 1
        assert not done.is_set()
        first.commit()
        thread.join(30)
        assert done.is_set()
        rows = watch.execute(f"SELECT row_id FROM {SCHEMA}.change_log ORDER BY seq").fetchall()
    assert rows == [("a",), ("b",)]


def test_an_administrator_purges_a_participant_leaving_a_tombstone(server: str) -> None:
    add_login(server, "laptop_a", "secret-a")
    add_login(server, "office_admin", "secret-b", admin=True)
    with psycopg.connect(login_dsn(server, "laptop_a", "secret-a")) as conn:
        for row in ("p1", "p1", "p2"):
            conn.execute(INSERT, a_change(row))
        conn.commit()
    with psycopg.connect(login_dsn(server, "office_admin", "secret-b")) as conn:
        assert purge_participant(conn, "p1", [("participant", "p1")]) == 2
        remaining = conn.execute(f"SELECT row_id FROM {SCHEMA}.change_log").fetchall()
        tombstones = conn.execute(
            f"SELECT participant_id FROM {SCHEMA}.erased_participant"
        ).fetchall()
        assert remaining == [("p2",)]
        assert tombstones == [("p1",)]
        # A laptop that has not synced the erasure yet cannot push the row back.
        conn.execute(INSERT, a_change("p1"))
        conn.commit()
        assert conn.execute(
            f"SELECT count(*) FROM {SCHEMA}.change_log WHERE row_id = 'p1'"
        ).fetchone() == (0,)


def test_wrong_credentials_give_a_danish_message(server: str) -> None:
    add_login(server, "laptop_a", "secret-a")
    with pytest.raises(ServerLoginError, match="afviste brugernavnet"):
        connect(login_dsn(server, "laptop_a", "wrong"))
    with pytest.raises(ServerLoginError):
        connect(login_dsn(server, "nobody", "x"))


def test_remote_servers_need_verify_full_local_ones_do_not() -> None:
    remote = conninfo_to_dict(checked_conninfo("host=db.example.org dbname=x user=y"))
    assert remote["sslmode"] == "verify-full"
    assert conninfo_to_dict(checked_conninfo("postgresql://db.example.org/x"))["sslmode"] == (
        "verify-full"
    )
    with pytest.raises(InsecureServerError, match="verify-full"):
        checked_conninfo("host=db.example.org sslmode=require dbname=x")
    with pytest.raises(InsecureServerError):
        checked_conninfo("postgresql://db.example.org/x?sslmode=disable")
    for local in ("host=localhost", "host=127.0.0.1", "host=/run/postgresql", "dbname=x"):
        assert "sslmode" not in conninfo_to_dict(checked_conninfo(local))
    assert is_local("localhost,/tmp")
    assert not is_local("localhost,db.example.org")
    with pytest.raises(BadServerAddressError):
        checked_conninfo("host='unterminated")


def test_schema_files_are_numbered_without_gaps() -> None:
    files = schema_files()
    assert [f.version for f in files] == list(range(1, len(files) + 1))
    assert all("{laptop}" in f.text or f.version > 1 for f in files)
