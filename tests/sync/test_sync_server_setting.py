"""The server a file syncs with is kept in the file: sync needs no address typed again."""

from __future__ import annotations

import pytest

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.services import participants as participant_service
from forandring_desktop.services import sync as sync_service
from forandring_desktop.storage import Store
from forandring_desktop.storage.sync.errors import (
    InsecureServerError,
    NoServerError,
    SyncNotSetUpError,
)
from tests.cli_helpers import run_forandring


def test_a_remembered_server_is_used_and_the_sync_time_recorded(
    laptops: tuple[Store, Store, str], small_doc: OrganisationDocument
) -> None:
    a, b, dsn = laptops
    assert sync_service.sync_status(a).has_server is False
    with pytest.raises(NoServerError, match="ikke valgt nogen server"):
        sync_service.sync_now(a)
    sync_service.remember_server(a, dsn)
    sync_service.remember_server(b, dsn)
    before = sync_service.sync_status(a)
    assert before.set_up
    assert before.has_server
    assert before.last_synced_at is None
    assert before.pending > 0  # the whole organisation waits for its first push
    assert before.server_host  # the host, never the password
    sync_service.sync_now(a)
    after = sync_service.sync_status(a)
    assert after.pending == 0
    assert after.last_synced_at is not None
    assert after.last_synced_at.tzinfo is not None
    person = participant_service.get_participant(a, small_doc.participants[0].id)
    participant_service.save_participant(a, person.model_copy(update={"name": "Husket"}))
    assert sync_service.sync_status(a).pending > 0  # the rename and its audit entry
    sync_service.sync_now(a)
    sync_service.sync_now(b)
    sync_service.apply_pulled(b)
    assert participant_service.get_participant(b, person.id).name == "Husket"


def test_a_server_address_that_cannot_be_used_is_refused_and_nothing_kept(
    laptops: tuple[Store, Store, str],
) -> None:
    a, _, dsn = laptops
    sync_service.remember_server(a, dsn)
    with pytest.raises(InsecureServerError):
        sync_service.remember_server(a, "host=server.example.org sslmode=disable dbname=x")
    status = sync_service.sync_status(a)
    assert status.has_server
    assert status.server_host != "server.example.org"


def test_a_file_not_set_up_has_no_sync_status_and_cannot_keep_a_server(
    store_factory: object, small_doc: OrganisationDocument
) -> None:
    store = store_factory(small_doc, "alone.forandring")  # type: ignore[operator]
    status = sync_service.sync_status(store)
    assert (status.set_up, status.has_server, status.pending) == (False, False, 0)
    with pytest.raises(SyncNotSetUpError):
        sync_service.remember_server(store, "host=/tmp dbname=x")


def test_forandring_sync_remembers_the_server_when_asked(
    laptops: tuple[Store, Store, str],
) -> None:
    a, _, dsn = laptops
    a.close()
    first = run_forandring("sync", "--dsn", dsn, "--remember", str(a.path), passphrase="pw")
    assert first.returncode == 0, first.stderr
    again = run_forandring("sync", str(a.path), passphrase="pw")
    assert again.returncode == 0, again.stderr
    assert "Synkroniseret: 0 ændringer sendt" in again.stdout
    with Store.open(a.path, "pw") as reopened:
        assert sync_service.sync_status(reopened).last_synced_at is not None
