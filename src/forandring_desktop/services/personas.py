"""Use cases of the target-group step: persona sheets and target groups."""

from __future__ import annotations

import uuid
from typing import Any

from forandring_desktop.model import DoorSheet, Persona, TargetGroup
from forandring_desktop.model.board import notes_from_problems
from forandring_desktop.services.changes import ChangeSet, emits
from forandring_desktop.services.entities import add_entity, set_deleted, update_entity
from forandring_desktop.storage import Store

PERSONA_FIELDS = frozenset({"name", "gender", "age", "kind", "background", "problems"})
GROUP_FIELDS = frozenset({"name", "description", "persona_ids"})


def list_personas(store: Store) -> list[Persona]:
    with store.unit_of_work() as uow:
        return uow.personas.list()


def list_target_groups(store: Store) -> list[TargetGroup]:
    with store.unit_of_work() as uow:
        return uow.target_groups.list()


@emits(Persona)
def add_persona(store: Store, persona: Persona) -> ChangeSet:
    """Store a new persona sheet (or put a deleted one back, for undo)."""
    return add_entity(store, "personas", persona)


@emits(Persona)
def update_persona(store: Store, persona_id: uuid.UUID, **changes: Any) -> ChangeSet:
    return update_entity(store, "personas", persona_id, PERSONA_FIELDS, changes)


@emits(Persona, TargetGroup)
def duplicate_persona(
    store: Store, persona_id: uuid.UUID, name_suffix: str = " (kopi)"
) -> ChangeSet:
    """A copy with a new id, named '<name> (kopi)', in the same target groups."""
    with store.unit_of_work() as uow:
        original = uow.personas.get(persona_id)
        data = original.model_dump(exclude={"id", "created_at", "updated_at", "deleted_at"})
        data["name"] = (original.name + name_suffix)[:200]
        copy = Persona.parse(data)
        uow.personas.insert(copy, uow.organisation.get().id)
        groups = [
            group.changed(persona_ids=[*group.persona_ids, copy.id])
            for group in uow.target_groups.list()
            if persona_id in group.persona_ids
        ]
        for group in groups:
            uow.target_groups.update(group, fields=("persona_ids",))
        uow.commit()
    return ChangeSet.created(copy) | ChangeSet.changed(*groups, fields=("persona_ids",))


@emits(Persona)
def delete_persona(store: Store, persona_id: uuid.UUID) -> ChangeSet:
    return set_deleted(store, "personas", persona_id, deleted=True)


@emits(Persona)
def restore_persona(store: Store, persona_id: uuid.UUID) -> ChangeSet:
    return set_deleted(store, "personas", persona_id, deleted=False)


@emits(TargetGroup)
def add_target_group(store: Store, group: TargetGroup) -> ChangeSet:
    return add_entity(store, "target_groups", group)


@emits(TargetGroup)
def update_target_group(store: Store, group_id: uuid.UUID, **changes: Any) -> ChangeSet:
    if "persona_ids" in changes:
        with store.unit_of_work() as uow:
            for persona_id in changes["persona_ids"]:
                uow.personas.get(uuid.UUID(str(persona_id)))  # must exist
    return update_entity(store, "target_groups", group_id, GROUP_FIELDS, changes)


@emits(TargetGroup)
def delete_target_group(store: Store, group_id: uuid.UUID) -> ChangeSet:
    return set_deleted(store, "target_groups", group_id, deleted=True)


@emits(TargetGroup)
def restore_target_group(store: Store, group_id: uuid.UUID) -> ChangeSet:
    return set_deleted(store, "target_groups", group_id, deleted=False)


@emits(DoorSheet)
def start_door_sheet_for_persona(store: Store, persona_id: uuid.UUID) -> ChangeSet:
    """A new door sheet for the persona with its main problems already on the in-side."""
    with store.unit_of_work() as uow:
        persona = uow.personas.get(persona_id)
        sheet = DoorSheet(
            title=persona.name,
            persona_id=persona.id,
            notes=notes_from_problems(persona.problems),
        )
        uow.door_sheets.insert(sheet, uow.organisation.get().id)
        uow.door_sheets.save_notes(sheet.id, sheet.notes)
        uow.commit()
    return ChangeSet.created(sheet)


@emits(DoorSheet)
def start_door_sheet_for_target_group(store: Store, group_id: uuid.UUID) -> ChangeSet:
    """A new door sheet for a target group: its personas' main problems, each once."""
    with store.unit_of_work() as uow:
        group = uow.target_groups.get(group_id)
        problems: list[str] = []
        for persona_id in group.persona_ids:
            persona = uow.personas.get(persona_id)
            if persona.is_deleted:
                continue
            problems += [p for p in persona.problems if p not in problems]
        sheet = DoorSheet(
            title=group.name, target_group_id=group.id, notes=notes_from_problems(problems)
        )
        uow.door_sheets.insert(sheet, uow.organisation.get().id)
        uow.door_sheets.save_notes(sheet.id, sheet.notes)
        uow.commit()
    return ChangeSet.created(sheet)
