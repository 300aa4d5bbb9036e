"""The open organisation file as the UI sees it: one store, one undo stack, one change signal.

Every change reaches the views the same way, whoever made it: a gesture's service call
(through :meth:`Workspace.run`, usually from an operation in ``ui/operations.py``) or a
change that arrived from elsewhere (:meth:`Workspace.announce`, e.g. a sync). Views never
ask where a change came from; they update from the typed :class:`ChangeSet`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from forandring_desktop.services.changes import ChangeSet, EntityType
from forandring_desktop.storage import Store

log = logging.getLogger(__name__)

# Told about a failed service call; True when it showed the failure to the user.
FailureHandler = Callable[[Exception, Hashable], bool]


@dataclass(frozen=True, slots=True)
class Reveal:
    """What an undo or redo changed, for the view that shows it to bring it into sight:
    an entity, optionally a part of it (a step of a ladder, a note of a sheet) and a field."""

    type: EntityType
    id: uuid.UUID
    part: uuid.UUID | None = None
    field: str | None = None


class Workspace(QObject):
    """Runs service calls against the current store and announces what changed."""

    changed = Signal(object)  # ChangeSet
    revealed = Signal(object)  # Reveal: an undo/redo asks to show what it changed
    failed = Signal(object, object)  # (exception, source) that no handler showed

    def __init__(self, store: Store, undo_stack: QUndoStack, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo_stack
        self._failure_handlers: list[FailureHandler] = []

    def run(self, action: Callable[[Store], ChangeSet]) -> ChangeSet:
        """Call one service function (one transaction, on disk when it returns)."""
        change = action(self.store)
        self.announce(change)
        return change

    def announce(self, change: ChangeSet) -> None:
        """Tell every view about a change already in the store."""
        if not change.is_empty():
            self.changed.emit(change)

    def reveal(self, where: Reveal | None) -> None:
        if where is not None:
            self.revealed.emit(where)

    # --- Failures -------------------------------------------------------------------------

    def add_failure_handler(self, handler: FailureHandler, owner: QObject | None = None) -> None:
        """Ask ``handler`` first about failures (until ``owner`` is destroyed)."""
        self._failure_handlers.append(handler)
        if owner is not None:
            owner.destroyed.connect(lambda _obj=None: self.remove_failure_handler(handler))

    def remove_failure_handler(self, handler: FailureHandler) -> None:
        if handler in self._failure_handlers:
            self._failure_handlers.remove(handler)

    def report_failure(self, exc: Exception, source: Hashable = None) -> None:
        """A service call failed (nothing was written): the view that made the gesture may
        show it where it happened; otherwise the window shows it."""
        # Only the type: messages may quote what was typed, and that can be a name.
        log.info("Service call failed: %s (%s)", type(exc).__name__, _source_text(source))
        for handler in list(self._failure_handlers):
            if handler(exc, source):
                return
        self.failed.emit(exc, source)


def _source_text(source: Hashable) -> str:
    if isinstance(source, tuple) and source:
        return str(source[0])
    return type(source).__name__ if source is not None else "-"
