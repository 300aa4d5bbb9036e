"""Undo commands of the board. Each holds data, never widgets' state, and saves through a
service: redo stores the new versions, undo stores the old ones back."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Hashable, Sequence
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from forandring_desktop.model import DoorNote
from forandring_desktop.ui.undo import ServiceCommand, command_id

log = logging.getLogger(__name__)

NOTES_MERGE_KIND = "door.notes"


class NotesTarget(Protocol):
    """What a notes command saves through and shows on (the board widget)."""

    def store_notes(
        self, sheet_id: uuid.UUID, notes: Sequence[DoorNote], focus: uuid.UUID | None
    ) -> None: ...

    def gesture_failed(
        self, sheet_id: uuid.UUID, ids: Sequence[uuid.UUID], exc: Exception
    ) -> None: ...


class NotesCommand(QUndoCommand):
    """One board gesture: the changed notes before and after (from ``model.board``).

    ``merge_key`` lets repeated small steps (a note nudged with the arrow keys) become one
    undo step, like typing in a field. ``focus`` is the note to focus after redo.
    """

    def __init__(
        self,
        target: NotesTarget,
        sheet_id: uuid.UUID,
        old: Sequence[DoorNote],
        new: Sequence[DoorNote],
        text: str,
        *,
        merge_key: Hashable = None,
        focus: uuid.UUID | None = None,
        undo_focus: uuid.UUID | None = None,
    ) -> None:
        super().__init__(text)
        self.target = target
        self.sheet_id = sheet_id
        self.old = list(old)
        self.new = list(new)
        self.merge_key = merge_key
        self.focus = focus
        self.undo_focus = undo_focus

    def id(self) -> int:
        return command_id(NOTES_MERGE_KIND) if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            not isinstance(other, NotesCommand)
            or other.merge_key != self.merge_key
            or other.sheet_id != self.sheet_id
            or other.isObsolete()
        ):
            return False
        known = {n.id for n in self.old}
        self.old += [n for n in other.old if n.id not in known]
        newest = {n.id: n for n in other.new}
        self.new = [newest.pop(n.id, n) for n in self.new] + list(newest.values())
        return True

    def redo(self) -> None:
        self._save(self.new, self.focus)

    def undo(self) -> None:
        self._save(self.old, self.undo_focus)

    def _save(self, notes: Sequence[DoorNote], focus: uuid.UUID | None) -> None:
        try:
            self.target.store_notes(self.sheet_id, notes, focus)
        except Exception as exc:
            # Nothing was written (a service commits whole or not at all); an obsolete
            # command is dropped by QUndoStack, so the stack never claims an unsaved step.
            self.setObsolete(True)
            self.target.gesture_failed(self.sheet_id, [n.id for n in notes], exc)


__all__ = ["NotesCommand", "NotesTarget", "ServiceCommand"]
