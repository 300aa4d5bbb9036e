"""A staff member added on one laptop can open the organisation's file on every laptop."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from forandring_desktop.model.staff import Role
from forandring_desktop.services import staff as staff_service
from forandring_desktop.services import sync as sync_service
from forandring_desktop.services.files import create_organisation, open_organisation
from forandring_desktop.services.sync_join import invite, join
from forandring_desktop.services.sync_keys import KEYS_TABLE, adopt_keys
from forandring_desktop.storage import Store
from forandring_desktop.storage.errors import OrganisationKeyMismatchError, WrongPassphraseError
from forandring_desktop.storage.keys import keys_path, to_json
from forandring_desktop.storage.sync.envelope import ChangeMeta
from forandring_desktop.storage.sync.inbox import Received
from tests.sync.test_invite_join import laptop_a as laptop_a  # the fixture

CY_PASSPHRASE = "cy-har-ogsaa-en-lang-kode"


def joined(a: Store, dsn: str, tmp_path: Path) -> Path:
    made = invite(a, dsn, tmp_path / "c.invitation")
    join(tmp_path / "c.invitation", made.code, "pw", tmp_path / "c.forandring").close()
    return tmp_path / "c.forandring"


def test_a_member_added_on_a_opens_the_file_on_c(
    laptop_a: tuple[Store, str], tmp_path: Path
) -> None:
    a, dsn = laptop_a
    c_path = joined(a, dsn, tmp_path)
    with pytest.raises(WrongPassphraseError):
        open_organisation(c_path, CY_PASSPHRASE)
    staff_service.add_staff(a, "Cy", CY_PASSPHRASE, Role.STAFF)
    sync_service.sync_now(a, dsn)
    with open_organisation(c_path, "pw") as c:
        sync_service.sync_now(c)
        sync_service.apply_pulled(c)
        assert sorted(m.name for m in staff_service.list_staff(c)) == ["Administrator", "Bo", "Cy"]
    with open_organisation(c_path, CY_PASSPHRASE) as as_cy:
        assert as_cy.actor.name == "Cy"
    # The same list again changes nothing.
    before = keys_path(c_path).read_bytes()
    with open_organisation(c_path, "pw") as c:
        sync_service.sync_now(c)
        sync_service.apply_pulled(c)
    assert keys_path(c_path).read_bytes() == before


def test_a_keys_file_not_signed_by_the_pinned_key_is_refused(
    laptop_a: tuple[Store, str], tmp_path: Path
) -> None:
    a, _dsn = laptop_a
    other = create_organisation(tmp_path / "other.forandring", "pw-other", "Anden")
    foreign = to_json(other.keys.load())
    other.close()
    before = keys_path(a.path).read_bytes()
    meta = ChangeMeta(uuid.uuid4(), uuid.uuid4(), KEYS_TABLE, "x", uuid.uuid4(), 1, 1)
    change = Received(1, meta, {"op": "update", "data": {"keys": foreign}})
    with pytest.raises(OrganisationKeyMismatchError):
        adopt_keys(a, [change])
    assert keys_path(a.path).read_bytes() == before
    # An older list, lacking a member added here since, is kept out (removals need key
    # rotation, so a missing slot is never taken as one).
    older = to_json(a.keys.load())
    staff_service.add_staff(a, "Cy", CY_PASSPHRASE, Role.STAFF)
    now = keys_path(a.path).read_bytes()
    stale = Received(2, meta, {"op": "update", "data": {"keys": older}})
    assert adopt_keys(a, [stale]) == 0
    assert keys_path(a.path).read_bytes() == now
