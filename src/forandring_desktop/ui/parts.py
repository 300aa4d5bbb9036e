"""Bases for the parts of a big widget kept in modules of their own (the board's keys,
menus and views; its scene's dragging and writing; a page's filters).

A part is a plain mixin when the program runs, so the class it belongs to keeps one Qt
base (PySide6 mishandles a class whose bases are several Python subclasses of the same Qt
class: focus and signals go wrong). For the type checker a part is the widget or scene it
belongs to, so its code is checked against Qt's types. A part's texts are translated with
the context of the class it belongs to (``QCoreApplication.translate("ThatClass", …)``).
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
