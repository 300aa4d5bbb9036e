"""The open organisation file as the UI sees it: one store, one undo stack, one change signal."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.storage import Store


class Workspace(QObject):
    """Runs service calls against the current store and announces what changed.

    Every edit goes through :meth:`run`, so the main window can refresh the pages and say
    "Gemt" in one place, whatever widget or undo command made the edit.
    """

    changed = Signal(object)  # the ChangeSet a service returned

    def __init__(self, store: Store, undo_stack: QUndoStack, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo_stack

    def run(self, action: Callable[[Store], ChangeSet]) -> ChangeSet:
        """Call one service function (one transaction, on disk when it returns)."""
        change = action(self.store)
        self.changed.emit(change)
        return change
