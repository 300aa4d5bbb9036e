"""Keeping a view's copy of the workshop (everything but participants) current.

After a change set the window patches its copy of the document instead of reading the
whole file again: with the saved entities a local service handed over, or — for a change
that arrived from another laptop, which carries ids only — with those records read by id.
"""

from __future__ import annotations

import uuid
from typing import Any

from forandring_desktop.model import (
    DoorNote,
    DoorSheet,
    Entity,
    Ladder,
    MethodDescription,
    MissionDraft,
    Organisation,
    OrganisationDocument,
    Persona,
    PlanAction,
    TargetGroup,
)
from forandring_desktop.model.document import with_entities
from forandring_desktop.services.changes import ChangeSet, EntityType
from forandring_desktop.services.organisation import load_workshop
from forandring_desktop.storage import Store
from forandring_desktop.storage.errors import StaleDataError
from forandring_desktop.storage.uow import UnitOfWork

WORKSHOP_TYPES: frozenset[EntityType] = frozenset(
    {
        Organisation,
        MissionDraft,
        Persona,
        TargetGroup,
        DoorSheet,
        DoorNote,
        Ladder,
        MethodDescription,
        PlanAction,
    }
)


def follow_change(
    store: Store, doc: OrganisationDocument | None, change: ChangeSet
) -> OrganisationDocument:
    """``doc`` with what ``change`` did to the workshop in it (read from ``store`` where the
    change set does not carry the records); the whole workshop when ``doc`` is None."""
    if doc is None:
        return load_workshop(store)
    for kind in WORKSHOP_TYPES & change.types:
        part = change.of(kind)
        carried = change.saved_entities(kind)
        if kind is DoorNote:
            doc = _follow_notes(store, doc, change, carried)
        elif {e.id for e in carried} >= part.ids:
            doc = with_entities(doc, carried) or load_workshop(store)
        else:
            with store.unit_of_work() as uow:
                fresh = [e for i in part.ids if (e := _read(uow, kind, i)) is not None]
            doc = with_entities(doc, fresh) or load_workshop(store)
    return doc


def _follow_notes(
    store: Store, doc: OrganisationDocument, change: ChangeSet, carried: list[Entity]
) -> OrganisationDocument:
    part = change.of(DoorNote)
    if len(part.parents) == 1 and {e.id for e in carried} >= part.ids:
        (sheet_id,) = part.parents
        return with_entities(doc, carried, sheet_id) or load_workshop(store)
    if not part.parents:
        return load_workshop(store)  # notes of unknown sheets: read the workshop again
    with store.unit_of_work() as uow:
        sheets = [s for i in part.parents if (s := _read(uow, DoorSheet, i)) is not None]
    return with_entities(doc, sheets) or load_workshop(store)


def _read(uow: UnitOfWork, kind: EntityType, entity_id: uuid.UUID) -> Entity | None:
    """One workshop record by id (tombstoned ones too); None if it is gone for good."""
    try:
        if kind is Organisation:
            return uow.organisation.get()
        if kind is Ladder:
            return uow.ladders.get(entity_id)
        if kind is DoorSheet:
            return uow.door_sheets.get(entity_id)
        repos: dict[EntityType, Any] = {
            MissionDraft: uow.mission_drafts,
            Persona: uow.personas,
            TargetGroup: uow.target_groups,
            MethodDescription: uow.method_descriptions,
            PlanAction: uow.plan_actions,
        }
        entity: Entity = repos[kind].get(entity_id)
        return entity
    except StaleDataError:
        return None
