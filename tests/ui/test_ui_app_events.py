"""The application's one event filter: handlers by event type, stopped by their owner."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from forandring_desktop.ui.app_events import app_events


def test_a_handler_sees_its_event_types_until_stopped(qtbot: QtBot) -> None:
    hub = app_events()
    assert hub is not None
    assert app_events() is hub  # installed once
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    owner = QObject()
    seen: list[QEvent.Type] = []

    def record(watched: QObject, event: QEvent) -> bool:
        if watched is field:
            seen.append(event.type())
        return False

    stop = hub.watch([QEvent.Type.KeyPress], record, owner=owner)
    qtbot.keyClick(field, Qt.Key.Key_A)
    assert seen == [QEvent.Type.KeyPress]  # the release and the rest are not its business
    stop()
    qtbot.keyClick(field, Qt.Key.Key_B)
    assert seen == [QEvent.Type.KeyPress]
    assert field.text() == "ab"


def test_a_handler_can_swallow_input_and_goes_with_its_owner(qtbot: QtBot) -> None:
    hub = app_events()
    assert hub is not None
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    owner = QObject()
    hub.watch([QEvent.Type.KeyPress], lambda _w, _e: True, owner=owner)
    qtbot.keyClicks(field, "nej")
    assert field.text() == ""
    owner.deleteLater()
    qtbot.waitUntil(lambda: _typed(qtbot, field) == "ja", timeout=2000)


def _typed(qtbot: QtBot, field: QLineEdit) -> str:
    field.clear()
    qtbot.keyClicks(field, "ja")
    return field.text()
