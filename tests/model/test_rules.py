"""The method's rules, checked in the model with Danish messages."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from forandring_desktop.model import (
    STORY_CARDS,
    AreaScore,
    Challenge,
    ChecklistAnswer,
    ChecklistQuestion,
    Colour,
    DoorNote,
    DoorSheet,
    Enrolment,
    FollowUp,
    InvalidDataError,
    Ladder,
    LadderRating,
    LadderStep,
    MissionDraft,
    Organisation,
    OrganisationDocument,
    Participant,
    Persona,
    Side,
    story_card,
    uuid7,
    validate_document,
)
from forandring_desktop.model.errors import format_path


def messages(exc: InvalidDataError) -> str:
    return "\n".join(str(p) for p in exc.problems)


def test_uuid7_is_version_7_and_time_ordered() -> None:
    ids = [uuid7() for _ in range(5000)]
    assert all(i.version == 7 and i.variant == uuid.RFC_4122 for i in ids)
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_entity_times_are_utc_and_naive_times_are_refused() -> None:
    org = Organisation(name="A")
    assert org.created_at.tzinfo is UTC
    assert org.deleted_at is None
    cet = timezone(timedelta(hours=1))
    moved = Organisation.parse({"name": "A", "created_at": datetime(2026, 1, 1, 12, tzinfo=cet)})
    assert moved.created_at == datetime(2026, 1, 1, 11, tzinfo=UTC)
    assert moved.created_at.utcoffset() == timedelta(0)
    with pytest.raises(InvalidDataError) as err:
        Organisation.parse({"name": "A", "created_at": "2026-01-01T12:00:00"})
    assert "tidszone" in messages(err.value)


def test_names_are_required_trimmed_and_normalised() -> None:
    assert Organisation(name="  iGangiGen \n".strip()).name == "iGangiGen"
    decomposed = "Sø" + "ren" + "a\u030a"  # 'å' written as a + combining ring
    assert Organisation(name=decomposed).name == "Sørenå"
    with pytest.raises(InvalidDataError) as err:
        Organisation.parse({"name": "   "})
    assert "name: Feltet må ikke være tomt." in messages(err.value)


def test_control_characters_and_huge_text_are_refused_in_danish() -> None:
    with pytest.raises(InvalidDataError) as err:
        Organisation.parse({"name": "A\x00B"})
    assert "kontroltegn" in messages(err.value)
    with pytest.raises(InvalidDataError) as err:
        Organisation.parse({"name": "A", "vision": "x" * 50_001})
    assert "vision: Teksten er for lang: højst 50000 tegn, her er der 50001." in messages(err.value)
    # Emoji, right-to-left text and tabs are ordinary text.
    org = Organisation(name="Café 🌱 שלום", vision="linje 1\n\tlinje 2")
    assert org.name == "Café 🌱 שלום"


def test_unknown_fields_and_wrong_types_are_named() -> None:
    with pytest.raises(InvalidDataError) as err:
        Persona.parse({"name": "Klaus", "age": "gammel", "hobby": "fiskeri"})
    text = messages(err.value)
    assert "age: Skal være et helt tal." in text
    assert "hobby: Ukendt felt." in text


def test_persona_age_and_kind() -> None:
    assert Persona(name="Klaus", age=51).kind == "typical"
    with pytest.raises(InvalidDataError) as err:
        Persona.parse({"name": "Klaus", "age": 130})
    assert "age: Må højst være 120." in messages(err.value)
    with pytest.raises(InvalidDataError):
        Persona.parse({"name": "Klaus", "kind": "medium"})


def test_mission_draft_has_exactly_the_four_checklist_questions() -> None:
    draft = MissionDraft()
    assert [a.question for a in draft.checklist] == list(ChecklistQuestion)
    assert all(a.answer == "unanswered" for a in draft.checklist)
    twice = [ChecklistAnswer(question=ChecklistQuestion.CONCRETE)] * 4
    with pytest.raises(InvalidDataError) as err:
        MissionDraft.parse({"checklist": [a.model_dump() for a in twice]})
    assert "præcis ét svar" in messages(err.value)


def test_story_cards_are_the_guides_twelve() -> None:
    assert len(STORY_CARDS) == 12 == len(set(STORY_CARDS))
    assert story_card(1) == "Jeg var stolt af mit arbejde, da…"
    assert story_card(12).startswith("Det virker rigtig godt")
    for bad in (0, 13):
        with pytest.raises(ValueError, match="mellem 1 og 12"):
            story_card(bad)


def test_door_note_pairs_go_from_in_to_out_on_the_same_sheet() -> None:
    out_note = DoorNote(text="Motiveret", side=Side.OUT)
    in_note = DoorNote(text="Umotiveret", side=Side.IN, pair_id=out_note.id, colour=Colour.GREEN)
    DoorSheet(notes=[in_note, out_note])  # fine
    with pytest.raises(InvalidDataError) as err:
        DoorNote.parse({"text": "x", "side": "out", "pair_id": str(in_note.id)})
    assert "Kun en seddel ind ad døren" in messages(err.value)
    other_in = DoorNote(text="Også umotiveret", side=Side.IN, pair_id=out_note.id)
    with pytest.raises(InvalidDataError) as err:
        DoorSheet.parse({"notes": [n.model_dump() for n in (in_note, other_in, out_note)]})
    assert "mere end én seddel" in messages(err.value)
    stray = DoorNote(text="Alene", side=Side.IN, pair_id=uuid7())
    with pytest.raises(InvalidDataError) as err:
        DoorSheet.parse({"notes": [stray.model_dump()]})
    assert "samme ark" in messages(err.value)


def test_door_sheet_belongs_to_a_persona_or_a_group_not_both() -> None:
    with pytest.raises(InvalidDataError) as err:
        DoorSheet.parse({"persona_id": str(uuid7()), "target_group_id": str(uuid7())})
    assert "ikke begge" in messages(err.value)


def test_board_positions_must_be_finite() -> None:
    with pytest.raises(InvalidDataError):
        DoorNote.parse({"text": "x", "side": "in", "x": float("nan")})
    with pytest.raises(InvalidDataError):
        DoorNote.parse({"text": "x", "side": "in", "width": 0})


def test_ladder_levels_skip_retired_steps() -> None:
    steps = [LadderStep(text=t) for t in ("Bund", "Midt", "Top")]
    ladder = Ladder(change_goal="Mål", steps=steps)
    assert ladder.level_of(steps[2].id) == 3
    retired = steps[1].changed(deleted_at=datetime.now(UTC))
    ladder = Ladder(change_goal="Mål", steps=[steps[0], retired, steps[2]])
    assert ladder.level_of(steps[2].id) == 2
    assert ladder.level_of(steps[1].id) is None
    with pytest.raises(InvalidDataError):
        Ladder.parse({"change_goal": "", "steps": []})


def _person(**extra: object) -> dict[str, object]:
    return {"code": "IG-1", "start_date": "2026-01-05", **extra}


def test_participant_dates_must_be_in_order() -> None:
    with pytest.raises(InvalidDataError) as err:
        Participant.parse(_person(end_date="2026-01-01"))
    assert "Slutdatoen ligger før startdatoen." in messages(err.value)
    with pytest.raises(InvalidDataError) as err:
        Participant.parse(_person(follow_ups=[{"date": "2026-01-01"}]))
    assert "2026-01-01 ligger før forløbets start" in messages(err.value)


def test_participant_code_is_pseudonymous_shape() -> None:
    assert Participant.parse(_person(code=" IG-001 ")).code == "IG-001"
    for bad in ("Natasha Hansen", "", "x" * 33):
        with pytest.raises(InvalidDataError) as err:
            Participant.parse(_person(code=bad))
        assert "code" in messages(err.value)


def test_weights_and_scores_have_their_scales() -> None:
    assert Challenge(text="Gæld", weight=10).weight == 10
    for bad in (-1, 11, True, 2.5):
        with pytest.raises(InvalidDataError):
            Challenge.parse({"text": "Gæld", "weight": bad})
    assert AreaScore(area="Social", score=-5).score == -5
    with pytest.raises(InvalidDataError) as err:
        AreaScore.parse({"area": "Social", "score": 6})
    assert "score: Må højst være 5." in messages(err.value)


def test_follow_up_refers_only_to_the_participants_own_things() -> None:
    ladder = Ladder(change_goal="Mål", steps=[LadderStep(text="a")])
    enrolment = Enrolment(ladder_id=ladder.id, start_step_id=ladder.steps[0].id)
    rating = LadderRating(enrolment_id=uuid7())
    with pytest.raises(InvalidDataError) as err:
        Participant.parse(
            _person(
                enrolments=[enrolment.model_dump()],
                follow_ups=[{"date": "2026-01-12", "ratings": [rating.model_dump()]}],
            )
        )
    assert "ikke er placeret på" in messages(err.value)
    twice = Enrolment(ladder_id=ladder.id, start_step_id=ladder.steps[0].id)
    with pytest.raises(InvalidDataError) as err:
        Participant.parse(_person(enrolments=[enrolment.model_dump(), twice.model_dump()]))
    assert "to gange på samme måltrappe" in messages(err.value)
    with pytest.raises(InvalidDataError) as err:
        FollowUp.parse(
            {
                "date": "2026-01-12",
                "area_scores": [{"area": "Social", "score": 1}, {"area": "social", "score": 2}],
            }
        )
    assert "scoret to gange" in messages(err.value)


def test_document_references_must_resolve_and_paths_are_named(small_doc) -> None:  # type: ignore[no-untyped-def]
    doc: OrganisationDocument = small_doc
    validate_document(doc)
    broken = doc.model_copy(deep=True)
    broken.participants[0].enrolments[0].start_step_id = uuid7()
    broken.mission_drafts.append(MissionDraft(chosen=True))
    broken.personas.append(broken.personas[0].model_copy())
    with pytest.raises(InvalidDataError) as err:
        validate_document(broken)
    text = messages(err.value)
    assert "participants[0].enrolments[0].start_step_id: Trinnet findes ikke" in text
    assert "mission_drafts[1].chosen: Kun ét missionsbud" in text
    assert "personas[1].id: Id'et bruges også i personas[0]" in text


def test_rating_steps_must_be_on_the_enrolled_ladder(small_doc) -> None:  # type: ignore[no-untyped-def]
    doc: OrganisationDocument = small_doc.model_copy(deep=True)
    other = Ladder(change_goal="Andet", steps=[LadderStep(text="x")])
    doc.ladders.append(other)
    doc.participants[0].follow_ups[0].ratings[0].staff_step_id = other.steps[0].id
    with pytest.raises(InvalidDataError) as err:
        validate_document(doc)
    assert "participants[0].follow_ups[0].ratings[0].staff_step_id" in messages(err.value)


def test_format_path() -> None:
    assert format_path(("participants", 3, "follow_ups", 0, "date")) == (
        "participants[3].follow_ups[0].date"
    )
    assert date(2026, 1, 1).isoformat() == "2026-01-01"


def test_story_deck_deals_each_card_once_then_is_empty() -> None:
    import random

    from forandring_desktop.model.story_cards import StoryDeck

    deck = StoryDeck(rng=random.Random(3))
    dealt = [deck.deal() for _ in range(12)]
    assert sorted(n for n in dealt if n is not None) == list(range(1, 13))
    assert deck.is_empty
    assert deck.deal() is None
    deck.shuffle()
    assert deck.remaining == 12
    assert deck.text(7) == STORY_CARDS[6]


def test_with_entities_patches_top_level_records(small_doc) -> None:  # type: ignore[no-untyped-def]
    from forandring_desktop.model.document import with_entities

    doc: OrganisationDocument = small_doc
    renamed = doc.personas[0].changed(name="Natasha B.")
    new = Persona(name="Klaus")
    patched = with_entities(doc, [renamed, new, doc.organisation.changed(name="Ny")])
    assert patched is not None
    assert [p.name for p in patched.personas] == ["Natasha B.", "Klaus"]
    assert patched.organisation.name == "Ny"
    assert doc.personas[0].name == "Natasha"  # the original is untouched
    sheet = doc.door_sheets[0]
    moved = sheet.notes[0].changed(x=999.0)
    patched = with_entities(doc, [moved])  # a known note finds its sheet
    assert patched is not None
    assert patched.door_sheets[0].notes[0].x == 999.0
    new_note = DoorNote(text="Ny", side=Side.IN)
    assert with_entities(doc, [new_note]) is None  # a new note needs its sheet named
    placed = with_entities(doc, [new_note], parent_id=sheet.id)
    assert placed is not None
    assert placed.door_sheets[0].notes[-1].text == "Ny"
