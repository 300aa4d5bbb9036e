"""`forandring export-participant`, `erase`, `backup` and `restore`, run as real processes:
exit codes, messages, and files left exactly as they were on every refusal."""

from __future__ import annotations

import datetime
import hashlib
import json
from functools import partial
from pathlib import Path

import pytest

from forandring_desktop.model.staff import Role
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.files import create_from_document
from forandring_desktop.services.participants import list_participants
from forandring_desktop.services.staff import add_staff
from forandring_desktop.storage import KdfParams, Store, keys_path
from tests.cli_helpers import run_forandring

CHEAP = KdfParams(memory_kib=1024, iterations=1, lanes=1)
ADMIN_PW = "admin-adgang"
STAFF_PW = "mette-adgang"


# `forandring ARGS` as the administrator, unless ``passphrase=`` says otherwise.
forandring = partial(run_forandring, passphrase=ADMIN_PW)


def state(path: Path) -> dict[str, str]:
    files = [path, keys_path(path), Path(f"{path}-wal"), Path(f"{path}-shm")]
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.exists()}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A closed demo file with an administrator and a staff member, and a named person."""
    doc = build_demo_document(participants=4, today=datetime.date(2025, 6, 1))
    people = list(doc.participants)
    people[0] = people[0].model_copy(update={"code": "ZQX-1", "name": "Yrsa Quistgaard"})
    doc = doc.model_copy(update={"participants": people})
    path = tmp_path / "org.forandring"
    store = create_from_document(path, ADMIN_PW, doc, kdf=CHEAP)
    add_staff(store, "Mentor Mette", STAFF_PW, Role.STAFF, kdf=CHEAP)
    store.close()
    return path


def codes(path: Path) -> set[str]:
    with Store.open(path, ADMIN_PW, CHEAP) as store:
        return {row.code for row in list_participants(store)}


def test_export_participant_writes_json_and_pdf(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "indsigt"
    done = forandring("export-participant", str(db), "zqx-1", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "ZQX-1" in done.stdout
    files = sorted(out.iterdir())
    assert [p.suffix for p in files] == [".json", ".pdf"]
    data = json.loads(files[0].read_text(encoding="utf-8"))
    assert data["participant"]["name"] == "Yrsa Quistgaard"
    assert files[1].read_bytes().startswith(b"%PDF-")
    assert "Yrsa" not in done.stdout + done.stderr  # no names on the terminal


def test_export_participant_is_refused_for_staff_with_exit_3(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "indsigt"
    done = forandring("export-participant", str(db), "ZQX-1", "-o", str(out), passphrase=STAFF_PW)
    assert done.returncode == 3
    assert "administrator" in done.stderr
    assert list(out.iterdir()) == []


def test_erase_needs_an_administrator_and_a_confirmation(db: Path) -> None:
    before = state(db)
    staff = forandring("erase", str(db), "ZQX-1", "--yes", passphrase=STAFF_PW)
    assert staff.returncode == 3
    assert "Kun en administrator" in staff.stderr
    assert state(db) == before

    unconfirmed = forandring("erase", str(db), "ZQX-1")  # no terminal, no --yes
    assert unconfirmed.returncode == 2
    assert "--yes" in unconfirmed.stderr
    assert state(db) == before

    unknown = forandring("erase", str(db), "FINDES-IKKE", "--yes")
    assert unknown.returncode == 1
    assert "Ukendt deltager" in unknown.stderr
    assert state(db) == before

    done = forandring("erase", str(db), "ZQX-1", "--yes")
    assert done.returncode == 0, done.stderr
    assert "slettet for altid" in done.stdout
    assert "ZQX-1" not in codes(db)
    assert len(codes(db)) == 3


def test_backup_and_restore_with_exit_codes(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "kopi.forandring-backup"
    made = forandring("backup", str(db), "-o", str(copy))
    assert made.returncode == 0, made.stderr
    assert "kontrolleret" in made.stdout
    assert not copy.read_bytes().startswith(b"SQLite format 3")

    new = tmp_path / "gendannet.forandring"
    done = forandring("restore", str(copy), str(new))
    assert done.returncode == 0, done.stderr
    assert codes(new) == codes(db)

    before = state(db)
    exists = forandring("restore", str(copy), str(db))
    assert exists.returncode == 2
    assert "--replace" in exists.stderr
    wrong = forandring("restore", str(copy), str(db), "--replace", passphrase="forkert-kode")
    assert wrong.returncode == 2
    assert "Forkert adgangskode" in wrong.stderr
    staff = forandring("restore", str(copy), str(db), "--replace", passphrase=STAFF_PW)
    assert staff.returncode == 3
    damaged = tmp_path / "skadet.forandring-backup"
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    broken = forandring("restore", str(damaged), str(db), "--replace")
    assert broken.returncode == 2
    assert "beskadiget" in broken.stderr
    assert state(db) == before

    replaced = forandring("restore", str(copy), str(db), "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert "før-gendannelse" in replaced.stdout
    assert Path(f"{db}.før-gendannelse").exists()
    assert codes(db) == codes(new)


def test_the_whole_organisation_export_is_for_administrators_a_backup_for_everyone(
    db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "eksport.json"
    before = state(db)
    staff = forandring("export", str(db), "-o", str(out), passphrase=STAFF_PW)
    assert staff.returncode == 3  # as every other refusal by role
    assert staff.stderr.startswith(
        "forandring: Kun en administrator kan eksportere hele organisationen med deltagernes navne"
    )
    assert "Traceback" not in staff.stderr
    assert not out.exists()
    assert state(db) == before
    copy = tmp_path / "mettes.forandring-backup"
    backed_up = forandring("backup", str(db), "-o", str(copy), passphrase=STAFF_PW)
    assert backed_up.returncode == 0, backed_up.stderr
    assert copy.is_file()
    done = forandring("export", str(db), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "Yrsa Quistgaard" in out.read_text(encoding="utf-8")
