"""Use cases of the method description (seed 001, B): one per target group."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from forandring_desktop.model import MethodDescription, Phase
from forandring_desktop.services.changes import ChangeSet, emits
from forandring_desktop.services.entities import set_deleted
from forandring_desktop.storage import Store
from forandring_desktop.storage.errors import StaleDataError
from forandring_desktop.storage.uow import UnitOfWork

METHOD_FIELDS = frozenset({"title", "target_group_id", "phases", "roles", "core"})
PhaseField = Literal["doing", "developing"]


def list_method_descriptions(store: Store) -> list[MethodDescription]:
    with store.unit_of_work() as uow:
        return uow.method_descriptions.list()


@emits(MethodDescription)
def add_method_description(store: Store, method: MethodDescription) -> ChangeSet:
    """Store a new method description (or put a deleted one back as it was, for undo)."""
    with store.unit_of_work() as uow:
        group = method.target_group_id
        if group is not None and not _exists(uow, group):
            raise StaleDataError("Målgruppen")
        uow.method_descriptions.upsert(method, uow.organisation.get().id)
        uow.commit()
    return ChangeSet.created(method)


@emits(MethodDescription)
def update_method_description(store: Store, method_id: uuid.UUID, **changes: Any) -> ChangeSet:
    """Change fields of the description (title, target group, phases, roles, core), checked
    by the model before anything is written; only the fields that differ are written."""
    unknown = set(changes) - METHOD_FIELDS
    if unknown:
        raise ValueError(f"not an editable field of a method description: {sorted(unknown)}")
    with store.unit_of_work() as uow:
        current = uow.method_descriptions.get(method_id)
        updated = current.changed(**changes)
        differing = tuple(f for f in changes if getattr(updated, f) != getattr(current, f))
        if not differing:
            return ChangeSet()
        group = updated.target_group_id
        if "target_group_id" in differing and group is not None and not _exists(uow, group):
            raise StaleDataError("Målgruppen")
        uow.method_descriptions.update(updated, fields=differing)
        uow.commit()
    return ChangeSet.changed(updated, fields=differing)


def _exists(uow: UnitOfWork, group_id: uuid.UUID) -> bool:
    return uow.target_groups.exists(group_id) and not uow.target_groups.get(group_id).is_deleted


@emits(MethodDescription)
def set_phase_text(
    store: Store, method_id: uuid.UUID, index: int, field: PhaseField, value: str
) -> ChangeSet:
    """One text of one phase (0-2): what we do, or what we want to develop."""
    with store.unit_of_work() as uow:
        phases = [p.model_copy() for p in uow.method_descriptions.get(method_id).phases]
    phases[index] = Phase.parse({**phases[index].model_dump(), field: value})
    return update_method_description(store, method_id, phases=phases)


@emits(MethodDescription)
def delete_method_description(store: Store, method_id: uuid.UUID) -> ChangeSet:
    return set_deleted(store, "method_descriptions", method_id, deleted=True)


@emits(MethodDescription)
def restore_method_description(store: Store, method_id: uuid.UUID) -> ChangeSet:
    return set_deleted(store, "method_descriptions", method_id, deleted=False)
