"""The shared shape of simple use cases: add, edit some fields, tombstone or restore.

``repo`` names a repository on the unit of work (``"personas"``, ``"mission_drafts"`` ...).
Each writes one row, and of it only the columns the gesture changes (and the updated time).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

from forandring_desktop.model import Entity, utcnow
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.storage import Store


def add_entity(store: Store, repo: str, entity: Entity) -> ChangeSet:
    """Store a new entity, or put a tombstoned one back as it was (for undo: only the
    columns that differ from the stored row are written)."""
    with store.unit_of_work() as uow:
        getattr(uow, repo).upsert(entity, uow.organisation.get().id)
        uow.commit()
    return ChangeSet.created(entity)


def update_entity(
    store: Store, repo: str, entity_id: uuid.UUID, allowed: Collection[str], changes: dict[str, Any]
) -> ChangeSet:
    """Change some of an entity's fields, validated by the model before anything is written.
    Only the fields whose values differ are written (with the updated time); when none
    differs nothing is, and the ChangeSet has no fields."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"not an editable field of {repo}: {sorted(unknown)}")
    with store.unit_of_work() as uow:
        repository = getattr(uow, repo)
        current = repository.get(entity_id)
        updated = current.changed(**changes)
        differing = tuple(f for f in changes if getattr(updated, f) != getattr(current, f))
        if not differing:
            return ChangeSet()  # nothing differs: nothing written, nothing to show
        repository.update(updated, fields=differing)
        uow.commit()
    return ChangeSet.changed(updated, fields=differing)


def set_deleted(
    store: Store, repo: str, entity_id: uuid.UUID, *, deleted: bool, **also: Any
) -> ChangeSet:
    """Tombstone an entity (or restore it); ``also`` are further field changes. Writes the
    tombstone (and ``also``) of that one row."""
    with store.unit_of_work() as uow:
        repository = getattr(uow, repo)
        entity = repository.get(entity_id)
        updated = entity.changed(deleted_at=utcnow() if deleted else None, **also)
        repository.update(updated, fields=("deleted_at", *also))
        uow.commit()
    if deleted:
        return ChangeSet.deleted(updated)
    return ChangeSet.created(updated)  # back from its tombstone
