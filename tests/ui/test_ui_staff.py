"""Staff in the UI: the staff dialog, passphrases, the recovery key, "remember on this
computer" and who is logged in."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import keyring.backends.fail
import keyring.core
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
)
from pytestqt.qtbot import QtBot

from forandring_desktop.model.staff import Role
from forandring_desktop.services import remember
from forandring_desktop.services.files import create_organisation, open_organisation
from forandring_desktop.services.organisation import get_organisation
from forandring_desktop.services.staff import add_staff, list_staff, new_recovery_key
from forandring_desktop.storage import Store, WrongPassphraseError
from forandring_desktop.ui.dialogs import NewOrganisationDialog, PassphraseDialog, is_remembered
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.opening import open_existing
from forandring_desktop.ui.recovery import RecoverDialog, RecoveryKeyDialog
from forandring_desktop.ui.staff import (
    AddStaffDialog,
    ChangePassphraseDialog,
    StaffDialog,
)

from .helpers import answer_dialogs, answer_passphrase, fill_new_organisation

KEY_PATTERN = r"([0-9A-Z]{5}-){7}[0-9A-Z]{5}"


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.items:
            raise keyring.errors.PasswordDeleteError("not there")
        del self.items[(service, username)]


KeyringBackend._classes.discard(MemoryKeyring)


@pytest.fixture
def fake_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    fake = MemoryKeyring()
    monkeypatch.setattr(keyring.core, "_keyring_backend", fake)
    return fake


def _never(*_args: object) -> int:
    pytest.fail("no dialog expected")


def _cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None, f"no cell at {row}, {column}"
    return item.text()


# --- Who is working -------------------------------------------------------------------------


def test_the_status_bar_says_who_is_logged_in(window: MainWindow) -> None:
    assert window.actor_label.text() == "Logget ind som Administrator (administrator)"
    assert window.actor_label.isVisible()
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    staff_menu = menus["&Medarbejdere"]
    assert isinstance(staff_menu, QMenu)
    texts = [a.text() for a in staff_menu.actions() if not a.isSeparator()]
    assert texts[:3] == ["&Medarbejdere…", "&Skift din adgangskode…", "Ny &gendannelsesnøgle…"]
    assert "&Lås nu" in texts


def test_a_new_organisation_asks_for_the_administrators_name(
    qtbot: QtBot, tmp_path: Path, closing: list[Store]
) -> None:
    path = tmp_path / "ny.forandring"
    dialog = NewOrganisationDialog(
        None,
        path,
        create=lambda name, pw, admin: create_organisation(path, pw, name, admin_name=admin),
    )
    qtbot.addWidget(dialog)
    assert dialog.admin_name_edit.placeholderText() == "Administrator"
    dialog.name_edit.setText("Forening")
    dialog.admin_name_edit.setText("  Anna Jensen ")
    dialog.passphrase_edit.setText("hemmelig-kode")
    dialog.repeat_edit.setText("hemmelig-kode")
    dialog.accept()
    assert dialog.store is not None
    closing.append(dialog.store)
    assert dialog.store.actor.name == "Anna Jensen"
    assert dialog.store.actor.role is Role.ADMIN


# --- The staff dialog -----------------------------------------------------------------------


def test_an_administrator_adds_and_removes_staff(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, closing: list[Store]
) -> None:
    dialog = StaffDialog(window, window.store)
    qtbot.addWidget(dialog)
    assert [m.name for m in dialog.members()] == ["Administrator"]
    assert _cell(dialog.table, 0, 0) == "Administrator (dig)"
    assert dialog.add_button.isEnabled()
    assert not dialog.remove_button.isEnabled()  # nothing chosen yet

    def add_exec(add: AddStaffDialog) -> int:
        assert not add.ok_button.isEnabled()
        add.name_edit.setText("Bo")
        add.new_edit.setText("bo-kode-123")
        add.repeat_edit.setText("bo-kode-12")
        assert not add.ok_button.isEnabled()
        assert "ikke ens" in add.message_label.message()
        add.repeat_edit.setText("bo-kode-123")
        assert add.ok_button.isEnabled()
        add.accept()
        return add.result()

    monkeypatch.setattr(AddStaffDialog, "exec", add_exec)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert [m.name for m in dialog.members()] == ["Administrator", "Bo"]
    assert _cell(dialog.table, 1, 1) == "Medarbejder"
    bo = open_organisation(window.store.path, "bo-kode-123")
    closing.append(bo)
    assert bo.actor.name == "Bo"

    dialog.select(dialog.members()[1].staff_id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert [m.name for m in dialog.members()] == ["Administrator"]
    with pytest.raises(WrongPassphraseError):
        open_organisation(window.store.path, "bo-kode-123")

    dialog.select(dialog.members()[0].staff_id)  # the last administrator stays
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert "mindst én administrator" in dialog.message_label.message()
    assert len(dialog.members()) == 1


@pytest.fixture
def staff_bo(demo_path: Path, passphrase: str, closing: list[Store]) -> str:
    """The administrator adds the staff member Bo to the demo file; returns Bo's passphrase."""
    admin = open_organisation(demo_path, passphrase)
    closing.append(admin)
    add_staff(admin, "Bo", "bo-kode-123")
    return "bo-kode-123"


def test_a_staff_member_sees_the_list_but_cannot_change_it(
    qtbot: QtBot, demo_path: Path, staff_bo: str, closing: list[Store]
) -> None:
    bo = open_organisation(demo_path, staff_bo)
    closing.append(bo)
    dialog = StaffDialog(None, bo)
    qtbot.addWidget(dialog)
    dialog.select(dialog.members()[0].staff_id)
    assert [m.name for m in dialog.members()] == ["Administrator", "Bo"]
    assert not dialog.add_button.isEnabled()
    assert not dialog.remove_button.isEnabled()
    assert not dialog.reset_button.isEnabled()
    assert "Kun en administrator" in dialog.note_label.text()


def test_a_passphrase_already_in_use_is_refused_in_the_dialog(
    window: MainWindow, qtbot: QtBot, passphrase: str
) -> None:
    dialog = AddStaffDialog(window, window.store)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("Bo")
    dialog.new_edit.setText(passphrase)
    dialog.repeat_edit.setText(passphrase)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "vælg en anden" in dialog.message_label.message()
    assert [m.name for m in list_staff(window.store)] == ["Administrator"]


def test_changing_your_own_passphrase(
    window: MainWindow, qtbot: QtBot, passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def exec_(dialog: ChangePassphraseDialog) -> int:
        dialog.old_edit.setText("forkert-kode")
        dialog.new_edit.setText("ny-adgangskode")
        dialog.repeat_edit.setText("ny-adgangskode")
        dialog.accept()
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert "nuværende adgangskode er forkert" in dialog.message_label.message()
        dialog.old_edit.setText(passphrase)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ChangePassphraseDialog, "exec", exec_)
    window.change_passphrase_action.trigger()
    assert window.statusBar().currentMessage() == "Din adgangskode er skiftet."
    path = window.store.path
    with pytest.raises(WrongPassphraseError):
        open_organisation(path, passphrase)
    open_organisation(path, "ny-adgangskode").close()


# --- The recovery key -----------------------------------------------------------------------


def test_the_recovery_key_dialog_prints_and_copies(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = "ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567-89ABC-DEFGH"
    dialog = RecoveryKeyDialog(None, key, "org.forandring")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.key_label.text() == key
    buttons = [b.text() for b in dialog.findChildren(QPushButton)]
    assert "&Udskriv…" in buttons
    assert "&Kopiér" in buttons

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == key
    QGuiApplication.clipboard().clear()

    pdf = tmp_path / "noegle.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(pdf))
    dialog.print_to(printer)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert key in dialog.document().toPlainText()
    assert "sikkert" in dialog.document().toPlainText()

    asked: list[bool] = []

    def cancel(_self: QPrintDialog) -> QDialog.DialogCode:
        asked.append(True)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintDialog, "exec", cancel)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert asked == [True]  # the print dialog was offered; cancelling prints nothing


def test_a_new_organisation_shows_its_recovery_key_once(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "ny"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    answer_dialogs(
        monkeypatch,
        NewOrganisationDialog,
        lambda dialog: fill_new_organisation(
            dialog, "hemmelig-1", name="Ny forening", admin_name="Anna"
        ),
    )
    window.new_action.trigger()
    assert window.store.actor.name == "Anna"
    assert window.actor_label.text() == "Logget ind som Anna (administrator)"
    shown = window.recovery_dialog
    assert shown is not None
    assert shown.isVisible()
    assert shown.windowModality() != Qt.WindowModality.NonModal
    assert re.fullmatch(KEY_PATTERN, shown.key)
    assert "Nøglen vises kun nu" in "\n".join(
        w.text() for w in shown.findChildren(type(shown.key_label))
    )


def test_a_staff_member_cannot_make_a_recovery_key(
    qtbot: QtBot, demo_path: Path, staff_bo: str
) -> None:
    window = MainWindow(open_organisation(demo_path, staff_bo))
    qtbot.addWidget(window)
    window.show()
    assert window.actor_label.text() == "Logget ind som Bo (medarbejder)"
    assert not window.recovery_key_action.isEnabled()


def test_recovery_from_the_passphrase_dialog(
    qtbot: QtBot,
    demo_path: Path,
    passphrase: str,
    monkeypatch: pytest.MonkeyPatch,
    closing: list[Store],
) -> None:
    with open_organisation(demo_path, passphrase) as admin:
        key = new_recovery_key(admin)

    def recover_exec(dialog: RecoverDialog) -> int:
        assert [dialog.who_combo.itemText(i) for i in range(dialog.who_combo.count())] == [
            "En ny administrator",
            "Administrator",
        ]
        dialog.key_edit.setText("AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA")
        dialog.new_edit.setText("helt-ny-kode")
        dialog.repeat_edit.setText("helt-ny-kode")
        dialog.accept()
        assert "ikke skrevet rigtigt" in dialog.message_label.message()
        dialog.key_edit.setText(key.lower())
        dialog.who_combo.setCurrentIndex(1)  # "I am the administrator who forgot"
        assert not dialog.name_edit.isEnabled()
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(RecoverDialog, "exec", recover_exec)

    def passphrase_exec(dialog: PassphraseDialog) -> int:
        assert dialog.forgot_button is not None
        qtbot.mouseClick(dialog.forgot_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(PassphraseDialog, "exec", passphrase_exec)
    store = open_existing(None, demo_path)
    assert store is not None
    closing.append(store)
    assert store.actor.name == "Administrator"
    assert get_organisation(store).name == "iGangiGen"
    with pytest.raises(WrongPassphraseError):
        open_organisation(demo_path, passphrase)
    open_organisation(demo_path, "helt-ny-kode").close()


# --- Remember on this computer --------------------------------------------------------------


def _open_remembering(
    monkeypatch: pytest.MonkeyPatch, path: Path, passphrase: str, tick: bool
) -> Store | None:
    def exec_(dialog: PassphraseDialog) -> int:
        assert dialog.remember_box.isVisibleTo(dialog)
        assert not dialog.remember_box.isChecked()  # off by default
        dialog.remember_box.setChecked(tick)
        dialog.passphrase_edit.setText(passphrase)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(PassphraseDialog, "exec", exec_)
    return open_existing(None, path)


def test_remember_on_this_computer_and_forget_again(
    qtbot: QtBot,
    demo_path: Path,
    passphrase: str,
    monkeypatch: pytest.MonkeyPatch,
    fake_keyring: MemoryKeyring,
    make_window: Callable[..., MainWindow],
) -> None:
    store = _open_remembering(monkeypatch, demo_path, passphrase, tick=False)
    assert store is not None
    store.close()
    assert fake_keyring.items == {}
    assert not is_remembered(demo_path)

    store = _open_remembering(monkeypatch, demo_path, passphrase, tick=True)
    assert store is not None
    store.close()
    assert fake_keyring.items == {(remember.SERVICE_NAME, str(demo_path.resolve())): passphrase}
    assert is_remembered(demo_path)

    monkeypatch.setattr(PassphraseDialog, "exec", _never)
    again = open_existing(None, demo_path)  # no dialog: the remembered passphrase opens it
    assert again is not None
    window = MainWindow(again)
    qtbot.addWidget(window)
    window._update_staff_actions()
    assert window.forget_action.isEnabled()
    window.forget_action.trigger()
    assert fake_keyring.items == {}
    assert not is_remembered(demo_path)
    assert not window.forget_action.isEnabled()


def test_a_stale_remembered_passphrase_is_forgotten_and_asked_for(
    demo_path: Path,
    passphrase: str,
    monkeypatch: pytest.MonkeyPatch,
    fake_keyring: MemoryKeyring,
) -> None:
    store = _open_remembering(monkeypatch, demo_path, passphrase, tick=True)
    assert store is not None
    store.close()
    fake_keyring.items[(remember.SERVICE_NAME, str(demo_path.resolve()))] = "gammel-kode"
    errors = answer_passphrase(monkeypatch, passphrase)
    store = open_existing(None, demo_path)
    assert store is not None
    store.close()
    assert "Den gemte adgangskode virker ikke længere" in errors[0]
    assert fake_keyring.items == {}
    assert not is_remembered(demo_path)


def test_without_a_keyring_the_box_explains_and_nothing_is_stored(
    qtbot: QtBot, demo_path: Path, passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyring.core, "_keyring_backend", keyring.backends.fail.Keyring())
    dialog = PassphraseDialog(
        None, demo_path, opener=lambda p: open_organisation(demo_path, p), offer_remember=True
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.remember_box.setChecked(True)
    assert not dialog.remember_box.isChecked()
    assert not dialog.remember_box.isEnabled()
    assert dialog.remember_note.isVisible()
    assert "ingen nøglering" in dialog.remember_note.text()
    dialog.passphrase_edit.setText(passphrase)
    dialog.accept()
    assert dialog.store is not None  # the file opens all the same
    dialog.store.close()
    assert not dialog.wants_remember()
    assert not is_remembered(demo_path)


def test_an_administrator_resets_a_passphrase_and_role(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, closing: list[Store]
) -> None:
    from forandring_desktop.ui.staff import ResetPassphraseDialog

    add_staff(window.store, "Bo", "bo-kode-123")
    dialog = StaffDialog(window, window.store)
    qtbot.addWidget(dialog)
    dialog.select(dialog.members()[1].staff_id)

    def exec_(reset: ResetPassphraseDialog) -> int:
        assert reset.role_combo.currentText() == "Medarbejder"
        reset.role_combo.setCurrentIndex(reset.role_combo.findText("Administrator"))
        reset.new_edit.setText("bo-ny-kode-1")
        reset.repeat_edit.setText("bo-ny-kode-1")
        reset.accept()
        return reset.result()

    monkeypatch.setattr(ResetPassphraseDialog, "exec", exec_)
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert _cell(dialog.table, 1, 1) == "Administrator"
    with pytest.raises(WrongPassphraseError):
        open_organisation(window.store.path, "bo-kode-123")
    bo = open_organisation(window.store.path, "bo-ny-kode-1")
    closing.append(bo)
    assert (bo.actor.name, bo.actor.role) == ("Bo", Role.ADMIN)
