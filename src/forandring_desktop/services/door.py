"""Use cases of the 'ind ad døren – ud af døren' board.

Every board gesture is computed by a pure function in ``model.board`` (which returns the
notes it changes); :func:`save_notes` then stores exactly those notes in one transaction.
Undo saves the old versions back the same way.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from forandring_desktop.model import DoorNote, DoorSheet
from forandring_desktop.model.board import apply
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.services.entities import set_deleted, update_entity
from forandring_desktop.storage import Store


def list_door_sheets(store: Store) -> list[DoorSheet]:
    """Live sheets without their notes (for choosing one)."""
    with store.unit_of_work() as uow:
        return uow.door_sheets.list()


def get_door_sheet(store: Store, sheet_id: uuid.UUID) -> DoorSheet:
    """One sheet with all its notes (tombstoned ones too, so undo can bring them back)."""
    with store.unit_of_work() as uow:
        return uow.door_sheets.get(sheet_id)


def create_door_sheet(store: Store, sheet: DoorSheet) -> ChangeSet:
    with store.unit_of_work() as uow:
        uow.door_sheets.upsert(sheet, uow.organisation.get().id)
        uow.door_sheets.save_notes(sheet.id, sheet.notes)
        uow.commit()
    return ChangeSet.of(sheet)


def update_door_sheet(store: Store, sheet_id: uuid.UUID, **changes: Any) -> ChangeSet:
    allowed = ("title", "persona_id", "target_group_id")
    return update_entity(store, "door_sheets", sheet_id, allowed, changes)


def delete_door_sheet(store: Store, sheet_id: uuid.UUID) -> ChangeSet:
    return set_deleted(store, "door_sheets", sheet_id, deleted=True)


def restore_door_sheet(store: Store, sheet_id: uuid.UUID) -> ChangeSet:
    return set_deleted(store, "door_sheets", sheet_id, deleted=False)


def save_notes(store: Store, sheet_id: uuid.UUID, notes: Sequence[DoorNote]) -> ChangeSet:
    """Store new versions of some notes of one sheet (new, edited, moved, deleted...).

    The whole sheet is checked with the new notes in place (pairs, ids) before anything
    is written; it commits whole or not at all.
    """
    if not notes:
        return ChangeSet("DoorNote", (), parent_id=sheet_id)
    with store.unit_of_work() as uow:
        sheet = uow.door_sheets.get(sheet_id)
        apply(sheet, notes)  # raises InvalidDataError before any write
        uow.door_sheets.save_notes(sheet_id, notes)
        uow.commit()
    return ChangeSet.of(*notes, parent_id=sheet_id)
