"""The bases of the board's parts: the pieces of :class:`BoardWidget` and :class:`BoardScene`
kept in modules of their own (keys, menus, views; dragging, writing).

A part is a plain mixin when the program runs, so each of those classes keeps one Qt base
(PySide6 mishandles a class whose bases are several Python subclasses of the same Qt
class: focus and signals go wrong). For the type checker a part is the widget or scene it
belongs to, so its code is checked against Qt's types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QGraphicsScene, QWidget

    WidgetPart = QWidget
    ScenePart = QGraphicsScene
else:
    WidgetPart = object
    ScenePart = object
