"""Writing on a post-it in place."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QPainter, QTextCursor
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsTextItem,
    QStyle,
    QStyleOptionGraphicsItem,
    QWidget,
)

from forandring_desktop.ui.board.style import TEXT, font


class NoteEditor(QGraphicsTextItem):
    """A text editor lying on top of a post-it's text.

    Enter or Ctrl+Enter keeps the text, Shift+Enter starts a new line, Esc throws the
    change away; clicking elsewhere (the editor losing focus) keeps it. ``finished`` is
    emitted exactly once.
    """

    finished = Signal(bool)  # True: keep the text; False: cancelled

    def __init__(
        self, parent: QGraphicsItem, text: str, pixel_size: float, top_left: QPointF, width: float
    ) -> None:
        super().__init__(parent)
        self._done = False
        self.setFont(font(pixel_size))
        self.setDefaultTextColor(TEXT)
        self.document().setDocumentMargin(2)
        self.setTextWidth(width + 4)
        self.setPlainText(text)
        self.setPos(top_left - QPointF(2, 2))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)
        self.setZValue(1)
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.setTextCursor(cursor)

    def text(self) -> str:
        return self.toPlainText()

    @property
    def done(self) -> bool:
        return self._done

    def finish(self, keep: bool) -> None:
        if self._done:
            return
        self._done = True
        self.finished.emit(keep)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        modifiers = event.modifiers()
        if key == Qt.Key.Key_Escape:
            self.finish(False)
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if modifiers & Qt.KeyboardModifier.ShiftModifier:
                self.textCursor().insertText("\n")
            else:
                self.finish(True)
            event.accept()
            return
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.finish(True)
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() == Qt.FocusReason.PopupFocusReason:
            return  # a menu (e.g. the text's own context menu) opened on top
        self.finish(True)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        painter.fillRect(self.boundingRect(), QColor(255, 255, 255, 235))
        # No dotted focus frame from the base class: the post-it draws its own outline.
        option.state &= ~QStyle.StateFlag.State_HasFocus
        option.state &= ~QStyle.StateFlag.State_Selected
        super().paint(painter, option, widget)  # type: ignore[arg-type]
