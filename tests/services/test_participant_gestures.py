"""The participant gestures (issue 12, "One path for every change"): each writes only its
own rows plus its audit entry, in one transaction, never reading the whole participant;
the model's rules still refuse bad data with Danish messages and nothing written."""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from forandring_desktop.model import (
    Challenge,
    ChallengeState,
    ChallengeStatus,
    Enrolment,
    Exit,
    FollowUp,
    InvalidDataError,
    LadderRating,
    OrganisationDocument,
    Participant,
    utcnow,
)
from forandring_desktop.model.audit import AuditAction, AuditEntry, AuditQuery
from forandring_desktop.model.participants import latest_states, latest_steps, live_follow_ups
from forandring_desktop.model.privacy import ParticipantErasedError
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.participants import (
    delete_follow_up,
    get_participant,
    list_participants,
    save_exit,
    save_follow_up,
    save_intake,
    save_participant,
    set_participant_deleted,
)
from forandring_desktop.services.privacy import erase_participant
from forandring_desktop.storage import Store
from forandring_desktop.storage.errors import StaleDataError
from tests.benchmarks.bulk_data import bulk_participants
from tests.participant_tables import PARTICIPANT_TABLES

from .sql_trace import Statements

TODAY = datetime.date(2025, 6, 1)


@pytest.fixture(scope="module")
def demo() -> OrganisationDocument:
    return build_demo_document(today=TODAY, participants=3)


@pytest.fixture
def store(store_factory: Callable[..., Store], demo: OrganisationDocument) -> Store:
    return store_factory(demo)


# -- helpers --------------------------------------------------------------------------------


def entries(store: Store) -> list[AuditEntry]:
    with store.unit_of_work() as uow:
        return uow.audit.page(AuditQuery(), limit=1_000_000, newest_first=False)


def new_entry(store: Store, action: Callable[[], object]) -> AuditEntry:
    before = {e.id for e in entries(store)}
    action()
    added = [e for e in entries(store) if e.id not in before]
    assert len(added) == 1, added
    return added[0]


def rows(store: Store, sql: str, *params: Any) -> list[Any]:
    with store.engine.connect() as conn:
        return list(conn.exec_driver_sql(sql, params))


def snapshot(store: Store) -> dict[str, list[Any]]:
    """Every user table's rows, to show nothing was written."""
    tables = (*PARTICIPANT_TABLES, "audit_entry", "progress_rating")
    return {name: rows(store, f"SELECT * FROM {name} ORDER BY 1") for name in tables}


def next_follow_up(person: Participant, day: datetime.date, note: str = "Ugentlig") -> FollowUp:
    return FollowUp(
        date=day,
        note=note,
        ratings=[
            LadderRating(enrolment_id=e, staff_step_id=s, participant_step_id=o)
            for e, (s, o) in latest_steps(person).items()
        ],
        challenge_statuses=[
            ChallengeStatus(challenge_id=c, state=ChallengeState.PARTLY)
            for c in latest_states(person)
        ],
    )


def by_actor(store: Store, follow_up: FollowUp) -> FollowUp:
    """``follow_up`` as a gesture stores a new one: recorded by the working staff member."""
    return follow_up.model_copy(
        update={"author_id": store.actor.staff_id, "author_name": store.actor.name}
    )


def someone(store: Store) -> Participant:
    return get_participant(store, list_participants(store)[0].id)


# -- a new follow-up ------------------------------------------------------------------------


def test_a_new_follow_up_writes_its_rows_and_one_entry_in_one_transaction(store: Store) -> None:
    person = someone(store)
    day = live_follow_ups(person)[-1].date + datetime.timedelta(days=7)
    follow_up = next_follow_up(person, day)
    other_rows = rows(store, "SELECT * FROM follow_up WHERE id != ? ORDER BY id", follow_up.id.hex)
    person_row = rows(store, "SELECT * FROM participant WHERE id = ?", person.id.hex)
    with Statements(store) as seen:
        change = save_follow_up(store, person.id, follow_up)
    assert change.types == {Participant, FollowUp}
    assert change.of(Participant).changed == {person.id}
    assert change.of(Participant).fields == {"follow_ups"}
    assert change.of(FollowUp).created == {follow_up.id}
    assert change.of(FollowUp).parents == {person.id}
    assert sum(s.startswith("BEGIN") for s in seen.seen) == 1
    assert sorted(seen.writes()) == sorted(
        [
            "INSERT follow_up",
            "INSERT ladder_rating",
            "INSERT challenge_status",
            "INSERT audit_entry",
        ]
    )
    # no other follow-up and not the participant row was touched
    assert rows(store, "SELECT * FROM follow_up WHERE id != ? ORDER BY id", follow_up.id.hex) == (
        other_rows
    )
    assert rows(store, "SELECT * FROM participant WHERE id = ?", person.id.hex) == person_row
    stored = get_participant(store, person.id)
    assert stored.follow_ups[-1] == by_actor(store, follow_up)  # recorded by the actor
    assert stored.follow_ups[-1].author_name == store.actor.name
    entry = [e for e in entries(store) if e.action is AuditAction.CHANGE][-1]
    assert entry.participant_id == person.id
    assert entry.participant_code == person.code
    assert entry.detail == {"parts": [f"opfølgning {day.isoformat()} tilføjet"]}


def test_a_follow_up_save_reads_and_writes_the_same_at_10_and_300_follow_ups(
    store_factory: Callable[..., Store],
) -> None:
    """Not a timing: the statements of a save are the same whatever the history holds."""
    store = store_factory(build_demo_document(today=TODAY, participants=0))
    bulk_participants(store, 1, follow_ups=10, seed=1, today=TODAY)
    bulk_participants(store, 1, follow_ups=300, seed=2, today=TODAY)
    seen_by_size = {}
    for summary in list_participants(store):
        person = get_participant(store, summary.id)
        day = live_follow_ups(person)[-1].date + datetime.timedelta(days=1)
        with Statements(store) as seen:
            save_follow_up(store, person.id, next_follow_up(person, day))
        seen_by_size[len(person.follow_ups)] = seen.seen
        with store.engine.connect() as conn:  # and it was stored
            count = conn.exec_driver_sql(
                "SELECT count(*) FROM follow_up WHERE participant_id = ?", (person.id.hex,)
            ).scalar_one()
        assert count == len(person.follow_ups) + 1
    assert sorted(seen_by_size) == [10, 300]
    assert seen_by_size[10] == seen_by_size[300]
    assert len(seen_by_size[10]) < 20
    # and no statement reads the history: each read of a follow-up table names one
    # follow-up (by id) or one day
    history = ("follow_up", "ladder_rating", "challenge_status", "area_score")
    for statement in seen_by_size[300]:
        if statement.startswith("SELECT") and re.search(
            rf"FROM ({'|'.join(history)})\b", statement
        ):
            assert re.search(r"(follow_up\.id|follow_up_id|follow_up\.date) = \?", statement), (
                statement
            )


def test_one_follow_up_a_day_and_the_other_rules_refuse_and_write_nothing(store: Store) -> None:
    person = someone(store)
    taken = live_follow_ups(person)[2].date
    other = get_participant(store, list_participants(store)[1].id)
    before = snapshot(store)
    with pytest.raises(InvalidDataError, match="allerede en opfølgning den dag"):
        save_follow_up(store, person.id, next_follow_up(person, taken))
    with pytest.raises(InvalidDataError, match="ligger før forløbets start"):
        save_follow_up(
            store, person.id, next_follow_up(person, person.start_date - datetime.timedelta(1))
        )
    strange = next_follow_up(other, TODAY + datetime.timedelta(days=3))
    with pytest.raises(InvalidDataError, match="måltrappe, deltageren ikke er placeret på"):
        save_follow_up(store, person.id, strange)  # someone else's ladder placements
    off = next_follow_up(person, TODAY + datetime.timedelta(days=3))
    wrong_step = off.ratings[1].staff_step_id
    assert wrong_step is not None
    bad = off.model_copy(
        update={"ratings": [off.ratings[0].changed(staff_step_id=wrong_step), off.ratings[1]]}
    )
    with pytest.raises(InvalidDataError, match="uden for måltrappen"):
        save_follow_up(store, person.id, bad)
    with pytest.raises(InvalidDataError, match="højst 50000 tegn"):
        save_follow_up(store, person.id, off.model_copy(update={"note": "x" * 50_001}))
    theirs = live_follow_ups(other)[0]
    with pytest.raises(InvalidDataError, match="hører til en anden deltager"):
        save_follow_up(store, person.id, theirs)
    with pytest.raises(StaleDataError):
        save_follow_up(store, uuid.uuid4(), off)
    assert snapshot(store) == before


def test_changing_a_follow_up_writes_only_the_columns_that_changed(store: Store) -> None:
    person = someone(store)
    old = live_follow_ups(person)[3]
    rating = old.ratings[0]
    changed = old.changed(
        note="Rettet note",
        ratings=[rating.changed(note="Mødte op hver dag"), *old.ratings[1:]],
    )
    with Statements(store) as seen:
        save_follow_up(store, person.id, changed)
    assert sorted(seen.writes()) == [
        "INSERT audit_entry",
        "UPDATE follow_up",
        "UPDATE ladder_rating",
    ]
    assert seen.set_columns() == [  # only what changed
        ("follow_up", {"note", "updated_at"}),
        ("ladder_rating", {"note", "updated_at"}),
    ]
    entry = [e for e in entries(store) if e.action is AuditAction.CHANGE][-1]
    assert entry.detail == {"parts": [f"opfølgning {old.date.isoformat()} rettet"]}
    stored = next(f for f in get_participant(store, person.id).follow_ups if f.id == old.id)
    assert stored == changed
    # a rating left out is tombstoned, not deleted; the undo stores the old version back
    fewer = changed.changed(ratings=changed.ratings[:1])
    save_follow_up(store, person.id, fewer)
    stored = next(f for f in get_participant(store, person.id).follow_ups if f.id == old.id)
    assert [r.is_deleted for r in stored.ratings] == [False, True]
    save_follow_up(store, person.id, old)
    stored = next(f for f in get_participant(store, person.id).follow_ups if f.id == old.id)
    assert stored == old
    # storing what is stored writes and logs nothing
    before = snapshot(store)
    assert save_follow_up(store, person.id, old).is_empty()
    assert snapshot(store) == before


def test_delete_follow_up_and_bring_it_back(store: Store) -> None:
    person = someone(store)
    day = live_follow_ups(person)[-1].date + datetime.timedelta(days=7)
    follow_up = next_follow_up(person, day)
    save_follow_up(store, person.id, follow_up)
    count = {r.id: r.follow_ups for r in list_participants(store)}[person.id]
    with Statements(store) as seen:
        entry = new_entry(store, lambda: delete_follow_up(store, person.id, follow_up.id))
    assert sorted(seen.writes()) == ["INSERT audit_entry", "UPDATE follow_up"]
    assert entry.detail == {"parts": [f"opfølgning {day.isoformat()} fjernet"]}
    assert {r.id: r.follow_ups for r in list_participants(store)}[person.id] == count - 1
    stored = get_participant(store, person.id).follow_ups[-1]
    assert stored.is_deleted
    assert not any(r.is_deleted for r in stored.ratings)  # the parts stay as they were
    # redo: the same follow-up again, live
    entry = new_entry(store, lambda: save_follow_up(store, person.id, follow_up))
    assert entry.detail == {"parts": [f"opfølgning {day.isoformat()} gendannet"]}
    assert get_participant(store, person.id).follow_ups[-1] == by_actor(store, follow_up)
    with pytest.raises(StaleDataError):
        delete_follow_up(store, person.id, uuid.uuid4())
    assert delete_follow_up(store, person.id, follow_up.id).of(FollowUp).deleted == {follow_up.id}
    assert delete_follow_up(store, person.id, follow_up.id).is_empty()  # already gone


# -- intake ---------------------------------------------------------------------------------


def _new_person(demo: OrganisationDocument, code: str = "NY-001") -> Participant:
    ladder = demo.ladders[0]
    steps = ladder.live_steps()
    return Participant(
        code=code,
        name="Åse Ørum",
        start_date=TODAY,
        target_group_id=demo.target_groups[0].id,
        challenges=[Challenge(text="Søvn", weight=6)],
        enrolments=[
            Enrolment(ladder_id=ladder.id, start_step_id=steps[0].id, goal_step_id=steps[2].id)
        ],
    )


def test_a_new_intake_and_an_edit(store: Store, demo: OrganisationDocument) -> None:
    person = _new_person(demo)
    with Statements(store) as seen:
        change = save_intake(store, person)
    assert change.types == {Participant}
    assert change.of(Participant).created == {person.id}
    assert sum(s.startswith("BEGIN") for s in seen.seen) == 1
    created = [e for e in entries(store) if e.participant_id == person.id]
    assert [(e.action, dict(e.detail)) for e in created] == [
        (AuditAction.CREATE, {"parts": ["indskrivning"]})
    ]
    assert get_participant(store, person.id).name == "Åse Ørum"
    # an edit of a participant with follow-ups writes the participant row and its name only
    save_follow_up(store, person.id, next_follow_up(person, TODAY + datetime.timedelta(days=7)))
    whole = get_participant(store, person.id)
    follow_up_rows = rows(store, "SELECT * FROM follow_up ORDER BY id")
    edited = whole.changed(code="NY-002", name="Åse Ørum Hansen")
    with Statements(store) as seen:
        entry = new_entry(store, lambda: save_intake(store, edited))
    assert sorted(seen.writes()) == [
        "INSERT audit_entry",
        "UPDATE participant",
        "UPDATE participant_identity",
    ]
    assert entry.detail == {"parts": ["indskrivning"], "previous_code": "NY-001"}
    assert entry.participant_code == "NY-002"
    assert rows(store, "SELECT * FROM follow_up ORDER BY id") == follow_up_rows
    stored = get_participant(store, person.id)
    assert (stored.code, stored.name) == ("NY-002", "Åse Ørum Hansen")
    assert stored.follow_ups == whole.follow_ups
    # a challenge unticked (it has statuses: tombstoned); the undo brings it back
    gone = [c.changed(deleted_at=utcnow()) for c in edited.challenges]
    change = save_intake(store, edited.changed(challenges=gone))
    assert change.of(Participant).fields == {"challenges"}
    assert get_participant(store, person.id).challenges[0].is_deleted
    save_intake(store, whole)
    assert get_participant(store, person.id).challenges == whole.challenges
    before = snapshot(store)
    assert save_intake(store, whole).is_empty()  # nothing differs: nothing written
    assert snapshot(store) == before


def test_intake_rules_refuse_and_write_nothing(store: Store, demo: OrganisationDocument) -> None:
    person = someone(store)
    other = list_participants(store)[1]
    before = snapshot(store)
    first = live_follow_ups(person)[0].date
    later = first + datetime.timedelta(days=1)  # (model_copy: the service checks it)
    with pytest.raises(InvalidDataError, match=f"Opfølgningen den {first} ligger før"):
        save_intake(store, person.model_copy(update={"start_date": later}))
    with pytest.raises(InvalidDataError, match="bruges allerede"):
        save_intake(store, person.changed(code=other.code.lower()))
    early = person.start_date - datetime.timedelta(days=1)
    with pytest.raises(InvalidDataError, match="Slutdatoen ligger før startdatoen"):
        save_intake(store, person.model_copy(update={"end_date": early}))
    step = demo.ladders[1].live_steps()[0].id
    moved = person.enrolments[0].changed(start_step_id=step)
    with pytest.raises(InvalidDataError, match="Starttrinnet hører ikke til måltrappen"):
        save_intake(store, person.changed(enrolments=[moved, *person.enrolments[1:]]))
    assert snapshot(store) == before
    with pytest.raises(ValueError, match="own gestures"):
        save_intake(store, _new_person(demo).changed(exit=Exit(date=TODAY)))


def test_an_erased_participant_cannot_come_back(store: Store, demo: OrganisationDocument) -> None:
    person = _new_person(demo, code="SLET-1")
    save_intake(store, person)
    erase_participant(store, person.id)
    with pytest.raises(ParticipantErasedError):
        save_intake(store, person)
    with pytest.raises(ParticipantErasedError):
        save_follow_up(store, person.id, FollowUp(date=TODAY))
    with pytest.raises(ParticipantErasedError):
        set_participant_deleted(store, person.id, deleted=False)


# -- exit and tombstone ---------------------------------------------------------------------


def test_exit_with_its_final_follow_up_and_the_undo(store: Store) -> None:
    active = next(r for r in list_participants(store) if r.is_active)
    person = get_participant(store, active.id)
    day = live_follow_ups(person)[-1].date + datetime.timedelta(days=3)
    final = next_follow_up(person, day, note="Sidste samtale")
    exit_ = Exit(date=day, destination="job")
    seen = Statements(store)

    def gesture() -> None:
        with seen:
            save_exit(store, person.id, exit_, end_date=day, final=final)

    entry = new_entry(store, gesture)
    assert sum(s.startswith("BEGIN") for s in seen.seen) == 1
    assert sorted(seen.writes()) == [
        "INSERT audit_entry",
        "INSERT challenge_status",
        "INSERT follow_up",
        "INSERT ladder_rating",
        "UPDATE participant",
    ]
    assert entry.detail == {
        "parts": ["indskrivning", f"opfølgning {day.isoformat()} tilføjet", "udskrivning"]
    }
    row = {r.id: r for r in list_participants(store)}[person.id]
    assert (row.end_date, row.is_active) == (day, False)
    stored = get_participant(store, person.id)
    assert stored.exit == exit_
    assert stored.follow_ups[-1] == by_actor(store, final)
    # the undo: the previous exit and end date, the final follow-up tombstoned
    gone = final.changed(deleted_at=utcnow())
    change = save_exit(store, person.id, person.exit, end_date=person.end_date, final=gone)
    assert change.of(Participant).fields == {"exit", "end_date", "follow_ups"}
    assert change.of(FollowUp).deleted == {final.id}
    back = get_participant(store, person.id)
    assert (back.exit, back.end_date) == (person.exit, person.end_date)
    assert live_follow_ups(back) == live_follow_ups(person)
    before = snapshot(store)
    early = person.start_date - datetime.timedelta(days=1)
    with pytest.raises(InvalidDataError, match="Udskrivningen ligger før startdatoen"):
        save_exit(store, person.id, Exit(date=early), end_date=person.end_date)
    assert snapshot(store) == before


def test_tombstoning_a_participant_writes_one_row(store: Store, demo: OrganisationDocument) -> None:
    person = someone(store)
    with Statements(store) as seen:
        change = set_participant_deleted(store, person.id, deleted=True)
    assert sorted(seen.writes()) == ["INSERT audit_entry", "UPDATE participant"]
    assert change.of(Participant).deleted == {person.id}
    assert person.id not in {r.id for r in list_participants(store)}
    assert set_participant_deleted(store, person.id, deleted=True).is_empty()
    set_participant_deleted(store, person.id, deleted=False)
    assert get_participant(store, person.id).follow_ups == person.follow_ups


def test_gestures_store_what_the_whole_save_stores(
    store_factory: Callable[..., Store], demo: OrganisationDocument
) -> None:
    """The same edits through the gestures and through save_participant leave the same
    participant in the file."""
    by_gesture = store_factory(demo, name="a.forandring")
    whole = store_factory(demo, name="b.forandring")
    person = get_participant(by_gesture, list_participants(by_gesture)[0].id)
    day = live_follow_ups(person)[-1].date + datetime.timedelta(days=7)
    added = next_follow_up(person, day)
    edited = live_follow_ups(person)[1].changed(note="Ny note")
    exit_ = Exit(date=day + datetime.timedelta(days=1), destination="education")

    save_follow_up(by_gesture, person.id, added)
    save_follow_up(by_gesture, person.id, edited)
    save_exit(by_gesture, person.id, exit_, end_date=exit_.date)
    via_gestures = get_participant(by_gesture, person.id)

    follow_ups = [edited if f.id == edited.id else f for f in person.follow_ups] + [added]
    whole.actor = by_gesture.actor  # the same staff member at work on both files
    save_participant(
        whole,
        person.model_copy(
            update={
                "follow_ups": follow_ups,
                "exit": exit_,
                "end_date": exit_.date,
                "updated_at": via_gestures.updated_at,
            }
        ),
    )
    assert get_participant(whole, person.id) == via_gestures
