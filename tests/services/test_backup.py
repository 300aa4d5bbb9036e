"""Backup and restore: one encrypted, verified file; a restore that changes nothing unless
the backup is whole, the passphrase right and the organisation the same."""

from __future__ import annotations

import datetime
import hashlib
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.staff import AccessDeniedError, Role
from forandring_desktop.services.backup import (
    BackupDamagedError,
    BackupVerificationError,
    OtherOrganisationError,
    TargetExistsError,
    TargetInUseError,
    aside_path,
    backup,
    restore,
)
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.exchange import export_document
from forandring_desktop.services.files import create_from_document
from forandring_desktop.services.participants import list_participants
from forandring_desktop.services.privacy import erase_participant, erased_participants
from forandring_desktop.services.staff import add_staff
from forandring_desktop.storage import KdfParams, Store, WrongPassphraseError, keys_path
from forandring_desktop.storage import backup as archive
from forandring_desktop.storage.backup import DB_PART, KEYS_PART, MANIFEST

CHEAP = KdfParams(memory_kib=1024, iterations=1, lanes=1)
PW = "adgangskode"
TODAY = datetime.date(2025, 6, 1)


def demo(seed: int = 2015) -> OrganisationDocument:
    return build_demo_document(participants=5, today=TODAY, seed=seed)


@pytest.fixture
def make_store(tmp_path: Path) -> Iterator[Callable[..., Store]]:
    opened: list[Store] = []

    def make(name: str = "org.forandring", doc: OrganisationDocument | None = None) -> Store:
        store = create_from_document(tmp_path / name, PW, doc or demo(), kdf=CHEAP)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.engine.dispose()


def closed_copy_state(path: Path) -> dict[str, str]:
    """The bytes (as digests) of every file of a database: db, keys, WAL, SHM."""
    files = [path, keys_path(path), Path(f"{path}-wal"), Path(f"{path}-shm")]
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.exists()}


def folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- backup ---------------------------------------------------------------------------------


def test_backup_is_one_encrypted_file_with_the_keys_and_a_manifest(
    make_store: Callable[..., Store], tmp_path: Path
) -> None:
    store = make_store()
    target = tmp_path / "kopi.forandring-backup"
    result = backup(store, target)
    assert result.path == target
    assert result.counts["participant"] == 5
    assert not target.read_bytes().startswith(b"SQLite format 3")
    with zipfile.ZipFile(target) as zf:
        assert sorted(zf.namelist()) == sorted([MANIFEST, DB_PART, KEYS_PART])
        manifest = json.loads(zf.read(MANIFEST))
        database = zf.read(DB_PART)
        keys = zf.read(KEYS_PART)
    assert manifest["format"] == "forandring-backup/1"
    with store.unit_of_work() as uow:
        assert manifest["organisation_id"] == str(uow.organisation.get().id)
    assert manifest["parts"][DB_PART]["sha256"] == hashlib.sha256(database).hexdigest()
    assert not database.startswith(b"SQLite format 3")
    assert database[:16] == store.path.read_bytes()[:16]  # the same salt: the same keys file
    assert keys == keys_path(store.path).read_bytes()
    for row in list_participants(store):
        assert row.code.encode() not in target.read_bytes()
    assert not [n for n in folder_listing(tmp_path) if n.startswith(".forandring-")]


def test_backup_restore_round_trip_gives_equal_data(
    make_store: Callable[..., Store], tmp_path: Path
) -> None:
    store = make_store()
    expected = export_document(store)
    target = tmp_path / "kopi.forandring-backup"
    backup(store, target)
    restored_path = tmp_path / "gendannet.forandring"
    result = restore(target, restored_path, PW, kdf=CHEAP)
    assert result.path == restored_path
    assert result.organisation == "iGangiGen"
    assert result.replaced is None
    with Store.open(restored_path, PW, CHEAP) as restored:
        assert export_document(restored) == expected
    assert not [n for n in folder_listing(tmp_path) if n.startswith(".forandring-")]


def test_a_backup_that_does_not_read_back_is_not_kept(
    make_store: Callable[..., Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store()
    target = tmp_path / "kopi.forandring-backup"
    backup(store, target)
    earlier = target.read_bytes()
    write = archive.write_archive

    def write_then_damage(path: Path, manifest: archive.Manifest, files: dict[str, Path]) -> None:
        write(path, manifest, files)
        data = bytearray(path.read_bytes())
        middle = len(data) // 2
        data[middle : middle + 8] = bytes(b ^ 0xFF for b in data[middle : middle + 8])
        path.write_bytes(bytes(data))

    monkeypatch.setattr(archive, "write_archive", write_then_damage)
    with pytest.raises(BackupVerificationError) as err:
        backup(store, target)
    assert "ikke gemt" in str(err.value)
    assert target.read_bytes() == earlier  # the earlier backup is untouched
    left = [n for n in folder_listing(tmp_path) if not n.endswith(("-wal", "-shm", ".lock"))]
    assert left == ["kopi.forandring-backup", "org.forandring", "org.forandring.keys"]


def test_a_copy_with_wrong_row_counts_fails_verification(
    make_store: Callable[..., Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store()
    snapshot = archive.snapshot

    def lying_counts(engine: object, target: Path) -> dict[str, int]:
        counts = snapshot(engine, target)  # type: ignore[arg-type]
        return {**counts, "follow_up": counts["follow_up"] + 1}

    monkeypatch.setattr(archive, "snapshot", lying_counts)
    target = tmp_path / "kopi.forandring-backup"
    with pytest.raises(BackupVerificationError) as err:
        backup(store, target)
    assert "follow_up" in str(err.value)
    assert not target.exists()


def test_backup_refuses_to_overwrite_the_database_itself(
    make_store: Callable[..., Store],
) -> None:
    store = make_store()
    before = store.path.read_bytes()
    with pytest.raises(Exception, match="selve organisationsfilen"):
        backup(store, store.path)
    assert store.path.read_bytes() == before


# -- restore refuses and changes nothing ---------------------------------------------------


@pytest.fixture
def existing_and_backup(
    make_store: Callable[..., Store], tmp_path: Path
) -> tuple[Path, Path, dict[str, str]]:
    """A closed organisation file (the target) and a backup of it."""
    store = make_store("target.forandring")
    copy = tmp_path / "kopi.forandring-backup"
    backup(store, copy)
    store.close()
    return store.path, copy, closed_copy_state(store.path)


def flip(path: Path, at: float) -> Path:
    data = bytearray(path.read_bytes())
    index = int(len(data) * at)
    data[index] ^= 0x5A
    damaged = path.with_name(f"damaged-{at}.forandring-backup")
    damaged.write_bytes(bytes(data))
    return damaged


@pytest.mark.parametrize("at", [0.002, 0.3, 0.7, 0.9995])
def test_a_damaged_backup_is_refused_and_nothing_changes(
    existing_and_backup: tuple[Path, Path, dict[str, str]], at: float, tmp_path: Path
) -> None:
    target, copy, state = existing_and_backup
    damaged = flip(copy, at)
    listing = folder_listing(tmp_path)
    with pytest.raises(BackupDamagedError) as err:
        restore(damaged, target, PW, replace=True, kdf=CHEAP)
    assert "beskadiget" in str(err.value)
    assert "Intet er ændret" in str(err.value)
    assert closed_copy_state(target) == state
    assert folder_listing(tmp_path) == listing
    new = tmp_path / "ny.forandring"
    with pytest.raises(BackupDamagedError):
        restore(damaged, new, PW, kdf=CHEAP)
    assert not new.exists()
    assert not keys_path(new).exists()


def test_a_wrong_passphrase_is_refused_and_nothing_changes(
    existing_and_backup: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    target, copy, state = existing_and_backup
    listing = folder_listing(tmp_path)
    with pytest.raises(WrongPassphraseError):
        restore(copy, target, "forkert-adgangskode", replace=True, kdf=CHEAP)
    assert closed_copy_state(target) == state
    assert folder_listing(tmp_path) == listing


def test_a_backup_of_another_organisation_is_refused_and_nothing_changes(
    existing_and_backup: tuple[Path, Path, dict[str, str]],
    make_store: Callable[..., Store],
    tmp_path: Path,
) -> None:
    target, _copy, state = existing_and_backup
    other = make_store("other.forandring", demo(seed=7))
    foreign = tmp_path / "fremmed.forandring-backup"
    backup(other, foreign)
    listing = folder_listing(tmp_path)
    with pytest.raises(OtherOrganisationError) as err:
        restore(foreign, target, PW, replace=True, kdf=CHEAP)
    assert "anden organisation" in str(err.value)
    assert closed_copy_state(target) == state
    assert folder_listing(tmp_path) == listing


def test_an_existing_file_is_only_replaced_when_asked(
    existing_and_backup: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    target, copy, state = existing_and_backup
    with pytest.raises(TargetExistsError):
        restore(copy, target, PW, kdf=CHEAP)
    assert closed_copy_state(target) == state
    result = restore(copy, target, PW, replace=True, kdf=CHEAP)
    assert result.replaced == aside_path(target)
    assert aside_path(target).name == "target.forandring.før-gendannelse"
    # The old pair is kept whole beside it, and still opens.
    assert closed_copy_state(aside_path(target)) == {
        f"{aside_path(target).name}": state["target.forandring"],
        f"{aside_path(target).name}.keys": state["target.forandring.keys"],
    }
    with Store.open(aside_path(target), PW, CHEAP), Store.open(target, PW, CHEAP):
        pass


def test_a_file_that_is_open_is_not_replaced(
    existing_and_backup: tuple[Path, Path, dict[str, str]],
) -> None:
    target, copy, _state = existing_and_backup
    store = Store.open(target, PW, CHEAP)
    try:
        with pytest.raises(TargetInUseError):
            restore(copy, target, PW, replace=True, kdf=CHEAP)
    finally:
        store.close()


def test_only_an_administrator_restores(make_store: Callable[..., Store], tmp_path: Path) -> None:
    store = make_store()
    add_staff(store, "Mentor Mette", "mette-adgang", Role.STAFF, kdf=CHEAP)
    copy = tmp_path / "kopi.forandring-backup"
    backup(store, copy)
    new = tmp_path / "ny.forandring"
    with pytest.raises(AccessDeniedError):
        restore(copy, new, "mette-adgang", kdf=CHEAP)
    assert not new.exists()


def test_participants_erased_since_the_backup_stay_erased(
    make_store: Callable[..., Store], tmp_path: Path
) -> None:
    store = make_store()
    person = list_participants(store)[1]
    copy = tmp_path / "kopi.forandring-backup"
    backup(store, copy)  # holds the person
    erase_participant(store, person.id)
    erased = erased_participants(store)

    beside = tmp_path / "ved-siden-af.forandring"
    result = restore(copy, beside, PW, erased=erased, kdf=CHEAP)
    assert result.reerased == 1
    with Store.open(beside, PW, CHEAP) as restored:
        assert person.code not in export_document(restored)
        assert erased_participants(restored).keys() == {person.id}

    store.close()
    result = restore(copy, store.path, PW, replace=True, kdf=CHEAP)
    assert result.reerased == 1
    with Store.open(store.path, PW, CHEAP) as restored:
        assert person.code not in export_document(restored)
