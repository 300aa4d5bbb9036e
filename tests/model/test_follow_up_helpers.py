"""The follow-up helpers on hand-made cases: the draft, the trin-tegn-handling rule for the
action, and revising a follow-up so that only what changed is changed."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from forandring_desktop.model import (
    AreaScore,
    Challenge,
    ChallengeState,
    ChallengeStatus,
    Enrolment,
    FollowUp,
    InvalidDataError,
    Ladder,
    LadderRating,
    LadderStep,
    Participant,
    utcnow,
)
from forandring_desktop.model.follow_up import (
    RatingValues,
    action_after_step_change,
    action_for,
    draft_follow_up,
    follow_up_on,
    latest_area_scores,
    nearest_live_step,
    revise_follow_up,
    step_of,
)
from forandring_desktop.model.participants import latest_steps, with_follow_up

START = date(2025, 3, 3)


def make_ladder(title: str, count: int = 5) -> Ladder:
    steps = [
        LadderStep(text=f"{title} trin {i}", signs=f"{title} tegn {i}", action=f"{title} gør {i}")
        for i in range(1, count + 1)
    ]
    return Ladder(title=title, change_goal=f"{title} mål", steps=steps)


def retire(ladder: Ladder, index: int) -> Ladder:
    steps = [s.model_dump() for s in ladder.steps]
    steps[index]["deleted_at"] = utcnow()
    return ladder.changed(steps=steps)


@pytest.fixture
def abuse() -> Ladder:
    return make_ladder("Misbrug")


@pytest.fixture
def social() -> Ladder:
    return make_ladder("Social", count=4)


def person_on(*ladders: Ladder, start_index: int = 0) -> Participant:
    return Participant(
        code="T-1",
        start_date=START,
        challenges=[
            Challenge(text="Møder ikke op"),
            Challenge(text="Ensom"),
            Challenge(text="Gammel", deleted_at=utcnow()),
        ],
        enrolments=[
            Enrolment(ladder_id=ladder.id, start_step_id=ladder.steps[start_index].id)
            for ladder in ladders
        ],
    )


def rating(
    person: Participant,
    ladder: Ladder,
    staff: int | None,
    own: int | None,
    **fields: object,
) -> LadderRating:
    enrolment = next(e for e in person.enrolments if e.ladder_id == ladder.id)
    return LadderRating.model_validate(
        {
            "enrolment_id": enrolment.id,
            "staff_step_id": ladder.steps[staff].id if staff is not None else None,
            "participant_step_id": ladder.steps[own].id if own is not None else None,
            **fields,
        }
    )


def by_ladder(ladders: list[Ladder]) -> dict[uuid.UUID, Ladder]:
    return {ladder.id: ladder for ladder in ladders}


# --- action_for, the rule, nearest live step ------------------------------------------------


def test_action_for_gives_the_steps_handling_retired_steps_too(abuse: Ladder) -> None:
    assert action_for(abuse, abuse.steps[2].id) == "Misbrug gør 3"
    assert action_for(abuse, None) == ""
    assert action_for(abuse, uuid.uuid4()) == ""
    retired = retire(abuse, 2)
    assert action_for(retired, retired.steps[2].id) == "Misbrug gør 3"
    step = step_of(retired, retired.steps[2].id)
    assert step is not None
    assert step.is_deleted


def test_action_follows_the_new_step_unless_the_mentor_wrote_their_own(abuse: Ladder) -> None:
    one, two, three = (s.id for s in abuse.steps[:3])
    # Untouched: follows the new step, up or down.
    assert action_after_step_change(abuse, one, two, "Misbrug gør 1") == "Misbrug gør 2"
    assert action_after_step_change(abuse, three, two, "Misbrug gør 3") == "Misbrug gør 2"
    # Blank or only re-spaced counts as untouched.
    assert action_after_step_change(abuse, one, two, "") == "Misbrug gør 2"
    assert action_after_step_change(abuse, one, two, "  Misbrug gør 1 ") == "Misbrug gør 2"
    # The mentor's own text stays.
    assert action_after_step_change(abuse, one, two, "Ring til kommunen") == "Ring til kommunen"
    assert action_after_step_change(abuse, one, two, "Misbrug gør 1 og mere") == (
        "Misbrug gør 1 og mere"
    )
    # From no step (a ladder not rated before) and to no step.
    assert action_after_step_change(abuse, None, three, "") == "Misbrug gør 3"
    assert action_after_step_change(abuse, three, None, "Misbrug gør 3") == ""


def test_nearest_live_step(abuse: Ladder) -> None:
    assert nearest_live_step(abuse, abuse.steps[3].id) == abuse.steps[3].id
    middle = retire(abuse, 2)
    assert nearest_live_step(middle, middle.steps[2].id) == middle.steps[1].id
    bottom = retire(abuse, 0)
    assert nearest_live_step(bottom, bottom.steps[0].id) == bottom.steps[1].id
    assert nearest_live_step(abuse, uuid.uuid4()) is None
    assert nearest_live_step(abuse, None) is None
    gone = abuse
    for index in range(len(abuse.steps)):
        gone = retire(gone, index)
    assert nearest_live_step(gone, gone.steps[2].id) is None


# --- The draft ------------------------------------------------------------------------------


def test_draft_before_any_follow_up_starts_at_the_start_step(abuse: Ladder, social: Ladder) -> None:
    person = person_on(abuse, social, start_index=1)
    day = START + timedelta(days=7)
    draft = draft_follow_up(person, by_ladder([abuse, social]), day)
    assert draft.date == day
    assert draft.note == ""
    assert draft.area_scores == []
    assert [(r.enrolment_id, r.staff_step_id) for r in draft.ratings] == [
        (person.enrolments[0].id, abuse.steps[1].id),
        (person.enrolments[1].id, social.steps[1].id),
    ]
    # Never asked: the participant's own step is left for the mentor.
    assert [r.participant_step_id for r in draft.ratings] == [None, None]
    assert [r.action for r in draft.ratings] == ["Misbrug gør 2", "Social gør 2"]
    assert [r.note for r in draft.ratings] == ["", ""]
    # Live challenges only, all unresolved so far.
    assert [(s.challenge_id, s.state) for s in draft.challenge_statuses] == [
        (person.challenges[0].id, ChallengeState.UNRESOLVED),
        (person.challenges[1].id, ChallengeState.UNRESOLVED),
    ]
    # It is a valid new follow-up for the person.
    assert with_follow_up(person, draft).follow_ups[-1].id == draft.id


def test_draft_carries_the_latest_steps_and_states_but_asks_again(
    abuse: Ladder, social: Ladder
) -> None:
    person = person_on(abuse, social)
    first = FollowUp(
        date=START + timedelta(days=7),
        ratings=[rating(person, abuse, 2, 1), rating(person, social, 1, 3)],
        challenge_statuses=[
            ChallengeStatus(challenge_id=person.challenges[0].id, state=ChallengeState.PARTLY),
            ChallengeStatus(challenge_id=person.challenges[1].id, state=ChallengeState.FULLY),
        ],
        area_scores=[AreaScore(area="Social", score=2)],
    )
    # The second week: the participant was not asked about the abuse ladder, and the
    # social ladder went down; the first challenge went back to unresolved.
    second = FollowUp(
        date=START + timedelta(days=14),
        ratings=[rating(person, abuse, 3, None), rating(person, social, 0, 0)],
        challenge_statuses=[
            ChallengeStatus(challenge_id=person.challenges[0].id, state=ChallengeState.UNRESOLVED),
        ],
    )
    person = with_follow_up(with_follow_up(person, first), second)
    draft = draft_follow_up(person, by_ladder([abuse, social]), START + timedelta(days=21))
    staff = [r.staff_step_id for r in draft.ratings]
    own = [r.participant_step_id for r in draft.ratings]
    assert staff == [abuse.steps[3].id, social.steps[0].id]
    assert own == [None, None]  # asked again each time, never carried over
    assert [r.action for r in draft.ratings] == ["Misbrug gør 4", "Social gør 1"]
    assert [s.state for s in draft.challenge_statuses] == [
        ChallengeState.UNRESOLVED,
        ChallengeState.FULLY,
    ]
    # A draft for a day between the two follow-ups sees only the first.
    between = draft_follow_up(person, by_ladder([abuse, social]), START + timedelta(days=10))
    assert [r.staff_step_id for r in between.ratings] == [abuse.steps[2].id, social.steps[1].id]
    assert [s.state for s in between.challenge_statuses] == [
        ChallengeState.PARTLY,
        ChallengeState.FULLY,
    ]
    assert latest_area_scores(person) == {"Social": 2}
    assert latest_area_scores(person, before=first.date) == {}


def test_draft_skips_gone_ladders_and_moves_off_retired_steps(
    abuse: Ladder, social: Ladder
) -> None:
    third = make_ladder("Tredje")
    person = person_on(abuse, social, third)
    person = with_follow_up(
        person,
        FollowUp(
            date=START + timedelta(days=7),
            ratings=[rating(person, abuse, 3, 4), rating(person, social, 2, 2)],
        ),
    )
    enrolments = [e.model_dump() for e in person.enrolments]
    enrolments[1]["deleted_at"] = utcnow()  # taken off the social ladder
    person = person.changed(enrolments=enrolments)
    # Step 4 of the abuse ladder was retired since; step 5 is still there.
    retired = retire(abuse, 3)
    ladders = by_ladder([retired, social])  # the third ladder is not in the mapping
    ladders[third.id] = third.changed(deleted_at=utcnow())  # ... or deleted
    draft = draft_follow_up(person, ladders, START + timedelta(days=14))
    assert [r.enrolment_id for r in draft.ratings] == [person.enrolments[0].id]
    only = draft.ratings[0]
    assert only.staff_step_id == retired.steps[2].id  # the nearest live step below
    assert only.participant_step_id is None
    assert only.action == "Misbrug gør 3"
    del ladders[third.id]
    assert len(draft_follow_up(person, ladders, START + timedelta(days=14)).ratings) == 1


def test_follow_up_on_a_day(abuse: Ladder) -> None:
    person = person_on(abuse)
    day = START + timedelta(days=7)
    one = FollowUp(date=day)
    person = with_follow_up(person, one)
    assert follow_up_on(person, day) == one
    assert follow_up_on(person, day, other_than=one.id) is None
    assert follow_up_on(person, day + timedelta(days=1)) is None
    gone = with_follow_up(person, one.changed(deleted_at=utcnow()))
    assert follow_up_on(gone, day) is None


# --- Revising -------------------------------------------------------------------------------


@pytest.fixture
def recorded(abuse: Ladder, social: Ladder) -> tuple[Participant, FollowUp]:
    person = person_on(abuse, social)
    follow_up = FollowUp(
        date=START + timedelta(days=7),
        note="Uge 1",
        ratings=[
            rating(person, abuse, 1, 1, note="Fin", action="Misbrug gør 2"),
            rating(person, social, 2, None, action="Egen handling"),
        ],
        challenge_statuses=[
            ChallengeStatus(challenge_id=person.challenges[0].id, state=ChallengeState.PARTLY)
        ],
        area_scores=[AreaScore(area="Social", score=1), AreaScore(area="Sundhed", score=-2)],
    )
    return with_follow_up(person, follow_up), follow_up


def values_of(follow_up: FollowUp) -> list[RatingValues]:
    return [
        RatingValues(r.enrolment_id, r.staff_step_id, r.participant_step_id, r.note, r.action)
        for r in follow_up.ratings
    ]


def test_revise_with_the_same_values_changes_nothing(
    recorded: tuple[Participant, FollowUp],
) -> None:
    _person, base = recorded
    same = revise_follow_up(
        base,
        day=base.date,
        note=base.note,
        ratings=values_of(base),
        states={s.challenge_id: s.state for s in base.challenge_statuses},
        scores={"SOCIAL": 1, "sundhed": -2},  # areas match ignoring case
    )
    assert same is base


def test_revise_changes_only_what_differs(
    recorded: tuple[Participant, FollowUp], social: Ladder
) -> None:
    person, base = recorded
    values = values_of(base)
    values[1] = RatingValues(
        values[1].enrolment_id, social.steps[3].id, social.steps[3].id, "Flot", "Egen handling"
    )
    revised = revise_follow_up(
        base,
        day=base.date,
        note=base.note,
        ratings=values,
        states={
            person.challenges[0].id: ChallengeState.PARTLY,
            person.challenges[1].id: ChallengeState.FULLY,
        },
        scores={"Social": 1, "Sundhed": None, "Beskæftigelse": 3},
    )
    assert revised.id == base.id
    assert revised.updated_at >= base.updated_at
    assert revised.note == base.note
    # The first rating is untouched, the second keeps its id and gets the new values.
    assert revised.ratings[0] == base.ratings[0]
    second = revised.ratings[1]
    assert second.id == base.ratings[1].id
    assert second.created_at == base.ratings[1].created_at
    assert second.updated_at >= base.ratings[1].updated_at
    assert (second.staff_step_id, second.participant_step_id, second.note) == (
        social.steps[3].id,
        social.steps[3].id,
        "Flot",
    )
    # The unchanged status is the same object's value; a new one is added.
    assert revised.challenge_statuses[0] == base.challenge_statuses[0]
    assert revised.challenge_statuses[1].challenge_id == person.challenges[1].id
    assert revised.challenge_statuses[1].state is ChallengeState.FULLY
    # Social unchanged, Sundhed tombstoned (kept for merging), Beskæftigelse new.
    social_score, health, work = revised.area_scores
    assert social_score == base.area_scores[0]
    assert health.id == base.area_scores[1].id
    assert health.is_deleted
    assert (work.area, work.score, work.is_deleted) == ("Beskæftigelse", 3, False)
    # And the result is a valid follow-up for the person, replacing the old one.
    stored = with_follow_up(person, revised)
    assert [f.id for f in stored.follow_ups] == [base.id]


def test_revise_adds_no_empty_rating_and_keeps_what_the_form_did_not_show(
    recorded: tuple[Participant, FollowUp],
) -> None:
    person, base = recorded
    third = make_ladder("Tredje")
    enrolment = Enrolment(ladder_id=third.id, start_step_id=third.steps[0].id)
    person = person.changed(enrolments=[*person.enrolments, enrolment])
    revised = revise_follow_up(
        base,
        day=base.date + timedelta(days=1),
        note="Flyttet",
        # Only the first ladder shown, and an unrated third one left empty.
        ratings=[values_of(base)[0], RatingValues(enrolment.id, None, None, "  ", "")],
    )
    assert revised.ratings == base.ratings
    assert revised.challenge_statuses == base.challenge_statuses
    assert revised.area_scores == base.area_scores
    assert (revised.date, revised.note) == (base.date + timedelta(days=1), "Flyttet")
    # A rating given on the third ladder is added as a new one.
    added = revise_follow_up(
        base,
        day=base.date,
        note=base.note,
        ratings=[RatingValues(enrolment.id, third.steps[1].id, None, "", "Tredje gør 2")],
    )
    assert added.ratings[:2] == base.ratings
    assert added.ratings[2].enrolment_id == enrolment.id
    assert added.ratings[2].staff_step_id == third.steps[1].id
    assert with_follow_up(person, added).follow_ups[0].ratings[2].action == "Tredje gør 2"


def test_revise_refuses_invalid_values_in_danish(recorded: tuple[Participant, FollowUp]) -> None:
    _person, base = recorded
    with pytest.raises(InvalidDataError) as caught:
        revise_follow_up(base, day=base.date, note=base.note, scores={"Social": 9})
    assert "5" in str(caught.value)
    with pytest.raises(InvalidDataError):
        revise_follow_up(base, day=base.date, note="Kontrol\x01tegn")


def test_the_draft_rating_keeps_latest_steps_meaning(abuse: Ladder) -> None:
    """A draft saved as it is changes nothing in the person's latest steps."""
    person = person_on(abuse)
    person = with_follow_up(
        person, FollowUp(date=START + timedelta(days=7), ratings=[rating(person, abuse, 2, 3)])
    )
    before = latest_steps(person)
    draft = draft_follow_up(person, by_ladder([abuse]), START + timedelta(days=14))
    assert latest_steps(with_follow_up(person, draft)) == before


def test_revise_keeps_who_made_the_follow_up(recorded: tuple[Participant, FollowUp]) -> None:
    _person, base = recorded
    made = base.model_copy(update={"author_id": uuid.uuid4(), "author_name": "Mentor Mette"})
    revised = revise_follow_up(made, day=made.date + timedelta(days=1), note="Rettet")
    assert revised.note == "Rettet"
    assert (revised.author_id, revised.author_name) == (made.author_id, "Mentor Mette")
    assert revised.author_text == "Mentor Mette"
    assert base.author_text == "ukendt"  # one from before authors were kept
