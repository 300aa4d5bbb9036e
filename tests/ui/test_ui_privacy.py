"""The Databeskyttelse dialog and the participants page's "Indsigt…" and "Slet for altid…":
retention, the participants due for deletion, erasure with a confirmation naming the code,
insight, backup and restore into a new file, and what a staff member may not do."""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from forandring_desktop.model.staff import Actor, Role
from forandring_desktop.services.participants import list_participants
from forandring_desktop.services.privacy import (
    erased_participants,
    privacy_settings,
    set_retention_months,
)
from forandring_desktop.storage import Store
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.participants import ParticipantsPage
from forandring_desktop.ui.privacy import DueModel, PrivacyDialog

from .helpers import shown_page

LATER = datetime.date(2026, 1, 1)  # ended demo courses: past 1 month, not past 60


@pytest.fixture
def page(window: MainWindow) -> ParticipantsPage:
    return shown_page(window, "participants", ParticipantsPage)


@pytest.fixture
def dialog(qtbot: QtBot, window: MainWindow) -> PrivacyDialog:
    made = PrivacyDialog(window.workspace, window, today=lambda: LATER)
    qtbot.addWidget(made)
    return made


def answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def codes(view_model: DueModel) -> list[str]:
    found: list[str] = []
    for r in range(view_model.rowCount()):
        code = view_model.data(view_model.index(r, DueModel.CODE))
        assert isinstance(code, str)
        found.append(code)
    return found


def set_months(qtbot: QtBot, dialog: PrivacyDialog, months: int) -> None:
    dialog.months.setValue(months)
    qtbot.mouseClick(dialog.save_months, Qt.MouseButton.LeftButton)


def test_the_dialog_opens_from_the_participants_page(qtbot: QtBot, page: ParticipantsPage) -> None:
    seen: list[QWidget] = []

    def close_it() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, PrivacyDialog):
            seen.append(modal)
            modal.reject()
        else:
            QTimer.singleShot(20, close_it)

    QTimer.singleShot(0, close_it)
    menu = page.privacy_button.menu()
    assert menu is not None
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == [
        "Indsigt…",
        "Slet for altid…",
        "Databeskyttelse…",
    ]
    page.privacy_action.trigger()
    assert len(seen) == 1
    assert seen[0].windowTitle() == "Databeskyttelse"


def test_retention_and_the_list_of_participants_due(
    qtbot: QtBot, qtmodeltester: object, window: MainWindow, dialog: PrivacyDialog
) -> None:
    store = window.workspace.store
    qtmodeltester.check(dialog.due_model)  # type: ignore[attr-defined]
    assert dialog.months.value() == 60
    assert dialog.due_model.rowCount() == 0
    set_months(qtbot, dialog, 1)
    assert privacy_settings(store).retention_months == 1
    ended = sorted(r.code for r in list_participants(store) if r.end_date is not None)
    assert ended
    assert sorted(codes(dialog.due_model)) == ended
    assert str(dialog.due_model.rowCount()) in dialog.due_label.text()
    assert "1 måneder" in dialog.status.text()
    qtmodeltester.check(dialog.due_model)  # type: ignore[attr-defined]
    # Only codes: the names (personal data) are not in the list.
    shown = {
        str(dialog.due_model.data(dialog.due_model.index(r, c)))
        for r in range(dialog.due_model.rowCount())
        for c in range(dialog.due_model.columnCount())
    }
    names = {r.name for r in list_participants(store) if r.name}
    assert not shown & names


def test_erase_asks_with_the_code_and_then_removes_them_for_good(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, window: MainWindow, dialog: PrivacyDialog
) -> None:
    store = window.workspace.store
    set_months(qtbot, dialog, 1)
    dialog.due_view.selectRow(0)
    row = dialog.selected_row()
    assert row is not None
    assert dialog.erase_button.isEnabled()

    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1
    assert row.code in asked[0]
    assert row.id in {r.id for r in list_participants(store)}

    window.workspace.undo_stack.push(_noop_command())
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dialog.job_finished, timeout=20_000) as done:
        qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert row.code in done.args[0]
    assert row.id not in {r.id for r in list_participants(store)}
    assert erased_participants(store).keys() == {row.id}
    assert row.code not in codes(dialog.due_model)
    assert window.workspace.undo_stack.count() == 0  # no undo may bring them back
    page = window.pages["participants"]
    assert isinstance(page, ParticipantsPage)
    assert row.id not in {r.id for r in page.rows}


def _noop_command() -> QUndoCommand:
    return QUndoCommand("Tidligere redigering")


def test_a_staff_member_sees_the_admin_controls_disabled(
    qtbot: QtBot, window: MainWindow, page: ParticipantsPage
) -> None:
    store = window.workspace.store
    set_retention_months(store, 1)  # as the administrator: now some are due
    store.actor = Actor(uuid.uuid4(), "Mentor Mette", Role.STAFF)
    made = PrivacyDialog(window.workspace, window, today=lambda: LATER)
    qtbot.addWidget(made)
    made.due_view.selectRow(0)
    assert made.selected_row() is not None
    for button in (made.erase_button, made.insight_button, made.restore_button, made.save_months):
        assert not button.isEnabled()
    assert made.backup_button.isEnabled()
    active = next(r for r in list_participants(store) if r.is_active)  # exited: no new ones
    page.select(active.id)
    assert page.follow_up_button.isEnabled()
    assert not page.erase_action.isEnabled()
    assert not page.insight_action.isEnabled()


def test_insight_from_the_participants_page(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, page: ParticipantsPage, tmp_path: Path
) -> None:
    folder = tmp_path / "indsigt"
    folder.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder))
    )
    row = page.rows[0]
    page.select(row.id)
    assert page.insight_action.isEnabled()
    with qtbot.waitSignal(page.privacy_jobs.finished, timeout=20_000) as done:
        page.insight_action.trigger()
    assert row.code in done.args[0]
    files = sorted(folder.iterdir())
    assert [p.suffix for p in files] == [".json", ".pdf"]
    assert json.loads(files[0].read_text(encoding="utf-8"))["participant"]["id"] == str(row.id)


def test_erase_from_the_participants_page(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, window: MainWindow, page: ParticipantsPage
) -> None:
    row = page.rows[1]
    page.select(row.id)
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(page.privacy_jobs.finished, timeout=20_000):
        page.erase_action.trigger()
    assert row.code in asked[0]
    assert row.id not in {r.id for r in page.rows}
    assert row.id not in {r.id for r in list_participants(window.workspace.store)}


def test_backup_then_restore_into_a_new_file(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    window: MainWindow,
    dialog: PrivacyDialog,
    tmp_path: Path,
    passphrase: str,
    open_store: Callable[..., Store],
) -> None:
    copy = tmp_path / "kopi.forandring-backup"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(copy), ""))
    )
    with qtbot.waitSignal(dialog.job_finished, timeout=30_000) as done:
        qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert "kontrolleret" in done.args[0]
    assert copy.exists()
    assert not copy.read_bytes().startswith(b"SQLite format 3")

    restored = tmp_path / "gendannet.forandring"
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(copy), ""))
    )
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(restored), ""))
    )
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (passphrase, True)))
    with qtbot.waitSignal(dialog.job_finished, timeout=30_000) as done:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert str(restored) in done.args[0]
    again = open_store(restored)
    original = {r.code for r in list_participants(window.workspace.store)}
    assert {r.code for r in list_participants(again)} == original


def test_restore_never_overwrites_a_file_from_the_dialog(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, window: MainWindow, dialog: PrivacyDialog
) -> None:
    store = window.workspace.store
    before = store.path.read_bytes()
    warned: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(store.path), ""))
    )
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(store.path), ""))
    )
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _p, _t, text, *a: warned.append(text))
    )
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert warned
    assert "findes allerede" in warned[0]
    assert store.path.read_bytes() == before
