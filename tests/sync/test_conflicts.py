"""The list of conflicts: only concurrent edits of one field, both values, restore, dismiss."""

from __future__ import annotations

import uuid

import pytest

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.services import participants as participant_service
from forandring_desktop.services import sync as sync_service
from forandring_desktop.services import sync_conflicts
from forandring_desktop.storage import Store
from forandring_desktop.storage.errors import StaleDataError


class FakeWall:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def sync(store: Store, dsn: str) -> None:
    sync_service.sync_now(store, dsn)
    sync_service.apply_pulled(store)


def rename(store: Store, participant_id: uuid.UUID, name: str) -> None:
    person = participant_service.get_participant(store, participant_id)
    participant_service.save_participant(store, person.model_copy(update={"name": name}))


def name_on(store: Store, participant_id: uuid.UUID) -> str:
    return participant_service.get_participant(store, participant_id).name


@pytest.fixture
def synced(laptops: tuple[Store, Store, str]) -> tuple[Store, Store, str]:
    a, b, dsn = laptops
    a.sync_wall = FakeWall(2_000_000_000_000)
    b.sync_wall = FakeWall(2_000_000_001_000)
    for store in (a, b, a):
        sync(store, dsn)
    return a, b, dsn


def test_the_same_field_changed_on_two_laptops_is_listed_on_both_with_both_values(
    synced: tuple[Store, Store, str], small_doc: OrganisationDocument
) -> None:
    a, b, dsn = synced
    person = small_doc.participants[0]
    rename(a, person.id, "Navn fra A")
    rename(b, person.id, "Navn fra B")  # B's clock is later: B's name wins
    sync(a, dsn)
    sync_service.sync_now(b, dsn)
    assert sync_service.apply_pulled(b).conflicts == 1
    assert sync_service.apply_pulled(b).conflicts == 0
    sync(a, dsn)
    assert name_on(a, person.id) == name_on(b, person.id) == "Navn fra B"
    (on_a,) = sync_conflicts.list_conflicts(a)
    (on_b,) = sync_conflicts.list_conflicts(b)
    assert on_a.id == on_b.id
    assert (on_a.table_name, on_a.row_id, on_a.field, on_a.kind) == (
        "participant_identity",
        person.id.hex,
        "name",
        "field",
    )
    assert (on_a.kept_value, on_a.lost_value) == ("Navn fra B", "Navn fra A")
    assert (on_a.lost_here, on_a.kept_here) == (True, False)
    assert (on_b.lost_here, on_b.kept_here) == (False, True)
    assert (on_a.kept_device, on_a.lost_device) == (on_b.kept_device, on_b.lost_device)
    assert on_a.kept_device != on_a.lost_device
    assert on_a.lost_at < on_a.kept_at
    assert "ændret på to computere" in on_a.summary


def test_an_edit_made_on_top_of_the_other_laptops_value_is_no_conflict(
    synced: tuple[Store, Store, str], small_doc: OrganisationDocument
) -> None:
    a, b, dsn = synced
    person = small_doc.participants[0]
    rename(a, person.id, "Først A")
    sync(a, dsn)
    sync(b, dsn)  # B has seen A's name ...
    rename(b, person.id, "Så B")  # ... and overwrites it
    for store in (b, a, b):
        sync(store, dsn)
    assert name_on(a, person.id) == "Så B"
    assert sync_conflicts.list_conflicts(a) == []
    assert sync_conflicts.list_conflicts(b) == []


def test_different_fields_changed_on_two_laptops_are_no_conflict(
    synced: tuple[Store, Store, str], small_doc: OrganisationDocument
) -> None:
    a, b, dsn = synced
    person = small_doc.participants[0]
    stored = participant_service.get_participant(a, person.id)
    participant_service.save_participant(a, stored.model_copy(update={"mentor": "Mette"}))
    stored = participant_service.get_participant(b, person.id)
    participant_service.save_participant(b, stored.model_copy(update={"municipality": "Viborg"}))
    for store in (a, b, a):
        sync(store, dsn)
    assert sync_conflicts.list_conflicts(a) == []
    assert sync_conflicts.list_conflicts(b) == []


def test_restoring_a_conflict_writes_the_losing_value_as_a_change_that_syncs(
    synced: tuple[Store, Store, str], small_doc: OrganisationDocument
) -> None:
    a, b, dsn = synced
    person = small_doc.participants[0]
    rename(a, person.id, "Navn fra A")
    rename(b, person.id, "Navn fra B")
    for store in (a, b, a):
        sync(store, dsn)
    (entry,) = sync_conflicts.list_conflicts(a)
    waiting = sync_service.pending_changes(a)
    sync_conflicts.restore_conflict(a, entry.id)
    assert name_on(a, person.id) == "Navn fra A"
    assert sync_service.pending_changes(a) > waiting  # a new local change
    assert sync_conflicts.list_conflicts(a) == []
    assert [e.resolved for e in sync_conflicts.list_conflicts(a, resolved=True)] == ["restored"]
    for store in (a, b):
        sync(store, dsn)
    assert name_on(b, person.id) == "Navn fra A"
    with pytest.raises(StaleDataError, match="Konflikten findes ikke"):
        sync_conflicts.restore_conflict(a, entry.id)  # once is enough


def test_dismissing_a_conflict_keeps_the_winning_value_and_takes_it_off_the_list(
    synced: tuple[Store, Store, str], small_doc: OrganisationDocument
) -> None:
    a, b, dsn = synced
    person = small_doc.participants[0]
    rename(a, person.id, "Navn fra A")
    rename(b, person.id, "Navn fra B")
    for store in (a, b, a):
        sync(store, dsn)
    (entry,) = sync_conflicts.list_conflicts(b)
    waiting = sync_service.pending_changes(b)
    sync_conflicts.dismiss_conflict(b, entry.id)
    assert sync_service.pending_changes(b) == waiting  # nothing to send
    assert sync_conflicts.list_conflicts(b) == []
    assert name_on(b, person.id) == "Navn fra B"
    assert len(sync_conflicts.list_conflicts(a)) == 1  # each laptop keeps its own list
    with pytest.raises(StaleDataError):
        sync_conflicts.dismiss_conflict(b, uuid.uuid4())


def test_a_file_not_set_up_for_sync_has_no_conflicts(store_factory, small_doc) -> None:  # type: ignore[no-untyped-def]
    assert sync_conflicts.list_conflicts(store_factory(small_doc)) == []


def test_a_conflict_names_who_wrote_each_value_and_a_restore_is_audited(
    synced: tuple[Store, Store, str], small_doc: OrganisationDocument
) -> None:
    from dataclasses import replace

    from forandring_desktop.model.audit import AuditAction, AuditQuery
    from forandring_desktop.services import audit

    a, b, dsn = synced
    a.actor = replace(a.actor, name="Anna på A")
    b.actor = replace(b.actor, name="Bo på B")
    person = small_doc.participants[0]
    rename(a, person.id, "Navn fra A")
    rename(b, person.id, "Navn fra B")  # B's clock is later: B's name wins
    for store in (a, b, a):
        sync(store, dsn)
    (on_a,) = sync_conflicts.list_conflicts(a)
    (on_b,) = sync_conflicts.list_conflicts(b)
    assert (on_a.kept_by, on_a.lost_by) == ("Bo på B", "Anna på A")
    assert (on_b.kept_by, on_b.lost_by) == ("Bo på B", "Anna på A")
    sync_conflicts.restore_conflict(b, on_b.id)
    restored = [
        e
        for e in audit.list_entries(b, AuditQuery(participant_ids=(person.id,)), limit=500)
        if e.detail.get("sync_conflict") == "restored"
    ]
    assert len(restored) == 1
    assert restored[0].action is AuditAction.CHANGE
    assert restored[0].staff_name == "Bo på B"
    assert restored[0].detail["field"] == "name"
