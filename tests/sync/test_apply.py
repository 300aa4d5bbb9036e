"""Applying pulled changes: field-level last-writer-wins by hybrid logical clock."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import text

from forandring_desktop.model import FollowUp, OrganisationDocument, Participant
from forandring_desktop.services import participants as participant_service
from forandring_desktop.services import sync as sync_service
from forandring_desktop.storage import Store


class FakeWall:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def sync(store: Store, dsn: str) -> sync_service.Applied:
    sync_service.sync_now(store, dsn)
    return sync_service.apply_pulled(store)


def edit(store: Store, participant_id: uuid.UUID, **changes: object) -> None:
    person = participant_service.get_participant(store, participant_id)
    participant_service.save_participant(store, person.model_copy(update=changes))


def person_on(store: Store, participant_id: uuid.UUID) -> Participant:
    return participant_service.get_participant(store, participant_id)


def baseline(a: Store, b: Store, dsn: str) -> None:
    sync(a, dsn)
    sync(b, dsn)
    sync(a, dsn)


def test_an_edit_on_a_is_applied_on_b_and_reported_as_a_remote_change(
    laptops: tuple[Store, Store, str], small_doc: OrganisationDocument
) -> None:
    a, b, dsn = laptops
    person = small_doc.participants[0]
    baseline(a, b, dsn)
    edit(a, person.id, name="Navn Fra A")
    sync(a, dsn)
    applied = sync(b, dsn)
    # What B applied is not sent back as B's own change (reading it below is: an audit entry).
    assert sync_service.pending_changes(b) == 0
    assert person_on(b, person.id).name == "Navn Fra A"
    assert applied.change.remote
    assert person.id in applied.change.of(Participant).changed
    assert sync_service.received_changes(b) == []


def test_the_later_edit_of_the_same_field_wins_on_both_laptops(
    laptops: tuple[Store, Store, str], small_doc: OrganisationDocument
) -> None:
    a, b, dsn = laptops
    person = small_doc.participants[0]
    baseline(a, b, dsn)
    a.sync_wall = FakeWall(2_100_000_000_000)  # A edits later (by its clock)
    b.sync_wall = FakeWall(2_000_000_000_000)
    edit(b, person.id, name="B's navn")
    edit(a, person.id, name="A's navn")
    sync(b, dsn)  # B pushes first
    on_a = sync(a, dsn)  # A sees B's older edit: keeps its own, and says so
    sync(b, dsn)
    assert person_on(a, person.id).name == "A's navn"
    assert person_on(b, person.id).name == "A's navn"
    assert ("participant_identity", person.id.hex, "name") in on_a.lost


def test_an_offline_laptop_with_an_old_clock_does_not_overwrite_a_newer_edit(
    laptops: tuple[Store, Store, str], small_doc: OrganisationDocument
) -> None:
    a, b, dsn = laptops
    person = small_doc.participants[0]
    a.sync_wall = FakeWall(2_000_000_000_000)
    b.sync_wall = FakeWall(1_000_000_000_000)  # B's clock is years behind
    baseline(a, b, dsn)
    edit(a, person.id, name="Først A")
    sync(a, dsn)
    sync(b, dsn)  # B sees A's edit, so its clock moves past it
    edit(b, person.id, name="Så B")
    sync(b, dsn)
    sync(a, dsn)
    assert person_on(a, person.id).name == "Så B"
    assert person_on(b, person.id).name == "Så B"


def test_edits_of_different_fields_of_one_participant_are_both_kept(
    laptops: tuple[Store, Store, str], small_doc: OrganisationDocument
) -> None:
    a, b, dsn = laptops
    person = small_doc.participants[0]
    baseline(a, b, dsn)
    edit(a, person.id, name="Nyt Navn")
    edit(b, person.id, municipality="Aarhus Kommune")
    sync(a, dsn)
    sync(b, dsn)
    sync(a, dsn)
    for store in (a, b):
        got = person_on(store, person.id)
        assert (got.name, got.municipality) == ("Nyt Navn", "Aarhus Kommune")


def test_a_follow_up_made_on_a_arrives_whole_on_b(
    laptops: tuple[Store, Store, str], small_doc: OrganisationDocument
) -> None:
    a, b, dsn = laptops
    person = small_doc.participants[0]
    baseline(a, b, dsn)
    previous = person_on(a, person.id).follow_ups[0]
    new = FollowUp(
        date=date(2026, 4, 6),
        note="Ny opfølgning fra A",
        ratings=[r.model_copy(update={"id": uuid.uuid4()}) for r in previous.ratings],
    )
    participant_service.save_follow_up(a, person.id, new)
    sync(a, dsn)
    applied = sync(b, dsn)
    notes = sorted(f.note for f in person_on(b, person.id).follow_ups)
    assert notes == sorted(f.note for f in person_on(a, person.id).follow_ups)
    assert "Ny opfølgning fra A" in notes
    assert new.id in applied.change.of(FollowUp).created
    with b.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        facts = conn.execute(text("SELECT count(*) FROM progress_rating")).scalar_one()
    with a.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM progress_rating")).scalar_one() == facts


def test_after_syncing_both_laptops_hold_identical_rows(
    laptops: tuple[Store, Store, str], small_doc: OrganisationDocument
) -> None:
    a, b, dsn = laptops
    person = small_doc.participants[0]
    baseline(a, b, dsn)
    edit(a, person.id, name="X")
    edit(b, person.id, municipality="Y")
    participant_service.set_participant_deleted(b, person.id, deleted=True)
    for store in (a, b, a, b):
        sync(store, dsn)

    def rows(store: Store) -> list[tuple[object, ...]]:
        with store.engine.connect() as conn:
            found = []
            for name in ("participant", "participant_identity", "follow_up", "ladder_rating"):
                found += [
                    (name, *r) for r in conn.execute(text(f"SELECT * FROM {name} ORDER BY 1"))
                ]
            return found

    assert rows(a) == rows(b)


def test_audit_entries_travel_once_and_a_second_sync_changes_nothing(
    laptops: tuple[Store, Store, str], small_doc: OrganisationDocument
) -> None:
    a, b, dsn = laptops
    person = small_doc.participants[0]
    baseline(a, b, dsn)
    person_on(a, person.id)  # reading a participant is logged
    with a.engine.connect() as conn:
        on_a = set(conn.execute(text("SELECT id FROM audit_entry")).scalars())
    sync(a, dsn)
    sync(b, dsn)
    with b.engine.connect() as conn:
        on_b = set(conn.execute(text("SELECT id FROM audit_entry")).scalars())
    assert on_a <= on_b
    again = sync(b, dsn)
    assert again.applied == 0
