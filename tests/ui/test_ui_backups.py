"""Sikkerhedskopier in the app (ui/backups.py): automatic backups at open and close with a
status-bar line that says when the last one succeeded or that it failed, the settings
dialog, restore from the list, the damaged-file dialog with its restore button, and "Skift
datanøgle". Real widgets, offscreen; what was stored is checked on disk."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from forandring_desktop.model.staff import Role
from forandring_desktop.services import auto_backup as ab
from forandring_desktop.services.files import open_organisation
from forandring_desktop.services.organisation import get_organisation, update_organisation
from forandring_desktop.services.staff import add_staff
from forandring_desktop.storage import FileDamagedError, KeysFileMismatchError, Store, keys_path
from forandring_desktop.ui.backup_settings import BackupSettingsDialog
from forandring_desktop.ui.backup_status import describe_status
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.opening import open_existing
from forandring_desktop.ui.restore import DamagedFileDialog, RestoreDialog, damage_aware

PASSPHRASE = "demo-adgangskode"


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now


def _backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.forandring-backup"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    place = tmp_path / "usb-disk"
    place.mkdir()
    return place


def test_until_a_folder_is_chosen_the_status_bar_warns(window: MainWindow) -> None:
    label = window.backups.label
    assert "Ingen automatisk sikkerhedskopi" in label.text()
    assert label.warning  # shown in bold red, with ⚠ and words, not colour alone
    assert label.text().startswith("⚠")
    assert not ab.is_due(window.store.path, datetime.now(UTC))


def test_a_backup_when_the_file_is_opened_and_the_status_line(
    window: MainWindow, qtbot: QtBot, folder: Path
) -> None:
    ab.set_settings(window.store, folder)
    clock = FakeClock()
    window.backups.clock = clock
    window.backups.file_opened()
    qtbot.waitUntil(lambda: not window.backups.worker.is_running(), timeout=30_000)
    assert len(_backups(folder)) == 1
    text = window.backups.label.text()
    assert text.startswith("Sidste sikkerhedskopi: i dag kl. ")
    assert not window.backups.label.warning
    assert str(_backups(folder)[0]) in window.backups.label.toolTip()
    window.backups.file_opened()  # again the same day: none is due
    assert not window.backups.worker.is_running()
    assert len(_backups(folder)) == 1
    clock.now += timedelta(days=1)
    window.backups.refresh()
    assert "i går kl." in window.backups.label.text()
    assert window.backups.run_if_due()  # the hourly check finds the next day's due
    qtbot.waitUntil(lambda: not window.backups.worker.is_running(), timeout=30_000)
    assert len(_backups(folder)) == 2


def test_closing_makes_the_days_backup_before_the_file_closes(
    make_window: Callable[..., MainWindow], qtbot: QtBot, folder: Path, demo_path: Path
) -> None:
    window = make_window()
    ab.set_settings(window.store, folder)
    window.close()
    assert len(_backups(folder)) == 1
    assert ab.status_for(demo_path).last_success is not None


def test_a_failing_target_is_shown_never_silent(
    window: MainWindow, qtbot: QtBot, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: None)  # when it closes, still failing
    ab.set_settings(window.store, folder)
    folder.rmdir()  # the disk was unplugged
    window.backups.file_opened()
    qtbot.waitUntil(lambda: not window.backups.worker.is_running(), timeout=30_000)
    label = window.backups.label
    assert label.text() == "⚠ Sikkerhedskopien fejlede – der er ingen endnu"
    assert label.failing
    assert "mappen findes ikke" in label.toolTip()
    assert "mappen findes ikke" in window.statusBar().currentMessage()


def test_closing_with_a_failing_target_says_so(
    make_window: Callable[..., MainWindow],
    qtbot: QtBot,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window()
    ab.set_settings(window.store, folder)
    folder.rmdir()
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    window.close()
    assert warned
    assert "kunne ikke laves" in warned[0]


def test_the_settings_dialog_saves_folder_and_rotation(
    window: MainWindow, qtbot: QtBot, folder: Path
) -> None:
    dialog = BackupSettingsDialog(window, window.store)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(folder))
    assert "samme disk" in dialog.disk_note.text()  # tmp_path: the file's own disk
    dialog.daily.setValue(3)
    dialog.weekly.setValue(2)
    dialog.monthly.setValue(6)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    settings = ab.settings_for(window.store.path)
    assert settings.folder == folder
    assert settings.rotation == ab.Rotation(3, 2, 6)

    again = BackupSettingsDialog(window, window.store)
    qtbot.addWidget(again)
    again.folder.setText(str(folder / "mangler"))
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    assert "findes ikke" in again.message_label.text()
    assert ab.settings_for(window.store.path).folder == folder


def test_staff_cannot_change_the_settings(
    qtbot: QtBot, demo_path: Path, closing: list[Store]
) -> None:
    admin = open_organisation(demo_path, PASSPHRASE)
    closing.append(admin)
    add_staff(admin, "Bo", "bo-kode-123", Role.STAFF)
    bo = open_organisation(demo_path, "bo-kode-123")
    closing.append(bo)
    dialog = BackupSettingsDialog(None, bo)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()


def test_restore_from_the_list_over_the_open_file(
    window: MainWindow, qtbot: QtBot, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ab.set_settings(window.store, folder)
    update_organisation(window.store, vision="Visionen i sikkerhedskopien")
    clock = FakeClock()
    window.backups.clock = clock
    assert window.backups.run_now()
    qtbot.waitUntil(lambda: not window.backups.worker.is_running(), timeout=30_000)
    update_organisation(window.store, vision="En senere vision")
    clock.now += timedelta(days=1)
    assert window.backups.run_now()
    qtbot.waitUntil(lambda: not window.backups.worker.is_running(), timeout=30_000)
    update_organisation(window.store, vision="Den vision, der fortrydes")
    older = _backups(folder)[0]

    def drive(dialog: RestoreDialog) -> int:
        dialog.show()
        assert dialog.table.rowCount() == 2
        assert dialog.selected() == _backups(folder)[-1]  # the newest first, selected
        dialog.table.selectRow(1)
        assert dialog.selected() == older
        assert not dialog.restore_button.isEnabled()  # a passphrase first
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result_store is not None, timeout=30_000)
        return int(dialog.result())

    monkeypatch.setattr(RestoreDialog, "exec", drive)
    window.backups.restore_from_list()
    assert get_organisation(window.store).vision == "Visionen i sikkerhedskopien"
    aside = window.store.path.with_name(window.store.path.name + ".før-gendannelse")
    assert aside.exists()
    with open_organisation(aside, PASSPHRASE) as old:
        assert get_organisation(old).vision == "Den vision, der fortrydes"


def test_a_cancelled_restore_leaves_the_file_working(
    window: MainWindow, qtbot: QtBot, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ab.set_settings(window.store, folder)
    assert window.backups.run_now()
    qtbot.waitUntil(lambda: not window.backups.worker.is_running(), timeout=30_000)

    def wrong_then_cancel(dialog: RestoreDialog) -> int:
        dialog.show()
        qtbot.keyClicks(dialog.passphrase, "forkert-kode")
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: "Forkert adgangskode" in dialog.message_label.text(), timeout=30_000
        )
        dialog.reject()
        return int(dialog.result())

    monkeypatch.setattr(RestoreDialog, "exec", wrong_then_cancel)
    window.backups.restore_from_list()
    update_organisation(window.store, vision="Virker stadig")  # the file was resumed
    assert get_organisation(window.store).vision == "Virker stadig"


def test_a_damaged_file_offers_the_newest_backup_with_a_restore_button(
    qtbot: QtBot, demo_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_organisation(demo_path, PASSPHRASE) as store:
        ab.set_settings(store, folder)
        newest = ab.run_auto_backup(store).made
    assert newest is not None
    data = bytearray(demo_path.read_bytes())
    data[2 * 4096 + 99] ^= 0x20
    demo_path.write_bytes(bytes(data))
    shown: list[DamagedFileDialog] = []

    def restore_exec(dialog: RestoreDialog) -> int:
        dialog.show()
        assert dialog.selected() == newest.path  # preselected: the newest
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result_store is not None, timeout=30_000)
        return int(dialog.result())

    def damaged_exec(dialog: DamagedFileDialog) -> int:
        shown.append(dialog)
        dialog.show()
        assert "beskadiget" in dialog.message.text()
        stamp = newest.created.astimezone().strftime("%d.%m.%Y kl. %H.%M")
        assert f"Den nyeste sikkerhedskopi er fra {stamp}" in dialog.message.text()
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    monkeypatch.setattr(RestoreDialog, "exec", restore_exec)
    monkeypatch.setattr(DamagedFileDialog, "exec", damaged_exec)
    opened = open_existing(None, demo_path, PASSPHRASE)
    assert opened is not None
    store = opened
    assert shown
    assert "slettet for altid" in told[0]  # erasures since the backup: said, not hidden
    assert store is not None
    try:
        assert get_organisation(store).name  # the restored file, open
    finally:
        store.close()
    assert Path(f"{demo_path}.før-gendannelse").read_bytes() == bytes(data)


def test_a_damaged_file_without_restore_shows_the_error(
    qtbot: QtBot, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = bytearray(demo_path.read_bytes())
    data[3 * 4096 + 5] ^= 0x01
    demo_path.write_bytes(bytes(data))
    monkeypatch.setattr(DamagedFileDialog, "exec", lambda self: int(QDialog.DialogCode.Rejected))
    opener = damage_aware(None, demo_path, lambda p: open_organisation(demo_path, p))
    with pytest.raises(FileDamagedError):
        opener(PASSPHRASE)


def test_skift_datanoegle_from_the_menu(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    old_keys = tmp_path / "gammel.keys"
    shutil.copyfile(keys_path(window.store.path), old_keys)
    window.backups.update_actions()
    assert window.backups.rekey_action.isEnabled()
    assert window.backups.rekey_action in window.staff_menu.actions()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.backups.rekey_action.trigger()
    assert "ny datanøgle" in window.statusBar().currentMessage()
    update_organisation(window.store, vision="Efter den nye nøgle")  # the window works on
    path = window.store.path
    copy = tmp_path / "forsøg.forandring"
    shutil.copyfile(path, copy)
    shutil.copyfile(old_keys, keys_path(copy))
    with pytest.raises(KeysFileMismatchError):
        open_organisation(copy, PASSPHRASE)


def test_the_status_words() -> None:
    now = datetime(2026, 3, 9, 12, tzinfo=UTC)
    chosen = ab.AutoBackupSettings(folder=Path("/usb"))
    ok = ab.AutoBackupStatus(last_success=now - timedelta(hours=2))
    local = (now - timedelta(hours=2)).astimezone()
    assert describe_status(ok, chosen, now, str) == (
        f"Sidste sikkerhedskopi: i dag kl. {local:%H.%M}"
    )
    failed = ab.AutoBackupStatus(
        last_success=now - timedelta(days=3), last_failure=now, last_error="mappen findes ikke."
    )
    old = (now - timedelta(days=3)).astimezone()
    assert describe_status(failed, chosen, now, str) == (
        f"⚠ Sikkerhedskopien fejlede – sidste gode: {old:%d.%m.%Y}"
    )
    off = ab.AutoBackupSettings(folder=Path("/usb"), enabled=False)
    assert "slået fra" in describe_status(ok, off, now, str)


def test_a_restore_from_before_an_erasure_keeps_the_person_erased_and_says_so(
    window: MainWindow, qtbot: QtBot, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from forandring_desktop.services.participants import list_participants
    from forandring_desktop.services.privacy import erase_participant

    ab.set_settings(window.store, folder)
    window.backups.clock = FakeClock()
    assert window.backups.run_now()  # holds the person
    qtbot.waitUntil(lambda: not window.backups.worker.is_running(), timeout=30_000)
    person = list_participants(window.store)[0]
    erase_participant(window.store, person.id)

    def drive(dialog: RestoreDialog) -> int:
        dialog.show()
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result_store is not None, timeout=30_000)
        return int(dialog.result())

    monkeypatch.setattr(RestoreDialog, "exec", drive)
    window.backups.restore_from_list()
    assert person.id not in {p.id for p in list_participants(window.store)}
    message = window.statusBar().currentMessage()
    assert "Sletteregistret er genanvendt: 1 sletning(er) af deltagere og 0" in message
