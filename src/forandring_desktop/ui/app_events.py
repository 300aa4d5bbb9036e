"""The application's one event filter, shared by everything that watches all events.

An event filter on the application is called for every event to every object. From Python
each call costs several microseconds (the event and the object are wrapped), and a modal
dialog opening or closing sends an event to each of the main window's ~1,300 widgets: with
the CPR guard, the idle watcher and the input blocker each filtering on its own, closing a
dialog kept the window busy for ~50 ms. One filter that looks the event's type up once and
calls only the handlers for that type costs a third of that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt

# A handler gets the watched object and the event; True stops the event (as a filter does).
Handler = Callable[[QObject, QEvent], bool]


class AppEvents(QObject):
    """Handlers by event type, called from the application's event filter."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._handlers: dict[QEvent.Type, tuple[Handler, ...]] = {}

    def watch(
        self, types: Iterable[QEvent.Type], handler: Handler, *, owner: QObject
    ) -> Callable[[], None]:
        """Call ``handler`` for events of ``types`` until ``owner`` is destroyed (as Qt
        drops a filter object's filter); returns the function that stops it sooner."""
        kinds = tuple(types)
        for kind in kinds:
            self._handlers[kind] = (*self._handlers.get(kind, ()), handler)

        def unwatch() -> None:
            for kind in kinds:
                left = tuple(h for h in self._handlers.get(kind, ()) if h is not handler)
                if left:
                    self._handlers[kind] = left
                else:
                    self._handlers.pop(kind, None)

        owner.destroyed.connect(unwatch)
        return unwatch

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        handlers = self._handlers.get(event.type())
        if handlers:
            for handler in handlers:
                if handler(watched, event):
                    return True
        return False


def app_events() -> AppEvents | None:
    """The application's hub, installed on first use (None without an application)."""
    app = QCoreApplication.instance()
    if app is None:
        return None
    existing = app.findChild(AppEvents, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if isinstance(existing, AppEvents):
        return existing
    hub = AppEvents(app)
    app.installEventFilter(hub)
    return hub
