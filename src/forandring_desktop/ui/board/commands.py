"""How a board gesture becomes one undo step: the changed notes before and after (from
``model.board``), stored with ``services.door.save_notes`` in one transaction; undo stores
the old versions back. Repeated small steps (a note nudged with the arrow keys) merge. A
gesture the model refuses shows why on the board instead of raising (:func:`refusing`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Protocol

from forandring_desktop.model import DoorNote, DoorSheet, ForandringError
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.services.door import save_notes
from forandring_desktop.storage import Store
from forandring_desktop.ui.operations import Edit
from forandring_desktop.ui.workspace import Reveal, Workspace

NOTES_MERGE_KIND = "door.notes"
Notes = tuple[DoorNote, ...]


@dataclass(frozen=True, slots=True)
class BoardGesture:
    """The source of a notes edit: which sheet and notes, for showing a failure there."""

    sheet_id: uuid.UUID
    ids: tuple[uuid.UUID, ...]


class _ShowsRefusals(Protocol):
    def _refused(self, exc: ForandringError) -> None: ...


def refusing(method: Callable[..., None]) -> Callable[..., None]:
    """A gesture the model refuses (its rules say no) shows why, instead of raising."""

    @wraps(method)
    def gesture(self: _ShowsRefusals, *args: object, **kwargs: object) -> None:
        try:
            method(self, *args, **kwargs)
        except ForandringError as exc:
            self._refused(exc)

    return gesture


def merge_notes(old_a: Notes, new_a: Notes, old_b: Notes, new_b: Notes) -> tuple[Notes, Notes]:
    """Two consecutive gestures as one: the first old version of each note, the last new."""
    known = {n.id for n in old_a}
    old = (*old_a, *(n for n in old_b if n.id not in known))
    newest = {n.id: n for n in new_b}
    new = tuple(newest.pop(n.id, n) for n in new_a) + tuple(newest.values())
    return old, new


def _saver(sheet_id: uuid.UUID) -> Callable[[Store, Notes], ChangeSet]:
    return lambda store, notes: save_notes(store, sheet_id, list(notes))


def notes_edit(
    workspace: Workspace,
    sheet_id: uuid.UUID,
    old: Sequence[DoorNote],
    new: Sequence[DoorNote],
    text: str,
    *,
    merge_key: Hashable = None,
    focus: uuid.UUID | None = None,
    undo_focus: uuid.UUID | None = None,
) -> Edit[Notes]:
    """One board gesture on ``sheet_id``; ``focus``/``undo_focus`` are the notes to show
    after a redo/undo (the sheet is shown first if another one is on the board)."""
    return Edit(
        workspace,
        text,
        _saver(sheet_id),
        tuple(old),
        tuple(new),
        merge_key=(NOTES_MERGE_KIND, sheet_id, merge_key) if merge_key is not None else None,
        combine=merge_notes,
        reveal=Reveal(DoorSheet, sheet_id, part=focus),
        reveal_undo=Reveal(DoorSheet, sheet_id, part=undo_focus),
        source=BoardGesture(sheet_id, tuple(n.id for n in new)),
    )
