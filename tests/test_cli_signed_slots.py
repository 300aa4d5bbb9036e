"""`forandring` and signed key slots, as a real process: a forged slot is refused in Danish
(exit 2, never "Forkert adgangskode"); an unsigned keys file is opened with a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.staff import Role
from forandring_desktop.services.files import create_from_document
from forandring_desktop.services.staff import add_staff
from forandring_desktop.storage import KdfParams, keys_path
from tests.cli_helpers import run_forandring
from tests.services.test_slot_tampering import make_unsigned
from tests.storage.test_signed_slots import ANNA, ATTACKER, BO, _forge_admin_slot

FAST = KdfParams(memory_kib=8, iterations=1, lanes=1)


@pytest.fixture
def db(tmp_path: Path, small_doc: OrganisationDocument) -> Path:
    path = tmp_path / "org.forandring"
    with create_from_document(path, ANNA, small_doc, admin_name="Anna", kdf=FAST) as anna:
        add_staff(anna, "Bo", BO, Role.STAFF, kdf=FAST)
    return path


def test_a_forged_administrator_slot_is_refused_in_danish(db: Path) -> None:
    _forge_admin_slot(db)
    before = keys_path(db).read_bytes()
    done = run_forandring("staff", "list", str(db), passphrase=ATTACKER)
    assert done.returncode == 2, done.stderr
    assert "Nøglefilen er ændret af en, der ikke er administrator" in done.stderr
    assert "«Anna»" in done.stderr
    assert "Forkert adgangskode" not in done.stderr
    assert "Traceback" not in done.stderr
    assert keys_path(db).read_bytes() == before


def test_an_unsigned_keys_file_opens_for_staff_with_a_warning(db: Path) -> None:
    make_unsigned(db)
    done = run_forandring("staff", "list", str(db), passphrase=BO)
    assert done.returncode == 0, done.stderr
    assert "Advarsel: Nøglefilen er ikke underskrevet endnu" in done.stderr
    done = run_forandring("staff", "list", str(db), passphrase=ANNA)  # signs it
    assert done.returncode == 0, done.stderr
    assert "Advarsel" not in done.stderr
    done = run_forandring("staff", "list", str(db), passphrase=BO)
    assert "Advarsel" not in done.stderr
