"""Key slots: the data key wrapped per staff member in ``<db>.keys``; failures change nothing."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path
from typing import Any

import pytest

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.staff import Role
from forandring_desktop.services.files import create_from_document
from forandring_desktop.services.organisation import load_document
from forandring_desktop.storage import (
    DEFAULT_KDF,
    InvalidRecoveryKeyError,
    KdfParams,
    KeysFileExistsError,
    KeysFileInvalidError,
    KeysFileMismatchError,
    KeysFileMissingError,
    KeysFileTamperedError,
    Store,
    UnitOfWork,
    WrongPassphraseError,
    keys_path,
)
from forandring_desktop.storage.crypto import (
    derive_key,
    has_envelope_tag,
    new_database_salt,
    new_salt,
)
from forandring_desktop.storage.engine import make_engine, read_salt
from forandring_desktop.storage.keys import (
    RECOVERY_ALPHABET,
    _checksum,
    format_recovery_key,
    new_recovery_key,
    normalise_recovery_key,
    read_key_file,
)
from forandring_desktop.storage.migrate import upgrade_to_head
from tests.file_digests import digest, snapshot

FAST = KdfParams(memory_kib=8, iterations=1, lanes=1)  # tests only: cheap to derive


@pytest.fixture
def db(tmp_path: Path, small_doc: OrganisationDocument) -> Path:
    path = tmp_path / "org.forandring"
    create_from_document(path, "admin-kode", small_doc, admin_name="Anna", kdf=FAST).close()
    return path


def _keys_json(db: Path) -> dict[str, Any]:
    data = json.loads(keys_path(db).read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def _write_keys_json(db: Path, data: dict[str, Any], *, recheck: bool = True) -> None:
    """Write edited JSON; ``recheck`` recomputes the damage checksums, as someone who edits
    the file on purpose would (the checksums are no secret: tampering is stopped by the
    authenticated encryption, damage by the checksums)."""
    if recheck and "check" in data:
        data["check"] = _checksum({k: data[k] for k in ("format", "database_salt", "legacy_key")})
        for slot in data["slots"]:
            slot["check"] = _checksum(slot)
    keys_path(db).write_text(json.dumps(data), "utf-8")


@pytest.mark.real_kdf
def test_defaults_are_at_least_64_mib_and_three_passes(tmp_path: Path) -> None:
    assert DEFAULT_KDF.memory_kib >= 64 * 1024
    assert DEFAULT_KDF.iterations >= 3
    path = tmp_path / "standard.forandring"
    Store.create(path, "en-adgangskode").close()  # default cost: one real Argon2id run
    kdf = _keys_json(path)["slots"][0]["kdf"]
    assert kdf["algorithm"] == "argon2id"
    assert kdf["memory_kib"] >= 64 * 1024
    assert kdf["iterations"] >= 3


def test_a_new_file_has_a_private_keys_file_bound_to_its_salt(db: Path) -> None:
    data = _keys_json(db)
    assert data["format"] == "forandring-keys/3"  # signed (key_signing.py)
    salt = read_salt(db)
    assert data["database_salt"] == salt.hex()
    assert has_envelope_tag(salt)
    assert not data["legacy_key"]
    [slot] = data["slots"]
    assert (slot["kind"], slot["name"], slot["role"]) == ("staff", "Anna", "admin")
    assert len(bytes.fromhex(slot["public_key"])) == 32
    assert len(bytes.fromhex(slot["private_key"]["nonce"])) == 12
    assert len(bytes.fromhex(slot["private_key"]["ciphertext"])) == 32 + 16  # key + GCM tag
    assert len(bytes.fromhex(slot["data_key"]["ephemeral"])) == 32
    assert len(bytes.fromhex(slot["data_key"]["ciphertext"])) == 32 + 16
    assert len(slot["check"]) == 64
    assert "nonce" not in slot  # format 1's direct wrap is gone
    assert stat.S_IMODE(keys_path(db).stat().st_mode) == 0o600
    assert "admin-kode" not in keys_path(db).read_text("utf-8")
    with Store.open(db, "admin-kode") as store:
        assert store.actor.name == "Anna"
        assert store.actor.role is Role.ADMIN
        assert store.keys.find("admin-kode") == store.actor


def test_wrong_passphrase_changes_neither_file(db: Path) -> None:
    before = snapshot(db)
    with pytest.raises(WrongPassphraseError):
        Store.open(db, "forkert-kode", FAST)
    assert snapshot(db) == before


def test_two_staff_members_open_the_same_file_as_themselves(db: Path) -> None:
    with Store.open(db, "admin-kode") as store:
        bo = store.keys.add_staff("Bo", "bo-kode-123", Role.STAFF, FAST)
    with Store.open(db, "bo-kode-123") as as_bo:
        assert as_bo.actor == bo
        assert as_bo.actor.role is Role.STAFF
        assert load_document(as_bo).organisation.name == "Testorganisation"
    with Store.open(db, "admin-kode") as as_anna:
        assert as_anna.actor.name == "Anna"
        assert {a.name for a in as_anna.keys.staff()} == {"Anna", "Bo"}


def test_a_new_passphrase_rewraps_the_key_and_leaves_the_database_alone(db: Path) -> None:
    with Store.open(db, "admin-kode") as store:
        store.checkpoint()
        database_before = digest(db)
        keys_before = digest(keys_path(db))
        store.keys.rewrap_staff(store.actor.staff_id, "ny-admin-kode", FAST)
        store.checkpoint()
        assert digest(db) == database_before  # not one byte of the database changed
    assert digest(keys_path(db)) != keys_before
    assert digest(db) == database_before
    with pytest.raises(WrongPassphraseError):
        Store.open(db, "admin-kode")
    with Store.open(db, "ny-admin-kode") as store:
        assert store.actor.name == "Anna"


def test_a_removed_staff_member_can_no_longer_open_the_file(db: Path) -> None:
    with Store.open(db, "admin-kode") as store:
        bo = store.keys.add_staff("Bo", "bo-kode-123", Role.STAFF, FAST)
        store.keys.remove_staff(bo.staff_id)
    before = snapshot(db)
    with pytest.raises(WrongPassphraseError):
        Store.open(db, "bo-kode-123")
    assert snapshot(db) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [("role", "admin"), ("name", "Anna"), ("staff_id", "00000000-0000-4000-8000-000000000001")],
)
def test_editing_a_slot_in_the_json_makes_it_fail(db: Path, field: str, value: str) -> None:
    with Store.open(db, "admin-kode") as store:
        store.keys.add_staff("Bo", "bo-kode-123", Role.STAFF, FAST)
    data = _keys_json(db)
    bo = next(s for s in data["slots"] if s["name"] == "Bo")
    bo[field] = value  # e.g. a staff member who makes himself an administrator
    _write_keys_json(db, data)
    before = snapshot(db)
    # Tampering, named – not "wrong passphrase" (the slot is no longer the one signed).
    who = "Anna" if field == "name" else "Bo"
    for passphrase in ("bo-kode-123", "admin-kode"):  # the whole keys file is suspect
        with pytest.raises(KeysFileTamperedError, match=f"adgangen for «{who}»"):
            Store.open(db, passphrase)
    assert snapshot(db) == before


def test_weaker_kdf_parameters_in_the_json_make_a_slot_fail(db: Path) -> None:
    data = _keys_json(db)
    data["slots"][0]["kdf"]["memory_kib"] = 16
    _write_keys_json(db, data)
    with pytest.raises(WrongPassphraseError):
        Store.open(db, "admin-kode")


def test_absurd_kdf_parameters_are_refused_before_any_work(db: Path) -> None:
    data = _keys_json(db)
    data["slots"][0]["kdf"]["memory_kib"] = 1 << 40
    _write_keys_json(db, data)
    with pytest.raises(KeysFileInvalidError, match="nøgleafledning"):
        Store.open(db, "admin-kode")


def test_a_slot_moved_to_another_file_does_not_unwrap(tmp_path: Path, db: Path) -> None:
    other = tmp_path / "anden.forandring"
    Store.create(other, "anden-kode", FAST, admin_name="Carl").close()
    mine, theirs = _keys_json(db), _keys_json(other)
    theirs["slots"].append(mine["slots"][0])  # Anna's slot, into the other file's keys
    _write_keys_json(other, theirs)
    with pytest.raises(KeysFileTamperedError, match="«Anna»"):  # not signed by *their* key
        Store.open(other, "admin-kode")


def test_a_keys_file_of_another_database_is_refused(tmp_path: Path, db: Path) -> None:
    other = tmp_path / "anden.forandring"
    Store.create(other, "anden-kode", FAST).close()
    keys_path(other).write_bytes(keys_path(db).read_bytes())
    before = snapshot(db)
    with pytest.raises(KeysFileMismatchError) as err:
        Store.open(other, "admin-kode")
    assert "hører til en anden database" in str(err.value)
    assert err.value.exit_code == 2
    assert snapshot(db) == before


def test_a_missing_keys_file_is_said_clearly_and_nothing_is_written(db: Path) -> None:
    keys_path(db).unlink()
    before = snapshot(db)
    with pytest.raises(KeysFileMissingError) as err:
        Store.open(db, "admin-kode", FAST)
    assert "Nøglefilen" in str(err.value)
    assert "mangler" in str(err.value)
    assert snapshot(db) == before  # in particular: no new keys file


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'{"format": "noget-andet/1"}', b'{"format": "forandring-keys/1"}', b"[]"],
)
def test_a_damaged_keys_file_is_refused(db: Path, content: bytes) -> None:
    keys_path(db).write_bytes(content)
    before = snapshot(db)
    with pytest.raises(KeysFileInvalidError):
        Store.open(db, "admin-kode")
    assert snapshot(db) == before


def test_create_refuses_to_overwrite_a_leftover_keys_file(tmp_path: Path, db: Path) -> None:
    other = tmp_path / "ny.forandring"
    keys_path(other).write_bytes(keys_path(db).read_bytes())  # keys of a moved database
    before = snapshot(db)
    with pytest.raises(KeysFileExistsError):
        Store.create(other, "kode-kode", FAST)
    assert not other.exists()
    assert snapshot(db) == before


def _make_legacy_file(path: Path, passphrase: str, doc: OrganisationDocument) -> None:
    """A file made the way the app made them before key slots: key = Argon2(pw, salt)."""
    engine = make_engine(path, derive_key(passphrase, new_salt(), FAST))
    upgrade_to_head(engine)
    with UnitOfWork(engine) as uow:
        uow.documents.add(doc)
        uow.commit()
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()


def test_a_legacy_file_gets_a_keys_file_with_one_admin_slot(
    tmp_path: Path, small_doc: OrganisationDocument
) -> None:
    path = tmp_path / "gammel.forandring"
    _make_legacy_file(path, "gammel-kode", small_doc)
    assert not keys_path(path).exists()

    before = snapshot(path)
    with pytest.raises(WrongPassphraseError):  # a wrong passphrase: still nothing written
        Store.open(path, "forkert", FAST)
    assert snapshot(path) == before

    with Store.open(path, "gammel-kode", FAST) as store:
        assert store.actor.role is Role.ADMIN
        assert store.actor.name == "Administrator"
        assert load_document(store).organisation.name == "Testorganisation"
    key_file = read_key_file(path, read_salt(path))
    assert key_file is not None
    assert key_file.legacy_key
    assert [s.role for s in key_file.staff_slots()] == [Role.ADMIN]
    # The data key is still the derived one, so the database was not re-encrypted ...
    with Store.open(path, "gammel-kode") as again:  # ... and now opens through the slot
        assert load_document(again).participants[0].name == "Søren Særligtnavn"
        assert again.actor == store.actor
        again.keys.add_staff("Bo", "bo-kode-123", Role.STAFF, FAST)
    with Store.open(path, "bo-kode-123") as as_bo:
        assert as_bo.actor.name == "Bo"


def test_recovery_keys_are_printable_and_forgive_how_they_are_typed() -> None:
    key = new_recovery_key()
    assert re.fullmatch(r"([0-9A-Z]{5}-){7}[0-9A-Z]{5}", key)
    assert set(key.replace("-", "")) <= set(RECOVERY_ALPHABET)
    assert not set("ILOU") & set(key)
    assert 36 * 5 >= 128  # 36 random characters of 5 bits each, 4 of checksum
    assert new_recovery_key() != key
    canonical = normalise_recovery_key(key)
    assert format_recovery_key(canonical) == key
    sloppy = key.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert normalise_recovery_key(sloppy) == canonical
    typo = key[:-1] + ("0" if key[-1] != "0" else "1")
    with pytest.raises(InvalidRecoveryKeyError):
        normalise_recovery_key(typo)
    with pytest.raises(InvalidRecoveryKeyError):
        normalise_recovery_key(key[:-6])


def test_database_salts_are_tagged_and_random_ones_are_not() -> None:
    assert has_envelope_tag(new_database_salt())
    assert new_database_salt() != new_database_salt()
    assert not any(has_envelope_tag(new_salt()) for _ in range(100))
