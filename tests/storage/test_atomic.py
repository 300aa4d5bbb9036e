"""The one atomic-write helper (storage/atomic.py) and that every kept file goes through it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.services.backup import backup
from forandring_desktop.services.exchange import export_to_file
from forandring_desktop.services.printing import write_pdf
from forandring_desktop.storage import StorageError, Store, atomic
from forandring_desktop.storage.atomic import atomic_file, move_into_place, write_atomically
from forandring_desktop.storage.keys import keys_path


class FsyncSpy:
    """Records what was fsynced, in order: ("file", path) or ("folder", path)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events: list[tuple[str, Path]] = []
        real_fsync = os.fsync
        real_folder = atomic.fsync_folder

        def fsync(fd: int) -> None:
            real_fsync(fd)
            try:
                where = Path(os.readlink(f"/proc/self/fd/{fd}"))
            except OSError:
                return
            if not where.is_dir():  # folders are recorded by fsync_folder below
                self.events.append(("file", where))

        def folder(path: Path) -> None:
            self.events.append(("folder", Path(path).resolve()))
            real_folder(path)

        monkeypatch.setattr("forandring_desktop.storage.atomic.os.fsync", fsync)
        monkeypatch.setattr(atomic, "fsync_folder", folder)

    def folders(self) -> list[Path]:
        return [path for kind, path in self.events if kind == "folder"]


def test_write_replaces_whole_file_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "ud.json"
    target.write_text("gammel")
    write_atomically(target, "ny – æøå")
    assert target.read_text(encoding="utf-8") == "ny – æøå"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ud.json"]


def test_failure_while_writing_keeps_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "ud.json"
    target.write_text("gammel")

    def write_half() -> None:
        with atomic_file(target) as fh:
            fh.write(b"halvt")
            raise RuntimeError("afbrudt")

    with pytest.raises(RuntimeError):
        write_half()
    assert target.read_text() == "gammel"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ud.json"]


def test_disk_error_is_danish_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "ud.json"
    target.write_text("gammel")

    def broken(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("forandring_desktop.storage.atomic.os.fsync", broken)
    with pytest.raises(StorageError, match="Disken er fuld"):
        write_atomically(target, "ny")
    assert target.read_text() == "gammel"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ud.json"]


def test_no_replace_refuses_an_existing_target(tmp_path: Path) -> None:
    target = tmp_path / "ny.keys"
    write_atomically(target, "første", replace=False)
    with pytest.raises(FileExistsError):
        write_atomically(target, "anden", replace=False)
    assert target.read_text() == "første"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ny.keys"]


def test_bad_targets(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="er en mappe"):
        write_atomically(tmp_path, "x")
    with pytest.raises(StorageError, match="findes ikke"):
        write_atomically(tmp_path / "mangler" / "x.json", "x")


def test_file_is_fsynced_before_rename_and_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = FsyncSpy(monkeypatch)
    target = tmp_path / "ud.pdf"
    seen_before_folder: list[bool] = []
    real = atomic.fsync_folder

    def folder(path: Path) -> None:
        seen_before_folder.append(target.exists())  # the rename happened first
        real(path)

    monkeypatch.setattr(atomic, "fsync_folder", folder)
    write_atomically(target, b"%PDF-")
    kinds = [kind for kind, _ in spy.events]
    assert kinds[:1] == ["file"]
    assert seen_before_folder == [True]


def test_move_into_place_fsyncs_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = FsyncSpy(monkeypatch)
    work = tmp_path / "arbejde"
    work.mkdir()
    source = work / "kopi"
    source.write_bytes(b"x")
    move_into_place(source, tmp_path / "færdig")
    assert (tmp_path / "færdig").read_bytes() == b"x"
    assert tmp_path.resolve() in spy.folders()


def test_every_kept_file_goes_through_the_helper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store_factory: object
) -> None:
    """Export, keys file, backup and PDFs: each ends with a folder fsync in the helper."""
    store: Store = store_factory(OrganisationDocument.parse({"organisation": {"name": "Org"}}))  # type: ignore[operator]
    out = tmp_path / "ud"
    out.mkdir()
    spy = FsyncSpy(monkeypatch)

    export_to_file(store, out / "org.json")
    assert spy.folders() == [out.resolve()]

    spy.events.clear()
    store.keys.add_staff("Bo", "en lang adgangskode", store.actor.role, store.kdf)
    assert spy.folders() == [keys_path(store.path).parent.resolve()]

    spy.events.clear()
    backup(store, out / "org.forandring-backup")
    assert out.resolve() in spy.folders()

    spy.events.clear()
    write_pdf(out / "ark.pdf", b"%PDF-1.4\n")
    assert spy.folders() == [out.resolve()]
