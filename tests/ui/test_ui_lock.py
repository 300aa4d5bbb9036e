"""Auto-lock: idle time hides every piece of data until a staff member's passphrase is typed."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QLabel,
    QLineEdit,
    QMenuBar,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from forandring_desktop.model.audit import AuditAction, AuditQuery
from forandring_desktop.model.staff import Role
from forandring_desktop.services import audit as audit_service
from forandring_desktop.services.staff import add_staff, remove_staff
from forandring_desktop.storage import Store
from forandring_desktop.ui.lock import (
    DEFAULT_LOCK_MINUTES,
    LockScreen,
    LockSettingsDialog,
    lock_minutes,
    set_lock_minutes,
)
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.staff import StaffDialog

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


def test_another_staff_member_logs_in_and_works_as_themselves(
    window: MainWindow, qtbot: QtBot, reopened: Store
) -> None:
    add_staff(window.store, "Bo", "bo-kode-123", Role.STAFF)
    assert "Administrator" in window.actor_label.text()
    assert window.recovery_key_action.isEnabled()
    window.undo_stack.push(QUndoCommand("en ændring"))
    window.lock_action.trigger()
    assert window.lock.is_locked
    screen = window.lock.screen
    _unlock(screen, qtbot, "bo-kode-123")  # "Lås op" is for the one who was working
    assert window.lock.is_locked
    assert window.store.actor.name == "Administrator"
    assert "Log ind som en anden medarbejder" in screen.error_label.message()

    qtbot.mouseClick(screen.switch_button, Qt.MouseButton.LeftButton)
    assert screen.another_member
    assert screen.heading.text() == "Log ind som en anden medarbejder"
    assert screen.error_label.message() == ""
    _unlock(screen, qtbot, "bo-kode-123")
    assert not window.lock.is_locked
    assert window.store.actor.name == "Bo"
    assert window.actor_label.text() == "Logget ind som Bo (medarbejder)"
    assert window.undo_stack.count() == 0  # Bo cannot undo the administrator's edits
    assert not window.recovery_key_action.isEnabled()  # administrators only
    assert not screen.another_member  # the next lock starts as "Lås op" again

    audit_service.log_search(window.store, {"tekst": "Natasha"})  # what Bo does is his
    [entry] = audit_service.list_entries(reopened, AuditQuery(action=AuditAction.SEARCH))
    assert entry.staff_name == "Bo"


def test_a_switch_closes_the_previous_members_dialogs_but_not_ones_own(
    window: MainWindow, qtbot: QtBot, passphrase: str
) -> None:
    add_staff(window.store, "Bo", "bo-kode-123", Role.STAFF)
    mine = QDialog(window)
    mine.show()
    qtbot.waitExposed(mine)
    window.lock.lock()
    screen = window.lock.screen
    screen.set_another_member(True)
    _unlock(screen, qtbot, passphrase)  # the same member, through "another": nothing closes
    assert not window.lock.is_locked
    assert mine.isVisible()

    window.lock.lock()
    screen.set_another_member(True)
    _unlock(screen, qtbot, "bo-kode-123")
    assert window.store.actor.name == "Bo"
    assert not mine.isVisible()  # not finished, or saved, in Bo's name
    assert mine.result() == QDialog.DialogCode.Rejected


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


def _fits(label: QLabel) -> bool:
    """The whole wrapped text is shown: the label is as high as its text at its width."""
    return label.width() > 0 and label.height() >= label.heightForWidth(label.width())


def _lock_labels(screen: LockScreen) -> list[QLabel]:
    return [screen.heading, screen.message]


def test_the_whole_message_shows_at_1280_by_800(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1280, 800)
    window.lock.lock()
    screen = window.lock.screen
    for another in (False, True, False):
        screen.set_another_member(another)
        for label in _lock_labels(screen):
            assert label.isVisible()
            assert label.wordWrap()
            qtbot.waitUntil(partial(_fits, label))  # once the layout has run
        assert screen.message.text().endswith(
            "gået tabt." if not another else "ikke fortrydes af dig."
        )
    assert screen.switch_button.text().replace("&", "") == "Log ind som en anden medarbejder"
    assert screen.switch_button.isVisible()
    button = screen.switch_button
    qtbot.waitUntil(lambda: button.width() >= button.sizeHint().width())


def test_a_covered_dialog_shows_the_whole_message(window: MainWindow, qtbot: QtBot) -> None:
    dialog = QDialog(window)
    QVBoxLayout(dialog).addWidget(QLabel("lille", dialog))
    dialog.show()
    qtbot.waitExposed(dialog)
    window.lock.lock()
    [cover] = [s for s in dialog.findChildren(LockScreen) if s.isVisible()]
    for label in _lock_labels(cover):
        qtbot.waitUntil(partial(_fits, label))
    assert cover.passphrase_edit.isVisible()
    qtbot.mouseClick(cover.switch_button, Qt.MouseButton.LeftButton)  # a longer message
    assert cover.another_member
    for label in _lock_labels(cover):
        qtbot.waitUntil(partial(_fits, label))
    button = cover.unlock_button
    qtbot.waitUntil(lambda: button.mapTo(dialog, button.rect().bottomLeft()).y() < dialog.height())


def _visible_texts(widget: QWidget) -> list[str]:
    """Every text a person can read on ``widget`` and its visible children."""
    texts = [widget.windowTitle()]
    for child in [widget, *widget.findChildren(QWidget)]:
        if not child.isVisible():
            continue
        texts += [child.toolTip(), child.accessibleName()]
        if isinstance(child, QLabel | QAbstractButton):
            texts.append(child.text())
        elif isinstance(child, QLineEdit):
            texts += [child.text(), child.placeholderText()]
        elif isinstance(child, QStatusBar):
            texts.append(child.currentMessage())
        elif isinstance(child, QMenuBar):
            texts += [a.text() for a in child.actions()]
    return texts


def test_nobody_is_named_while_locked(window: MainWindow, qtbot: QtBot) -> None:
    add_staff(window.store, SECRET, "soeren-kode-1", Role.ADMIN)
    window.lock.lock()
    window.lock.screen.set_another_member(True)
    _unlock(window.lock.screen, qtbot, "soeren-kode-1")
    assert window.store.actor.name == SECRET
    dialog = QDialog(window)
    QVBoxLayout(dialog).addWidget(QLabel("en dialog", dialog))
    dialog.show()
    qtbot.waitExposed(dialog)
    shown = "\n".join(_visible_texts(window))
    assert "Særligtnavn" in shown  # the status bar names who works, while unlocked

    _locked_by_idle(window, qtbot)
    for screen_is_switching in (False, True):
        window.lock.screen.set_another_member(screen_is_switching)
        for top in (window, dialog):
            shown = "\n".join(_visible_texts(top))
            assert "Søren" not in shown
            assert "Særligtnavn" not in shown
    assert window.actor_label.text() == "Låst"
    assert window.statusBar().currentMessage() == ""


def test_removing_yourself_locks_for_another_member(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_staff(window.store, "Eva", "eva-kode-123", Role.ADMIN)

    def exec_(dialog: StaffDialog) -> int:
        remove_staff(window.store, window.store.actor.staff_id)  # the administrator leaves
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(StaffDialog, "exec", exec_)
    window.manage_staff()
    assert window.lock.is_locked
    screen = window.lock.screen
    assert screen.another_member  # "Lås op" could never work again
    _unlock(screen, qtbot, "eva-kode-123")
    assert window.store.actor.name == "Eva"
