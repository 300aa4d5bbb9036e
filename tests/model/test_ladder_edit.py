"""Ladder editing keeps step ids; the guide's quality rules come back as hints."""

from __future__ import annotations

import pytest

from forandring_desktop.model import Colour, DoorNote, DoorSheet, Ladder, LadderStep, Side
from forandring_desktop.model import ladder_edit as le


def ladder(*texts: str, signs: str = "Tydeligt tegn på trinnet") -> Ladder:
    return Ladder(
        change_goal="Tryg og aktiv i sociale sammenhænge",
        steps=[LadderStep(text=t, signs=signs) for t in texts],
    )


def texts(lad: Ladder) -> list[str]:
    return [s.text for s in lad.live_steps()]


def test_add_insert_move_remove_keep_ids() -> None:
    lad = ladder("Meget indelukket.", "Socialt deltagende.")
    bottom, top = (s.id for s in lad.steps)
    lad, middle = le.add_step(lad, 1, "Opsøger kontakt til kendte personer.")
    assert texts(lad) == [
        "Meget indelukket.",
        "Opsøger kontakt til kendte personer.",
        "Socialt deltagende.",
    ]
    lad, on_top = le.add_step(lad, text="Tager ansvar.")
    assert texts(lad)[-1] == "Tager ansvar."
    lad = le.move_step(lad, on_top.id, 0)
    assert [s.id for s in lad.live_steps()] == [on_top.id, bottom, middle.id, top]
    lad = le.edit_step(lad, middle.id, text="Opsøger kontakt.", action="Ros det")
    assert lad.level_of(middle.id) == 3
    lad = le.remove_step(lad, bottom)
    assert bottom not in {s.id for s in lad.live_steps()}
    retired = next(s for s in lad.steps if s.id == bottom)
    assert retired.is_deleted
    assert retired.text == "Meget indelukket."
    with pytest.raises(KeyError):
        le.move_step(lad, bottom, 0)  # a retired step is off the ladder
    with pytest.raises(ValueError, match="not an editable field"):
        le.edit_step(lad, middle.id, id=top)


def test_ladder_from_a_green_pair() -> None:
    out_note = DoorNote(text="Stabilt fremmøde.", side=Side.OUT, colour=Colour.GREEN)
    in_note = DoorNote(
        text="Meget ustabilt fremmøde.", side=Side.IN, colour=Colour.GREEN, pair_id=out_note.id
    )
    sheet = DoorSheet(title="Natasha", notes=[in_note, out_note])
    lad = le.ladder_from_pair(sheet, in_note.id)
    assert lad.change_goal == "Stabilt fremmøde."
    assert texts(lad) == ["Meget ustabilt fremmøde.", "Stabilt fremmøde."]
    assert lad.source is not None
    assert (lad.source.in_note_id, lad.source.out_note_id) == (in_note.id, out_note.id)
    with pytest.raises(ValueError, match="parret"):
        le.ladder_from_pair(sheet, out_note.id)


def kinds(lad: Ladder) -> list[le.HintKind]:
    return [h.kind for h in le.ladder_hints(lad)]


def test_the_guides_example_ladders_pass_without_hints() -> None:
    from forandring_desktop.services.demo import build_demo_document

    for example in build_demo_document(participants=0).ladders:
        assert le.ladder_hints(example) == [], example.title


def test_hints_flag_empty_similar_and_more_of_the_same_steps() -> None:
    lad = ladder("Meget indelukket.", "", "Taler med kolleger.", "Taler med kollegerne.")
    assert le.HintKind.EMPTY_STEP in kinds(lad)
    similar = [h for h in le.ladder_hints(lad) if h.kind is le.HintKind.SIMILAR_STEPS]
    assert len(similar) == 1
    assert similar[0].suggest_merge
    assert similar[0].step_ids == (lad.steps[2].id, lad.steps[3].id)
    assert "Trin 3 og 4" in similar[0].message

    vague = ladder("Indelukket.", "Lidt mere åben.", "Åben.", signs="")
    hints = le.ladder_hints(vague)
    assert [h.step_ids for h in hints if h.kind is le.HintKind.MORE_OF_THE_SAME] == [
        (vague.steps[1].id,)
    ]
    concrete = le.edit_step(
        vague, vague.steps[1].id, signs="Siger godmorgen til to kolleger hver dag."
    )
    assert le.HintKind.MORE_OF_THE_SAME not in kinds(concrete)
    assert le.HintKind.NO_SIGNS in kinds(concrete)  # the other steps still lack signs


def test_one_change_only_and_too_few_steps() -> None:
    lad = Ladder(change_goal="Møder til tiden; holder aftaler og er motiveret og glad", steps=[])
    assert set(kinds(lad)) == {le.HintKind.MORE_THAN_ONE_CHANGE, le.HintKind.TOO_FEW_STEPS}


def test_merge_folds_and_retires() -> None:
    lad = ladder("Taler med kolleger.", "Taler med kollegerne.")
    keep, gone = lad.steps
    merged = le.merge_steps(lad, keep.id, gone.id)
    assert texts(merged) == ["Taler med kolleger.\nTaler med kollegerne."]
    assert next(s for s in merged.steps if s.id == gone.id).is_deleted


def test_retired_steps_do_not_count_towards_the_step_limit() -> None:
    from forandring_desktop.model import InvalidDataError
    from forandring_desktop.model.ladder import MAX_STEPS

    lad = ladder(*(f"Trin {i}" for i in range(MAX_STEPS)))
    with pytest.raises(InvalidDataError, match="højst have 200 trin"):
        le.add_step(lad, text="Et for meget")
    for _ in range(3):  # add and retire again and again (as undo does)
        lad = le.remove_step(lad, lad.live_steps()[-1].id)
        lad, _ = le.add_step(lad, text="Nyt")
    assert len(lad.live_steps()) == MAX_STEPS
    assert len(lad.steps) == MAX_STEPS + 3
