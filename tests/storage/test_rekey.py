"""A new data key (storage/rekey.py, services/staff.py): removing a staff member and "Skift
datanøgle" re-encrypt the file, so a removed member's passphrase with an *old* keys file
opens nothing; everyone else, the recovery key and all data carry on unchanged."""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.audit import AuditAction, AuditQuery
from forandring_desktop.model.staff import AccessDeniedError, Role
from forandring_desktop.services.audit import list_entries
from forandring_desktop.services.files import create_from_document, open_organisation
from forandring_desktop.services.organisation import load_document
from forandring_desktop.services.staff import (
    add_staff,
    change_data_key,
    new_recovery_key,
    recover,
    remove_staff_member,
)
from forandring_desktop.storage import (
    KdfParams,
    KeysFileMismatchError,
    Store,
    WrongPassphraseError,
    keys_path,
)
from forandring_desktop.storage.crypto import FileKey, derive_secret, new_salt, seal
from forandring_desktop.storage.engine import make_engine, read_salt
from forandring_desktop.storage.keys import (
    KEYS_FORMAT_1,
    KeyFile,
    SlotKind,
    _associated_data_v1,
    read_key_file,
    unwrap_slot,
)
from forandring_desktop.storage.rekey import FileInUseError, RekeyBlockedError

FAST = KdfParams(memory_kib=8, iterations=1, lanes=1)
ANNA, BO, CARL = "anna-kode-123", "bo-kode-12345", "carl-kode-1234"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(db: Path) -> dict[str, str]:
    """The database and its keys file (the -wal/-shm of an open file change on every read)."""
    return {p.name: digest(p) for p in (db, keys_path(db))}


@pytest.fixture
def db(tmp_path: Path, small_doc: OrganisationDocument) -> Path:
    path = tmp_path / "org.forandring"
    with create_from_document(path, ANNA, small_doc, admin_name="Anna", kdf=FAST) as store:
        add_staff(store, "Bo", BO, Role.STAFF)
        add_staff(store, "Carl", CARL, Role.ADMIN)
    return path


def _old_keys_opens(old_keys: bytes, db: Path, passphrase: str) -> bool:
    """Could someone holding ``old_keys`` and ``passphrase`` read the database at ``db``?"""
    shutil.copyfile(db, db.parent / "forsøg.forandring")
    (db.parent / "forsøg.forandring.keys").write_bytes(old_keys)
    with pytest.raises(KeysFileMismatchError):  # not even as the file's keys file
        Store.open(db.parent / "forsøg.forandring", passphrase, FAST)
    # And with the raw key out of the old slot, by hand, against the new file's salt:
    data = json.loads(old_keys)
    old = read_key_file_from(data)
    for slot in old.slots:
        key = unwrap_slot(slot, passphrase, old.database_salt)
        if key is None:
            continue
        engine = make_engine(db, FileKey(key, read_salt(db)))
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").all()
            return True
        except WrongPassphraseError:
            return False
        finally:
            engine.dispose()
    return False


def read_key_file_from(data: dict[str, Any]) -> KeyFile:
    from forandring_desktop.storage.keys import parse_key_file

    return parse_key_file(json.dumps(data))


def test_removing_a_member_gives_a_new_data_key(db: Path) -> None:
    old_keys = keys_path(db).read_bytes()
    old_db = db.read_bytes()
    with open_organisation(db, ANNA, kdf=FAST) as anna:
        before = load_document(anna)
        recovery = new_recovery_key(anna)
        old_keys_with_recovery = keys_path(db).read_bytes()
        bo = next(a for a in anna.keys.staff() if a.name == "Bo")
        done = remove_staff_member(anna, bo.staff_id)
        assert done.rekeyed
        assert done.pending is None
        assert load_document(anna) == before  # the open store works on, on the new key
        entries = list_entries(anna, AuditQuery(action=AuditAction.ACCESS))
        removals = [e.detail for e in entries if e.detail["change"] == "staff_removed"]
        assert removals == [
            {
                "change": "staff_removed",
                "new_data_key": True,
                "staff_id": str(bo.staff_id),
            }
        ]
    assert db.read_bytes() != old_db
    assert read_salt(db) != old_db[:16]  # a new salt too
    # Bo, with the old keys file (which he may have copied), opens nothing.
    assert not _old_keys_opens(old_keys, db, BO)
    assert not _old_keys_opens(old_keys_with_recovery, db, BO)
    with pytest.raises(WrongPassphraseError):
        Store.open(db, BO, FAST)
    # The old keys file still opens the old database (a copy of the data stays a copy).
    assert _old_keys_opens_old(old_keys, old_db, db.parent, BO)
    # Everyone else, and the recovery key, carry on.
    for passphrase, name in ((ANNA, "Anna"), (CARL, "Carl")):
        with open_organisation(db, passphrase, kdf=FAST) as store:
            assert store.actor.name == name
            assert load_document(store) == before
    with recover(db, recovery, "ny-anna-kode-1", staff_id=None, admin_name="Dorte") as store:
        assert load_document(store) == before
    left = sorted(p.name for p in db.parent.iterdir() if p.name.startswith(("org", ".")))
    assert left == ["org.forandring", "org.forandring.keys"]  # no staging, no journal


def _old_keys_opens_old(old_keys: bytes, old_db: bytes, folder: Path, passphrase: str) -> bool:
    copy = folder / "gammel-kopi.forandring"
    copy.write_bytes(old_db)
    keys_path(copy).write_bytes(old_keys)
    with Store.open(copy, passphrase, FAST) as store:
        return store.actor.name == "Bo"


def test_skift_datanoegle_on_request(db: Path) -> None:
    old_keys = keys_path(db).read_bytes()
    with open_organisation(db, ANNA, kdf=FAST) as anna:
        before = load_document(anna)
        result = change_data_key(anna)
        assert result.slots == 3
        assert load_document(anna) == before
        entries = list_entries(anna, AuditQuery(action=AuditAction.SETTINGS))
        assert entries[-1].detail == {"setting": "data_key_changed", "new_data_key": True}
    assert not _old_keys_opens(old_keys, db, ANNA)
    for passphrase in (ANNA, BO, CARL):
        with open_organisation(db, passphrase, kdf=FAST) as store:
            assert load_document(store) == before


def test_only_administrators_change_the_key(db: Path) -> None:
    with open_organisation(db, BO, kdf=FAST) as bo:
        bo.checkpoint()
        before = snapshot(db)
        with pytest.raises(AccessDeniedError):
            change_data_key(bo)
        with pytest.raises(AccessDeniedError):
            remove_staff_member(bo, bo.actor.staff_id)
    assert snapshot(db) == before


def _make_format_1(db: Path, name: str, passphrase: str) -> None:
    """Make ``name``'s slot a format-1 slot, in an unsigned (format-2) keys file of a
    database with no organisation key pinned: a file from before signed slots."""
    from forandring_desktop.services.key_pins import PIN_FOLDER
    from forandring_desktop.services.paths import data_dir
    from forandring_desktop.storage.keys import _checksum

    with Store.open(db, ANNA, FAST) as store:
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM organisation_key_pin")
        key, database_salt = store._file_key.key, store._file_key.salt
    shutil.rmtree(data_dir() / PIN_FOLDER, ignore_errors=True)
    data = json.loads(keys_path(db).read_text("utf-8"))
    data["format"] = "forandring-keys/2"
    data.pop("organisation")
    header = {k: data[k] for k in ("format", "database_salt", "legacy_key")}
    data["check"] = _checksum(header)
    for other in data["slots"]:
        other.pop("signing_key", None)
        other.pop("organisation_key", None)
        other["check"] = _checksum(other)
    slot = next(s for s in data["slots"] if s["name"] == name)
    for part in ("public_key", "private_key", "data_key"):
        slot.pop(part)
    salt = new_salt()
    slot["kdf"]["salt"] = salt.hex()
    aad = _associated_data_v1(
        database_salt, uuid.UUID(slot["id"]), SlotKind.STAFF,
        uuid.UUID(slot["staff_id"]), Role.STAFF, name,
    )  # fmt: skip
    nonce, ct = seal(derive_secret(passphrase, salt, FAST), key, aad)
    slot["nonce"], slot["ciphertext"] = nonce.hex(), ct.hex()
    slot["check"] = _checksum(slot)
    keys_path(db).write_text(json.dumps(data), "utf-8")
    assert data["format"] != KEYS_FORMAT_1  # a format-2 file with one old slot in it


def test_an_old_slot_blocks_the_new_key_and_says_whose(db: Path) -> None:
    _make_format_1(db, "Bo", BO)
    with open_organisation(db, ANNA, kdf=FAST) as anna:
        assert anna.key_warning is not None  # cannot be signed while Bo's slot is old
        anna.checkpoint()
        before = snapshot(db)
        with pytest.raises(RekeyBlockedError, match="Bo") as err:
            change_data_key(anna)
        assert "Intet er ændret" in str(err.value)
        anna.checkpoint()
        assert snapshot(db) == before
        # Removing Carl still shuts Carl out of the current keys file; the new key waits.
        carl = next(a for a in anna.keys.staff() if a.name == "Carl")
        done = remove_staff_member(anna, carl.staff_id)
        assert not done.rekeyed
        assert done.pending is not None
        assert "Bo" in done.pending
    with pytest.raises(WrongPassphraseError):
        Store.open(db, CARL, FAST)
    with open_organisation(db, BO, kdf=FAST):
        pass  # Bo opens it once: his slot is renewed
    with open_organisation(db, ANNA, kdf=FAST) as anna:
        change_data_key(anna)


def test_a_file_open_elsewhere_is_not_swapped(db: Path) -> None:
    with open_organisation(db, ANNA, kdf=FAST) as anna, open_organisation(db, CARL, kdf=FAST):
        before = load_document(anna)
        keys_before = digest(keys_path(db))
        with pytest.raises(FileInUseError):
            change_data_key(anna)
        assert digest(keys_path(db)) == keys_before
        assert load_document(anna) == before  # still usable on the old key
    assert sorted(p.name for p in db.parent.iterdir()) == ["org.forandring", "org.forandring.keys"]
    assert read_key_file(db, read_salt(db)) is not None
