"""A warning whenever something that looks like a CPR number is typed into any text field.

Installed once on the application (``configure_application``), it watches every line edit
and text box: no page has to remember to check. It warns; it does not block typing (the
person may be halfway through a phone number), so the warning repeats until the number is
gone.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Signal
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from forandring_desktop.model.cpr import cpr_warning
from forandring_desktop.ui.app_events import app_events

_WATCHED = (QEvent.Type.KeyRelease, QEvent.Type.FocusOut, QEvent.Type.InputMethod)


def _text_of(widget: QObject) -> str | None:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    return None


class CprGuard(QObject):
    """Emits ``warned(widget, message)`` and shows the message by the field."""

    warned = Signal(QWidget, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.last_warning: str | None = None
        self._warned_text: dict[int, str] = {}

    def on_event(self, watched: QObject, event: QEvent) -> bool:
        text = _text_of(watched)
        if text is not None and isinstance(watched, QWidget):
            self.check(watched, text)
        return False

    def check(self, widget: QWidget, text: str) -> str | None:
        message = cpr_warning(text)
        key = id(widget)
        if message is None:
            self._warned_text.pop(key, None)
            return None
        if self._warned_text.get(key) == text:
            return message  # already told for this exact text
        self._warned_text[key] = text
        self.last_warning = message
        QToolTip.showText(widget.mapToGlobal(QPoint(0, widget.height())), message, widget)
        self.warned.emit(widget, message)
        return message


def install_cpr_guard(app: QApplication) -> CprGuard:
    """The application's guard (installed once)."""
    existing = app.findChild(CprGuard)
    if isinstance(existing, CprGuard):
        return existing
    guard = CprGuard(app)
    hub = app_events()
    if hub is not None:
        hub.watch(_WATCHED, guard.on_event, owner=guard)
    return guard
