"""One text binding for every typed field: mission, persona, target group, ladder, organisation.

A :class:`TextBinding` ties a QLineEdit or :class:`PlainTextField` to one field of the
entity it shows now (its ``target``: an id, or e.g. a ladder and one of its steps). Typing
pushes an :class:`~forandring_desktop.ui.operations.Edit`: one undo step per typing session
(the session ends when the field loses focus or shows something else), saved at once.

The page shows stored values with :meth:`TextBinding.load`. While the binding's own edit is
being saved, the page's refresh only tells it what was stored (services trim and normalise),
so the field and its cursor are left alone while someone types.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from PySide6.QtWidgets import QLineEdit

from forandring_desktop.model import ForandringError
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.storage import Store
from forandring_desktop.ui.dialogs import short_error_text
from forandring_desktop.ui.operations import push_edit
from forandring_desktop.ui.widgets import (
    ErrorLabel,
    PlainTextField,
    field_text,
    put_field_text,
    use_window_undo,
)
from forandring_desktop.ui.workspace import Reveal, Workspace

T = TypeVar("T", bound=Hashable)
_NOTHING: Any = object()


def _identity(value: str) -> Any:
    return value


def _as_text(value: Any) -> str:
    return "" if value is None else str(value)


class TextBinding(Generic[T]):
    """A text field showing one field of one target.

    ``save(store, target, value)`` stores a value through a service (it must not hold a
    widget or a page: the undo stack keeps it). ``parse`` turns the typed text into the
    field's value and may raise ForandringError (the message is shown, nothing is saved);
    ``format`` is its inverse. ``reveal(target)`` says where an undo/redo of this field is.
    """

    def __init__(
        self,
        widget: QLineEdit | PlainTextField,
        *,
        workspace: Workspace,
        kind: str,
        undo_text: str,
        save: Callable[[Store, T, Any], ChangeSet],
        error: ErrorLabel,
        parse: Callable[[str], Any] = _identity,
        format: Callable[[Any], str] = _as_text,
        reveal: Callable[[T], Reveal | None] | None = None,
    ) -> None:
        self.widget = widget
        self.workspace = workspace
        self.kind = kind
        self.undo_text = undo_text
        self.error = error
        self._save = save
        self._parse = parse
        self._format = format
        self._reveal = reveal
        self.target: T | None = None
        self.stored: Any = None
        self.session = 0
        self._showing = False
        self._saving = False
        self._seen: Any = _NOTHING
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._edited)
            use_window_undo(widget)
        else:
            widget.textChanged.connect(self._edited)
        widget.editingFinished.connect(self._finish)
        workspace.add_failure_handler(self._failed, owner=widget)

    # --- From the page ------------------------------------------------------------------

    def load(self, target: T | None, value: Any) -> None:
        """Show ``value`` of ``target`` (unless it is what is shown and stored already)."""
        if self._saving and target == self.target:
            self._seen = value  # our own edit, as stored: leave what is being typed alone
            return
        if target == self.target and value == self.stored:
            return
        self.target = target
        self.stored = value
        self.session += 1  # typing after an outside change (undo, another entity) is new
        self.error.clear_message()
        self._write(value)

    def text(self) -> str:
        return field_text(self.widget)

    # --- Typing -------------------------------------------------------------------------

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
            value = self._parse(self.text())
        except ForandringError as exc:
            self.error.show_message(short_error_text(exc))
            return
        target = self.target
        save = self._save
        self._saving, self._seen = True, _NOTHING
        try:
            ok = push_edit(
                self.workspace,
                self.undo_text,
                lambda store, v: save(store, target, v),
                self.stored,
                value,
                merge_key=(self.kind, target, self.session),
                reveal=self._reveal(target) if self._reveal is not None else None,
                source=(self.kind, target),
            )
        finally:
            self._saving = False
        if ok:
            self.stored = value if self._seen is _NOTHING else self._seen
            self.error.clear_message()

    def _failed(self, exc: Exception, source: Hashable) -> bool:
        if source != (self.kind, self.target) or not isinstance(exc, ForandringError):
            return False
        self.error.show_message(short_error_text(exc))
        return True

    def _finish(self) -> None:
        self.session += 1
        if self.error.message():
            # The typed text could not be saved (e.g. too long or empty): show what is stored.
            self.error.clear_message()
            self._write(self.stored)
