"""The explicit merge rules, each against the real PostgreSQL with two or three laptops.

- two follow-ups for one participant on the same day from two laptops: both kept;
- the same participant code created on two laptops: both kept, the later one's code gets
  a suffix, and a conflict says so (the same entry on every laptop);
- an edit to a row another laptop deleted: the later of the two by hybrid logical clock
  decides; a conflict is recorded on both laptops and restoring it gives the other;
- a ladder step reworded on one laptop while rated on another: both survive.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import text

from forandring_desktop.model import (
    FollowUp,
    InvalidDataError,
    LadderRating,
    OrganisationDocument,
    Participant,
)
from forandring_desktop.services import ladders as ladder_service
from forandring_desktop.services import participants as participant_service
from forandring_desktop.services import sync as sync_service
from forandring_desktop.services import sync_conflicts
from forandring_desktop.storage import Store
from forandring_desktop.storage.sync.server import init_server

Laptops = tuple[Store, Store, Store, str]


class FakeWall:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


@pytest.fixture
def three(
    store_factory: Callable[..., Store], small_doc: OrganisationDocument, pg_database: str
) -> Laptops:
    """Laptops A (set up the sync), B and C (joined), all synced once, each with its own
    fake wall clock (A's is the earliest)."""
    stores = [store_factory(small_doc, f"{n}.forandring") for n in "abc"]
    a, b, c = stores
    init_server(pg_database, small_doc.organisation.id)
    sync_service.set_up_sync(a)
    for other in (b, c):
        sync_service.join_with_key(other, sync_service.organisation_key(a))
    for n, store in enumerate(stores):
        store.sync_wall = FakeWall(2_000_000_000_000 + 1000 * n)
    for store in (a, b, c, a, b, c):
        sync(store, pg_database)
    return a, b, c, pg_database


def sync(store: Store, dsn: str) -> sync_service.Applied:
    sync_service.sync_now(store, dsn)
    return sync_service.apply_pulled(store)


def sync_all(dsn: str, *stores: Store) -> None:
    for store in (*stores, *stores):
        sync(store, dsn)


def later(store: Store, ms: int) -> None:
    wall = store.sync_wall
    assert isinstance(wall, FakeWall)
    wall.ms += ms


def rows(store: Store, *tables: str) -> list[tuple[object, ...]]:
    with store.engine.connect() as conn:
        found: list[tuple[object, ...]] = []
        for name in tables:
            found += sorted(
                ((name, *r) for r in conn.execute(text(f"SELECT * FROM {name}"))), key=repr
            )
        return found


def new_person(doc: OrganisationDocument, code: str) -> Participant:
    return Participant(code=code, name="Ny Deltager", start_date=date(2026, 3, 2))


def rated_follow_up(store: Store, person_id: uuid.UUID, day: date, note: str) -> FollowUp:
    person = participant_service.get_participant(store, person_id)
    previous = person.follow_ups[0]
    return FollowUp(
        date=day,
        note=note,
        ratings=[r.model_copy(update={"id": uuid.uuid4()}) for r in previous.ratings],
    )


def test_two_follow_ups_on_the_same_day_from_two_laptops_are_both_kept(
    three: Laptops, small_doc: OrganisationDocument
) -> None:
    a, b, c, dsn = three
    person = small_doc.participants[0]
    day = date(2026, 4, 6)
    participant_service.save_follow_up(a, person.id, rated_follow_up(a, person.id, day, "Fra A"))
    participant_service.save_follow_up(b, person.id, rated_follow_up(b, person.id, day, "Fra B"))
    sync_all(dsn, a, b, c)
    for store in (a, b, c):
        got = participant_service.get_participant(store, person.id)
        notes = sorted(f.note for f in got.follow_ups if f.date == day and not f.is_deleted)
        assert notes == ["Fra A", "Fra B"]
        assert sync_conflicts.list_conflicts(store) == []
    assert rows(a, "follow_up", "ladder_rating") == rows(b, "follow_up", "ladder_rating")
    assert rows(a, "follow_up", "ladder_rating") == rows(c, "follow_up", "ladder_rating")
    with a.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
    # A third one that day is still refused where it is typed (one follow-up a day).
    with pytest.raises(InvalidDataError, match="allerede en opfølgning den dag"):
        participant_service.save_follow_up(c, person.id, FollowUp(date=day))
    # The two kept ones can still be edited.
    kept = next(
        f for f in participant_service.get_participant(c, person.id).follow_ups if f.note == "Fra A"
    )
    participant_service.save_follow_up(c, person.id, kept.changed(note="Fra A, rettet"))


@pytest.mark.parametrize("first", ["a", "b"])
def test_the_same_participant_code_created_on_two_laptops(
    three: Laptops, small_doc: OrganisationDocument, first: str
) -> None:
    a, b, c, dsn = three
    on_a = new_person(small_doc, "NY-001")
    on_b = new_person(small_doc, "ny-001")  # codes are the same in any case
    participant_service.save_participant(a, on_a)
    later(b, 5_000)  # B creates its participant later (by its clock)
    participant_service.save_participant(b, on_b)
    order = (a, b, c) if first == "a" else (b, a, c)
    sync_all(dsn, *order)
    entries = []
    for store in (a, b, c):
        codes = {p.id: p.code for p in participant_service.list_participants(store)}
        assert codes[on_a.id] == "NY-001"
        assert codes[on_b.id] == "ny-001-2"
        found = sync_conflicts.list_conflicts(store)
        assert [(e.kind, e.row_id, e.lost_value, e.kept_value) for e in found] == [
            ("code", on_b.id.hex, "ny-001", "ny-001-2")
        ]
        assert "ny-001-2" in found[0].summary
        entries.append(found[0].id)
    assert len(set(entries)) == 1  # one conflict, the same entry on every laptop
    assert rows(a, "participant") == rows(b, "participant") == rows(c, "participant")
    with pytest.raises(InvalidDataError, match="bruges stadig"):
        sync_conflicts.restore_conflict(a, entries[0])
    assert sync_conflicts.list_conflicts(a)[0].resolved is None


@pytest.mark.parametrize("winner", ["edit", "deletion"])
def test_an_edit_to_a_participant_another_laptop_deleted(
    three: Laptops, small_doc: OrganisationDocument, winner: str
) -> None:
    a, b, _, dsn = three
    person = small_doc.participants[0]
    if winner == "edit":
        later(b, 10_000)
    else:
        later(a, 10_000)
    participant_service.set_participant_deleted(a, person.id, deleted=True)
    stored = participant_service.get_participant(b, person.id)
    participant_service.save_participant(b, stored.model_copy(update={"municipality": "Viborg"}))
    sync_all(dsn, a, b)
    deleted = winner == "deletion"
    for store in (a, b):
        got = participant_service.get_participant(store, person.id)
        assert got.is_deleted is deleted
        assert got.municipality == "Viborg"  # the edit is kept either way
        (entry,) = sync_conflicts.list_conflicts(store)
        assert (entry.kind, entry.field, entry.row_id) == ("deleted", "deleted_at", person.id.hex)
        assert (entry.kept_value is None) is not deleted
        assert entry.lost_here is (store is (a if winner == "edit" else b))
    assert rows(a, "participant") == rows(b, "participant")
    ids = {sync_conflicts.list_conflicts(s)[0].id for s in (a, b)}
    assert len(ids) == 1
    # One click restores the other outcome, and it travels.
    change = sync_conflicts.restore_conflict(b, ids.pop())
    assert person.id in (change.of(Participant).changed | change.of(Participant).deleted)
    assert sync_conflicts.list_conflicts(b) == []
    sync_all(dsn, b, a)
    for store in (a, b):
        assert participant_service.get_participant(store, person.id).is_deleted is not deleted


def test_a_step_reworded_on_one_laptop_while_rated_on_another_both_survive(
    three: Laptops, small_doc: OrganisationDocument
) -> None:
    a, b, c, dsn = three
    person = small_doc.participants[0]
    ladder = small_doc.ladders[0]
    enrolment = person.enrolments[0]
    step = ladder.live_steps()[3]
    ladder_service.set_ladder_field(a, ladder.id, "text", "Omformuleret trin", step_id=step.id)
    visit = FollowUp(
        date=date(2026, 4, 20),
        note="Vurderet på B",
        ratings=[LadderRating(enrolment_id=enrolment.id, staff_step_id=step.id)],
    )
    participant_service.save_follow_up(b, person.id, visit)
    sync_all(dsn, b, a, c)
    for store in (a, b, c):
        steps = {s.id: s for s in ladder_service.get_ladder(store, ladder.id).steps}
        assert steps[step.id].text == "Omformuleret trin"
        got = participant_service.get_participant(store, person.id)
        rated = next(f for f in got.follow_ups if f.id == visit.id)
        assert [r.staff_step_id for r in rated.ratings] == [step.id]
        assert sync_conflicts.list_conflicts(store) == []
    assert rows(a, "ladder_step", "ladder_rating") == rows(c, "ladder_step", "ladder_rating")


def test_a_deletion_made_after_seeing_the_edit_or_an_edit_after_seeing_it_is_no_conflict(
    three: Laptops, small_doc: OrganisationDocument
) -> None:
    a, b, _, dsn = three
    person = small_doc.participants[0]
    stored = participant_service.get_participant(b, person.id)
    participant_service.save_participant(b, stored.model_copy(update={"municipality": "Viborg"}))
    sync_all(dsn, b, a)  # A has seen B's edit ...
    participant_service.set_participant_deleted(a, person.id, deleted=True)  # ... and deletes
    sync_all(dsn, a, b)  # B has seen the deletion ...
    for store in (a, b):
        assert participant_service.get_participant(store, person.id).is_deleted
        assert sync_conflicts.list_conflicts(store) == []
    stored = participant_service.get_participant(b, person.id)
    participant_service.save_participant(b, stored.model_copy(update={"mentor": "Mette"}))
    later(b, 10_000)  # ... and edits the deleted participant, later by its clock
    sync_all(dsn, b, a)
    for store in (a, b):
        got = participant_service.get_participant(store, person.id)
        assert (got.is_deleted, got.mentor) == (True, "Mette")  # stays deleted
        assert sync_conflicts.list_conflicts(store) == []
