"""Signed key slots (keys format 3): what a staff member with only their passphrase and the
project's own key-file functions can no longer do (issue 20, part 1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.base import uuid7
from forandring_desktop.model.staff import AccessDeniedError, Role
from forandring_desktop.services.files import create_from_document
from forandring_desktop.storage import (
    KdfParams,
    KeysFileInvalidError,
    KeysFileTamperedError,
    OrganisationKeyMismatchError,
    Store,
    keys_path,
)
from forandring_desktop.storage.crypto import FileKey
from forandring_desktop.storage.engine import make_engine, read_salt
from forandring_desktop.storage.key_pins import read_pin, write_pin
from forandring_desktop.storage.key_signing import check_slots, upgrade
from forandring_desktop.storage.keys import (
    SlotKind,
    make_slot,
    open_slot,
    read_key_file,
    write_key_file,
)
from forandring_desktop.storage.signing import verify
from tests.file_digests import snapshot

FAST = KdfParams(memory_kib=8, iterations=1, lanes=1)
ANNA, BO, ATTACKER = "anna-kode-123", "bo-kode-1234", "angriber-kode-1"


@pytest.fixture
def db(tmp_path: Path, small_doc: OrganisationDocument) -> Path:
    path = tmp_path / "org.forandring"
    with create_from_document(path, ANNA, small_doc, admin_name="Anna", kdf=FAST) as store:
        store.keys.add_staff("Bo", BO, Role.STAFF, FAST)
    return path


def _forge_admin_slot(db: Path) -> None:
    """The attack of issue 20, as Bo would write it: his passphrase opens his slot, which
    gives the data key; ``make_slot`` and ``write_key_file`` add an administrator slot
    under the real administrator's name."""
    salt = read_salt(db)
    key_file = read_key_file(db, salt)
    assert key_file is not None
    bo = next(s for s in key_file.staff_slots() if s.name == "Bo")
    opened = open_slot(bo, BO, salt)
    assert opened is not None
    forged = make_slot(
        opened.data_key,
        ATTACKER,
        database_salt=salt,
        kind=SlotKind.STAFF,
        role=Role.ADMIN,
        staff_id=uuid7(),
        name="Anna",
        kdf=FAST,
    )
    write_key_file(db, key_file.with_slot(forged))


def test_a_staff_member_cannot_add_a_slot_through_the_key_manager(db: Path) -> None:
    with Store.open(db, BO) as bo:
        before = keys_path(db).read_bytes()
        with pytest.raises(AccessDeniedError):
            bo.keys.add_staff("Anna", ATTACKER, Role.ADMIN, FAST)
        with pytest.raises(AccessDeniedError):
            bo.keys.rewrap_staff(bo.actor.staff_id, ATTACKER, FAST, role=Role.ADMIN)
        with pytest.raises(AccessDeniedError):
            bo.keys.set_recovery_key("0" * 40, FAST)
        assert keys_path(db).read_bytes() == before  # no unsigned slot slipped in


def test_a_forged_administrator_slot_is_refused_and_named(db: Path) -> None:
    _forge_admin_slot(db)
    before = snapshot(db)
    for passphrase in (ATTACKER, BO, ANNA):
        with pytest.raises(KeysFileTamperedError) as err:
            Store.open(db, passphrase)
        message = str(err.value)
        assert "ændret af en, der ikke er administrator" in message
        assert "«Anna»" in message  # the forged slot, by the name it carries
        assert "Forkert adgangskode" not in message
        assert err.value.exit_code == 2
    assert snapshot(db) == before


def test_a_forged_slot_added_to_the_signed_list_breaks_the_signature(db: Path) -> None:
    _forge_admin_slot(db)
    data = json.loads(keys_path(db).read_text("utf-8"))
    from forandring_desktop.storage.key_signing import slot_identity
    from forandring_desktop.storage.keys import parse_key_file

    forged = parse_key_file(json.dumps(data)).slots[-1]
    data["organisation"]["slots"].append(slot_identity(forged))  # copied in, unsigned
    from forandring_desktop.storage.keys import _checksum

    data["organisation"]["check"] = _checksum(data["organisation"])  # careful attacker
    keys_path(db).write_text(json.dumps(data), "utf-8")
    with pytest.raises(KeysFileTamperedError, match="listen over adgange"):
        Store.open(db, ATTACKER)


def test_a_role_raised_by_hand_is_tampering_not_a_wrong_passphrase(db: Path) -> None:
    data = json.loads(keys_path(db).read_text("utf-8"))
    bo = next(s for s in data["slots"] if s["name"] == "Bo")
    bo["role"] = "admin"
    from forandring_desktop.storage.keys import _checksum

    bo["check"] = _checksum(bo)  # a careful attacker keeps the checksum right
    keys_path(db).write_text(json.dumps(data), "utf-8")
    with pytest.raises(KeysFileTamperedError, match="adgangen for «Bo»") as err:
        Store.open(db, BO)
    assert "Forkert adgangskode" not in str(err.value)


def test_a_re_signed_keys_file_is_refused_by_the_database_pin(db: Path) -> None:
    """Bo makes an organisation key of his own and signs every slot (his forged one too)."""
    _forge_admin_slot(db)
    key_file = read_key_file(db, read_salt(db))
    assert key_file is not None
    from dataclasses import replace

    resigned, _, _ = upgrade(replace(key_file, organisation=None))
    write_key_file(db, resigned)
    check_slots(resigned)  # consistent in itself …
    before = snapshot(db)
    with pytest.raises(OrganisationKeyMismatchError, match="registreret i databasen"):
        Store.open(db, ATTACKER)  # … but not the key the database knows
    assert snapshot(db) == before


def test_the_database_pins_the_organisation_key_at_creation(db: Path) -> None:
    with Store.open(db, BO) as bo:
        assert bo.org_public_key is not None
        assert read_pin(bo.engine) == bo.org_public_key
        key_file = read_key_file(db, read_salt(db))
        assert key_file is not None
        assert key_file.organisation is not None
        assert key_file.organisation.public_key == bo.org_public_key


def test_opening_gives_the_member_their_own_signer(db: Path) -> None:
    with Store.open(db, BO) as bo:
        assert bo.signer is not None
        assert bo.signer.staff_id == bo.actor.staff_id
        assert bo.key_warning is None
        certs = [c for c in bo.keys.certificates() if c.staff_id == bo.actor.staff_id]
        assert [c.public_key for c in certs] == [bo.signer.public_key]
        assert bo.org_public_key is not None
        assert certs[0].valid_under(bo.org_public_key)
        assert verify(bo.signer.public_key, bo.signer.sign(b"x"), b"x")
        assert not bo.keys.can_sign_slots  # a staff member holds no organisation key
    with Store.open(db, ANNA) as anna:
        assert anna.keys.can_sign_slots


def test_an_unsigned_keys_file_where_a_key_is_pinned_is_refused(db: Path) -> None:
    """Bo swaps in a format-2 keys file (no signature) with his forged slot."""
    _forge_admin_slot(db)
    key_file = read_key_file(db, read_salt(db))
    assert key_file is not None
    from dataclasses import replace

    slots = tuple(replace(s, signing=None) for s in key_file.slots)
    write_key_file(db, replace(key_file, slots=slots, organisation=None))
    with pytest.raises(OrganisationKeyMismatchError, match="ikke underskrevet"):
        Store.open(db, ATTACKER)


def test_a_pin_changed_along_with_the_keys_file_passes_storage_only(db: Path) -> None:
    """Whoever holds the data key can change the database's pin too: storage alone cannot
    tell (the data folder's pin can: tests/services/test_slot_tampering.py)."""
    _forge_admin_slot(db)
    salt = read_salt(db)
    key_file = read_key_file(db, salt)
    assert key_file is not None
    from dataclasses import replace

    resigned, org_private, _ = upgrade(replace(key_file, organisation=None))
    write_key_file(db, resigned)
    bo_slot = next(s for s in key_file.staff_slots() if s.name == "Bo")
    opened = open_slot(bo_slot, BO, salt)
    assert opened is not None
    engine = make_engine(db, FileKey(opened.data_key, salt))
    try:
        from forandring_desktop.storage.signing import public_of

        write_pin(engine, public_of(org_private))
    finally:
        engine.dispose()
    with Store.open(db, ATTACKER) as store:
        assert store.actor.role is Role.ADMIN


def test_damage_to_the_signed_part_is_damage_not_tampering(db: Path) -> None:
    """A flipped bit (no one recomputed the checksum) says "damaged", as for a slot."""
    data = json.loads(keys_path(db).read_text("utf-8"))
    signature = data["organisation"]["signature"]
    data["organisation"]["signature"] = ("0" if signature[0] != "0" else "1") + signature[1:]
    keys_path(db).write_text(json.dumps(data), "utf-8")
    with pytest.raises(KeysFileInvalidError, match="organisationens underskrift") as err:
        Store.open(db, BO)
    assert err.value.exit_code == 4
