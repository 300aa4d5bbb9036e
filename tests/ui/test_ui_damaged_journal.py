"""A damaged WAL and a keys file nested too deep, opened in the app (issue 20): the
damaged-file dialog says in Danish what is wrong; for the WAL, which was set aside before
SQLite read it, its restore button brings the newest backup back, and the damaged journal
goes along with the damaged file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from forandring_desktop.services import auto_backup as ab
from forandring_desktop.services.files import open_organisation
from forandring_desktop.services.organisation import get_organisation, update_organisation
from forandring_desktop.storage import keys_path
from forandring_desktop.storage.integrity import (
    WAL_FRAME_HEADER_BYTES,
    WAL_HEADER_BYTES,
    damaged_journals,
    kept_journal_files,
)
from forandring_desktop.ui import opening
from forandring_desktop.ui.opening import open_existing
from forandring_desktop.ui.restore import DamagedFileDialog, RestoreDialog

PASSPHRASE = "demo-adgangskode"


def _crash_with_changes(path: Path, folder: Path) -> tuple[Path, bytes]:
    """A backup, then changes left in the WAL as a crash leaves them; the backup's path and
    the WAL's bytes (the database file holds none of the changes)."""
    store = open_organisation(path, PASSPHRASE)
    ab.set_settings(store, folder)
    made = ab.run_auto_backup(store).made
    assert made is not None
    store.checkpoint()
    for n in range(4):
        update_organisation(store, vision=f"Efter kopien {n}")
    db, wal = path.read_bytes(), Path(f"{path}-wal").read_bytes()
    store.engine.dispose()  # this folds the WAL in; put back the crashed state
    path.write_bytes(db)
    Path(f"{path}-wal").write_bytes(wal)
    Path(f"{path}-shm").unlink(missing_ok=True)
    return made.path, wal


def test_a_damaged_wal_is_set_aside_and_the_newest_backup_restored(
    qtbot: QtBot, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "kopier"
    folder.mkdir()
    newest, wal = _crash_with_changes(demo_path, folder)
    damaged = bytearray(wal)
    damaged[WAL_HEADER_BYTES + WAL_FRAME_HEADER_BYTES + 300] ^= 0x08  # the first change
    Path(f"{demo_path}-wal").write_bytes(bytes(damaged))
    db = demo_path.read_bytes()
    seen: list[str] = []

    def damaged_exec(dialog: DamagedFileDialog) -> int:
        dialog.show()
        text = dialog.message.text()
        seen.append(text)
        assert damaged_journals(demo_path)  # set aside before the dialog was shown
        assert demo_path.read_bytes() == db  # and nothing opened or written
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    def restore_exec(dialog: RestoreDialog) -> int:
        dialog.show()
        assert dialog.selected() == newest
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result_store is not None, timeout=30_000)
        return int(dialog.result())

    monkeypatch.setattr(QMessageBox, "information", lambda *_args: None)
    monkeypatch.setattr(DamagedFileDialog, "exec", damaged_exec)
    monkeypatch.setattr(RestoreDialog, "exec", restore_exec)
    store = open_existing(None, demo_path, PASSPHRASE)
    assert store is not None
    try:
        assert not get_organisation(store).vision.startswith("Efter kopien")  # the backup
    finally:
        store.close()
    [text] = seen
    assert "journal (WAL-filen" in text
    assert "ændring nr. 1 i WAL-filen er beskadiget" in text
    assert "Den nyeste sikkerhedskopi er fra" in text
    aside = Path(f"{demo_path}.før-gendannelse")
    assert aside.read_bytes() == db
    [kept] = damaged_journals(aside)  # the damaged journal went with the damaged file
    assert kept.read_bytes() == bytes(damaged)
    assert kept.name.split("-wal.beskadiget-")[1] in text  # the message named where it is
    assert kept_journal_files(demo_path) == []


def test_a_keys_file_nested_too_deep_gives_the_danish_damage_message(
    qtbot: QtBot, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys_path(demo_path).write_text("[" * 100_000)
    before = demo_path.read_bytes()
    dialogs: list[str] = []
    shown: list[str] = []

    def damaged_exec(dialog: DamagedFileDialog) -> int:
        dialogs.append(dialog.message.text())
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(DamagedFileDialog, "exec", damaged_exec)
    monkeypatch.setattr(opening, "show_error", lambda _parent, exc: shown.append(str(exc)))
    assert open_existing(None, demo_path, PASSPHRASE) is None
    [text] = dialogs
    assert f"Nøglefilen {demo_path}.keys er beskadiget" in text
    assert "Recursion" not in text
    assert "Nøglefilen" in shown[0]
    assert keys_path(demo_path).read_text() == "[" * 100_000
    assert demo_path.read_bytes() == before
