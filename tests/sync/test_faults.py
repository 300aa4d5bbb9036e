"""Faults during sync: a pull cut off, the server restarted. No loss, no duplicate."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.services import participants as participant_service
from forandring_desktop.services import sync as sync_service
from forandring_desktop.storage import Store
from forandring_desktop.storage.sync import inbox
from forandring_desktop.storage.sync.errors import ServerUnreachableError
from tests.sync.pg_cluster import Cluster, free_port


def rename(store: Store, participant_id: uuid.UUID, name: str) -> None:
    person = participant_service.get_participant(store, participant_id)
    participant_service.save_participant(store, person.model_copy(update={"name": name}))


def cursor_of(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text("SELECT pull_cursor FROM sync_state")).scalar_one())


def test_a_pull_cut_off_before_it_was_kept_is_simply_done_again(
    laptops: tuple[Store, Store, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, dsn = laptops
    sent = sync_service.push_changes(a, dsn)
    assert sent > 10
    real_store = inbox.store
    calls = {"n": 0}

    def cut_off_on_the_second_batch(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise ServerUnreachableError("forbindelsen blev afbrudt")
        real_store(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(inbox, "store", cut_off_on_the_second_batch)
    with pytest.raises(ServerUnreachableError):
        sync_service.pull_changes(b, dsn, batch=10)
    monkeypatch.undo()
    first_cursor = cursor_of(b)
    assert first_cursor > 0  # the first batch was kept whole, with its cursor
    kept = len(sync_service.received_changes(b))
    assert kept == 10
    pulled, _cursor = sync_service.pull_changes(b, dsn, batch=10)
    assert kept + pulled == sent
    received = sync_service.received_changes(b)
    assert len(received) == sent
    assert len({r.meta.change_id for r in received}) == sent


def test_sync_completes_after_the_server_restarted(
    laptops: tuple[Store, Store, str], small_doc: OrganisationDocument, pg_cluster: Cluster
) -> None:
    a, b, dsn = laptops
    person = small_doc.participants[0]
    sync_service.sync_now(a, dsn)
    pg_cluster.restart()  # an immediate stop, as a crash or a power cut would
    rename(a, person.id, "Efter Genstart")
    assert sync_service.sync_now(a, dsn).pushed > 0
    sync_service.sync_now(b, dsn)
    sync_service.apply_pulled(b)
    assert participant_service.get_participant(b, person.id).name == "Efter Genstart"


def test_an_unreachable_server_leaves_the_changes_waiting(
    laptops: tuple[Store, Store, str],
) -> None:
    a, _b, _dsn = laptops
    waiting = sync_service.pending_changes(a)
    closed = f"host=127.0.0.1 port={free_port()} dbname=x user=y connect_timeout=2"
    with pytest.raises(ServerUnreachableError, match="kan ikke nås"):
        sync_service.push_changes(a, closed)
    assert sync_service.pending_changes(a) == waiting
