"""Push and pull through the real PostgreSQL: two laptops, idempotent pushes, no plaintext."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.services import participants as participant_service
from forandring_desktop.services import sync as sync_service
from forandring_desktop.storage import Store
from forandring_desktop.storage.sync import client
from forandring_desktop.storage.sync.errors import (
    NewerChangeError,
    ServerNotSetUpError,
    ServerOfAnotherOrganisationError,
    SyncNotSetUpError,
    TamperedChangeError,
)
from forandring_desktop.storage.sync.server import SCHEMA, init_server
from tests.sync.pg_cluster import Cluster

StoreFactory = Callable[..., Store]


def server_rows(dsn: str) -> list[tuple[object, ...]]:
    with psycopg.connect(dsn) as conn:
        return conn.execute(f"SELECT * FROM {SCHEMA}.change_log ORDER BY seq").fetchall()


def rename(store: Store, participant_id: uuid.UUID, name: str) -> None:
    person = participant_service.get_participant(store, participant_id)
    participant_service.save_participant(store, person.model_copy(update={"name": name}))


def test_a_change_on_a_reaches_b(
    laptops: tuple[Store, Store, str], small_doc: OrganisationDocument
) -> None:
    a, b, dsn = laptops
    person = small_doc.participants[0]
    first = sync_service.sync_now(a, dsn)
    assert first.pushed > 0
    assert first.pulled == 0  # A's own changes do not come back to it
    assert sync_service.pending_changes(a) == 0
    rename(a, person.id, "Navn Fra A")
    sync_service.push_changes(a, dsn)
    pulled, cursor = sync_service.pull_changes(b, dsn)
    rows = server_rows(dsn)
    assert pulled == len(rows)  # all of A's changes, the first push and the rename
    assert cursor == max(int(str(r[0])) for r in rows)
    received = sync_service.received_changes(b)
    names = [
        r.payload["data"]["name"]
        for r in received
        if r.meta.table_name == "participant_identity" and r.payload["op"] == "update"
    ]
    assert names == ["Navn Fra A"]
    change = next(r for r in received if r.payload["data"] and r.payload["fields"] == ["name"])
    assert change.meta.row_id == person.id.hex
    # B's clock has moved past what it saw: its next change is ordered after A's.
    rename(b, person.id, "Navn Fra B")
    with b.engine.connect() as conn:
        b_hlc = conn.execute(text("SELECT max(hlc) FROM sync_outbox")).scalar_one()
    assert b_hlc > max(r.meta.hlc for r in received)
    # Pulling again brings nothing new.
    assert sync_service.pull_changes(b, dsn)[0] == 0


def test_a_repeated_push_does_not_duplicate(laptops: tuple[Store, Store, str]) -> None:
    a, _b, dsn = laptops
    context = sync_service._context(a)
    with a.unit_of_work() as uow:
        from forandring_desktop.storage.sync import outbox

        entries = outbox.pending(uow.session, 10_000)
        uow.commit()
    sealed = [sync_service._seal(context, sync_service.schema_version(), e) for e in entries]
    with client.open_server(dsn, context.organisation_id) as conn:
        client.push(conn, sealed)
        client.push(conn, sealed)  # the connection dropped before we heard "done": again
    assert len(server_rows(dsn)) == len(entries)
    assert sync_service.push_changes(a, dsn) == len(entries)  # the outbox did not know
    assert len(server_rows(dsn)) == len(entries)
    assert sync_service.pending_changes(a) == 0


def test_a_crash_after_the_server_committed_loses_and_duplicates_nothing(
    laptops: tuple[Store, Store, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, dsn = laptops
    from forandring_desktop.storage.sync import outbox

    def crash(*_args: object) -> None:
        raise KeyboardInterrupt  # the program was stopped right after the server's commit

    monkeypatch.setattr(outbox, "forget_pushed", crash)
    with pytest.raises(KeyboardInterrupt):
        sync_service.push_changes(a, dsn)
    monkeypatch.undo()
    waiting = sync_service.pending_changes(a)
    assert waiting > 0
    assert sync_service.push_changes(a, dsn) == waiting
    rows = server_rows(dsn)
    assert len(rows) == waiting
    assert len({r[1] for r in rows}) == len(rows)  # change ids unique
    assert sync_service.pull_changes(b, dsn)[0] == waiting


def test_the_server_holds_no_names_notes_or_ladder_text(
    laptops: tuple[Store, Store, str], small_doc: OrganisationDocument, pg_cluster: Cluster
) -> None:
    a, _b, dsn = laptops
    person = small_doc.participants[0]
    rename(a, person.id, "Hemmelig Hansen")
    sync_service.sync_now(a, dsn)
    database = dsn.split("dbname=")[1].split()[0]
    dump = subprocess.run(
        [pg_cluster.tool("pg_dump"), "--data-only", "--inserts", pg_cluster.dsn(database)],
        check=True,
        capture_output=True,
    ).stdout
    assert b"change_log" in dump
    secrets = [
        "Hemmelig Hansen",
        person.name,
        person.follow_ups[0].note,
        person.exit.note if person.exit else "",
        small_doc.ladders[0].steps[1].text,
        small_doc.ladders[0].change_goal,
        small_doc.door_sheets[0].notes[0].text,
        small_doc.personas[0].name,
        small_doc.organisation.vision,
    ]
    for secret in filter(None, secrets):
        raw = secret.encode()
        assert raw not in dump, secret
        assert raw.hex().encode() not in dump, secret  # nor as bytea hex


def test_a_server_admin_who_edits_a_change_gets_it_refused(
    laptops: tuple[Store, Store, str], small_doc: OrganisationDocument
) -> None:
    a, b, dsn = laptops
    sync_service.push_changes(a, dsn)
    with psycopg.connect(dsn) as conn:  # the server's owner, past the append-only trigger
        conn.execute("SET session_replication_role = replica")
        conn.execute(
            f"UPDATE {SCHEMA}.change_log SET row_id = %s WHERE seq = "
            f"(SELECT max(seq) FROM {SCHEMA}.change_log WHERE row_id <> %s)",
            (small_doc.participants[0].id.hex, small_doc.participants[0].id.hex),
        )
    with pytest.raises(TamperedChangeError, match="afvist"):
        sync_service.pull_changes(b, dsn, batch=100_000)
    assert sync_service.received_changes(b) == []
    with b.unit_of_work() as uow:
        cursor = uow.session.execute(text("SELECT pull_cursor FROM sync_state")).scalar_one()
    assert cursor == 0


def test_a_change_from_a_newer_app_stops_the_pull_with_a_danish_message(
    laptops: tuple[Store, Store, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, dsn = laptops
    monkeypatch.setattr(sync_service, "schema_version", lambda: 999)
    sync_service.push_changes(a, dsn)
    monkeypatch.undo()
    with pytest.raises(NewerChangeError, match="Opdatér programmet"):
        sync_service.pull_changes(b, dsn)
    assert sync_service.received_changes(b) == []


def test_the_server_of_another_organisation_is_refused_before_anything_is_sent(
    store_factory: StoreFactory, small_doc: OrganisationDocument, pg_database: str
) -> None:
    a = store_factory(small_doc, "a.forandring")
    sync_service.set_up_sync(a)
    with pytest.raises(ServerNotSetUpError):
        sync_service.push_changes(a, pg_database)
    init_server(pg_database, uuid.uuid4())
    waiting = sync_service.pending_changes(a)
    with pytest.raises(ServerOfAnotherOrganisationError):
        sync_service.push_changes(a, pg_database)
    assert sync_service.pending_changes(a) == waiting
    assert server_rows(pg_database) == []


def test_a_file_not_set_up_cannot_sync(
    store_factory: StoreFactory, small_doc: OrganisationDocument, tmp_path: Path
) -> None:
    a = store_factory(small_doc, "a.forandring")
    with pytest.raises(SyncNotSetUpError, match="ikke sat op"):
        sync_service.push_changes(a, "host=/nowhere dbname=x")


def test_laptops_sync_with_their_own_laptop_logins(
    laptops: tuple[Store, Store, str], small_doc: OrganisationDocument
) -> None:
    """Real laptops log in as members of the laptop role, not as the server's owner."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from forandring_desktop.storage.sync.server import add_login

    a, b, dsn = laptops
    add_login(dsn, "laptop_a", "pw-a")
    add_login(dsn, "laptop_b", "pw-b")

    def as_login(user: str, password: str) -> str:
        params = conninfo_to_dict(dsn)
        params.update(user=user, password=password)
        return make_conninfo(**{k: str(v) for k, v in params.items() if v is not None})

    sent = sync_service.sync_now(a, as_login("laptop_a", "pw-a")).pushed
    got = sync_service.sync_now(b, as_login("laptop_b", "pw-b")).pulled
    assert sent > 0
    assert got == sent
