"""Keys file format 2: damage checksums, key pairs (re-wrapping without a passphrase) and
files from format 1, which keep working and are renewed by their owners."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path

import pytest

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.staff import Role
from forandring_desktop.services.files import create_from_document
from forandring_desktop.storage import (
    KdfParams,
    KeysFileInvalidError,
    Store,
    WrongPassphraseError,
    keys_path,
)
from forandring_desktop.storage.crypto import derive_secret, new_data_key, new_salt, seal
from forandring_desktop.storage.keys import (
    KEYS_FORMAT_1,
    SlotKind,
    _associated_data_v1,
    make_slot,
    open_slot,
    read_key_file,
    rewrap_slot,
)

FAST = KdfParams(memory_kib=8, iterations=1, lanes=1)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path, small_doc: OrganisationDocument) -> Path:
    path = tmp_path / "org.forandring"
    with create_from_document(path, "admin-kode", small_doc, admin_name="Anna", kdf=FAST) as s:
        s.keys.add_staff("Bo", "bo-kode-123", Role.STAFF, FAST)
    return path


def _edit(db: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(keys_path(db).read_text("utf-8"))
    change(data)
    keys_path(db).write_text(json.dumps(data, indent=2), "utf-8")  # checksums left as they were


def test_a_damaged_slot_is_named_and_the_others_still_work(db: Path) -> None:
    def flip(data):
        bo = next(s for s in data["slots"] if s["name"] == "Bo")
        text = bo["data_key"]["ciphertext"]
        bo["data_key"]["ciphertext"] = ("1" if text[0] != "1" else "2") + text[1:]

    _edit(db, flip)
    with pytest.raises(
        KeysFileInvalidError, match="nøgleplads 2: kontrolsummen passer ikke"
    ) as err:
        Store.open(db, "bo-kode-123")  # not "wrong passphrase": the slot is damaged
    assert err.value.exit_code == 4
    damaged = keys_path(db).read_bytes()
    with Store.open(db, "admin-kode") as store:
        assert store.actor.name == "Anna"
        assert [a.name for a in store.keys.staff()] == ["Anna"]
        store.keys.add_staff("Carl", "carl-kode-12", Role.STAFF, FAST)  # rewrites the file
    after = json.loads(keys_path(db).read_text("utf-8"))
    kept = [s for s in after["slots"] if s.get("name") == "Bo"]
    assert kept == [s for s in json.loads(damaged)["slots"] if s.get("name") == "Bo"]


def test_a_damaged_header_makes_the_file_unusable(db: Path) -> None:
    _edit(db, lambda data: data.update(legacy_key=True))
    with pytest.raises(KeysFileInvalidError, match="filens hoved"):
        Store.open(db, "admin-kode")


def test_a_slot_is_given_a_new_data_key_without_its_passphrase(db: Path) -> None:
    salt = new_salt()
    old_key, new_key = new_data_key(), new_data_key()
    slot = make_slot(
        old_key, "hemmelig", database_salt=salt, kind=SlotKind.STAFF, role=Role.STAFF,
        staff_id=uuid.uuid4(), name="Dan", kdf=FAST,
    )  # fmt: skip
    other_salt = new_salt()
    renewed = rewrap_slot(slot, new_key, other_salt)
    opened = open_slot(renewed, "hemmelig", other_salt)
    assert opened is not None
    assert opened.data_key == new_key
    assert open_slot(renewed, "forkert", other_salt) is None
    assert open_slot(renewed, "hemmelig", salt) is None  # bound to the new database salt
    assert open_slot(slot, "hemmelig", salt).data_key == old_key  # type: ignore[union-attr]


def _as_format_1(db: Path, store: Store, passphrase: str) -> None:
    """Rewrite the keys file the way format 1 stored it: the data key sealed directly."""
    data = json.loads(keys_path(db).read_text("utf-8"))
    data["format"] = KEYS_FORMAT_1
    data.pop("check")
    data.pop("organisation")
    key, database_salt = store._file_key.key, store._file_key.salt
    for slot in data["slots"]:
        for part in ("public_key", "private_key", "data_key", "check"):
            slot.pop(part)
        slot.pop("signing_key", None)
        slot.pop("organisation_key", None)
        salt = new_salt()
        slot["kdf"]["salt"] = salt.hex()
        aad = _associated_data_v1(
            database_salt,
            uuid.UUID(slot["id"]),
            SlotKind(slot["kind"]),
            uuid.UUID(slot["staff_id"]),
            Role.ADMIN if slot["role"] == "admin" else Role.STAFF,
            slot["name"],
        )
        secret = passphrase if slot["name"] == "Anna" else "bo-kode-123"
        nonce, ciphertext = seal(derive_secret(secret, salt, FAST), key, aad)
        slot["nonce"], slot["ciphertext"] = nonce.hex(), ciphertext.hex()
    keys_path(db).write_text(json.dumps(data), "utf-8")
    # A file from before signed slots has no organisation key pinned either.
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM organisation_key_pin")


def test_a_format_1_file_opens_and_its_owner_renews_the_slot(db: Path) -> None:
    with Store.open(db, "admin-kode") as store:
        store.checkpoint()
        _as_format_1(db, store, "admin-kode")
    database = digest(db)
    with pytest.raises(WrongPassphraseError):
        Store.open(db, "forkert-kode")
    assert json.loads(keys_path(db).read_text("utf-8"))["format"] == KEYS_FORMAT_1
    with Store.open(db, "admin-kode") as store:
        salt = store._file_key.salt
    key_file = read_key_file(db, salt)
    assert key_file is not None
    by_name = {s.name: s for s in key_file.slots}
    assert by_name["Anna"].can_rewrap  # renewed by opening with her passphrase
    assert not by_name["Bo"].can_rewrap  # Bo has not opened it yet: still format 1
    assert json.loads(keys_path(db).read_text("utf-8"))["format"] == "forandring-keys/2"
    with Store.open(db, "bo-kode-123") as store:
        assert store.actor.name == "Bo"
    assert all(s.can_rewrap for s in read_key_file(db, salt).slots)  # type: ignore[union-attr]
    assert digest(db) == database  # the database itself was never rewritten
