"""The fields of the follow-up dialog, made for the keyboard: a date box that Tab leaves,
a section whose Alt+letter goes to its first field, a challenge's state chosen with 1, 2
or 3, and a main area's score -5 … +5 that typing replaces.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QPalette, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from forandring_desktop.model import ChallengeState

NO_SCORE = -6  # the area spin box's "–": no score given
STATE_ORDER: tuple[ChallengeState, ...] = (
    ChallengeState.UNRESOLVED,
    ChallengeState.PARTLY,
    ChallengeState.FULLY,
)
_NUMBER_KEYS = {Qt.Key.Key_1: 0, Qt.Key.Key_2: 1, Qt.Key.Key_3: 2}


def mnemonic_safe(text: str) -> str:
    """User text in a title with a mnemonic: '&' shown as itself."""
    return text.replace("&", "&&")


def kept(text: str, *originals: str) -> str:
    """``text`` without surrounding whitespace, or the original it equals once trimmed (so
    a value the mentor left alone is kept exactly as it was)."""
    trimmed = text.strip()
    return next((o for o in originals if o.strip() == trimmed), trimmed)


def muted(label: QLabel) -> QLabel:
    """Help text: a little lighter than the fields' own text (not disabled, so screen
    readers do not announce it as unavailable)."""
    palette = label.palette()
    colour = QColor(palette.color(QPalette.ColorRole.WindowText))
    colour.setAlpha(175)
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    label.setPalette(palette)
    return label


class NoteField(QPlainTextEdit):
    """A ladder's note or action: several lines shown and wrapped, so a long action can be
    read whole. Tab leaves it, Enter goes on as in the rest of the dialog, Shift+Enter
    starts a new line, Ctrl+Enter saves (the dialog's shortcut). Tabbing in selects the
    text, as a one-line field does, so typing replaces a suggested action."""

    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        margins = self.contentsMargins()
        frame = 2 * self.frameWidth() + margins.top() + margins.bottom()
        padding = 2 * round(self.document().documentMargin())
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + frame + padding)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if modifiers == Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
                event.accept()
                return
            event.ignore()  # the dialog moves on (Enter) or saves (Ctrl+Enter)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.selectAll()


class DateBox(QDateEdit):
    """A date field where Tab leaves the field (QDateEdit's Tab walks its day, month and
    year first); the arrows Left/Right still go between the parts."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class SectionBox(QGroupBox):
    """A group box whose title mnemonic (Alt+letter) always goes to its first field; a
    plain QGroupBox returns to whichever field inside had focus last."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.entry: QWidget | None = None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Shortcut and self.entry is not None:
            self.entry.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        return super().event(event)


class ChallengeStateBox(QComboBox):
    """Uløst / Delvist løst / Løst; 1, 2, 3 or the arrows choose. The wheel only works
    once the box has focus, so scrolling the dialog never changes a state by accident."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for state, word in zip(
            STATE_ORDER,
            (self.tr("Uløst"), self.tr("Delvist løst"), self.tr("Løst")),
            strict=True,
        ):
            self.addItem(word, state)
        self.setAccessibleDescription(self.tr("Tast 1 uløst, 2 delvist løst, 3 løst."))

    def state(self) -> ChallengeState:
        return STATE_ORDER[max(self.currentIndex(), 0)]

    def set_state(self, state: ChallengeState) -> None:
        self.setCurrentIndex(STATE_ORDER.index(state))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers == Qt.KeyboardModifier.NoModifier and event.key() in _NUMBER_KEYS:
            self.setCurrentIndex(_NUMBER_KEYS[Qt.Key(event.key())])
            event.accept()
            return
        super().keyPressEvent(event)


class AreaScoreBox(QSpinBox):
    """A main area's score, -5 … +5, or "–" for none. Typing replaces the value (it is
    selected when the box gets focus); Delete or Backspace gives "–" again; the first
    arrow press from "–" gives 0 (status quo)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(NO_SCORE, 5)
        self.setSpecialValueText("–")
        self.setValue(NO_SCORE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleDescription(
            self.tr("-5 til -1 tilbagegang, 0 status quo, 1 til 4 fremgang, 5 målet er nået.")
        )

    def score(self) -> int | None:
        return None if self.value() == NO_SCORE else self.value()

    def set_score(self, score: int | None) -> None:
        self.setValue(NO_SCORE if score is None else score)

    def stepBy(self, steps: int) -> None:
        if self.value() == NO_SCORE:
            self.setValue(0)
            self.selectAll()
            return
        super().stepBy(steps)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers == Qt.KeyboardModifier.NoModifier and event.key() in (
            Qt.Key.Key_Delete,
            Qt.Key.Key_Backspace,
        ):
            edit = self.lineEdit()
            if edit.selectedText() == edit.text() or len(edit.text()) <= 1:
                self.setValue(NO_SCORE)
                self.selectAll()
                event.accept()
                return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.selectAll()
