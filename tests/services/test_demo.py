"""The iGangiGen demo document: complete, valid, faithful to the guide and deterministic."""

from __future__ import annotations

import datetime
import itertools
import uuid
from typing import Any

import pytest

from forandring_desktop.model import (
    ActionArea,
    Colour,
    DoorSheet,
    Ladder,
    OrganisationDocument,
    Participant,
    PersonaKind,
    Side,
    board,
)
from forandring_desktop.model.document import parse_json, to_json, validate_document
from forandring_desktop.services.demo import build_demo_document

TODAY = datetime.date(2024, 6, 14)


@pytest.fixture(scope="module")
def doc() -> OrganisationDocument:
    return build_demo_document(today=TODAY)


def _sheet(doc: OrganisationDocument, title: str) -> DoorSheet:
    return next(s for s in doc.door_sheets if s.title == title)


def _ladder(doc: OrganisationDocument, title: str) -> Ladder:
    return next(lad for lad in doc.ladders if lad.title == title)


def _levels(doc: OrganisationDocument, person: Participant) -> dict[uuid.UUID, list[int]]:
    """Per enrolment: the start index, then the staff's step index at each follow-up."""
    ladders = {lad.id: lad for lad in doc.ladders}
    result: dict[uuid.UUID, list[int]] = {}
    for enrolment in person.enrolments:
        ids = [s.id for s in ladders[enrolment.ladder_id].steps]
        levels = [ids.index(enrolment.start_step_id)]
        for follow_up in person.follow_ups:
            rating = next(r for r in follow_up.ratings if r.enrolment_id == enrolment.id)
            assert rating.staff_step_id is not None
            levels.append(ids.index(rating.staff_step_id))
        result[enrolment.id] = levels
    return result


def _projection(doc: OrganisationDocument) -> list[Any]:
    """The participants without ids and timestamps: what a seed must reproduce."""
    groups = {g.id: g.name for g in doc.target_groups}
    ladders = {lad.id: lad for lad in doc.ladders}
    result: list[Any] = []
    for person in doc.participants:
        step_index: dict[uuid.UUID | None, int] = {None: -1}
        for enrolment in person.enrolments:
            for i, step in enumerate(ladders[enrolment.ladder_id].steps):
                step_index[step.id] = i
        result.append(
            (
                person.code,
                person.name,
                person.start_date,
                person.end_date,
                person.municipality,
                groups[person.target_group_id] if person.target_group_id else None,
                [(c.text, c.weight) for c in person.challenges],
                [
                    (step_index[e.start_step_id], step_index[e.goal_step_id])
                    for e in person.enrolments
                ],
                [
                    (
                        f.date,
                        f.note,
                        [
                            (
                                step_index[r.staff_step_id],
                                step_index[r.participant_step_id],
                                r.note,
                                r.action,
                            )
                            for r in f.ratings
                        ],
                        [s.state for s in f.challenge_statuses],
                        [(a.area, a.score) for a in f.area_scores],
                    )
                    for f in person.follow_ups
                ],
                person.exit.model_dump() if person.exit else None,
            )
        )
    return result


# --- Content from the guide ---------------------------------------------------------------


def test_document_validates(doc: OrganisationDocument) -> None:
    assert validate_document(doc) is doc
    assert doc.organisation.name == "iGangiGen"
    assert doc.organisation.vision
    assert doc.organisation.main_areas


def test_json_round_trip(doc: OrganisationDocument) -> None:
    text = to_json(doc)
    assert to_json(parse_json(text)) == text


def test_two_mission_drafts_new_one_chosen(doc: OrganisationDocument) -> None:
    assert [d.title for d in doc.mission_drafts] == ["Gammel mission", "Ny mission"]
    old, new = doc.mission_drafts
    assert not old.chosen
    assert new.chosen
    assert old.mission_text.startswith("iGangiGen gør sit yderste")
    assert new.mission_text.startswith("iGangiGen giver borgere")
    assert all(d.who and d.what and d.how for d in doc.mission_drafts)
    assert [a.answer.value for a in old.checklist] == ["no", "uncertain", "uncertain", "no"]
    assert [a.answer.value for a in new.checklist] == ["yes", "yes", "yes", "uncertain"]


def test_personas_and_target_groups(doc: OrganisationDocument) -> None:
    by_name = {p.name: p for p in doc.personas}
    natasha, klaus = by_name["Natasha"], by_name["Klaus"]
    assert (natasha.kind, natasha.gender, natasha.age) == (PersonaKind.TYPICAL, "Kvinde", 23)
    assert (klaus.kind, klaus.gender, klaus.age) == (PersonaKind.HARD, "Mand", 51)
    assert (len(natasha.background), len(natasha.problems)) == (5, 7)
    assert (len(klaus.background), len(klaus.problems)) == (9, 7)
    assert natasha.background[0] == "Bor i Ikast."
    assert klaus.background[0] == "Bor i Herning."
    groups = {g.name: g.persona_ids for g in doc.target_groups}
    assert groups == {
        "Unge med sociale problemer og misbrug": [natasha.id],
        "Voksne nedslidte med misbrug": [klaus.id],
    }


@pytest.mark.parametrize(("title", "pairs", "unpaired"), [("Natasha", 9, 0), ("Klaus", 6, 1)])
def test_door_sheets(doc: OrganisationDocument, title: str, pairs: int, unpaired: int) -> None:
    sheet = _sheet(doc, title)
    persona = next(p for p in doc.personas if p.name == title)
    assert sheet.persona_id == persona.id
    by_id = {n.id: n for n in sheet.notes}
    paired = [n for n in sheet.notes if n.pair_id is not None]
    assert len(paired) == pairs
    for note in paired:
        assert note.side is Side.IN
        assert note.pair_id is not None
        partner = by_id[note.pair_id]
        assert partner.side is Side.OUT
        # Each note sits in the lane of its side and colour (the board's layout).
        assert board.lane_of_note(note) == board.lane(Side.IN, note.colour)
        assert board.lane_of_note(partner) == board.lane(Side.OUT, partner.colour)
    partners = {n.pair_id for n in paired}
    lonely = [n for n in sheet.notes if n.pair_id is None and n.id not in partners]
    assert len(lonely) == unpaired
    assert all(n.side is Side.IN and n.colour is Colour.RED for n in lonely)
    assert len(sheet.notes) == 2 * pairs + unpaired
    assert {Colour.GREEN, Colour.YELLOW, Colour.RED} <= {n.colour for n in sheet.notes}
    for a in sheet.notes:  # no two notes overlap
        for b in sheet.notes:
            if a.id < b.id and board.lane_of_note(a) == board.lane_of_note(b):
                assert a.y + a.height <= b.y or b.y + b.height <= a.y


def test_natasha_family_note_turns_from_red_to_yellow(doc: OrganisationDocument) -> None:
    sheet = _sheet(doc, "Natasha")
    note = next(n for n in sheet.notes if n.text.startswith("Kaotiske familieforhold"))
    partner = next(n for n in sheet.notes if n.id == note.pair_id)
    assert (note.colour, partner.colour) == (Colour.RED, Colour.YELLOW)


@pytest.mark.parametrize(
    ("title", "goal", "bottom"),
    [
        (
            "Misbrug",
            "Erkender misbrug og er villig til at komme ud af det",
            "Benægter at bruge stoffer og have et misbrug.",
        ),
        ("Social kontakt", "Tryg og aktiv i sociale sammenhænge", "Meget indelukket."),
    ],
)
def test_ladders(doc: OrganisationDocument, title: str, goal: str, bottom: str) -> None:
    ladder = _ladder(doc, title)
    assert ladder.change_goal == goal
    assert len(ladder.steps) == 6
    assert ladder.steps[0].text == bottom
    assert all(s.text.strip() and s.signs.strip() and s.action.strip() for s in ladder.steps)
    assert len({s.action for s in ladder.steps}) == 6


# --- Generated participants --------------------------------------------------------------


def test_participants_basics(doc: OrganisationDocument) -> None:
    assert len(doc.participants) == 15
    codes = [p.code for p in doc.participants]
    assert codes == [f"IG-{n:03d}" for n in range(1, 16)]
    names = [p.name for p in doc.participants]
    assert len(set(names)) == len(names)
    for name in names:
        assert "Natasha" not in name
        assert "Klaus" not in name
        assert len(name.split()) == 2
    groups = {g.id for g in doc.target_groups}
    assert {p.target_group_id for p in doc.participants} == groups
    assert all(p.municipality.endswith("Kommune") for p in doc.participants)


def test_challenges_come_from_the_groups_door_sheet(doc: OrganisationDocument) -> None:
    for person in doc.participants:
        group = next(g for g in doc.target_groups if g.id == person.target_group_id)
        sheet = next(s for s in doc.door_sheets if s.persona_id in group.persona_ids)
        in_notes = {n.id: n for n in sheet.notes if n.side is Side.IN}
        assert 4 <= len(person.challenges) <= 7
        for challenge in person.challenges:
            assert challenge.source_note_id in in_notes
            assert challenge.text == in_notes[challenge.source_note_id].text
            assert challenge.weight is None or 3 <= challenge.weight <= 10
    weights = [c.weight for p in doc.participants for c in p.challenges]
    assert None in weights
    assert any(w is not None for w in weights)


def test_follow_ups_are_weekly_and_complete(doc: OrganisationDocument) -> None:
    areas = doc.organisation.main_areas
    for person in doc.participants:
        assert len(person.follow_ups) == 13
        dates = [f.date for f in person.follow_ups]
        assert dates == [person.start_date + datetime.timedelta(weeks=k) for k in range(1, 14)]
        assert all(person.start_date <= d <= TODAY for d in dates)
        challenge_ids = [c.id for c in person.challenges]
        for follow_up in person.follow_ups:
            assert {r.enrolment_id for r in follow_up.ratings} == {e.id for e in person.enrolments}
            assert [s.challenge_id for s in follow_up.challenge_statuses] == challenge_ids
            assert [a.area for a in follow_up.area_scores] == areas
    notes = [f.note for p in doc.participants for f in p.follow_ups]
    assert "" in notes
    assert any(notes)


def test_ratings_stay_on_the_enrolments_ladder(doc: OrganisationDocument) -> None:
    ladders = {lad.id: lad for lad in doc.ladders}
    for person in doc.participants:
        assert len(person.enrolments) == 2
        assert {e.ladder_id for e in person.enrolments} == set(ladders)
        steps_of = {e.id: ladders[e.ladder_id].step_ids() for e in person.enrolments}
        for enrolment in person.enrolments:
            ids = [s.id for s in ladders[enrolment.ladder_id].steps]
            start = ids.index(enrolment.start_step_id)
            assert enrolment.goal_step_id is not None
            assert start <= 2
            assert ids.index(enrolment.goal_step_id) > start
        for follow_up in person.follow_ups:
            for rating in follow_up.ratings:
                steps = steps_of[rating.enrolment_id]
                assert rating.staff_step_id in steps
                assert rating.participant_step_id in steps
                ladder = next(
                    ladders[e.ladder_id] for e in person.enrolments if e.id == rating.enrolment_id
                )
                staff = next(s for s in ladder.steps if s.id == rating.staff_step_id)
                assert rating.action == staff.action


def test_progression_goes_mostly_up_with_setbacks(doc: OrganisationDocument) -> None:
    all_levels = [lv for p in doc.participants for lv in _levels(doc, p).values()]
    steps = [b - a for levels in all_levels for a, b in itertools.pairwise(levels)]
    assert all(step in (-1, 0, 1) for step in steps)
    assert -1 in steps
    assert sum(levels[-1] - levels[0] for levels in all_levels) > 0
    assert sum(levels[-1] > levels[0] for levels in all_levels) > len(all_levels) / 2


def test_participant_sometimes_disagrees_with_staff(doc: OrganisationDocument) -> None:
    ratings = [r for p in doc.participants for f in p.follow_ups for r in f.ratings]
    assert any(r.participant_step_id != r.staff_step_id for r in ratings)
    assert any(r.participant_step_id == r.staff_step_id for r in ratings)


def test_challenge_states_and_area_scores_move(doc: OrganisationDocument) -> None:
    states = {s.state.value for p in doc.participants for s in p.follow_ups[-1].challenge_statuses}
    assert "unresolved" in states
    assert states - {"unresolved"}
    scores = [a.score for p in doc.participants for a in p.follow_ups[-1].area_scores]
    assert all(-5 <= s <= 5 for s in scores)
    assert sum(scores) > 0


def test_some_participants_have_ended(doc: OrganisationDocument) -> None:
    ended = [p for p in doc.participants if p.exit is not None]
    assert 0 < len(ended) < len(doc.participants)
    for person in doc.participants:
        if person.exit is None:
            assert person.end_date is None
            assert person.is_active
            continue
        assert person.end_date == person.exit.date
        assert person.exit.date == person.follow_ups[-1].date + datetime.timedelta(weeks=1)
        assert person.exit.date <= TODAY
        assert person.exit.destination.value in {"job", "education", "other_offer", "flex_job"}
        assert person.exit.note


# --- Determinism and parameters ------------------------------------------------------------


def test_same_seed_same_data(doc: OrganisationDocument) -> None:
    again = build_demo_document(today=TODAY)
    assert _projection(again) == _projection(doc)
    assert again.participants[0].id != doc.participants[0].id  # ids are fresh each time


def test_other_seed_other_data(doc: OrganisationDocument) -> None:
    other = build_demo_document(seed=7, today=TODAY)
    assert _projection(other) != _projection(doc)
    assert [p.name for p in other.participants] != [p.name for p in doc.participants]


def test_today_moves_the_dates(doc: OrganisationDocument) -> None:
    later = build_demo_document(today=TODAY + datetime.timedelta(days=30))
    assert [p.start_date for p in later.participants] == [
        p.start_date + datetime.timedelta(days=30) for p in doc.participants
    ]


def test_today_defaults_to_the_real_date() -> None:
    doc = build_demo_document(participants=2)
    today = datetime.date.today()
    assert all(f.date <= today for p in doc.participants for f in p.follow_ups)


@pytest.mark.parametrize("count", [0, 1, 3, 40])
def test_participant_count(count: int) -> None:
    doc = validate_document(build_demo_document(today=TODAY, participants=count))
    assert len(doc.participants) == count
    assert len({p.name for p in doc.participants}) == count


def test_negative_participant_count_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        build_demo_document(participants=-1)


def test_the_guides_ladders_belong_to_both_target_groups(doc: OrganisationDocument) -> None:
    groups = {g.id for g in doc.target_groups}
    assert all(set(ladder.target_group_ids) == groups for ladder in doc.ladders)


def test_a_method_description_for_one_target_group(doc: OrganisationDocument) -> None:
    (method,) = doc.method_descriptions
    assert method.target_group_id == doc.target_groups[0].id
    assert all(p.doing and p.developing for p in method.phases)
    assert {r.external for r in method.roles} == {True, False}
    assert len(method.core) >= 3


def test_an_action_plan_with_one_overdue_action(doc: OrganisationDocument) -> None:
    from forandring_desktop.model.action_plan import follow_up_order

    actions = doc.plan_actions
    assert {a.area for a in actions} == set(ActionArea)
    assert [a.what for a in actions if a.is_overdue(TODAY)] == [
        "Kursus i motiverende samtale for alle mentorer."
    ]
    assert follow_up_order(actions, TODAY)[0].is_overdue(TODAY)
    ladders = {lad.id for lad in doc.ladders}
    assert {a.target.id for a in actions if a.target is not None} == ladders
    assert {a.target_group_id for a in actions} == {None, doc.target_groups[0].id}
