"""Helpers the target-groups step shares (the persona sheet, the target-group editor and the
page with their lists): where a persona's or a group's field is shown again after an undo,
the keys of a list, and the role that holds an item's id in a list.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from forandring_desktop.model import Persona, TargetGroup
from forandring_desktop.ui.workspace import Reveal

ID_ROLE = Qt.ItemDataRole.UserRole


def list_action(widget: QWidget, keys: Sequence[QKeySequence], slot: Callable[[], None]) -> QAction:
    """A key that works while ``widget`` itself has focus (Ins/Del in a list)."""
    action = QAction(widget)
    action.setShortcuts(list(keys))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(slot)
    widget.addAction(action)
    return action


def field_reveal(
    kind: type[Persona] | type[TargetGroup], field: str
) -> Callable[[uuid.UUID], Reveal]:
    return lambda target: Reveal(kind, target, field=field)
