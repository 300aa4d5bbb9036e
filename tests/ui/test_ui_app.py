"""Starting the app: open an existing file, ask for the passphrase, or create a new one."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from forandring_desktop.services.files import default_db_path
from forandring_desktop.services.organisation import get_organisation
from forandring_desktop.storage import Store
from forandring_desktop.storage.errors import WrongPassphraseError
from forandring_desktop.ui import app as app_module
from forandring_desktop.ui.app import configure_application, run_app
from forandring_desktop.ui.dialogs import NewOrganisationDialog, PassphraseDialog
from forandring_desktop.ui.opening import open_or_create

from .helpers import answer_dialogs, answer_passphrase, fill_new_organisation


def _never(_dialog: QDialog) -> int:
    pytest.fail("no dialog expected")


def test_configure_application(qapp: QApplication) -> None:
    configure_application(qapp)
    assert qapp.organizationName() == "Forandring"
    assert qapp.applicationName() == "Forandring Desktop"
    assert QLocale().language() == QLocale.Language.Danish


def test_existing_file_with_the_right_passphrase_opens_without_asking(
    demo_path: Path, passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PassphraseDialog, "exec", _never)
    store = open_or_create(None, demo_path, passphrase)
    assert store is not None
    try:
        assert get_organisation(store).name == "iGangiGen"
    finally:
        store.close()


def test_wrong_passphrase_asks_and_says_why(
    demo_path: Path, passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = answer_passphrase(monkeypatch, passphrase)
    store = open_or_create(None, demo_path, "forkert")
    assert store is not None
    store.close()
    assert seen == [str(WrongPassphraseError())]


def test_no_passphrase_asks_and_cancel_gives_none(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []

    def answer(dialog: PassphraseDialog) -> None:
        asked.append(True)
        dialog.reject()

    answer_dialogs(monkeypatch, PassphraseDialog, answer)
    assert open_or_create(None, demo_path) is None
    assert asked == [True]


def test_missing_file_is_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mappe" / "ny.forandring"
    monkeypatch.setattr(PassphraseDialog, "exec", _never)
    answer_dialogs(
        monkeypatch,
        NewOrganisationDialog,
        lambda dialog: fill_new_organisation(dialog, "hemmelig-kode", name="Café Grøn"),
    )
    store = open_or_create(None, path, "ignoreret")
    assert store is not None
    store.close()
    assert path.exists()
    reopened = Store.open(path, "hemmelig-kode")
    try:
        assert get_organisation(reopened).name == "Café Grøn"
    finally:
        reopened.close()


def test_missing_file_cancelled_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ny.forandring"
    monkeypatch.setattr(NewOrganisationDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    assert open_or_create(None, path) is None
    assert not path.exists()


def test_run_app_shows_the_window_and_returns_zero(
    qtbot: QtBot, demo_path: Path, passphrase: str
) -> None:
    titles: list[str] = []

    def close_all() -> None:
        # The file opens in the background first: wait for the window, then close it.
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        if not any(w.objectName() == "MainWindow" for w in shown):
            QTimer.singleShot(10, close_all)
            return
        titles.extend(w.windowTitle() for w in shown)
        QApplication.closeAllWindows()

    hook = sys.excepthook
    QTimer.singleShot(0, close_all)
    assert run_app(demo_path, passphrase) == 0
    assert "iGangiGen – Forandring Desktop" in titles
    assert sys.excepthook is hook  # restored


def test_run_app_returns_one_when_cancelled(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "open_or_create", lambda *a: None)
    assert run_app(demo_path) == 1


def test_run_app_uses_the_default_path(monkeypatch: pytest.MonkeyPatch) -> None:
    paths: list[Path] = []
    monkeypatch.setattr(app_module, "open_or_create", lambda _p, path, _pw: paths.append(path))
    run_app(None)
    assert paths == [default_db_path()]
    assert paths[0].parent == Path(os.environ["FORANDRING_DATA_DIR"])  # conftest's private dir
