"""Participants one at a time: intake, follow-up, exit and undo through the service."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from forandring_desktop.model import InvalidDataError, OrganisationDocument, Participant
from forandring_desktop.model.participants import (
    Challenge,
    ChallengeState,
    ChallengeStatus,
    Enrolment,
    Exit,
    FollowUp,
    LadderRating,
    ParticipantFilter,
    StatusFilter,
    with_follow_up,
)
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.participants import (
    get_participant,
    list_participants,
    save_follow_up,
    save_participant,
    set_participant_deleted,
)
from forandring_desktop.storage import tables as t

TODAY = datetime.date(2025, 6, 1)


@pytest.fixture(scope="module")
def demo() -> OrganisationDocument:
    return build_demo_document(today=TODAY)


def _new_person(doc: OrganisationDocument, code: str = "NY-001") -> Participant:
    group = doc.target_groups[0]
    ladder = doc.ladders[0]
    sheet = doc.door_sheets[0]
    note = sheet.notes[0]
    steps = ladder.live_steps()
    return Participant(
        code=code,
        name="Æble Østergård",
        start_date=TODAY,
        target_group_id=group.id,
        mentor="Mette",
        municipality="Aarhus",
        challenges=[
            Challenge(text=note.text, weight=8, source_note_id=note.id),
            Challenge(text="Egen udfordring: søvn", weight=None),
        ],
        enrolments=[
            Enrolment(ladder_id=ladder.id, start_step_id=steps[1].id, goal_step_id=steps[4].id)
        ],
    )


def _count(store: Any, row: type[t.Base]) -> int:
    with store.unit_of_work() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(t.table(row))) or 0)


def test_intake_is_stored_whole_and_listed(store_factory, demo) -> None:  # type: ignore[no-untyped-def]
    store = store_factory(demo)
    person = _new_person(demo)
    change = save_participant(store, person)
    assert change.types == {Participant}
    assert change.of(Participant).created == {person.id}
    stored = get_participant(store, person.id)
    assert stored.code == "NY-001"
    assert stored.name == "Æble Østergård"
    assert stored.mentor == "Mette"
    assert stored.municipality == "Aarhus"
    assert [c.text for c in stored.challenges] == [c.text for c in person.challenges]
    assert [c.weight for c in stored.challenges] == [8, None]
    assert stored.challenges[0].source_note_id == demo.door_sheets[0].notes[0].id
    assert stored.enrolments[0].start_step_id == demo.ladders[0].live_steps()[1].id
    rows = {r.code: r for r in list_participants(store)}
    assert len(rows) == len(demo.participants) + 1
    assert rows["NY-001"].follow_ups == 0
    assert rows["NY-001"].is_active
    assert rows["NY-001"].mentor == "Mette"


def test_follow_up_writes_only_new_rows(store_factory, demo) -> None:  # type: ignore[no-untyped-def]
    store = store_factory(demo)
    person = _new_person(demo)
    save_participant(store, person)
    participants_before = _count(store, t.ParticipantRow)
    ladder = demo.ladders[0]
    follow_up = FollowUp(
        date=TODAY + datetime.timedelta(days=7),
        note="God uge",
        ratings=[
            LadderRating(
                enrolment_id=person.enrolments[0].id,
                staff_step_id=ladder.live_steps()[2].id,
                participant_step_id=ladder.live_steps()[3].id,
                action=ladder.live_steps()[2].action,
            )
        ],
        challenge_statuses=[
            ChallengeStatus(challenge_id=person.challenges[0].id, state=ChallengeState.PARTLY)
        ],
    )
    with_new = with_follow_up(get_participant(store, person.id), follow_up)
    with store.unit_of_work() as uow:
        before = uow.session.execute(
            select(t.table(t.ParticipantRow).c.updated_at).where(
                t.table(t.ParticipantRow).c.id == person.id
            )
        ).scalar_one()
    save_participant(store, with_new)
    stored = get_participant(store, person.id)
    assert [f.note for f in stored.follow_ups] == ["God uge"]
    assert stored.follow_ups[0].ratings[0].participant_step_id == ladder.live_steps()[3].id
    assert stored.follow_ups[0].challenge_statuses[0].state is ChallengeState.PARTLY
    assert _count(store, t.ParticipantRow) == participants_before
    with store.unit_of_work() as uow:
        after = uow.session.execute(
            select(t.table(t.ParticipantRow).c.updated_at).where(
                t.table(t.ParticipantRow).c.id == person.id
            )
        ).scalar_one()
    assert after == before  # the participant row itself was not rewritten

    # Undo: saving the person as they were tombstones the follow-up; redo brings it back.
    save_participant(store, person)
    assert get_participant(store, person.id).follow_ups[0].is_deleted
    rows = {r.code: r for r in list_participants(store)}
    assert rows["NY-001"].follow_ups == 0
    save_participant(store, with_new)
    assert not get_participant(store, person.id).follow_ups[0].is_deleted
    assert {r.code: r for r in list_participants(store)}["NY-001"].follow_ups == 1


def test_exit_and_undo_of_intake(store_factory, demo) -> None:  # type: ignore[no-untyped-def]
    store = store_factory(demo)
    person = _new_person(demo)
    save_participant(store, person)
    ended = person.changed(
        exit=Exit(date=TODAY + datetime.timedelta(days=30), destination="job"),
        end_date=TODAY + datetime.timedelta(days=30),
    )
    save_participant(store, ended)
    row = {r.code: r for r in list_participants(store)}["NY-001"]
    assert not row.is_active
    assert row.end_date == TODAY + datetime.timedelta(days=30)
    assert ParticipantFilter(status=StatusFilter.ENDED).matches(row)

    set_participant_deleted(store, person.id, deleted=True)
    assert "NY-001" not in {r.code for r in list_participants(store)}
    set_participant_deleted(store, person.id, deleted=False)
    assert "NY-001" in {r.code for r in list_participants(store)}


def test_bad_references_and_taken_codes_write_nothing(store_factory, demo) -> None:  # type: ignore[no-untyped-def]
    store = store_factory(demo)
    taken = _new_person(demo, code=demo.participants[0].code.lower())
    with pytest.raises(InvalidDataError, match="bruges allerede"):
        save_participant(store, taken)
    other_ladder = demo.ladders[1]
    wrong_step = _new_person(demo).changed(
        enrolments=[
            Enrolment(
                ladder_id=demo.ladders[0].id, start_step_id=other_ladder.live_steps()[0].id
            ).model_dump()
        ]
    )
    with pytest.raises(InvalidDataError, match="Starttrinnet"):
        save_participant(store, wrong_step)
    assert len(list_participants(store)) == len(demo.participants)
    # A deleted intake frees nothing: restoring is refused while the code is in use.
    person = _new_person(demo, code="X-1")
    save_participant(store, person)
    set_participant_deleted(store, person.id, deleted=True)
    save_participant(store, _new_person(demo, code="X-1"))
    with pytest.raises(InvalidDataError, match="bruges nu"):
        set_participant_deleted(store, person.id, deleted=False)


def test_duplicate_follow_up_day_is_refused(store_factory, demo) -> None:  # type: ignore[no-untyped-def]
    store = store_factory(demo)
    person = demo.participants[0]
    day = person.follow_ups[0].date
    with pytest.raises(InvalidDataError, match="allerede en opfølgning den dag"):
        save_follow_up(store, person.id, FollowUp(date=day))
    with pytest.raises(InvalidDataError, match="allerede en opfølgning den dag"):
        save_participant(store, with_follow_up(person, FollowUp(date=day)))


def test_filters(store_factory, demo) -> None:  # type: ignore[no-untyped-def]
    store = store_factory(demo)
    rows = list_participants(store)
    group = demo.target_groups[1]
    by_group = ParticipantFilter(target_group_id=group.id).apply(rows)
    assert {r.code for r in by_group} == {
        p.code for p in demo.participants if p.target_group_id == group.id
    }
    assert len(ParticipantFilter(text="ig-00").apply(rows)) == 9
    someone = demo.participants[3]
    first_name = someone.name.split()[0].upper()
    assert someone.code in {r.code for r in ParticipantFilter(text=first_name).apply(rows)}
    active = ParticipantFilter(status=StatusFilter.ACTIVE).apply(rows)
    assert {r.code for r in active} == {p.code for p in demo.participants if p.is_active}
    late = ParticipantFilter(period_end=datetime.date(2000, 1, 1)).apply(rows)
    assert late == []
    ended = [p for p in demo.participants if not p.is_active]
    after_all = ParticipantFilter(period_start=TODAY + datetime.timedelta(days=1)).apply(rows)
    assert {r.code for r in after_all} == {p.code for p in demo.participants if p.is_active}
    assert ended  # the demo has ended participants, so the period filter removed someone
