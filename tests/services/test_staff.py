"""Staff, roles, passphrases, the recovery key and "remember on this computer" (services)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import keyring.core
import keyring.errors
import pytest
from keyring.backend import KeyringBackend

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.staff import (
    AccessDeniedError,
    LastAdministratorError,
    PassphraseInUseError,
    PassphraseTooShortError,
    Role,
    StaffNotFoundError,
    WrongCurrentPassphraseError,
)
from forandring_desktop.services import remember
from forandring_desktop.services.access import require_admin
from forandring_desktop.services.files import create_from_document, open_organisation
from forandring_desktop.services.organisation import get_organisation
from forandring_desktop.services.staff import (
    add_staff,
    change_passphrase,
    has_recovery_key,
    list_staff,
    new_recovery_key,
    recover,
    remove_staff,
    reset_passphrase,
    unlock,
)
from forandring_desktop.storage import (
    InvalidRecoveryKeyError,
    KdfParams,
    NoRecoveryKeyError,
    Store,
    WrongPassphraseError,
    WrongRecoveryKeyError,
    keys_path,
)
from forandring_desktop.storage.keys import new_recovery_key as fresh_recovery_key
from tests.file_digests import digest, snapshot

FAST = KdfParams(memory_kib=8, iterations=1, lanes=1)
ADMIN_PW = "admin-kode-1"
STAFF_PW = "medarbejder-kode"


@pytest.fixture
def db(tmp_path: Path, small_doc: OrganisationDocument) -> Path:
    path = tmp_path / "org.forandring"
    create_from_document(path, ADMIN_PW, small_doc, admin_name="Anna", kdf=FAST).close()
    with open_organisation(path, ADMIN_PW, kdf=FAST) as store:
        add_staff(store, "Bo", STAFF_PW, Role.STAFF)
    return path


@pytest.fixture
def opened() -> Iterator[list[Store]]:
    stores: list[Store] = []
    yield stores
    for store in stores:
        store.close()


def open_as(db: Path, passphrase: str, opened: list[Store]) -> Store:
    store = open_organisation(db, passphrase, kdf=FAST)
    opened.append(store)
    return store


def test_the_file_knows_who_opened_it(db: Path, opened: list[Store]) -> None:
    anna = open_as(db, ADMIN_PW, opened)
    bo = open_as(db, STAFF_PW, opened)
    assert (anna.actor.name, anna.actor.role) == ("Anna", Role.ADMIN)
    assert (bo.actor.name, bo.actor.role) == ("Bo", Role.STAFF)
    assert anna.actor.staff_id != bo.actor.staff_id
    assert get_organisation(bo).name == "Testorganisation"
    listed = list_staff(bo)
    assert [(a.name, a.role) for a in listed] == [("Anna", Role.ADMIN), ("Bo", Role.STAFF)]


def test_staff_cannot_add_or_remove_staff(db: Path, opened: list[Store]) -> None:
    bo = open_as(db, STAFF_PW, opened)
    anna_id = next(a.staff_id for a in list_staff(bo) if a.name == "Anna")
    before = snapshot(db)
    with pytest.raises(AccessDeniedError) as err:
        add_staff(bo, "Carl", "carl-kode-1", Role.ADMIN)
    assert err.value.exit_code == 3
    assert "Kun en administrator kan tilføje medarbejdere" in str(err.value)
    with pytest.raises(AccessDeniedError):
        remove_staff(bo, anna_id)
    with pytest.raises(AccessDeniedError):
        reset_passphrase(bo, anna_id, "overtaget-kode")
    with pytest.raises(AccessDeniedError):
        new_recovery_key(bo)
    assert snapshot(db) == before
    with pytest.raises(WrongPassphraseError):
        open_organisation(db, "carl-kode-1", kdf=FAST)


def test_require_admin_names_the_action(db: Path, opened: list[Store]) -> None:
    assert require_admin(open_as(db, ADMIN_PW, opened), "slette deltagere").name == "Anna"
    with pytest.raises(AccessDeniedError, match="Kun en administrator kan slette deltagere"):
        require_admin(open_as(db, STAFF_PW, opened), "slette deltagere")


def test_a_removed_staff_member_is_shut_out_and_the_data_stays(
    db: Path, opened: list[Store]
) -> None:
    anna = open_as(db, ADMIN_PW, opened)
    bo = next(a for a in list_staff(anna) if a.name == "Bo")
    before_data = get_organisation(anna)
    assert remove_staff(anna, bo.staff_id) == bo
    assert get_organisation(anna) == before_data  # the store works on, on the new key
    assert [a.name for a in list_staff(anna)] == ["Anna"]
    before = snapshot(db)
    with pytest.raises(WrongPassphraseError):
        open_organisation(db, STAFF_PW, kdf=FAST)
    assert snapshot(db) == before
    with pytest.raises(StaffNotFoundError):
        remove_staff(anna, bo.staff_id)


def test_the_last_administrator_stays(db: Path, opened: list[Store]) -> None:
    anna = open_as(db, ADMIN_PW, opened)
    before = snapshot(db)
    with pytest.raises(LastAdministratorError):
        remove_staff(anna, anna.actor.staff_id)
    with pytest.raises(LastAdministratorError):
        reset_passphrase(anna, anna.actor.staff_id, "ny-kode-1234", role=Role.STAFF)
    assert snapshot(db) == before
    # With a second administrator Anna may leave; her passphrase then stops working.
    add_staff(anna, "Carl", "carl-kode-1", Role.ADMIN)
    remove_staff(anna, anna.actor.staff_id)
    with pytest.raises(WrongPassphraseError):
        open_organisation(db, ADMIN_PW, kdf=FAST)
    assert open_as(db, "carl-kode-1", opened).actor.role is Role.ADMIN


def test_changing_your_passphrase_rewraps_only_the_key(db: Path, opened: list[Store]) -> None:
    bo = open_as(db, STAFF_PW, opened)
    bo.checkpoint()
    database = digest(db)
    before = snapshot(db)
    with pytest.raises(WrongCurrentPassphraseError):
        change_passphrase(bo, "ikke-min-kode", "bo-ny-kode-1")
    with pytest.raises(WrongCurrentPassphraseError):
        change_passphrase(bo, ADMIN_PW, "bo-ny-kode-1")  # someone else's passphrase
    with pytest.raises(PassphraseTooShortError):
        change_passphrase(bo, STAFF_PW, "kort")
    with pytest.raises(PassphraseInUseError):
        change_passphrase(bo, STAFF_PW, ADMIN_PW)
    assert snapshot(db) == before

    change_passphrase(bo, STAFF_PW, "bo-ny-kode-1")  # a staff member may change their own
    bo.checkpoint()
    assert digest(db) == database
    assert digest(keys_path(db)) != before[keys_path(db).name]
    with pytest.raises(WrongPassphraseError):
        open_organisation(db, STAFF_PW, kdf=FAST)
    again = open_as(db, "bo-ny-kode-1", opened)
    assert again.actor == bo.actor


def test_an_administrator_resets_a_passphrase_and_role(db: Path, opened: list[Store]) -> None:
    anna = open_as(db, ADMIN_PW, opened)
    bo = next(a for a in list_staff(anna) if a.name == "Bo")
    changed = reset_passphrase(anna, bo.staff_id, "bo-fra-anna", role=Role.ADMIN)
    assert changed.role is Role.ADMIN
    assert changed.staff_id == bo.staff_id
    with pytest.raises(WrongPassphraseError):
        open_organisation(db, STAFF_PW, kdf=FAST)
    assert open_as(db, "bo-fra-anna", opened).actor == changed


def test_adding_checks_name_and_passphrase(db: Path, opened: list[Store]) -> None:
    from forandring_desktop.model import InvalidDataError

    anna = open_as(db, ADMIN_PW, opened)
    before = snapshot(db)
    with pytest.raises(InvalidDataError):
        add_staff(anna, "   ", "en-god-kode")
    with pytest.raises(PassphraseTooShortError):
        add_staff(anna, "Dorte", "kort")
    with pytest.raises(PassphraseInUseError):
        add_staff(anna, "Dorte", STAFF_PW)  # Bo's: the two could not be told apart
    assert snapshot(db) == before
    dorte = add_staff(anna, "  Dorte  ", "dorte-kode-1")
    assert (dorte.name, dorte.role) == ("Dorte", Role.STAFF)


def test_recovery_with_the_recovery_key(db: Path, opened: list[Store]) -> None:
    anna = open_as(db, ADMIN_PW, opened)
    assert not has_recovery_key(anna)
    before = snapshot(db)
    with pytest.raises(NoRecoveryKeyError):
        recover(db, fresh_recovery_key(), "glemt-og-ny-1", kdf=FAST)
    assert snapshot(db) == before

    first = new_recovery_key(anna)
    key = new_recovery_key(anna)  # replaces the first
    assert has_recovery_key(anna)
    anna.close()
    before = snapshot(db)
    with pytest.raises(WrongRecoveryKeyError):
        recover(db, first, "glemt-og-ny-1", kdf=FAST)
    typo = key[:3] + ("X" if key[3] != "X" else "Y") + key[4:]
    with pytest.raises(InvalidRecoveryKeyError):
        recover(db, typo, "glemt-og-ny-1", kdf=FAST)
    assert snapshot(db) == before

    # Anna forgot her passphrase: the recovery key gives her a new one.
    anna_id = anna.actor.staff_id
    store = recover(db, key.lower(), "glemt-og-ny-1", staff_id=anna_id, kdf=FAST)
    opened.append(store)
    assert store.actor.staff_id == anna_id
    assert store.actor.role is Role.ADMIN
    with pytest.raises(WrongPassphraseError):
        open_organisation(db, ADMIN_PW, kdf=FAST)
    assert open_as(db, "glemt-og-ny-1", opened).actor.name == "Anna"

    # Or a new administrator is added.
    other = recover(db, key, "helt-ny-admin", admin_name="Eva", kdf=FAST)
    opened.append(other)
    assert (other.actor.name, other.actor.role) == ("Eva", Role.ADMIN)
    assert get_organisation(other).name == "Testorganisation"
    assert {a.name for a in list_staff(other)} == {"Anna", "Bo", "Eva"}


def test_unlocking_switches_the_actor_only_with_a_right_passphrase(
    db: Path, opened: list[Store]
) -> None:
    store = open_as(db, ADMIN_PW, opened)
    anna = store.actor
    with pytest.raises(WrongPassphraseError):
        unlock(store, "forkert-kode")
    assert store.actor == anna
    bo = unlock(store, STAFF_PW)
    assert store.actor == bo
    assert bo.name == "Bo"
    with pytest.raises(AccessDeniedError):  # Bo is now working: his role counts
        add_staff(store, "Carl", "carl-kode-1")


def test_unlocking_for_one_member_refuses_the_others(db: Path, opened: list[Store]) -> None:
    store = open_as(db, ADMIN_PW, opened)
    anna = store.actor
    with pytest.raises(WrongPassphraseError):  # Bo's passphrase, but Anna was working
        unlock(store, STAFF_PW, only=anna.staff_id)
    assert store.actor == anna
    assert unlock(store, ADMIN_PW, only=anna.staff_id) == anna


# --- Remember on this computer ------------------------------------------------------------


class MemoryKeyring(KeyringBackend):
    """A keyring in memory, for tests only."""

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


# keyring registers every backend class it sees; keep ours out of its auto-detection.
KeyringBackend._classes.discard(MemoryKeyring)


class BrokenKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


KeyringBackend._classes.discard(BrokenKeyring)


def use_keyring(monkeypatch: pytest.MonkeyPatch, backend: KeyringBackend) -> None:
    monkeypatch.setattr(keyring.core, "_keyring_backend", backend)


def test_remember_and_forget_with_a_keyring(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = MemoryKeyring()
    use_keyring(monkeypatch, fake)
    path = tmp_path / "org.forandring"
    assert remember.keyring_available()
    assert remember.remembered_passphrase(path) is None
    remember.remember_passphrase(path, "hemmelig-kode")
    assert fake.items == {(remember.SERVICE_NAME, str(path.resolve())): "hemmelig-kode"}
    assert remember.remembered_passphrase(tmp_path / "." / "org.forandring") == "hemmelig-kode"
    assert remember.remembered_passphrase(tmp_path / "anden.forandring") is None
    assert remember.forget_passphrase(path)
    assert remember.remembered_passphrase(path) is None
    assert fake.items == {}
    assert not remember.forget_passphrase(path)  # nothing to forget: no error


@pytest.mark.parametrize(
    "backend",
    [keyring.backends.fail.Keyring(), keyring.backends.null.Keyring(), BrokenKeyring()],
    ids=["fail", "null", "locked"],
)
def test_without_a_usable_keyring_nothing_is_stored_and_nothing_crashes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, backend: KeyringBackend
) -> None:
    use_keyring(monkeypatch, backend)
    path = tmp_path / "org.forandring"
    with pytest.raises(remember.RememberUnavailableError) as err:
        remember.remember_passphrase(path, "hemmelig-kode")
    assert "nøglering" in str(err.value)
    assert remember.remembered_passphrase(path) is None
    assert not remember.forget_passphrase(path)
