"""Small shared widgets and the Danish words for the model's enums."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QEvent, QKeyCombination, QObject, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import Answer, Colour, PersonaKind

# --- Danish words for the model's enums (colour is never the only signal) ----------------


def colour_word(colour: Colour) -> str:
    words = {
        Colour.GREEN: QCoreApplication.translate("Words", "Grøn"),
        Colour.YELLOW: QCoreApplication.translate("Words", "Gul"),
        Colour.RED: QCoreApplication.translate("Words", "Rød"),
        Colour.UNSORTED: QCoreApplication.translate("Words", "Usorteret"),
    }
    return words[colour]


COLOUR_HEX: dict[Colour, str] = {
    Colour.GREEN: "#3f9b4a",
    Colour.YELLOW: "#e5b82a",
    Colour.RED: "#c8413a",
    Colour.UNSORTED: "#b8b8b8",
}

# The guide's order: what we can do ourselves first.
COLOUR_ORDER: tuple[Colour, ...] = (Colour.GREEN, Colour.YELLOW, Colour.RED, Colour.UNSORTED)

_icons: dict[Colour, QIcon] = {}


def colour_icon(colour: Colour) -> QIcon:
    """A filled circle in the colour (always shown next to the colour's word)."""
    icon = _icons.get(colour)
    if icon is None:
        pixmap = QPixmap(16, 16)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor("#404040"))
        painter.setBrush(QColor(COLOUR_HEX[colour]))
        painter.drawEllipse(1, 1, 14, 14)
        painter.end()
        icon = QIcon(pixmap)
        _icons[colour] = icon
    return icon


def persona_kind_word(kind: PersonaKind) -> str:
    words = {
        PersonaKind.TYPICAL: QCoreApplication.translate("Words", "Typisk bruger"),
        PersonaKind.HARD: QCoreApplication.translate("Words", "Svær bruger"),
        PersonaKind.EASY: QCoreApplication.translate("Words", "Let bruger"),
    }
    return words[kind]


def answer_word(answer: Answer) -> str:
    words = {
        Answer.YES: QCoreApplication.translate("Words", "Ja"),
        Answer.NO: QCoreApplication.translate("Words", "Nej"),
        Answer.UNCERTAIN: QCoreApplication.translate("Words", "Usikker"),
        Answer.UNANSWERED: QCoreApplication.translate("Words", "Ubesvaret"),
    }
    return words[answer]


# --- Labels --------------------------------------------------------------------------------


def text_label(text: str = "", *, bold: bool = False, selectable: bool = True) -> QLabel:
    """A word-wrapped label that never interprets its text as HTML (user data is plain)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setText(text)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


def heading(text: str, *, size: float = 1.5) -> QLabel:
    label = text_label(text, bold=True, selectable=False)
    font = QFont(label.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * size)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def explained_layout(host: QWidget, explanation: str) -> QVBoxLayout:
    """A vertical layout on ``host`` that opens with a wrapped explanation, as the dialogs
    and boxes that say what they are for do."""
    layout = QVBoxLayout(host)
    layout.addWidget(text_label(explanation))
    return layout


def explained_box(
    title: str, explanation: str, parent: QWidget | None
) -> tuple[QGroupBox, QVBoxLayout]:
    """A titled group box whose vertical layout opens with a wrapped explanation."""
    box = QGroupBox(title, parent)
    return box, explained_layout(box, explanation)


def ok_cancel_buttons(dialog: QDialog) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """OK and Cancel wired to the dialog's accept and reject; each button is named for screen
    readers by its own text. Returns the box, the OK and the Cancel button."""
    ok_cancel = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    buttons = QDialogButtonBox(ok_cancel, dialog)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    ok.setAccessibleName(ok.text())
    cancel.setAccessibleName(cancel.text())
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok, cancel


# --- Filters above a list ------------------------------------------------------------------


def search_field(
    parent: QWidget,
    name: str,
    placeholder: str,
    *,
    typed: Callable[[], None],
    entered: Callable[[], None],
) -> QLineEdit:
    """A clearable search field: each keystroke calls ``typed`` (to restart a delay), Enter
    calls ``entered`` (to filter at once)."""
    field = QLineEdit(parent)
    field.setAccessibleName(name)
    field.setPlaceholderText(placeholder)
    field.setClearButtonEnabled(True)
    field.textChanged.connect(lambda _text: typed())
    field.returnPressed.connect(entered)
    return field


def filter_combo(
    parent: QWidget,
    name: str,
    changed: Callable[[], None],
    items: Iterable[tuple[str, object]] = (),
) -> QComboBox:
    """A combo box of filter choices (text, data); picking one calls ``changed``. It is
    connected after the items are in, so filling the box does not filter yet."""
    combo = QComboBox(parent)
    combo.setAccessibleName(name)
    for text, data in items:
        combo.addItem(text, data)
    combo.currentIndexChanged.connect(lambda _i: changed())
    return combo


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


class ErrorLabel(QLabel):
    """An inline error message: a warning sign and the text, hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setStyleSheet("color: #a4262c;")
        self.setAccessibleName(self.tr("Fejl"))
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(f"⚠ {message}")
        self.setAccessibleDescription(message)
        self.show()

    def clear_message(self) -> None:
        self.clear()
        self.setAccessibleDescription("")
        self.hide()

    def message(self) -> str:
        return self.accessibleDescription()


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget and sub-layout in ``layout``."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)  # gone from findChildren() at once
            widget.deleteLater()
            continue
        child = item.layout()
        if child is not None:
            clear_layout(child)


# --- One undo stack for the whole window ----------------------------------------------------


_REDO_EXTRA = QKeyCombination(
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Z
)


def is_undo_redo_key(event: QKeyEvent) -> bool:
    return (
        event.matches(QKeySequence.StandardKey.Undo)
        or event.matches(QKeySequence.StandardKey.Redo)
        or event.keyCombination() == _REDO_EXTRA
    )


class WindowUndoKeys(QObject):
    """Event filter: lets Ctrl+Z / Ctrl+Shift+Z reach the window's undo actions.

    Text widgets claim these keys for their own little undo history; in this app every edit
    is one step on the window's undo stack instead, so the widget must not take the keys.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and is_undo_redo_key(event)
        ):
            event.ignore()  # not accepted: the shortcut map gives it to the window's action
            return True
        return False


_window_undo_keys: WindowUndoKeys | None = None


def use_window_undo(widget: QWidget) -> None:
    """Route the undo/redo keys of a text widget to the window's undo stack."""
    global _window_undo_keys
    if _window_undo_keys is None:
        _window_undo_keys = WindowUndoKeys(QCoreApplication.instance())
    widget.installEventFilter(_window_undo_keys)


class PlainTextField(QPlainTextEdit):
    """A multi-line field that reports when editing ends (focus leaves), like QLineEdit."""

    editingFinished = Signal()  # noqa: N815 (Qt's own naming)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)
        use_window_undo(self)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editingFinished.emit()


def field_text(widget: QLineEdit | QPlainTextEdit) -> str:
    """The text of a one-line or a multi-line field."""
    return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()


def put_field_text(widget: QLineEdit | QPlainTextEdit, text: str) -> bool:
    """Show ``text`` in a field unless it is there already (keeps the cursor then).

    Returns whether the field changed. QLineEdit.setText does not emit textEdited, but
    QPlainTextEdit.setPlainText does emit textChanged: callers guard against that.
    """
    if field_text(widget) == text:
        return False
    if isinstance(widget, QLineEdit):
        widget.setText(text)
    else:
        widget.setPlainText(text)
    return True
