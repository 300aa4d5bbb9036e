"""Ladders in the store: editing never rewrites ratings (property test), library, pairs."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from forandring_desktop.model import (
    Enrolment,
    FollowUp,
    Ladder,
    LadderRating,
    LadderStep,
    OrganisationDocument,
)
from forandring_desktop.model import ladder_edit as le
from forandring_desktop.services import ladders
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.storage import tables as t

from .sql_trace import Statements


def rating_rows(store) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    """(id, staff step, participant step, updated_at) of every rating, in id order."""
    table = t.table(t.LadderRatingRow)
    columns = (table.c.id, table.c.staff_step_id, table.c.participant_step_id, table.c.updated_at)
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(*columns).order_by(table.c.id))]


edits = st.lists(
    st.tuples(
        st.sampled_from(["insert", "reword", "move", "remove", "merge"]),
        st.integers(0, 10),
        st.integers(0, 10),
        st.text(alphabet="abcæøå ", min_size=1, max_size=12),
    ),
    min_size=1,
    max_size=12,
)


@pytest.fixture(scope="module")
def rated_store(tmp_path_factory):
    """A ladder with four steps and a participant rated on every one of them."""
    from forandring_desktop.model import Organisation, Participant
    from forandring_desktop.services.files import create_from_document

    steps = [LadderStep(text=f"Trin {i}") for i in range(4)]
    lad = Ladder(change_goal="Mål", steps=steps)
    enrolment = Enrolment(ladder_id=lad.id, start_step_id=steps[0].id)
    follow_ups = [
        FollowUp(
            date=date(2026, 1, 5 + i),
            ratings=[
                LadderRating(
                    enrolment_id=enrolment.id,
                    staff_step_id=steps[i].id,
                    participant_step_id=steps[3 - i].id,
                )
            ],
        )
        for i in range(4)
    ]
    person = Participant(
        code="P1", start_date=date(2026, 1, 1), enrolments=[enrolment], follow_ups=follow_ups
    )
    doc = OrganisationDocument(
        organisation=Organisation(name="Org"), ladders=[lad], participants=[person]
    )
    store = create_from_document(tmp_path_factory.mktemp("rated") / "r.forandring", "pw", doc)
    yield store, lad
    store.close()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sequence=edits)
def test_random_edits_never_change_what_a_rating_meant(rated_store, sequence) -> None:  # type: ignore[no-untyped-def]
    store, original = rated_store
    ladders.save_ladder(store, original)  # start each example from the same ladder
    before = rating_rows(store)
    rated_ids = {step for row in before for step in row[1:3]} - {None}
    lad = ladders.get_ladder(store, original.id)
    for action, a, b, text in sequence:
        live = lad.live_steps()
        if action == "insert":
            lad, _ = le.add_step(lad, a, text)
        elif not live:
            continue
        elif action == "reword":
            lad = le.edit_step(lad, live[a % len(live)].id, text=text)
        elif action == "move":
            lad = le.move_step(lad, live[a % len(live)].id, b)
        elif action == "remove":
            lad = le.remove_step(lad, live[a % len(live)].id)
        elif action == "merge" and len(live) > 1:
            keep, gone = live[a % len(live)], live[b % len(live)]
            if keep.id != gone.id:
                lad = le.merge_steps(lad, keep.id, gone.id)
        ladders.save_ladder(store, lad)
    assert rating_rows(store) == before  # not one rating row was rewritten
    stored = ladders.get_ladder(store, original.id)
    by_id = {s.id: s for s in stored.steps}
    for step_id in rated_ids:  # every rated step is still there: the one the editor knows
        assert isinstance(step_id, uuid.UUID)
        edited = next(s for s in lad.steps if s.id == step_id)
        assert by_id[step_id].text == edited.text
        assert by_id[step_id].is_deleted == edited.is_deleted
    assert [s.id for s in stored.live_steps()] == [s.id for s in lad.live_steps()]


def test_rating_counts_and_retired_steps_stay_visible(rated_store) -> None:  # type: ignore[no-untyped-def]
    store, original = rated_store
    ladders.save_ladder(store, original)
    counts = ladders.rating_counts(store, original.id)
    assert counts == {s.id: 2 for s in original.steps}
    bottom = original.steps[0]
    ladders.save_ladder(store, le.remove_step(original, bottom.id))
    stored = ladders.get_ladder(store, original.id)
    assert bottom.id in {s.id for s in stored.steps if s.is_deleted}
    assert ladders.rating_counts(store, original.id)[bottom.id] == 2


def test_ladder_from_pair_belongs_to_the_personas_groups(store_factory) -> None:  # type: ignore[no-untyped-def]
    doc = build_demo_document(participants=2)
    store = store_factory(doc)
    natasha_sheet = next(s for s in doc.door_sheets if s.title == "Natasha")
    green_in = next(n for n in natasha_sheet.notes if n.pair_id and n.colour == "green")
    change = ladders.create_ladder_from_pair(store, natasha_sheet.id, green_in.id)
    (new,) = change.saved_entities(Ladder)
    assert isinstance(new, Ladder)
    assert change.of(Ladder).created == {new.id}
    stored = ladders.get_ladder(store, new.id)
    assert stored.steps[0].text == green_in.text
    young = next(g for g in doc.target_groups if g.name.startswith("Unge"))
    assert stored.target_group_ids == [young.id]
    library = {e.ladder.id: e for e in ladders.ladder_library(store)}
    entry = library[new.id]
    assert entry.origin.startswith("Natasha: " + green_in.text + " → ")
    assert entry.target_groups == (young.name,)
    demo_ladder = next(e for e in library.values() if e.ladder.title == "Misbrug")
    assert demo_ladder.enrolled == 2
    assert demo_ladder.origin == ""


def test_delete_and_restore_a_ladder(store_factory, small_doc) -> None:  # type: ignore[no-untyped-def]
    store = store_factory(small_doc)
    lad = small_doc.ladders[0]
    ladders.delete_ladder(store, lad.id)
    assert ladders.list_ladders(store) == []
    ladders.restore_ladder(store, lad.id)
    [back] = ladders.list_ladders(store)
    assert back.id == lad.id
    assert [s.id for s in back.steps] == [s.id for s in lad.steps]


# -- one field, one row ------------------------------------------------------------------------


def _ladder_rows(store) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return list(conn.exec_driver_sql("SELECT * FROM ladder ORDER BY id")) + list(
            conn.exec_driver_sql("SELECT * FROM ladder_step ORDER BY id")
        )


def test_a_typed_step_field_writes_that_one_row(rated_store) -> None:  # type: ignore[no-untyped-def]
    store, original = rated_store
    ladders.save_ladder(store, original)
    step = original.steps[2]
    with Statements(store) as seen:
        change = ladders.set_ladder_field(store, original.id, "signs", "Møder op", step_id=step.id)
    assert sum(s.startswith("BEGIN") for s in seen.seen) == 1
    assert seen.set_columns() == [("ladder_step", {"signs", "updated_at"})]
    assert seen.writes() == ["UPDATE ladder_step"]
    stored = ladders.get_ladder(store, original.id)
    assert change.types == {Ladder}
    assert change.of(Ladder).changed == {original.id}
    assert change.of(Ladder).fields == {"steps"}
    assert change.saved_entities(Ladder) == [stored]  # as stored: no second read needed
    assert {s.id: s for s in stored.steps}[step.id].signs == "Møder op"
    assert stored.updated_at == original.updated_at  # the ladder's own row was left alone
    before = _ladder_rows(store)
    same = ladders.set_ladder_field(store, original.id, "signs", "Møder op", step_id=step.id)
    assert same.is_empty()
    assert _ladder_rows(store) == before
    # a retired step can still be reworded (its ratings keep their meaning)
    ladders.save_ladder(store, le.remove_step(stored, step.id))
    ladders.set_ladder_field(store, original.id, "text", "Gammelt trin", step_id=step.id)
    retired = {s.id: s for s in ladders.get_ladder(store, original.id).steps}[step.id]
    assert (retired.text, retired.is_deleted) == ("Gammelt trin", True)


def test_a_typed_ladder_field_writes_the_ladder_row(rated_store) -> None:  # type: ignore[no-untyped-def]
    store, original = rated_store
    ladders.save_ladder(store, original)
    steps_before = ladders.get_ladder(store, original.id).steps
    with Statements(store) as seen:
        change = ladders.set_ladder_field(store, original.id, "title", "  Fremmøde ")
    assert seen.set_columns() == [("ladder", {"title", "updated_at"})]
    stored = ladders.get_ladder(store, original.id)
    assert stored.title == "Fremmøde"  # as the model keeps it
    assert change.saved_entities(Ladder) == [stored]
    assert change.of(Ladder).fields == {"title"}
    assert stored.steps == steps_before


def test_a_bad_field_value_is_refused_and_nothing_written(rated_store) -> None:  # type: ignore[no-untyped-def]
    from forandring_desktop.model import InvalidDataError
    from forandring_desktop.storage.errors import StaleDataError

    store, original = rated_store
    ladders.save_ladder(store, original)
    before = _ladder_rows(store)
    with pytest.raises(InvalidDataError, match="Feltet må ikke være tomt"):
        ladders.set_ladder_field(store, original.id, "change_goal", "   ")
    with pytest.raises(InvalidDataError, match="højst 200 tegn"):
        ladders.set_ladder_field(store, original.id, "title", "x" * 201)
    bottom = original.steps[0].id
    with pytest.raises(InvalidDataError, match="kontroltegn"):
        ladders.set_ladder_field(store, original.id, "action", "a\x00b", step_id=bottom)
    with pytest.raises(StaleDataError, match="Trinnet"):
        ladders.set_ladder_field(store, original.id, "text", "x", step_id=original.id)
    with pytest.raises(StaleDataError, match="Måltrappen"):
        ladders.set_ladder_field(store, original.steps[0].id, "title", "x")
    with pytest.raises(ValueError, match="not an editable field"):
        ladders.set_ladder_field(store, original.id, "position", "1", step_id=original.steps[0].id)
    assert _ladder_rows(store) == before


def test_a_structural_edit_writes_only_the_steps_it_changes(rated_store) -> None:  # type: ignore[no-untyped-def]
    store, original = rated_store
    ladders.save_ladder(store, original)
    lad = ladders.get_ladder(store, original.id)
    with Statements(store) as seen:
        ladders.save_ladder(store, le.move_step(lad, lad.steps[0].id, 1))  # swap the lowest two
    # the ladder row is rewritten only where it changed (its updated time); two steps move
    assert seen.set_columns() == [
        ("ladder", {"updated_at"}),
        ("ladder_step", {"position"}),
        ("ladder_step", {"position"}),
    ]
