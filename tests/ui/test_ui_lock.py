"""Auto-lock: idle time hides every piece of data until a staff member's passphrase is typed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from forandring_desktop.model.staff import Role
from forandring_desktop.services.staff import add_staff
from forandring_desktop.ui.lock import (
    DEFAULT_LOCK_MINUTES,
    LockScreen,
    LockSettingsDialog,
    lock_minutes,
    set_lock_minutes,
)
from forandring_desktop.ui.main_window import MainWindow

SECRET = "Søren Særligtnavn"


def _locked_by_idle(window: MainWindow, qtbot: QtBot) -> None:
    window.lock.set_timeout(50)
    with qtbot.waitSignal(window.lock.locked, timeout=5000):
        pass
    assert window.lock.is_locked


def _unlock(screen: LockScreen, qtbot: QtBot, passphrase: str) -> None:
    screen.passphrase_edit.setText(passphrase)
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)


def _visible_data_widgets(window: MainWindow) -> list[QWidget]:
    """Visible widgets that are not the lock screen, the menu bar or the status bar."""
    allowed = (window.lock.screen, window.menuBar(), window.statusBar())
    out = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow():
            continue
        if any(widget is a or a.isAncestorOf(widget) for a in allowed):
            continue
        if widget is window.body:
            continue
        out.append(widget)
    return out


def test_idle_time_locks_and_hides_the_data(window: MainWindow, qtbot: QtBot) -> None:
    assert _visible_data_widgets(window)  # the pages show data before
    _locked_by_idle(window, qtbot)
    assert not window.splitter.isVisible()
    assert not any(page.isVisible() for page in window.pages.values())
    assert _visible_data_widgets(window) == []
    assert window.lock.screen.isVisible()
    assert not window.menuBar().isEnabled()
    assert not window.export_action.isEnabled()
    assert not window.new_action.isEnabled()
    assert not window.staff_action.isEnabled()


def test_a_wrong_passphrase_keeps_it_locked_and_the_right_one_unlocks(
    window: MainWindow, qtbot: QtBot, passphrase: str
) -> None:
    window.show_page("participants")
    _locked_by_idle(window, qtbot)
    screen = window.lock.screen
    window.lock.set_timeout(60_000)  # no second lock while the test types
    _unlock(screen, qtbot, "forkert-kode")
    assert window.lock.is_locked
    assert not window.splitter.isVisible()
    assert "Forkert adgangskode" in screen.error_label.message()
    assert screen.passphrase_edit.text() == ""

    with qtbot.waitSignal(window.lock.unlocked) as unlocked:
        _unlock(screen, qtbot, passphrase)
    assert unlocked.args[0].name == "Administrator"
    assert not window.lock.is_locked
    assert window.splitter.isVisible()
    assert window.current_page() is window.pages["participants"]  # where you left off
    assert window.menuBar().isEnabled()
    assert window.export_action.isEnabled()


def test_another_staff_member_unlocks_and_works_as_themselves(
    window: MainWindow, qtbot: QtBot
) -> None:
    add_staff(window.store, "Bo", "bo-kode-123", Role.STAFF)
    assert "Administrator" in window.actor_label.text()
    assert window.recovery_key_action.isEnabled()
    window.undo_stack.push(QUndoCommand("en ændring"))
    window.lock_action.trigger()
    assert window.lock.is_locked
    _unlock(window.lock.screen, qtbot, "bo-kode-123")
    assert not window.lock.is_locked
    assert window.store.actor.name == "Bo"
    assert window.actor_label.text() == "Logget ind som Bo (medarbejder)"
    assert window.undo_stack.count() == 0  # Bo cannot undo the administrator's edits
    assert not window.recovery_key_action.isEnabled()  # administrators only


def test_open_dialogs_are_covered_and_keep_what_was_typed(
    window: MainWindow, qtbot: QtBot, passphrase: str
) -> None:
    dialog = QDialog(window)
    layout = QVBoxLayout(dialog)
    edit = QLineEdit(SECRET, dialog)
    layout.addWidget(edit)
    dialog.show()
    qtbot.waitExposed(dialog)
    window.lock.lock()
    assert dialog.isVisible()
    assert not edit.isVisible()  # the data in the dialog is hidden ...
    cover_screens = [s for s in dialog.findChildren(LockScreen) if s.isVisible()]
    assert len(cover_screens) == 1

    late = QDialog(window)  # a window that opens while locked is covered too
    label = QLabel(SECRET, late)
    QVBoxLayout(late).addWidget(label)
    late.show()
    qtbot.waitUntil(lambda: not label.isVisible())

    _unlock(cover_screens[0], qtbot, passphrase)  # a modal dialog's cover can unlock
    assert not window.lock.is_locked
    assert edit.isVisible()
    assert edit.text() == SECRET  # ... and nothing typed was lost
    assert label.isVisible()
    assert not [s for s in dialog.findChildren(LockScreen) if s.isVisible()]


def test_input_restarts_the_idle_timer(window: MainWindow, qtbot: QtBot) -> None:
    watcher = window.lock.watcher
    window.lock.set_timeout(60_000)
    watcher._timer.stop()
    assert not watcher.is_running()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert watcher.is_running()
    watcher._timer.stop()
    qtbot.mouseMove(window.nav)
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton)
    assert watcher.is_running()


def test_the_idle_time_is_a_setting_and_zero_never_locks(
    make_window: Callable[..., MainWindow], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert lock_minutes() == DEFAULT_LOCK_MINUTES == 10
    window = make_window()
    assert window.lock.watcher.interval() == 10 * 60_000

    def exec_(dialog: LockSettingsDialog) -> int:
        assert dialog.minutes() == 10
        dialog.minutes_spin.setValue(0)
        assert dialog.minutes_spin.text() == "Aldrig"
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(LockSettingsDialog, "exec", exec_)
    window.lock_settings_action.trigger()
    assert lock_minutes() == 0
    assert not window.lock.watcher.enabled
    assert not window.lock.watcher.is_running()
    set_lock_minutes(5)
    assert make_window().lock.watcher.interval() == 5 * 60_000


def test_a_closed_window_stops_watching(window: MainWindow) -> None:
    window.lock.set_timeout(50)
    window.close()
    assert not window.lock.watcher.is_running()
    assert not window.lock.watcher.enabled
