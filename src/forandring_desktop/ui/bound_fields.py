"""Editing one field of a stored entity through the window's undo stack.

Used by the mission cards and the persona / target-group sheets (the organisation's own
name and vision on the mission page predate this and do the same by hand).

* :class:`TextBinding` ties a text widget to one field of the entity it currently shows.
  Typing pushes a :class:`~forandring_desktop.ui.undo.FieldEditCommand` (one undo step per
  typing session). The binding remembers the value it saved, so the page's ``refresh()``
  after the save sees nothing new and leaves the field (and its cursor) alone.
* :class:`ServiceCommand` is one gesture that is not typing (a choice in a list, a new
  persona, a deletion): ``redo``/``undo`` each call one service through the workspace.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit, QWidget

from forandring_desktop.model import Entity, ForandringError
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.storage import Store
from forandring_desktop.ui.dialogs import short_error_text, show_error
from forandring_desktop.ui.undo import FieldEditCommand
from forandring_desktop.ui.undo import ServiceCommand as SharedServiceCommand
from forandring_desktop.ui.widgets import (
    ErrorLabel,
    PlainTextField,
    field_text,
    put_field_text,
    use_window_undo,
)
from forandring_desktop.ui.workspace import Workspace

log = logging.getLogger(__name__)

Action = Callable[[Store], ChangeSet]


class Locate(Protocol):
    """Find the live binding of ``kind`` that shows ``target``.

    With ``reveal`` the page may first bring the target into view (select a persona); without
    it, None when the target is not shown right now.
    """

    def __call__(self, kind: str, target: uuid.UUID, reveal: bool) -> TextBinding | None: ...


def report_later(widget: QWidget, exc: Exception) -> None:
    """Show an unexpected error once the current undo-stack push has returned."""
    QTimer.singleShot(0, lambda: show_error(widget.window(), exc))


def _identity(value: Any) -> Any:
    return value


def _as_text(value: Any) -> str:
    return "" if value is None else str(value)


class TextBinding:
    """A QLineEdit or PlainTextField showing one text field of one entity.

    ``save(store, target, value)`` stores a value through a service; ``value_of(entity)``
    reads the field back from the saved entity (services normalise: trim, NFC).
    ``parse`` turns the typed text into the field's value and may raise ForandringError
    (the message is shown, nothing is saved); ``format`` is its inverse.

    A plain Python object (not a QObject): undo commands keep it, and may outlive its
    widget (a deleted mission card), so commands reach widgets only through ``locate``.
    """

    def __init__(
        self,
        widget: QLineEdit | PlainTextField,
        *,
        workspace: Workspace,
        kind: str,
        undo_text: str,
        save: Callable[[Store, uuid.UUID, Any], ChangeSet],
        value_of: Callable[[Entity], Any],
        locate: Locate,
        error: ErrorLabel,
        parse: Callable[[str], Any] = _identity,
        format: Callable[[Any], str] = _as_text,
    ) -> None:
        self.widget = widget
        self.workspace = workspace
        self.kind = kind
        self.undo_text = undo_text
        self.error = error
        self._save = save
        self._value_of = value_of
        self._locate = locate
        self._parse = parse
        self._format = format
        self.target: uuid.UUID | None = None
        self.stored: Any = None
        self.session = 0
        self._showing = False
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._edited)
            use_window_undo(widget)
        else:
            widget.textChanged.connect(self._edited)
        widget.editingFinished.connect(self._finish)

    # --- From the page ------------------------------------------------------------------

    def load(self, target: uuid.UUID | None, value: Any) -> None:
        """Show ``value`` of ``target`` unless it is what this binding saved last."""
        if target == self.target and value == self.stored:
            return
        self.target = target
        self.stored = value
        self.session += 1  # typing after an outside change (undo, another entity) is new
        self.error.clear_message()
        self._write(value)

    # --- Typing -------------------------------------------------------------------------

    def _read(self) -> str:
        return field_text(self.widget)

    def _write(self, value: Any) -> None:
        self._showing = True  # showing a stored value is not an edit
        try:
            put_field_text(self.widget, self._format(value))
        finally:
            self._showing = False

    def _edited(self) -> None:
        if self._showing or self.target is None:
            return
        try:
            value = self._parse(self._read())
        except ForandringError as exc:
            self.error.show_message(short_error_text(exc))
            return
        target = self.target
        self.workspace.undo_stack.push(
            FieldEditCommand(
                self.kind,
                self.stored,
                value,
                apply=lambda v: self._apply(target, v),
                show=lambda v: self._show(target, v),
                text=self.undo_text,
                target=target,
                session=self.session,
                on_error=lambda exc: self._report(target, exc),
            )
        )

    def _apply(self, target: uuid.UUID, value: Any) -> None:
        kind = self.kind

        def action(store: Store) -> ChangeSet:
            change = self._save(store, target, value)
            live = self._locate(kind, target, False)
            if live is not None:
                saved = next(e for e in change.entities if e.id == target)
                # Before the change signal, so refresh() finds nothing new to show.
                live.stored = self._value_of(saved)
            return change

        self.workspace.run(action)
        live = self._locate(kind, target, False)
        if live is not None:
            live.error.clear_message()

    def _show(self, target: uuid.UUID, value: Any) -> None:
        live = self._locate(self.kind, target, True)
        if live is not None:
            live._write(value)

    def _report(self, target: uuid.UUID, exc: Exception) -> None:
        live = self._locate(self.kind, target, True)
        if isinstance(exc, ForandringError) and live is not None:
            live.error.show_message(short_error_text(exc))
        elif live is not None:
            report_later(live.widget, exc)
        else:
            log.error("Could not save %s", self.kind, exc_info=exc)

    def _finish(self) -> None:
        self.session += 1
        if self.error.message():
            # The typed text could not be saved (e.g. too long); show what is stored.
            self.error.clear_message()
            self._write(self.stored)


class ServiceCommand(SharedServiceCommand):
    """One gesture: ``do`` on redo, ``undo`` on undo; ``after`` once either is saved."""

    def __init__(
        self,
        text: str,
        workspace: Workspace,
        do: Action,
        undo: Action,
        *,
        on_error: Callable[[Exception], None],
        after: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(
            workspace,
            text,
            first=do,
            back=undo,
            on_error=on_error,
            after_redo=after,
            after_undo=after,
        )


def push_command(
    workspace: Workspace,
    text: str,
    do: Action,
    undo: Action,
    *,
    on_error: Callable[[Exception], None],
    after: Callable[[], None] | None = None,
) -> bool:
    """Push one :class:`ServiceCommand`; True when its first ``do`` was saved."""
    failed: list[Exception] = []

    def error(exc: Exception) -> None:
        failed.append(exc)
        on_error(exc)

    command = ServiceCommand(text, workspace, do, undo, on_error=error, after=after)
    workspace.undo_stack.push(command)
    return not failed
