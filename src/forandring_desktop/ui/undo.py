"""Undo commands. Each one changes data through a service, never widgets directly.

``redo()``/``undo()`` call the service (so the edit is on disk at once) and then tell the
widget to show the value. Showing a value must not push a new command: widgets update with
setters that do not emit their "user edited" signals, or behind a guard.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtGui import QUndoCommand

from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.storage import Store
from forandring_desktop.ui.workspace import Workspace

log = logging.getLogger(__name__)

_COMMAND_IDS: dict[str, int] = {}
_FIRST_ID = 1000


def command_id(kind: str) -> int:
    """A stable id per field kind (e.g. ``"organisation.name"``) for QUndoStack merging."""
    return _COMMAND_IDS.setdefault(kind, _FIRST_ID + len(_COMMAND_IDS))


class FieldEditCommand(QUndoCommand):
    """Typing in one field. Consecutive edits of the same field merge into one undo step.

    ``kind``      the field kind, e.g. ``"organisation.vision"`` (one merge id per kind)
    ``target``    which object's field (an entity id) when the kind has several instances
    ``session``   bumped by the page when an editing session ends (the field lost focus), so
                  typing in the same field later becomes a new undo step
    ``apply``     saves a value through a service; raises on failure
    ``show``      puts a value into the widget (without pushing a command)
    ``on_error``  told about a failed save; the command then removes itself from the stack
    """

    def __init__(
        self,
        kind: str,
        old: Any,
        new: Any,
        *,
        apply: Callable[[Any], object],
        show: Callable[[Any], None],
        text: str,
        target: Hashable = None,
        session: int = 0,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        super().__init__(text)
        self.kind = kind
        self.key: tuple[str, Hashable, int] = (kind, target, session)
        self.old = old
        self.new = new
        self._apply = apply
        self._show = show
        self._on_error = on_error

    def id(self) -> int:
        return command_id(self.kind)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            not isinstance(other, FieldEditCommand)
            or other.key != self.key
            or other.isObsolete()  # its save failed; it is dropped, not merged
        ):
            return False
        self.new = other.new
        if self.new == self.old:
            self.setObsolete(True)  # typed back to where it started: no undo step at all
        return True

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)

    def _set(self, value: Any) -> None:
        try:
            self._apply(value)
        except Exception as exc:
            # Nothing was written (services commit whole or not at all). An obsolete command
            # is removed by QUndoStack, so the stack never claims a step that is not on disk.
            self.setObsolete(True)
            if self._on_error is None:
                log.exception("Undo command %s failed", self.kind)
            else:
                self._on_error(exc)
            return
        self._show(value)


ServiceAction = Callable[[Store], ChangeSet]


class ServiceCommand(QUndoCommand):
    """A gesture made by service calls: ``first`` the first time (e.g. create), ``again``
    on every later redo (e.g. restore; default ``first``), ``back`` on undo. Each is one
    transaction through the workspace; ``after_redo``/``after_undo`` run once it is saved
    (select what changed). On failure nothing was written: the command marks itself
    obsolete (QUndoStack drops it) and tells ``on_error``."""

    def __init__(
        self,
        workspace: Workspace,
        text: str,
        *,
        first: ServiceAction,
        back: ServiceAction,
        again: ServiceAction | None = None,
        on_error: Callable[[Exception], None] | None = None,
        after_redo: Callable[[], None] | None = None,
        after_undo: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(text)
        self._workspace = workspace
        self._first = first
        self._again = again or first
        self._back = back
        self._done_once = False
        self._on_error = on_error
        self._after_redo = after_redo
        self._after_undo = after_undo

    def redo(self) -> None:
        action = self._again if self._done_once else self._first
        if self._run(action, self._after_redo):
            self._done_once = True

    def undo(self) -> None:
        self._run(self._back, self._after_undo)

    def _run(self, action: ServiceAction, after: Callable[[], None] | None) -> bool:
        try:
            self._workspace.run(action)
        except Exception as exc:
            self.setObsolete(True)
            if self._on_error is None:
                log.exception("Undo command failed")
            else:
                self._on_error(exc)
            return False
        if after is not None:
            after()
        return True
