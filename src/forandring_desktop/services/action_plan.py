"""Use cases of the action plan (seed 001, C): add, edit, delete and follow up actions."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from forandring_desktop.model import PlanAction
from forandring_desktop.model.action_plan import follow_up_order
from forandring_desktop.services.changes import ChangeSet, emits
from forandring_desktop.services.entities import set_deleted
from forandring_desktop.storage import Store
from forandring_desktop.storage.errors import StaleDataError
from forandring_desktop.storage.uow import UnitOfWork

ACTION_FIELDS = frozenset({"area", "what", "who", "due", "status", "target", "target_group_id"})


def list_plan_actions(store: Store) -> list[PlanAction]:
    with store.unit_of_work() as uow:
        return uow.plan_actions.list()


def follow_up_actions(
    store: Store, today: datetime.date, target_group_id: uuid.UUID | None = None
) -> list[PlanAction]:
    """The plan's actions for 'Opfølgning' (overdue first) as of ``today``; only those of
    ``target_group_id`` when given."""
    actions = list_plan_actions(store)
    if target_group_id is not None:
        actions = [a for a in actions if a.target_group_id == target_group_id]
    return follow_up_order(actions, today)


def _check_references(uow: UnitOfWork, action: PlanAction) -> None:
    """The action's target group and what it serves must be in the file (and not deleted)."""
    group = action.target_group_id
    if group is not None and (not uow.target_groups.exists(group) or _gone(uow, group)):
        raise StaleDataError("Målgruppen")
    if action.target is not None and action.target.id not in uow.ladders.ids():
        raise StaleDataError("Måltrappen")


def _gone(uow: UnitOfWork, group_id: uuid.UUID) -> bool:
    return uow.target_groups.get(group_id).is_deleted


@emits(PlanAction)
def add_plan_action(store: Store, action: PlanAction) -> ChangeSet:
    """Store a new action (or put a deleted one back as it was, for undo)."""
    with store.unit_of_work() as uow:
        _check_references(uow, action)
        uow.plan_actions.upsert(action, uow.organisation.get().id)
        uow.commit()
    return ChangeSet.created(action)


@emits(PlanAction)
def update_plan_action(store: Store, action_id: uuid.UUID, **changes: Any) -> ChangeSet:
    """Change some of an action's fields (area, what, who, due, status, target, target
    group), checked by the model and against the file before anything is written."""
    unknown = set(changes) - ACTION_FIELDS
    if unknown:
        raise ValueError(f"not an editable field of an action: {sorted(unknown)}")
    with store.unit_of_work() as uow:
        current = uow.plan_actions.get(action_id)
        updated = current.changed(**changes)
        differing = tuple(f for f in changes if getattr(updated, f) != getattr(current, f))
        if not differing:
            return ChangeSet()
        _check_references(uow, updated)
        uow.plan_actions.update(updated, fields=differing)
        uow.commit()
    return ChangeSet.changed(updated, fields=differing)


@emits(PlanAction)
def delete_plan_action(store: Store, action_id: uuid.UUID) -> ChangeSet:
    return set_deleted(store, "plan_actions", action_id, deleted=True)


@emits(PlanAction)
def restore_plan_action(store: Store, action_id: uuid.UUID) -> ChangeSet:
    return set_deleted(store, "plan_actions", action_id, deleted=False)
