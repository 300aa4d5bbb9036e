"""Roles for whole-organisation copies in the app (issue 20): the plain JSON export is for
administrators (disabled for a staff member, with a tooltip saying why, and the service's
refusal shown if it is reached anyway); a manual encrypted backup is for everyone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from forandring_desktop.model.staff import Role
from forandring_desktop.services.files import open_organisation
from forandring_desktop.services.staff import add_staff
from forandring_desktop.ui import file_menu
from forandring_desktop.ui.main_window import MainWindow

BO_PW = "bo-kode-123"


@pytest.fixture
def staff_window(qtbot: QtBot, demo_path: Path, passphrase: str) -> MainWindow:
    """The demo file open as the staff member Bo."""
    with open_organisation(demo_path, passphrase) as admin:
        add_staff(admin, "Bo", BO_PW, Role.STAFF)
    window = MainWindow(open_organisation(demo_path, BO_PW))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.store.actor.role is Role.STAFF
    return window


def _shown_messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def record_text(box: QMessageBox) -> int:
        shown.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record_text)
    return shown


def test_the_export_is_disabled_for_a_staff_member_with_the_reason(
    staff_window: MainWindow, window: MainWindow
) -> None:
    action = staff_window.export_action
    assert not action.isEnabled()
    assert action.toolTip().startswith("Kun en administrator kan eksportere hele organisationen")
    assert "sikkerhedskopi" in action.toolTip()
    # an administrator has it, with the technical word in the tooltip
    assert window.export_action.isEnabled()
    assert window.export_action.toolTip().startswith("Eksportér som JSON")
    # a manual backup is for everyone
    assert staff_window.backups.backup_now_action.isEnabled()


def test_a_staff_member_reaching_the_export_anyway_is_told_and_nothing_is_written(
    staff_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "eksport.json"
    shown = _shown_messages(monkeypatch)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    staff_window.export_json()
    assert len(shown) == 1
    assert shown[0].startswith("Kun en administrator kan eksportere hele organisationen")
    assert not target.exists()
    # past the window's own check, the service refuses, and the window shows that too
    monkeypatch.setattr(file_menu, "require_admin", lambda *a, **k: None)
    staff_window.export_json()
    assert len(shown) == 2
    assert "Kun en administrator kan eksportere" in shown[1]
    assert not list(tmp_path.glob("*.json"))


def test_unlocking_as_another_member_changes_the_export_action(
    qtbot: QtBot, window: MainWindow, passphrase: str
) -> None:
    """The action follows the one working now: an administrator locks, Bo unlocks."""
    add_staff(window.store, "Bo", BO_PW, Role.STAFF)
    assert window.export_action.isEnabled()
    window.lock.lock(another_member=True)
    assert not window.export_action.isEnabled()
    assert window.lock.try_unlock(BO_PW, another=True)
    assert window.store.actor.name == "Bo"
    assert not window.export_action.isEnabled()
    assert window.export_action.toolTip().startswith("Kun en administrator")
