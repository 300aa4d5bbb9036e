"""Undo steps of the ladder editor. Each holds Ladder values and ids, never widgets.

A structural edit (a step added, inserted, retired, moved or merged; a target group
toggled) holds the ladder before and after: redo stores the new ladder with
``save_ladder``, undo stores the old one the same way, each in one transaction. Steps keep
their ids through every edit, so no rating is rewritten; a step missing from the stored
list is retired by the service, never destroyed.

Typing in a field (title, FORANDRINGSMÅL, a step's sub-goal, signs or action) goes through
a :class:`~forandring_desktop.ui.binding.TextBinding` (one undo step per typing session),
whose target is the ladder and the step (None for the ladder's own fields).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from forandring_desktop.model import Ladder
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.services.ladders import (
    delete_ladder,
    restore_ladder,
    save_ladder,
    set_ladder_field,
)
from forandring_desktop.storage import Store
from forandring_desktop.ui.operations import Operation
from forandring_desktop.ui.workspace import Reveal, Workspace

Target = tuple[uuid.UUID, uuid.UUID | None]  # (ladder id, step id or None for the ladder)
LADDER_GESTURE = ("ladder",)  # the source of structural edits, for their errors


def where(ladder_id: uuid.UUID | None, step_id: uuid.UUID | None = None) -> Reveal | None:
    return Reveal(Ladder, ladder_id, part=step_id) if ladder_id is not None else None


def text_saver(field: str) -> Callable[[Store, Target, str], ChangeSet]:
    """Store one text field of a ladder or of one of its steps (one transaction)."""

    def save(store: Store, target: Target, value: str) -> ChangeSet:
        ladder_id, step_id = target
        return set_ladder_field(store, ladder_id, field, value, step_id=step_id)

    return save


def text_reveal(kind: str) -> Callable[[Target], Reveal | None]:
    return lambda target: Reveal(Ladder, target[0], part=target[1], field=kind)


def edit_command(
    workspace: Workspace,
    text: str,
    old: Ladder,
    new: Ladder,
    *,
    step_after: uuid.UUID | None,
    step_before: uuid.UUID | None,
) -> Operation:
    """A structural edit of one ladder: ``old`` and ``new`` are whole ladders."""
    return Operation(
        workspace,
        text,
        do=lambda store: save_ladder(store, new),
        undo=lambda store: save_ladder(store, old),
        reveal=where(new.id, step_after),
        reveal_undo=where(old.id, step_before),
        source=LADDER_GESTURE,
    )


def new_ladder_command(
    workspace: Workspace, text: str, ladder: Ladder, previous: uuid.UUID | None
) -> Operation:
    """A new ladder; undo tombstones it, redo stores it again (live)."""
    return Operation(
        workspace,
        text,
        do=lambda store: save_ladder(store, ladder),
        undo=lambda store: delete_ladder(store, ladder.id),
        reveal=where(ladder.id),
        reveal_undo=where(previous),
        source=LADDER_GESTURE,
    )


def delete_ladder_command(
    workspace: Workspace, text: str, ladder_id: uuid.UUID, neighbour: uuid.UUID | None
) -> Operation:
    """Tombstone a ladder (its steps, enrolments and ratings stay); undo restores it."""
    return Operation(
        workspace,
        text,
        do=lambda store: delete_ladder(store, ladder_id),
        undo=lambda store: restore_ladder(store, ladder_id),
        reveal=where(neighbour),
        reveal_undo=where(ladder_id),
        source=LADDER_GESTURE,
    )
