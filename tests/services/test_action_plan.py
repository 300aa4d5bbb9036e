"""The action plan (seed 001, C): actions stored, edited, checked; follow-up order."""

from __future__ import annotations

from datetime import date

import pytest

from forandring_desktop.model import (
    ActionArea,
    ActionStatus,
    ActionTarget,
    InvalidDataError,
    Ladder,
    Organisation,
    OrganisationDocument,
    PlanAction,
    TargetGroup,
    TargetKind,
)
from forandring_desktop.model.action_plan import follow_up_order
from forandring_desktop.services import action_plan as ap
from forandring_desktop.storage.errors import StaleDataError

TODAY = date(2026, 12, 4)  # a fixed "today": the follow-up order never reads the clock


@pytest.fixture
def plan_store(store_factory):
    group = TargetGroup(name="Jobparate")
    ladder = Ladder(title="Fremmøde", change_goal="Møder stabilt")
    doc = OrganisationDocument(
        organisation=Organisation(name="Org"), target_groups=[group], ladders=[ladder]
    )
    return store_factory(doc), group, ladder


def test_an_action_is_stored_edited_and_deleted(plan_store) -> None:  # type: ignore[no-untyped-def]
    store, group, ladder = plan_store
    action = PlanAction(
        area=ActionArea.PARTNERS,
        what="Aftale med tre virksomheder",
        target_group_id=group.id,
        target=ActionTarget(kind=TargetKind.LADDER, id=ladder.id),
    )
    ap.add_plan_action(store, action)
    change = ap.update_plan_action(store, action.id, who="Mette", due=date(2027, 1, 15))
    assert change.of(PlanAction).fields == {"who", "due"}
    (stored,) = ap.list_plan_actions(store)
    assert (stored.what, stored.who, stored.due) == (
        "Aftale med tre virksomheder",
        "Mette",
        date(2027, 1, 15),
    )
    assert stored.target == ActionTarget(kind=TargetKind.LADDER, id=ladder.id)
    assert stored.target_group_id == group.id
    ap.delete_plan_action(store, action.id)
    assert ap.list_plan_actions(store) == []
    ap.restore_plan_action(store, action.id)
    assert [a.id for a in ap.list_plan_actions(store)] == [action.id]


def test_bad_input_leaves_the_action_unchanged(plan_store) -> None:  # type: ignore[no-untyped-def]
    store, _group, _ladder = plan_store
    action = PlanAction(what="Ny mødestruktur")
    ap.add_plan_action(store, action)
    with pytest.raises(InvalidDataError):
        ap.update_plan_action(store, action.id, who="x" * 201)
    with pytest.raises(InvalidDataError):
        ap.update_plan_action(store, action.id, status="maybe")
    missing = ActionTarget(kind=TargetKind.LADDER, id=Organisation(name="x").id)
    with pytest.raises(StaleDataError, match="Måltrappen findes ikke"):
        ap.update_plan_action(store, action.id, target=missing)
    (stored,) = ap.list_plan_actions(store)
    assert stored == action.model_copy(update={"updated_at": stored.updated_at})
    assert stored.target is None
    assert stored.who == ""


def test_follow_up_lists_overdue_actions_first(plan_store) -> None:  # type: ignore[no-untyped-def]
    store, group, _ladder = plan_store
    later = PlanAction(what="Senere", due=date(2027, 2, 1))
    no_date = PlanAction(what="Uden dato")
    overdue_old = PlanAction(what="Længst over tid", due=date(2026, 10, 1))
    done_late = PlanAction(what="Færdig", due=date(2026, 9, 1), status=ActionStatus.DONE)
    overdue_new = PlanAction(
        what="Over tid", due=date(2026, 12, 3), status=ActionStatus.IN_PROGRESS
    )
    due_today = PlanAction(what="I dag", due=TODAY, target_group_id=group.id)
    for action in (later, no_date, overdue_old, done_late, overdue_new, due_today):
        ap.add_plan_action(store, action)
    shown = [a.what for a in ap.follow_up_actions(store, TODAY)]
    assert shown == ["Længst over tid", "Over tid", "I dag", "Senere", "Uden dato", "Færdig"]
    assert [a.is_overdue(TODAY) for a in ap.follow_up_actions(store, TODAY)] == [
        True, True, False, False, False, False,
    ]  # fmt: skip
    assert [a.what for a in ap.follow_up_actions(store, TODAY, group.id)] == ["I dag"]
    # A day later, today's action is overdue too, and it comes after the older ones.
    tomorrow = [a.what for a in follow_up_order(ap.list_plan_actions(store), date(2026, 12, 5))]
    assert tomorrow[:3] == ["Længst over tid", "Over tid", "I dag"]
