"""Passphrase and new-organisation dialogs, and how errors are shown."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from forandring_desktop.model import ForandringError
from forandring_desktop.services.files import create_organisation, open_organisation
from forandring_desktop.services.organisation import get_organisation
from forandring_desktop.storage import StorageError, Store
from forandring_desktop.storage.errors import WrongPassphraseError
from forandring_desktop.ui.dialogs import (
    NewOrganisationDialog,
    PassphraseDialog,
    error_box,
    show_error,
)

WRONG = str(WrongPassphraseError())


def test_passphrase_dialog_retries_after_a_wrong_passphrase(
    qtbot: QtBot, demo_path: Path, passphrase: str, closing: list[Store]
) -> None:
    dialog = PassphraseDialog(None, demo_path, opener=lambda p: open_organisation(demo_path, p))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.passphrase_edit.echoMode() == dialog.passphrase_edit.EchoMode.Password
    assert not dialog.ok_button.isEnabled()  # nothing typed yet

    qtbot.keyClicks(dialog.passphrase_edit, "forkert")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_label.isVisible()
    assert WRONG in dialog.error_label.text()
    assert "Forkert adgangskode" in dialog.error_label.text()
    assert dialog.store is None

    dialog.passphrase_edit.setText(passphrase)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.store is not None
    closing.append(dialog.store)
    assert get_organisation(dialog.store).name == "iGangiGen"


def test_passphrase_dialog_can_start_with_an_error(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = PassphraseDialog(
        None, tmp_path / "x.forandring", opener=lambda p: pytest.fail("not opened"), error=WRONG
    )
    qtbot.addWidget(dialog)
    assert dialog.error_label.message() == WRONG


def test_passphrase_dialog_names_the_app(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = PassphraseDialog(None, tmp_path / "x.forandring", opener=lambda p: pytest.fail("no"))
    qtbot.addWidget(dialog)
    assert "Forandring Desktop" in dialog.windowTitle()
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("Forandring Desktop" in text and "x.forandring" in text for text in texts)


def test_new_organisation_dialog_enables_ok_only_when_valid(qtbot: QtBot, tmp_path: Path) -> None:
    created: list[tuple[str, str, str]] = []

    def create(name: str, passphrase: str, admin_name: str) -> Store:
        created.append((name, passphrase, admin_name))
        return create_organisation(tmp_path / "ny.forandring", passphrase, name)

    dialog = NewOrganisationDialog(None, tmp_path / "ny.forandring", create=create)
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.ok_button
    assert not ok.isEnabled()
    assert not dialog.message_label.isVisible()  # an empty form does not scold

    dialog.name_edit.setText("  Café Grøn  ")  # QTest cannot type æ/ø/é
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.passphrase_edit, "kort")
    qtbot.keyClicks(dialog.repeat_edit, "kort")
    assert not ok.isEnabled()
    assert "mindst 8 tegn" in dialog.message_label.text()

    dialog.passphrase_edit.setText("hemmelig-kode")
    dialog.repeat_edit.setText("hemmelig-kod")
    assert not ok.isEnabled()
    assert "De to adgangskoder er ikke ens." in dialog.message_label.text()

    dialog.repeat_edit.setText("hemmelig-kode")
    assert ok.isEnabled()
    assert not dialog.message_label.isVisible()

    dialog.name_edit.setText("   ")
    assert not ok.isEnabled()
    assert "Skriv organisationens navn." in dialog.message_label.text()
    dialog.name_edit.setText("Café Grøn")

    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert created == [("Café Grøn", "hemmelig-kode", "Administrator")]  # the default name
    assert dialog.store is not None
    try:
        assert get_organisation(dialog.store).name == "Café Grøn"
    finally:
        dialog.store.close()


def test_new_organisation_dialog_shows_a_failure_and_stays_open(
    qtbot: QtBot, tmp_path: Path
) -> None:
    def create(name: str, passphrase: str, admin_name: str) -> Store:
        raise StorageError("Mappen findes ikke.")

    dialog = NewOrganisationDialog(None, tmp_path / "ny.forandring", create=create)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("Forening")
    dialog.passphrase_edit.setText("hemmelig-kode")
    dialog.repeat_edit.setText("hemmelig-kode")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Mappen findes ikke." in dialog.message_label.text()
    assert dialog.store is None


def test_passphrase_only_mode_hides_the_name(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = NewOrganisationDialog(
        None,
        tmp_path / "x.forandring",
        create=lambda n, p, a: pytest.fail("not created"),
        ask_name=False,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.name_edit.isVisible()
    dialog.passphrase_edit.setText("hemmelig-kode")
    dialog.repeat_edit.setText("hemmelig-kode")
    assert dialog.ok_button.isEnabled()


def test_expected_error_is_a_warning_with_the_danish_text(qtbot: QtBot) -> None:
    box = error_box(None, WrongPassphraseError())
    qtbot.addWidget(box)
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.text() == WRONG
    assert box.detailedText() == ""


def _raise(exc: Exception) -> Exception:
    try:
        raise exc
    except Exception as caught:
        return caught


def test_unexpected_error_has_details_without_personal_data(qtbot: QtBot) -> None:
    exc = _raise(ValueError("Kasper Larsen, cpr 010190-1234"))
    box = error_box(None, exc)
    qtbot.addWidget(box)
    box.show()
    assert box.icon() == QMessageBox.Icon.Critical
    details = box.detailedText()
    assert "builtins.ValueError" in details
    assert "test_ui_dialogs.py" in details  # the traceback is there
    assert "Kasper" not in details
    assert "010190" not in details
    buttons = [b.text() for b in box.findChildren(QPushButton)]
    assert any(text.startswith("Vis detaljer") for text in buttons), buttons


def test_show_error_logs_unexpected_errors_only(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    shown: list[QMessageBox.Icon] = []

    def record_icon(box: QMessageBox) -> int:
        shown.append(box.icon())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record_icon)
    with caplog.at_level(logging.ERROR):
        show_error(None, ForandringError("Disken er fuld."))
        assert not caplog.records
        show_error(None, _raise(KeyError("Natasha")))
    assert shown == [QMessageBox.Icon.Warning, QMessageBox.Icon.Critical]
    assert len(caplog.records) == 1
    assert "builtins.KeyError" in caplog.text
    assert "Natasha" not in caplog.text
