"""Use cases of the workshop steps: mission drafts, personas, target groups, door sheets."""

from __future__ import annotations

import pytest

from forandring_desktop.model import (
    Answer,
    ChecklistQuestion,
    Colour,
    DoorSheet,
    InvalidDataError,
    MissionDraft,
    OrganisationDocument,
    Persona,
    PersonaKind,
    Side,
    TargetGroup,
)
from forandring_desktop.model import board as b
from forandring_desktop.services import door, mission, personas
from forandring_desktop.services.files import open_organisation
from forandring_desktop.storage.errors import StaleDataError

from .sql_trace import Statements


@pytest.fixture
def store(store_factory, small_doc: OrganisationDocument):  # type: ignore[no-untyped-def]
    return store_factory(small_doc)


def reopened(store):
    """The file as another process sees it: proves the change was committed."""
    store.close()
    return open_organisation(store.path, "pw")


def test_mission_drafts_edit_choose_delete_restore(store) -> None:  # type: ignore[no-untyped-def]
    first = mission.list_mission_drafts(store)[0]
    second = MissionDraft(title="Bud 2")
    mission.add_mission_draft(store, second)
    mission.update_mission_draft(store, second.id, who="Unge", mission_text="Vi giver …")
    mission.set_checklist_answer(
        store, second.id, ChecklistQuestion.REALISTIC, answer=Answer.YES, note="Ja, vi kan"
    )
    change = mission.choose_mission_draft(store, second.id)
    assert change.of(MissionDraft).changed == {first.id, second.id}
    store = reopened(store)
    drafts = {d.id: d for d in mission.list_mission_drafts(store)}
    assert drafts[second.id].who == "Unge"
    assert drafts[second.id].answer(ChecklistQuestion.REALISTIC).note == "Ja, vi kan"
    assert drafts[second.id].answer(ChecklistQuestion.REALISTIC).answer is Answer.YES
    assert [d.id for d in drafts.values() if d.chosen] == [second.id]

    mission.delete_mission_draft(store, second.id)
    assert [d.id for d in mission.list_mission_drafts(store)] == [first.id]
    assert mission.chosen_draft_id(store) is None
    mission.restore_mission_draft(store, second.id)
    assert len(mission.list_mission_drafts(store)) == 2
    store.close()


def test_bad_draft_text_writes_nothing(store) -> None:  # type: ignore[no-untyped-def]
    draft = mission.list_mission_drafts(store)[0]
    with pytest.raises(InvalidDataError, match="for lang"):
        mission.update_mission_draft(store, draft.id, who="x" * 50_001)
    assert mission.list_mission_drafts(store)[0] == draft
    with pytest.raises(ValueError, match="not an editable field"):
        mission.update_mission_draft(store, draft.id, chosen=True)


def test_persona_lifecycle_and_groups(store) -> None:  # type: ignore[no-untyped-def]
    klaus = Persona(name="Klaus", gender="Mand", age=51, kind=PersonaKind.HARD, problems=["Gæld"])
    personas.add_persona(store, klaus)
    personas.update_persona(store, klaus.id, problems=["Gæld", "Ensom"], age=52)
    copy = personas.duplicate_persona(store, klaus.id).saved_entities(Persona)[0]
    assert isinstance(copy, Persona)
    assert copy.id != klaus.id
    assert copy.name == "Klaus (kopi)"
    assert copy.problems == ["Gæld", "Ensom"]
    group = TargetGroup(name="Voksne")
    personas.add_target_group(store, group)
    personas.update_target_group(store, group.id, persona_ids=[klaus.id])
    # The copy joins Klaus's groups.
    copy = personas.duplicate_persona(store, klaus.id).saved_entities(Persona)[0]
    assert isinstance(copy, Persona)
    assert copy.name == "Klaus (kopi)"
    personas.delete_persona(store, copy.id)
    store = reopened(store)
    names = [p.name for p in personas.list_personas(store)]
    assert names == ["Natasha", "Klaus", "Klaus (kopi)"]
    [voksne] = [g for g in personas.list_target_groups(store) if g.name == "Voksne"]
    assert voksne.persona_ids == [klaus.id, copy.id]
    personas.restore_persona(store, copy.id)
    assert len(personas.list_personas(store)) == 4
    with pytest.raises(StaleDataError):
        personas.update_target_group(store, group.id, persona_ids=[group.id])
    store.close()


def test_door_sheet_from_persona_carries_the_problems_over(store) -> None:  # type: ignore[no-untyped-def]
    klaus = Persona(name="Klaus", problems=["Stor gæld.", "Ensom.", "Fastlåst situation."])
    personas.add_persona(store, klaus)
    sheet = personas.start_door_sheet_for_persona(store, klaus.id).saved_entities(DoorSheet)[0]
    store = reopened(store)
    stored = door.get_door_sheet(store, sheet.id)
    assert stored.persona_id == klaus.id
    assert stored.title == "Klaus"
    assert [n.text for n in stored.notes] == klaus.problems
    assert {(n.side, n.colour) for n in stored.notes} == {(Side.IN, Colour.UNSORTED)}
    store.close()


def test_door_sheet_for_a_target_group_merges_problems_once(store) -> None:  # type: ignore[no-untyped-def]
    a = Persona(name="A", problems=["Gæld", "Ensom"])
    c = Persona(name="C", problems=["Ensom", "Misbrug"])
    for p in (a, c):
        personas.add_persona(store, p)
    group = TargetGroup(name="G", persona_ids=[a.id, c.id])
    personas.add_target_group(store, group)
    sheet = personas.start_door_sheet_for_target_group(store, group.id).saved_entities(DoorSheet)[0]
    assert [n.text for n in door.get_door_sheet(store, sheet.id).notes] == [
        "Gæld",
        "Ensom",
        "Misbrug",
    ]


def test_save_notes_stores_gestures_and_undo_restores(store, small_doc) -> None:  # type: ignore[no-untyped-def]
    sheet = door.get_door_sheet(store, small_doc.door_sheets[0].id)
    in_note = next(n for n in sheet.notes if n.side is Side.IN)
    new = b.add_note(sheet, "Ny seddel")
    door.save_notes(store, sheet.id, [new])
    sheet = door.get_door_sheet(store, sheet.id)
    before = [n for n in sheet.notes if n.id == in_note.id]
    target = b.lane(Side.OUT, Colour.RED)
    after = b.move_notes(sheet, {in_note.id: (target.note_x, 400.0)})
    door.save_notes(store, sheet.id, after)
    moved = {n.id: n for n in door.get_door_sheet(store, sheet.id).notes}[in_note.id]
    assert (moved.side, moved.colour, moved.pair_id) == (Side.OUT, Colour.RED, None)
    door.save_notes(store, sheet.id, before)  # undo
    store = reopened(store)
    back = {n.id: n for n in door.get_door_sheet(store, sheet.id).notes}
    assert back[in_note.id] == before[0]
    assert back[new.id].text == "Ny seddel"
    store.close()


def test_save_notes_refuses_a_broken_sheet_and_writes_nothing(store, small_doc) -> None:  # type: ignore[no-untyped-def]
    sheet = door.get_door_sheet(store, small_doc.door_sheets[0].id)
    in_note = next(n for n in sheet.notes if n.side is Side.IN)
    stray = b.add_note(sheet, "Anden", side=Side.IN)
    # Two in-notes paired with the same out-note: the whole batch is refused.
    thief = stray.changed(pair_id=in_note.pair_id)
    with pytest.raises(InvalidDataError):
        door.save_notes(store, sheet.id, [thief])
    assert door.get_door_sheet(store, sheet.id) == sheet


def test_door_sheet_title_and_tombstone(store, small_doc) -> None:  # type: ignore[no-untyped-def]
    sheet_id = small_doc.door_sheets[0].id
    door.update_door_sheet(store, sheet_id, title="Natasha, revideret")
    door.delete_door_sheet(store, sheet_id)
    assert door.list_door_sheets(store) == []
    door.restore_door_sheet(store, sheet_id)
    [sheet] = door.list_door_sheets(store)
    assert sheet.title == "Natasha, revideret"


def test_each_workshop_gesture_writes_only_what_it_changes(store, small_doc) -> None:  # type: ignore[no-untyped-def]
    from forandring_desktop.services.organisation import update_organisation

    def sets(action) -> list[tuple[str, set[str]]]:  # type: ignore[no-untyped-def]
        with Statements(store) as seen:
            action()
        assert sum(s.startswith("BEGIN") for s in seen.seen) <= 1  # one transaction
        return seen.set_columns()

    draft = mission.list_mission_drafts(store)[0]
    assert sets(
        lambda: mission.update_mission_draft(store, draft.id, who="Unge under 30 i Vejle")
    ) == [("mission_draft", {"who", "updated_at"})]
    assert (
        sets(lambda: mission.update_mission_draft(store, draft.id, who="Unge under 30 i Vejle"))
        == []
    )
    assert sets(
        lambda: mission.set_checklist_answer(
            store, draft.id, ChecklistQuestion.REALISTIC, answer=Answer.YES
        )
    ) == [("mission_draft", {"checklist", "updated_at"})]
    other = MissionDraft(title="Bud 2", chosen=True)
    mission.add_mission_draft(store, other)
    assert sets(lambda: mission.choose_mission_draft(store, draft.id)) == [
        ("mission_draft", {"chosen", "updated_at"}),
        ("mission_draft", {"chosen", "updated_at"}),
    ]
    persona = personas.list_personas(store)[0]
    assert sets(lambda: personas.update_persona(store, persona.id, age=47)) == [
        ("persona", {"age", "updated_at"})
    ]
    assert sets(lambda: personas.delete_persona(store, persona.id)) == [
        ("persona", {"deleted_at", "updated_at"})
    ]
    # an undo putting the record back as it was writes what the undo changes
    assert sets(lambda: personas.add_persona(store, persona.changed(age=47))) == [
        ("persona", {"deleted_at", "updated_at"})
    ]
    assert sets(lambda: update_organisation(store, vision="Alle i job")) == [
        ("organisation", {"vision", "updated_at"})
    ]
    sheet = small_doc.door_sheets[0]
    assert sets(lambda: door.update_door_sheet(store, sheet.id, title="Ny titel")) == [
        ("door_sheet", {"title", "updated_at"})
    ]
    assert personas.list_personas(store)[0].age == 47
    assert mission.chosen_draft_id(store) == draft.id
