"""Pure intake/exit helpers (model/intake.py) against hand-made cases."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from forandring_desktop.model import (
    Challenge,
    ChallengeState,
    ChallengeStatus,
    Destination,
    DoorNote,
    DoorSheet,
    Enrolment,
    Exit,
    FollowUp,
    InvalidDataError,
    Ladder,
    LadderRating,
    LadderStep,
    Participant,
    Persona,
    Side,
    TargetGroup,
)
from forandring_desktop.model import intake as it

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)
START = date(2026, 1, 5)


# -- what belongs to a target group -------------------------------------------------------


def _sheets() -> tuple[TargetGroup, TargetGroup, list[DoorSheet]]:
    natasha, klaus = Persona(name="Natasha"), Persona(name="Klaus")
    young = TargetGroup(name="Unge", persona_ids=[natasha.id])
    worn = TargetGroup(name="Voksne", persona_ids=[klaus.id])
    by_persona = DoorSheet(
        title="Natasha",
        persona_id=natasha.id,
        notes=[
            DoorNote(text="Lavt selvværd", side=Side.IN),
            DoorNote(text="Godt selvværd", side=Side.OUT),
            DoorNote(text="Slettet seddel", side=Side.IN, deleted_at=NOW),
            DoorNote(text="Ustabilt fremmøde", side=Side.IN),
        ],
    )
    by_group = DoorSheet(
        title="Unge samlet",
        target_group_id=young.id,
        notes=[DoorNote(text="Hashmisbrug", side=Side.IN)],
    )
    other = DoorSheet(
        title="Klaus", persona_id=klaus.id, notes=[DoorNote(text="Ensom", side=Side.IN)]
    )
    gone = DoorSheet(
        title="Gammelt ark",
        persona_id=natasha.id,
        deleted_at=NOW,
        notes=[DoorNote(text="Fra et slettet ark", side=Side.IN)],
    )
    return young, worn, [by_persona, other, by_group, gone]


def test_sheets_and_intake_notes_of_a_group() -> None:
    young, worn, sheets = _sheets()
    assert [s.title for s in it.sheets_for_group(sheets, young)] == ["Natasha", "Unge samlet"]
    assert [s.title for s in it.sheets_for_group(sheets, worn)] == ["Klaus"]
    assert it.sheets_for_group(sheets, None) == []
    # Only live 'ind ad døren' notes of live sheets, in sheet order.
    assert [n.text for n in it.intake_notes(sheets, young)] == [
        "Lavt selvværd",
        "Ustabilt fremmøde",
        "Hashmisbrug",
    ]
    assert [n.text for n in it.intake_notes(sheets, worn)] == ["Ensom"]
    assert it.intake_notes(sheets, None) == []


def test_a_sheet_of_a_group_does_not_belong_to_another_group_with_the_persona() -> None:
    persona = Persona(name="P")
    group = TargetGroup(name="A", persona_ids=[persona.id])
    other_group = TargetGroup(name="B", persona_ids=[persona.id])
    sheet = DoorSheet(target_group_id=other_group.id)
    assert not it.sheet_belongs_to(sheet, group)
    assert it.sheet_belongs_to(sheet, other_group)
    assert it.sheet_belongs_to(DoorSheet(persona_id=persona.id), group)
    assert not it.sheet_belongs_to(DoorSheet(), group)


def _ladder(title: str, groups: list[uuid.UUID], steps: int = 5, **kw: object) -> Ladder:
    return Ladder(
        title=title,
        change_goal=f"Mål for {title}",
        steps=[
            LadderStep(text=f"{title} trin {i + 1}", action=f"Gør {i + 1}") for i in range(steps)
        ],
        target_group_ids=groups,
        **kw,
    )


def test_ladders_for_group_puts_the_groups_own_first() -> None:
    group, other = uuid.uuid4(), uuid.uuid4()
    a = _ladder("A", [other])
    b = _ladder("B", [group, other])
    c = _ladder("C", [])
    gone = _ladder("D", [group], deleted_at=NOW)
    ladders = [a, b, c, gone]
    assert [(lad.title, mine) for lad, mine in it.ladders_for_group(ladders, group)] == [
        ("B", True),
        ("A", False),
        ("C", False),
    ]
    assert [(lad.title, mine) for lad, mine in it.ladders_for_group(ladders, None)] == [
        ("A", False),
        ("B", False),
        ("C", False),
    ]


# -- checks ----------------------------------------------------------------------------------


def test_code_problem_uses_the_models_danish_messages() -> None:
    taken = Participant(code="IG-001", start_date=START)
    gone = Participant(code="IG-002", start_date=START, deleted_at=NOW)
    assert it.code_problem("IG-003", [taken, gone]) is None
    assert it.code_problem("  IG-003  ") is None  # the model strips it
    assert it.code_problem("") == "Skriv deltagerens kode."
    assert it.code_problem("   ") == "Skriv deltagerens kode."
    bad = it.code_problem("IG 003")
    assert bad is not None
    assert "ugyldigt format" in bad
    assert it.CODE_HINT in bad
    long = it.code_problem("X" * 33)
    assert long is not None
    assert "for lang" in long
    assert (
        it.code_problem("ig-001", [taken]) == "Koden ig-001 bruges allerede af en anden deltager."
    )
    assert it.code_problem("IG-001", [taken], own_id=taken.id) is None  # editing yourself
    assert it.code_problem("IG-002", [gone]) is None  # a deleted participant's code is free


def test_goal_problem_refuses_a_goal_below_the_start() -> None:
    ladder = _ladder("A", [])
    s = ladder.steps
    message = "Det personlige mål skal ligge på eller over starttrinnet."
    assert it.goal_problem(ladder, s[2].id, s[1].id) == message
    assert it.goal_problem(ladder, s[2].id, s[2].id) is None
    assert it.goal_problem(ladder, s[2].id, s[4].id) is None
    assert it.goal_problem(ladder, s[2].id, None) is None


# -- merging challenges and enrolments -------------------------------------------------------


def test_merge_challenges_keeps_ids_and_tombstones_what_has_history() -> None:
    note_a, note_b = uuid.uuid4(), uuid.uuid4()
    same = Challenge(text="Samme", weight=3, source_note_id=note_a)
    reweighed = Challenge(text="Ny vægt", weight=4)
    with_history = Challenge(text="Har historik", weight=5)
    without_history = Challenge(text="Ingen historik")
    old_tombstone = Challenge(text="Gammel", deleted_at=NOW)
    revived = Challenge(text="Genoplivet", source_note_id=note_b, deleted_at=NOW)
    existing = [same, reweighed, with_history, without_history, old_tombstone, revived]
    wanted = [
        it.ChallengeDraft("Ny egen udfordring", 8),
        it.ChallengeDraft("Samme", 3, note_a, same.id),
        it.ChallengeDraft("Ny vægt", 9, None, reweighed.id),
        it.ChallengeDraft("Genoplivet", 2, note_b, revived.id),
    ]
    later = datetime(2026, 2, 1, tzinfo=UTC)
    result = it.merge_challenges(existing, wanted, {with_history.id}, now=later)

    assert [c.text for c in result] == [
        "Samme",
        "Ny vægt",
        "Har historik",
        "Gammel",
        "Genoplivet",
        "Ny egen udfordring",
    ]
    assert result[0] is same  # unchanged: the very same record, no new timestamp
    assert (result[1].id, result[1].weight) == (reweighed.id, 9)
    assert (result[2].id, result[2].deleted_at) == (with_history.id, later)
    assert result[3] is old_tombstone
    assert (result[4].id, result[4].deleted_at, result[4].weight) == (revived.id, None, 2)
    new = result[5]
    assert new.id not in {c.id for c in existing}
    assert (new.weight, new.source_note_id, new.deleted_at) == (8, None, None)
    assert without_history.id not in {c.id for c in result}  # removed: nothing points at it


def test_merge_challenges_raises_the_models_danish_error() -> None:
    with pytest.raises(InvalidDataError) as caught:
        it.merge_challenges([], [it.ChallengeDraft("x", 11)], set())
    assert "Må højst være 10" in str(caught.value)


def test_merge_enrolments_matches_by_ladder() -> None:
    a, b, c, d = (_ladder(t, []) for t in "ABCD")
    kept = Enrolment(ladder_id=a.id, start_step_id=a.steps[0].id, goal_step_id=a.steps[4].id)
    moved = Enrolment(ladder_id=b.id, start_step_id=b.steps[0].id, goal_step_id=b.steps[4].id)
    untick_history = Enrolment(ladder_id=c.id, start_step_id=c.steps[0].id)
    untick_fresh = Enrolment(ladder_id=d.id, start_step_id=d.steps[0].id)
    old_d = Enrolment(ladder_id=a.id, start_step_id=a.steps[1].id, deleted_at=NOW)
    existing = [kept, moved, untick_history, untick_fresh, old_d]
    e = _ladder("E", [])
    wanted = [
        it.EnrolmentDraft(e.id, e.steps[1].id, e.steps[3].id),
        it.EnrolmentDraft(a.id, a.steps[0].id, a.steps[4].id),
        it.EnrolmentDraft(b.id, b.steps[2].id, b.steps[3].id),
    ]
    result = it.merge_enrolments(existing, wanted, {untick_history.id}, now=NOW)
    assert result[0] is kept
    assert (result[1].id, result[1].start_step_id, result[1].goal_step_id) == (
        moved.id,
        b.steps[2].id,
        b.steps[3].id,
    )
    assert (result[2].id, result[2].deleted_at) == (untick_history.id, NOW)
    assert result[3] is old_d  # the old tombstone of ladder A stays as it was
    assert result[4].ladder_id == e.id
    assert result[4].id not in {x.id for x in existing}
    assert untick_fresh.id not in {x.id for x in result}


def test_merge_enrolments_revives_the_latest_tombstone_of_a_ladder() -> None:
    a = _ladder("A", [])
    older = Enrolment(ladder_id=a.id, start_step_id=a.steps[0].id, deleted_at=NOW)
    newer = Enrolment(ladder_id=a.id, start_step_id=a.steps[1].id, deleted_at=NOW)
    result = it.merge_enrolments(
        [older, newer], [it.EnrolmentDraft(a.id, a.steps[2].id, None)], set()
    )
    assert [x.id for x in result] == [older.id, newer.id]
    assert result[0] is older
    assert (result[1].deleted_at, result[1].start_step_id) == (None, a.steps[2].id)


# -- a participant with history ----------------------------------------------------------------


def _person() -> tuple[Participant, Ladder, Ladder]:
    abuse, social = _ladder("Misbrug", []), _ladder("Social", [], steps=4)
    e1 = Enrolment(
        ladder_id=abuse.id, start_step_id=abuse.steps[0].id, goal_step_id=abuse.steps[3].id
    )
    e2 = Enrolment(ladder_id=social.id, start_step_id=social.steps[1].id)
    c1 = Challenge(text="Fremmøde", weight=7)
    c2 = Challenge(text="Gæld")
    c3 = Challenge(text="Angst", weight=2)
    gone = Challenge(text="Væk", deleted_at=NOW)
    week1 = FollowUp(
        date=date(2026, 1, 12),
        ratings=[
            LadderRating(
                enrolment_id=e1.id,
                staff_step_id=abuse.steps[1].id,
                participant_step_id=abuse.steps[2].id,
            )
        ],
        challenge_statuses=[ChallengeStatus(challenge_id=c1.id, state=ChallengeState.PARTLY)],
    )
    week2 = FollowUp(
        date=date(2026, 1, 19),
        ratings=[LadderRating(enrolment_id=e2.id, staff_step_id=social.steps[0].id)],
        challenge_statuses=[ChallengeStatus(challenge_id=c2.id, state=ChallengeState.FULLY)],
    )
    person = Participant(
        code="T-1",
        start_date=START,
        challenges=[c1, c2, c3, gone],
        enrolments=[e1, e2],
        follow_ups=[week1, week2],
    )
    return person, abuse, social


def test_referenced_ids() -> None:
    person, _, _ = _person()
    challenges, enrolments = it.referenced_ids(person)
    assert challenges == {person.challenges[0].id, person.challenges[1].id}
    assert enrolments == {e.id for e in person.enrolments}


def test_start_and_end_without_a_final_follow_up_is_the_latest_status() -> None:
    person, abuse, social = _person()
    ladders = {abuse.id: abuse, social.id: social}
    comparison = it.start_and_end(person, ladders)
    first, second = comparison.ladders
    assert (first.change_goal, first.step_count) == ("Mål for Misbrug", 5)
    assert (first.start.level, first.end.level, first.own.level) == (1, 2, 3)
    assert first.goal is not None
    assert first.goal.level == 4
    assert first.end.text == "Misbrug trin 2"
    assert (first.moved, first.goal_reached) == (1, False)
    assert (second.start.level, second.end.level, second.own) == (2, 1, it.NO_STEP)
    assert (second.moved, second.goal, second.goal_reached) == (-1, None, None)
    assert [(c.text, c.weight, c.start, c.end) for c in comparison.challenges] == [
        ("Fremmøde", 7, ChallengeState.UNRESOLVED, ChallengeState.PARTLY),
        ("Gæld", None, ChallengeState.UNRESOLVED, ChallengeState.FULLY),
        ("Angst", 2, ChallengeState.UNRESOLVED, ChallengeState.UNRESOLVED),
    ]
    assert (comparison.in_the_door, comparison.fully, comparison.partly) == (3, 1, 1)
    assert comparison.out_the_door == 2
    assert (comparison.goals_set, comparison.goals_reached) == (1, 0)


def test_final_follow_up_is_new_with_every_enrolment_and_challenge() -> None:
    person, abuse, social = _person()
    ladders = {abuse.id: abuse, social.id: social}
    e1, e2 = person.enrolments
    c1, c2, c3, _ = person.challenges
    day = date(2026, 3, 2)
    final = it.final_follow_up(
        person,
        day,
        {e1.id: (abuse.steps[3].id, abuse.steps[4].id)},  # e2: its latest
        {c3.id: ChallengeState.FULLY},  # c1, c2: their latest
        ladders,
    )
    assert final.date == day
    assert final.id not in {f.id for f in person.follow_ups}
    assert [
        (r.enrolment_id, r.staff_step_id, r.participant_step_id, r.action) for r in final.ratings
    ] == [
        (e1.id, abuse.steps[3].id, abuse.steps[4].id, "Gør 4"),
        (e2.id, social.steps[0].id, None, "Gør 1"),
    ]
    assert [(s.challenge_id, s.state) for s in final.challenge_statuses] == [
        (c1.id, ChallengeState.PARTLY),
        (c2.id, ChallengeState.FULLY),
        (c3.id, ChallengeState.FULLY),
    ]
    comparison = it.start_and_end(person, ladders, final)
    assert (comparison.ladders[0].end.level, comparison.ladders[0].goal_reached) == (4, True)
    assert comparison.ladders[0].own.level == 5
    assert (comparison.fully, comparison.partly, comparison.out_the_door) == (2, 1, 1)
    assert comparison.goals_reached == 1

    out = it.with_exit(person, Exit(date=day, destination=Destination.JOB, note="Job"), final)
    assert out.exit is not None
    assert (out.exit.date, out.exit.destination, out.end_date) == (day, Destination.JOB, day)
    assert out.follow_ups[-1] == final
    assert len(out.follow_ups) == 3
    assert not out.is_active


def test_final_follow_up_reuses_the_follow_up_on_the_exit_day() -> None:
    person, abuse, social = _person()
    ladders = {abuse.id: abuse, social.id: social}
    e1, e2 = person.enrolments
    c1, c2, c3, _ = person.challenges
    existing = person.follow_ups[1]  # 19 January: rates e2 and c2
    final = it.final_follow_up(
        person,
        existing.date,
        {e1.id: (abuse.steps[2].id, None), e2.id: (social.steps[3].id, social.steps[2].id)},
        {c1.id: ChallengeState.FULLY, c2.id: ChallengeState.PARTLY, c3.id: ChallengeState.PARTLY},
        ladders,
    )
    assert final.id == existing.id
    old_rating = existing.ratings[0]
    assert final.ratings[0].id == old_rating.id  # updated in place
    assert (final.ratings[0].staff_step_id, final.ratings[0].participant_step_id) == (
        social.steps[3].id,
        social.steps[2].id,
    )
    assert final.ratings[0].action == "Gør 4"  # the empty action follows the new step
    assert final.ratings[1].enrolment_id == e1.id
    assert final.ratings[1].action == "Gør 3"
    assert final.challenge_statuses[0].id == existing.challenge_statuses[0].id
    assert [(s.challenge_id, s.state) for s in final.challenge_statuses] == [
        (c2.id, ChallengeState.PARTLY),
        (c1.id, ChallengeState.FULLY),
        (c3.id, ChallengeState.PARTLY),
    ]
    out = it.with_exit(person, Exit(date=existing.date), final)
    assert [f.id for f in out.follow_ups] == [f.id for f in person.follow_ups]
    assert out.end_date == existing.date


def test_final_follow_up_unchanged_is_the_same_record() -> None:
    person, abuse, social = _person()
    ladders = {abuse.id: abuse, social.id: social}
    week1 = person.follow_ups[0]
    e1 = person.enrolments[0]
    c1 = person.challenges[0]
    person = Participant.parse(
        {
            **person.model_dump(),
            "enrolments": [e1.model_dump()],
            "challenges": [c1.model_dump()],
            "follow_ups": [week1.model_dump()],
        }
    )
    rating = week1.ratings[0]
    final = it.final_follow_up(
        person,
        week1.date,
        {e1.id: (rating.staff_step_id, rating.participant_step_id)},
        {c1.id: ChallengeState.PARTLY},
        ladders,
    )
    assert final is person.follow_ups[0]


def test_a_kept_own_action_is_not_overwritten() -> None:
    person, abuse, social = _person()
    ladders = {abuse.id: abuse, social.id: social}
    week1 = person.follow_ups[0]
    rating = week1.ratings[0].changed(action="Vores egen plan")
    person = person.changed(
        follow_ups=[week1.changed(ratings=[rating.model_dump()]).model_dump(), person.follow_ups[1]]
    )
    e1 = person.enrolments[0]
    final = it.final_follow_up(person, week1.date, {e1.id: (abuse.steps[4].id, None)}, {}, ladders)
    assert final.ratings[0].action == "Vores egen plan"
    assert final.ratings[0].staff_step_id == abuse.steps[4].id
