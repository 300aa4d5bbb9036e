"""Undo commands of the ladder editor. Each holds Ladder values, never widgets' state.

A structural edit (a step added, inserted, retired, moved or merged; a target group
toggled) holds the ladder before and after: redo stores the new ladder with
``save_ladder``, undo stores the old one the same way, each in one transaction. Steps keep
their ids through every edit, so no rating is rewritten; a step missing from the stored
list is retired by the service, never destroyed.

Typing in a field (title, FORANDRINGSMÅL, a step's sub-goal, signs or action) is a
:class:`~forandring_desktop.ui.undo.FieldEditCommand`: one undo step per typing session.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QLineEdit

from forandring_desktop.model import ForandringError, Ladder
from forandring_desktop.model.ladder_edit import edit_step
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.services.ladders import (
    delete_ladder,
    get_ladder,
    restore_ladder,
    save_ladder,
)
from forandring_desktop.storage import Store
from forandring_desktop.ui.dialogs import short_error_text
from forandring_desktop.ui.undo import FieldEditCommand, ServiceCommand
from forandring_desktop.ui.widgets import (
    ErrorLabel,
    PlainTextField,
    field_text,
    put_field_text,
    use_window_undo,
)
from forandring_desktop.ui.workspace import Workspace

Action = Callable[[Store], ChangeSet]
Target = tuple[uuid.UUID, uuid.UUID | None]  # (ladder id, step id or None for the ladder)


class LadderHost(Protocol):
    """What the commands save through and show on (the ladders page)."""

    workspace: Workspace

    def adopt(self, ladder: Ladder) -> None:
        """Show a ladder as just saved (called inside the save, before the change signal)."""

    def reveal(self, ladder_id: uuid.UUID | None, step_id: uuid.UUID | None) -> None:
        """Select a ladder (and a step of it) so the user sees what an undo/redo changed."""

    def report(self, exc: Exception) -> None:
        """Tell the user a save failed (nothing was written)."""

    def binding(self, kind: str, target: Target) -> LadderTextBinding | None:
        """The field that shows ``kind`` of ``target`` right now, if any."""


def saving(host: LadderHost, ladder: Ladder) -> Action:
    """Store ``ladder`` whole (one transaction) and show it as stored."""

    def action(store: Store) -> ChangeSet:
        change = save_ladder(store, ladder)
        host.adopt(get_ladder(store, ladder.id))  # with the steps the service retired
        return change

    return action


def _tombstoning(host: LadderHost, ladder_id: uuid.UUID, deleted: bool) -> Action:
    def action(store: Store) -> ChangeSet:
        change = (delete_ladder if deleted else restore_ladder)(store, ladder_id)
        host.adopt(get_ladder(store, ladder_id))
        return change

    return action


class LadderCommand(ServiceCommand):
    """One gesture: ``do`` on redo and ``undo`` on undo, each one service transaction,
    then ``after_redo`` / ``after_undo`` select what changed. On failure nothing was
    written: the command becomes obsolete (QUndoStack drops it) and the host reports it."""

    def __init__(
        self,
        text: str,
        host: LadderHost,
        do: Action,
        undo: Action,
        *,
        after_redo: Callable[[], None] | None = None,
        after_undo: Callable[[], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        super().__init__(
            host.workspace,
            text,
            first=do,
            back=undo,
            on_error=on_error or host.report,
            after_redo=after_redo,
            after_undo=after_undo,
        )


def push(
    host: LadderHost, command_of: Callable[[Callable[[Exception], None]], QUndoCommand]
) -> bool:
    """Push the command ``command_of(on_error)`` makes; True when its first redo was saved."""
    failed: list[Exception] = []

    def error(exc: Exception) -> None:
        failed.append(exc)
        host.report(exc)

    host.workspace.undo_stack.push(command_of(error))
    return not failed


def edit_command(
    host: LadderHost,
    text: str,
    old: Ladder,
    new: Ladder,
    *,
    step_after: uuid.UUID | None,
    step_before: uuid.UUID | None,
    on_error: Callable[[Exception], None] | None = None,
) -> LadderCommand:
    """A structural edit of one ladder: ``old`` and ``new`` are whole ladders."""
    return LadderCommand(
        text,
        host,
        saving(host, new),
        saving(host, old),
        after_redo=lambda: host.reveal(new.id, step_after),
        after_undo=lambda: host.reveal(old.id, step_before),
        on_error=on_error,
    )


def new_ladder_command(
    host: LadderHost,
    text: str,
    ladder: Ladder,
    previous: uuid.UUID | None,
    on_error: Callable[[Exception], None] | None = None,
) -> LadderCommand:
    """A new ladder; undo tombstones it, redo stores it again (live)."""
    return LadderCommand(
        text,
        host,
        saving(host, ladder),
        _tombstoning(host, ladder.id, deleted=True),
        after_redo=lambda: host.reveal(ladder.id, None),
        after_undo=lambda: host.reveal(previous, None),
        on_error=on_error,
    )


def delete_ladder_command(
    host: LadderHost,
    text: str,
    ladder_id: uuid.UUID,
    neighbour: uuid.UUID | None,
    on_error: Callable[[Exception], None] | None = None,
) -> LadderCommand:
    """Tombstone a ladder (its steps, enrolments and ratings stay); undo restores it."""
    return LadderCommand(
        text,
        host,
        _tombstoning(host, ladder_id, deleted=True),
        _tombstoning(host, ladder_id, deleted=False),
        after_redo=lambda: host.reveal(neighbour, None),
        after_undo=lambda: host.reveal(ladder_id, None),
        on_error=on_error,
    )


class LadderTextBinding:
    """A text field showing one field of a ladder (``step`` False) or of one of its steps.

    Typing pushes a FieldEditCommand: one undo step per typing session (the session ends
    when the field loses focus or shows another ladder/step). The binding remembers the
    value it saved, so the page's refresh after the save sees nothing new and leaves the
    field, and its cursor, alone. Commands reach widgets only through ``host.binding``.
    """

    def __init__(
        self,
        widget: QLineEdit | PlainTextField,
        *,
        host: LadderHost,
        field: str,
        step: bool,
        undo_text: str,
        error: ErrorLabel,
    ) -> None:
        self.widget = widget
        self.field = field
        self.step = step
        self.kind = f"ladder.step.{field}" if step else f"ladder.{field}"
        self.undo_text = undo_text
        self.error = error
        self._host = host
        self.target: Target | None = None
        self.stored: str | None = None
        self.session = 0
        self._showing = False
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._edited)
            use_window_undo(widget)
        else:
            widget.textChanged.connect(self._edited)
        widget.editingFinished.connect(self._finish)

    # --- From the page ------------------------------------------------------------------

    def load(self, target: Target | None, value: str) -> None:
        """Show ``value`` of ``target`` unless it is what this binding saved last."""
        if target == self.target and value == self.stored:
            return
        self.target = target
        self.stored = value
        self.session += 1  # typing after an outside change (undo, another step) is new
        self.error.clear_message()
        self._write(value)

    def value_in(self, ladder: Ladder) -> str | None:
        """This binding's field in ``ladder`` (None if the step is not there)."""
        if self.target is None:
            return None
        if not self.step:
            return str(getattr(ladder, self.field))
        step = next((s for s in ladder.steps if s.id == self.target[1]), None)
        return None if step is None else str(getattr(step, self.field))

    # --- Typing -------------------------------------------------------------------------

    def text(self) -> str:
        return field_text(self.widget)

    def _write(self, value: str) -> None:
        self._showing = True  # showing a stored value is not an edit
        try:
            put_field_text(self.widget, value)
        finally:
            self._showing = False

    def _edited(self) -> None:
        if self._showing or self.target is None:
            return
        target = self.target
        self._host.workspace.undo_stack.push(
            FieldEditCommand(
                self.kind,
                self.stored,
                self.text(),
                apply=lambda value: self._apply(target, value),
                show=lambda value: self._show(target, value),
                text=self.undo_text,
                target=target,
                session=self.session,
                on_error=lambda exc: self._report(target, exc),
            )
        )

    def _apply(self, target: Target, value: Any) -> None:
        ladder_id, step_id = target
        kind, field, host = self.kind, self.field, self._host

        def action(store: Store) -> ChangeSet:
            ladder = get_ladder(store, ladder_id)
            if step_id is None:
                new = ladder.changed(**{field: value})
            else:
                new = edit_step(ladder, step_id, **{field: value})
            change = save_ladder(store, new)
            saved = get_ladder(store, ladder_id)
            live = host.binding(kind, target)
            if live is not None:
                # Before the change signal, so the refresh finds nothing new to show.
                live.stored = live.value_in(saved)
            host.adopt(saved)
            return change

        host.workspace.run(action)
        live = host.binding(kind, target)
        if live is not None:
            live.error.clear_message()

    def _show(self, target: Target, value: Any) -> None:
        self._host.reveal(*target)
        live = self._host.binding(self.kind, target)
        if live is not None:
            live._write(value)

    def _report(self, target: Target, exc: Exception) -> None:
        live = self._host.binding(self.kind, target)
        if isinstance(exc, ForandringError) and live is not None:
            live.error.show_message(short_error_text(exc))
        else:
            self._host.report(exc)

    def _finish(self) -> None:
        self.session += 1
        if self.error.message() and self.stored is not None:
            # The typed text could not be saved (e.g. an empty goal); show what is stored.
            self.error.clear_message()
            self._write(self.stored)
