"""Use cases of the 'ind ad døren – ud af døren' board.

Every board gesture is computed by a pure function in ``model.board`` (which returns the
notes it changes); :func:`save_notes` then stores exactly those notes in one transaction.
Undo saves the old versions back the same way.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from pydantic_core import PydanticCustomError

from forandring_desktop.model import DoorNote, DoorSheet, InvalidDataError, Problem
from forandring_desktop.model.door import PairState, check_pairs
from forandring_desktop.services.changes import ChangeSet, emits
from forandring_desktop.services.entities import set_deleted, update_entity
from forandring_desktop.storage import Store
from forandring_desktop.storage.errors import StaleDataError


def list_door_sheets(store: Store) -> list[DoorSheet]:
    """Live sheets without their notes (for choosing one)."""
    with store.unit_of_work() as uow:
        return uow.door_sheets.list()


def get_door_sheet(store: Store, sheet_id: uuid.UUID) -> DoorSheet:
    """One sheet with all its notes (tombstoned ones too, so undo can bring them back)."""
    with store.unit_of_work() as uow:
        return uow.door_sheets.get(sheet_id)


@emits(DoorSheet)
def create_door_sheet(store: Store, sheet: DoorSheet) -> ChangeSet:
    with store.unit_of_work() as uow:
        uow.door_sheets.upsert(sheet, uow.organisation.get().id)
        uow.door_sheets.save_notes(sheet.id, sheet.notes)
        uow.commit()
    return ChangeSet.created(sheet)


@emits(DoorSheet)
def update_door_sheet(store: Store, sheet_id: uuid.UUID, **changes: Any) -> ChangeSet:
    allowed = ("title", "persona_id", "target_group_id")
    return update_entity(store, "door_sheets", sheet_id, allowed, changes)


@emits(DoorSheet)
def delete_door_sheet(store: Store, sheet_id: uuid.UUID) -> ChangeSet:
    return set_deleted(store, "door_sheets", sheet_id, deleted=True)


@emits(DoorSheet)
def restore_door_sheet(store: Store, sheet_id: uuid.UUID) -> ChangeSet:
    return set_deleted(store, "door_sheets", sheet_id, deleted=False)


@emits(DoorNote)
def save_notes(store: Store, sheet_id: uuid.UUID, notes: Sequence[DoorNote]) -> ChangeSet:
    """Store new versions of some notes of one sheet (new, edited, moved, deleted...).

    The sheet's pairing rules are checked with the new notes in place before anything is
    written (each note itself is already a validated model); it commits whole or not at all.
    """
    if not notes:
        return ChangeSet.ids(DoorNote, parents=[sheet_id])
    if len({n.id for n in notes}) != len(notes):
        raise InvalidDataError([Problem("notes", "To sedler har samme id.")])
    with store.unit_of_work() as uow:
        sheets = uow.door_sheets
        states = sheets.pair_states(sheet_id)
        if not states and not sheets.exists(sheet_id):
            raise StaleDataError("Arket")
        if sheets.foreign_note_ids(sheet_id, (n.id for n in notes if n.id not in states)):
            raise InvalidDataError([Problem("notes", "En seddel hører til et andet ark.")])
        existing = set(states)
        states.update({n.id: PairState(n.side, n.pair_id, n.text) for n in notes})
        try:  # the sheet's pairing rules with the new notes in place, before any write
            check_pairs(states)
        except PydanticCustomError as exc:
            raise InvalidDataError([Problem("notes", exc.message())]) from None
        sheets.save_notes(sheet_id, notes, existing)
        uow.commit()
    return ChangeSet.saved(*notes, before=existing, parent=sheet_id)
