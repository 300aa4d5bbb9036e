"""Signed key slots through the use cases: the data folder's and the backup's pins, the
upgrade of an unsigned keys file, certificates, recovery, and the audit of slot changes."""

from __future__ import annotations

import json
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.audit import AuditAction, AuditQuery, describe
from forandring_desktop.model.base import uuid7
from forandring_desktop.model.staff import RECOVERY_ACTOR, Role
from forandring_desktop.services.audit import list_entries
from forandring_desktop.services.backup import backup, restore
from forandring_desktop.services.files import create_from_document, open_organisation
from forandring_desktop.services.key_pins import PIN_FOLDER, pin_path, pinned_keys
from forandring_desktop.services.paths import data_dir
from forandring_desktop.services.staff import (
    add_staff,
    change_passphrase,
    new_recovery_key,
    recover,
    remove_staff_member,
    reset_passphrase,
    unlock,
)
from forandring_desktop.storage import (
    KdfParams,
    OrganisationKeyMismatchError,
    Store,
    keys_path,
)
from forandring_desktop.storage.crypto import FileKey
from forandring_desktop.storage.engine import make_engine, read_salt
from forandring_desktop.storage.errors import KeysNotSignedError
from forandring_desktop.storage.key_pins import read_pin, write_pin
from forandring_desktop.storage.key_signing import check_slots, upgrade
from forandring_desktop.storage.keys import (
    SlotKind,
    _checksum,
    make_slot,
    open_slot,
    read_key_file,
    write_key_file,
)
from forandring_desktop.storage.signing import public_of

FAST = KdfParams(memory_kib=8, iterations=1, lanes=1)
ANNA, BO, ATTACKER = "anna-kode-123", "bo-kode-1234", "angriber-kode-1"


@pytest.fixture
def db(tmp_path: Path, small_doc: OrganisationDocument) -> Path:
    path = tmp_path / "org.forandring"
    with create_from_document(path, ANNA, small_doc, admin_name="Anna", kdf=FAST) as anna:
        add_staff(anna, "Bo", BO, Role.STAFF, kdf=FAST)
    return path


def _access(store: Store) -> list[dict[str, object]]:
    entries = list_entries(store, AuditQuery(action=AuditAction.ACCESS))
    return [dict(e.detail) for e in reversed(entries)]  # oldest first


def make_unsigned(db: Path) -> None:
    """Turn the file into one from before signed slots: a format-2 keys file, no pin in the
    database or the data folder."""
    with Store.open(db, ANNA, FAST) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM organisation_key_pin")
    shutil.rmtree(data_dir() / PIN_FOLDER, ignore_errors=True)
    data = json.loads(keys_path(db).read_text("utf-8"))
    data["format"] = "forandring-keys/2"
    data.pop("organisation")
    data["check"] = _checksum({k: data[k] for k in ("format", "database_salt", "legacy_key")})
    for slot in data["slots"]:
        slot.pop("signing_key", None)
        slot.pop("organisation_key", None)
        slot["check"] = _checksum(slot)
    keys_path(db).write_text(json.dumps(data), "utf-8")


def _keys_format(db: Path) -> str:
    return str(json.loads(keys_path(db).read_text("utf-8"))["format"])


# --- the upgrade of an unsigned keys file ---------------------------------------------------


def test_a_staff_member_opens_an_unsigned_file_with_a_warning_until_an_admin_signs_it(
    db: Path,
) -> None:
    make_unsigned(db)
    with open_organisation(db, BO, kdf=FAST) as bo:
        assert bo.key_warning is not None
        assert "en administrator skal åbne filen én gang" in bo.key_warning
        assert bo.signer is None
        assert read_pin(bo.engine) is None
        with pytest.raises(KeysNotSignedError, match="En administrator skal åbne filen"):
            bo.keys.add_staff("Eva", "eva-kode-1234", Role.ADMIN, FAST)  # no unsigned slots
    assert _keys_format(db) == "forandring-keys/2"  # a staff member signs nothing
    with open_organisation(db, ANNA, kdf=FAST) as anna:
        assert anna.key_warning is None
        assert anna.signer is not None
        assert anna.org_public_key is not None
        assert read_pin(anna.engine) == anna.org_public_key
        assert _access(anna)[-1] == {"change": "keys_signed", "slots": 2}
        org_key = anna.org_public_key
    assert _keys_format(db) == "forandring-keys/3"
    organisation = _organisation_id(db)
    assert pinned_keys(organisation) == [org_key]
    with open_organisation(db, BO, kdf=FAST) as bo:
        assert bo.key_warning is None
        assert bo.signer is not None  # Anna made Bo's signing key while signing the file
        certs = {c.staff_id: c for c in bo.keys.certificates()}
        assert certs[bo.actor.staff_id].public_key == bo.signer.public_key


def test_the_recovery_key_signs_an_unsigned_file_and_can_still_mint(db: Path) -> None:
    with open_organisation(db, ANNA, kdf=FAST) as anna:
        key = new_recovery_key(anna, kdf=FAST)
    make_unsigned(db)
    with recover(db, key, "dorte-kode-12", admin_name="Dorte", kdf=FAST) as dorte:
        assert dorte.actor.name == "Dorte"
        assert dorte.signer is not None
        assert dorte.signer.staff_id == dorte.actor.staff_id
        assert dorte.keys.can_sign_slots
        add_staff(dorte, "Eva", "eva-kode-1234", Role.STAFF, kdf=FAST)  # she can mint
        changes = [d["change"] for d in _access(dorte)]
        assert changes[-3:] == ["keys_signed", "recovered", "staff_added"]
    key_file = read_key_file(db, read_salt(db))
    assert key_file is not None
    check_slots(key_file)
    with open_organisation(db, "eva-kode-1234", kdf=FAST) as eva:
        assert eva.signer is not None


def test_recovery_of_a_signed_file_mints_a_new_administrator(db: Path) -> None:
    with open_organisation(db, ANNA, kdf=FAST) as anna:
        key = new_recovery_key(anna, kdf=FAST)
        org_key = anna.org_public_key
        assert _access(anna)[-1] == {"change": "recovery_key_set"}
    with Store.open_with_recovery_key(db, key, FAST) as by_key:
        # The recovery key itself signs as the recovery actor, with the organisation key.
        assert by_key.signer is not None
        assert by_key.signer.staff_id == RECOVERY_ACTOR.staff_id
        assert by_key.signer.public_key == org_key
    with recover(db, key, "dorte-kode-12", admin_name="Dorte", kdf=FAST) as dorte:
        assert dorte.org_public_key == org_key
        assert dorte.signer is not None
        certs = [c for c in dorte.keys.certificates() if c.staff_id == dorte.actor.staff_id]
        assert [c.role for c in certs] == [Role.ADMIN]
        assert certs[0].public_key == dorte.signer.public_key


# --- certificates and renewal ---------------------------------------------------------------


def test_a_removed_members_certificate_is_kept(db: Path) -> None:
    with open_organisation(db, ANNA, kdf=FAST) as anna:
        bo = next(a for a in anna.keys.staff() if a.name == "Bo")
        before = {c.staff_id: c for c in anna.keys.certificates()}
        assert bo.staff_id in before
        done = remove_staff_member(anna, bo.staff_id)
        assert done.rekeyed
        after = {c.staff_id: c for c in anna.keys.certificates()}
        assert after[bo.staff_id] == before[bo.staff_id]  # still there, still valid
        assert anna.org_public_key is not None
        assert after[bo.staff_id].valid_under(anna.org_public_key)
        assert [a.name for a in anna.keys.staff()] == ["Anna"]
    key_file = read_key_file(db, read_salt(db))
    assert key_file is not None
    assert key_file.organisation is not None
    assert [c.staff_id for c in key_file.organisation.retired] == [bo.staff_id]
    check_slots(key_file)  # the re-keyed file is signed still


def test_changing_ones_own_passphrase_keeps_the_signature_and_signing_key(db: Path) -> None:
    with open_organisation(db, BO, kdf=FAST) as bo:
        assert bo.signer is not None
        signing_key = bo.signer.public_key
        organisation = bo.keys.load().organisation
        change_passphrase(bo, BO, "bo-ny-kode-123", kdf=FAST)
    key_file = read_key_file(db, read_salt(db))
    assert key_file is not None
    check_slots(key_file)
    assert key_file.organisation == organisation  # nothing re-signed: nothing needed it
    with open_organisation(db, "bo-ny-kode-123", kdf=FAST) as bo:
        assert bo.signer is not None
        assert bo.signer.public_key == signing_key


def test_an_administrator_resetting_a_passphrase_and_role_is_signed_and_audited(
    db: Path,
) -> None:
    with open_organisation(db, ANNA, kdf=FAST) as anna:
        bo = next(a for a in anna.keys.staff() if a.name == "Bo")
        reset_passphrase(anna, bo.staff_id, "bo-ny-kode-123", role=Role.ADMIN, kdf=FAST)
        assert _access(anna)[-1] == {
            "change": "passphrase_reset",
            "staff_id": str(bo.staff_id),
            "role": "administrator",
            "previous_role": "medarbejder",
        }
        entry = list_entries(anna, AuditQuery(action=AuditAction.ACCESS))[0]
        assert describe(entry).startswith("adgangskode sat af en administrator")
        certs = [c for c in anna.keys.certificates() if c.staff_id == bo.staff_id]
        assert [c.role for c in certs] == [Role.STAFF, Role.ADMIN]  # the old one kept
    with open_organisation(db, "bo-ny-kode-123", kdf=FAST) as bo_store:
        assert bo_store.actor.role is Role.ADMIN
        assert bo_store.keys.can_sign_slots  # an administrator now: holds the org key


def test_adding_a_member_is_audited_without_a_name(db: Path) -> None:
    with open_organisation(db, ANNA, kdf=FAST) as anna:
        eva = add_staff(anna, "Eva", "eva-kode-1234", Role.STAFF, kdf=FAST)
        last = _access(anna)[-1]
        assert last == {
            "change": "staff_added",
            "staff_id": str(eva.staff_id),
            "role": "medarbejder",
        }
        assert "Eva" not in json.dumps(last)


def test_unlocking_switches_the_signer(db: Path) -> None:
    with open_organisation(db, ANNA, kdf=FAST) as store:
        assert store.signer is not None
        anna_signer = store.signer
        assert store.keys.can_sign_slots
        unlock(store, BO)
        assert store.signer is not None
        assert store.signer.staff_id == store.actor.staff_id != anna_signer.staff_id
        assert not store.keys.can_sign_slots  # Anna's organisation key is dropped
        unlock(store, ANNA)
        assert store.signer == anna_signer


# --- the pins of the data folder and the backup ---------------------------------------------


def _organisation_id(db: Path):  # type: ignore[no-untyped-def]
    with open_organisation(db, BO, kdf=FAST) as store, store.unit_of_work() as uow:
        return uow.organisation.get().id


def _take_over(db: Path) -> None:
    """Bo's full attack: a forged administrator slot, every slot re-signed with an
    organisation key of his own, and the database's pin changed to it (he has the data
    key)."""
    salt = read_salt(db)
    key_file = read_key_file(db, salt)
    assert key_file is not None
    bo = next(s for s in key_file.staff_slots() if s.name == "Bo")
    opened = open_slot(bo, BO, salt)
    assert opened is not None
    forged = make_slot(
        opened.data_key, ATTACKER, database_salt=salt, kind=SlotKind.STAFF,
        role=Role.ADMIN, staff_id=uuid7(), name="Anna", kdf=FAST,
    )  # fmt: skip
    resigned, org_private, _ = upgrade(replace(key_file.with_slot(forged), organisation=None))
    write_key_file(db, resigned)
    engine = make_engine(db, FileKey(opened.data_key, salt))
    try:
        write_pin(engine, public_of(org_private))
    finally:
        engine.dispose()


def test_a_taken_over_file_is_refused_by_the_data_folders_pin(db: Path) -> None:
    organisation = _organisation_id(db)
    assert pin_path(organisation).is_file()
    pinned = pin_path(organisation).read_bytes()
    _take_over(db)
    with pytest.raises(OrganisationKeyMismatchError, match="datamappe") as err:
        open_organisation(db, ATTACKER, kdf=FAST)
    assert err.value.exit_code == 2
    assert pin_path(organisation).read_bytes() == pinned  # the attacker's key not learnt


def test_a_restore_refuses_a_backup_whose_keys_file_another_key_signed(
    db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "kopi.forandring-backup"
    with open_organisation(db, ANNA, kdf=FAST) as anna:
        backup(anna, target)
        org_key = anna.org_public_key
    assert org_key is not None
    with zipfile.ZipFile(target) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        parts = {name: zf.read(name) for name in zf.namelist()}
    assert manifest["organisation_key"] == org_key.hex()
    # The manifest names another organisation key (e.g. the backup of an impostor's file).
    manifest["organisation_key"] = public_of(bytes(32)).hex()
    forged = tmp_path / "forfalsket.forandring-backup"
    with zipfile.ZipFile(forged, "w") as zf:
        for name, content in parts.items():
            zf.writestr(name, json.dumps(manifest) if name == "manifest.json" else content)
    with pytest.raises(OrganisationKeyMismatchError, match="sikkerhedskopiens"):
        restore(forged, tmp_path / "gendannet.forandring", ANNA, kdf=FAST)
    assert not (tmp_path / "gendannet.forandring").exists()
    done = restore(target, tmp_path / "gendannet.forandring", ANNA, kdf=FAST)  # the real one
    assert done.path.exists()
