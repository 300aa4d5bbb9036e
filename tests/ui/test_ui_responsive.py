"""Nothing a person starts holds the window: unlocking and opening a file (key derivation),
export, import and the status figures run in the background while the window answers.

Each test makes the step cost what it costs on a big organisation (real Argon2id, or real
CPU work added to the service call) and fails if the event loop stood still for longer than
the threshold of ``responsive``: run on the GUI thread, the step would block it for all of
that time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from forandring_desktop.model import OrganisationDocument, to_json
from forandring_desktop.services.exchange import export_to_file, read_document
from forandring_desktop.services.files import create_from_document
from forandring_desktop.services.participants import list_participants
from forandring_desktop.services.status import compute_status
from forandring_desktop.storage import Store
from forandring_desktop.ui import file_menu
from forandring_desktop.ui.dialogs import NewOrganisationDialog
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.opening import open_existing
from forandring_desktop.ui.pages import status as status_module
from forandring_desktop.ui.pages.status import StatusPage

from .responsive import busy_for, responsive

SLOW = 0.3  # seconds: what the step costs on a big organisation


def slowed(function: Callable[..., Any]) -> Callable[..., Any]:
    def slow(*args: Any, **kwargs: Any) -> Any:
        busy_for(SLOW)
        return function(*args, **kwargs)

    return slow


def test_the_check_fails_when_the_gui_thread_is_busy(qtbot: QtBot) -> None:
    def work_on_the_gui_thread() -> None:
        with responsive() as gaps:
            qtbot.waitUntil(lambda: gaps.ticks > 2)
            busy_for(SLOW)  # the window cannot answer meanwhile

    with pytest.raises(AssertionError, match="kept busy"):
        work_on_the_gui_thread()
    with responsive() as gaps:  # and passes when the loop runs
        qtbot.waitUntil(lambda: gaps.ticks > 10)


@pytest.mark.real_kdf
def test_unlocking_with_a_real_key_derivation_keeps_the_window_answering(
    window: MainWindow, qtbot: QtBot, passphrase: str
) -> None:
    window.lock_action.trigger()
    screen = window.lock.screen
    screen.passphrase_edit.setText(passphrase)
    with responsive(), qtbot.waitSignal(window.lock.unlocked, timeout=10_000):
        qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not window.lock.is_locked


@pytest.mark.real_kdf
def test_opening_a_file_with_a_real_key_derivation_keeps_the_window_answering(
    demo_path: Path, passphrase: str
) -> None:
    with responsive():
        store = open_existing(None, demo_path, passphrase)
    assert isinstance(store, Store)
    try:
        assert list_participants(store)
    finally:
        store.close()


def test_export_keeps_the_window_answering(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "eksport.json"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(file_menu, "export_to_file", slowed(export_to_file))
    with responsive():
        window.export_json()
    assert read_document(target).organisation.name == "iGangiGen"
    assert window.statusBar().currentMessage() == "Eksporteret til eksport.json"


def test_import_keeps_the_window_answering(
    window: MainWindow,
    tmp_path: Path,
    demo_doc: OrganisationDocument,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = tmp_path / "eksport.json"
    source.write_text(to_json(demo_doc), encoding="utf-8")
    new_file = tmp_path / "importeret.forandring"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    monkeypatch.setattr(MainWindow, "_ask_new_file", lambda *a: new_file)
    monkeypatch.setattr(file_menu, "read_document", slowed(read_document))
    monkeypatch.setattr(file_menu, "create_from_document", slowed(create_from_document))
    monkeypatch.setattr(MainWindow, "offer_recovery_key", lambda self: None)

    def fill_and_accept(dialog: NewOrganisationDialog) -> QDialog.DialogCode:
        dialog.passphrase_edit.setText("en-lang-adgangskode")
        dialog.repeat_edit.setText("en-lang-adgangskode")
        dialog.accept()  # creates the file (in the background)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewOrganisationDialog, "exec", fill_and_accept)
    # Showing the imported file rebuilds every page on the GUI thread in one go: ~30 ms on a
    # quiet machine, up to ~85 ms late in a full run (a known limit: the pages should load
    # one per event-loop turn). The bound still fails when reading or creating (300 ms
    # each here) runs on the GUI thread.
    with responsive(max_work_ms=150.0):
        window.import_json()
    assert window.store.path == new_file
    assert len(list_participants(window.store)) == len(demo_doc.participants)


def test_the_status_figures_keep_the_window_answering(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(status_module, "compute_status", slowed(compute_status))
    page = window.pages["status"]
    assert isinstance(page, StatusPage)
    with responsive(), qtbot.waitSignal(page.computed, timeout=10_000) as computed:
        window.show_page("status")
    assert computed.args[0] is not None
    assert page.figures is computed.args[0]
    assert page.participants_value.text().startswith("15 (")
