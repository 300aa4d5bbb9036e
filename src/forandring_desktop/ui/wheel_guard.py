"""The mouse wheel scrolls the page; it never changes a value the user did not pick.

A combo box, spin box (date edits too) or slider under the pointer takes a wheel event
whether or not it has the focus, so scrolling a long page past one silently changed an
answer ("Realistisk" Ja → Usikker). One application-wide rule, installed when the app
starts (``ui/app.py``):

* such a widget gets ``Qt.StrongFocus`` instead of ``Qt.WheelFocus`` (when it is polished),
  so a wheel does not give it the focus either;
* a wheel event over it while it has no focus goes to its parents instead, so the scroll
  area around it scrolls as if the widget were not there. With the focus it works as usual.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

from forandring_desktop.ui.app_events import app_events

_WATCHED = (QEvent.Type.Wheel, QEvent.Type.Polish)


def is_guarded(widget: QObject) -> bool:
    """A widget whose value a wheel changes (a scroll bar is there to scroll: not guarded)."""
    if isinstance(widget, QScrollBar):
        return False
    return isinstance(widget, QComboBox | QAbstractSpinBox | QAbstractSlider)


class WheelGuard(QObject):
    """The rule above, as handlers of the application's event hub (``ui/app_events.py``)."""

    def on_event(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QWidget) or not is_guarded(watched):
            return False
        if event.type() == QEvent.Type.Polish:
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if watched.hasFocus() or not isinstance(event, QWheelEvent):
            return False
        self._pass_to_parents(watched, event)
        event.accept()  # Qt itself must not pass it on as well: the page would scroll twice
        return True

    def _pass_to_parents(self, widget: QWidget, event: QWheelEvent) -> None:
        # Qt passes an ignored wheel event up only when it came from the window system;
        # doing it here treats both kinds alike (and lets tests send real events).
        child = widget
        parent = widget.parentWidget()
        while parent is not None:
            if child.isWindow() or child.testAttribute(Qt.WidgetAttribute.WA_NoMousePropagation):
                return
            forwarded = QWheelEvent(
                child.mapToParent(event.position()),
                event.globalPosition(),
                event.pixelDelta(),
                event.angleDelta(),
                event.buttons(),
                event.modifiers(),
                event.phase(),
                event.inverted(),
                event.source(),
            )
            forwarded.ignore()
            QApplication.sendEvent(parent, forwarded)
            if forwarded.isAccepted():
                return
            event = forwarded
            child, parent = parent, parent.parentWidget()


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """The application's wheel guard (installed once)."""
    existing = app.findChild(WheelGuard)
    if isinstance(existing, WheelGuard):
        return existing
    guard = WheelGuard(app)
    hub = app_events()
    if hub is not None:
        hub.watch(_WATCHED, guard.on_event, owner=guard)
    return guard
