"""Ladders in the store: editing never rewrites ratings (property test), library, pairs."""

from __future__ import annotations

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
def rated_store(tmp_path_factory):  # type: ignore[no-untyped-def]
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
