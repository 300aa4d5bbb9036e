"""`forandring staff …` run as a real process: roles, exit codes, files left alone on failure."""

from __future__ import annotations

import hashlib
import re
import subprocess
from functools import partial
from pathlib import Path

import pytest

from forandring_desktop.services.files import create_organisation
from forandring_desktop.storage import KdfParams, keys_path
from tests.cli_helpers import run_forandring

FAST = KdfParams(memory_kib=8, iterations=1, lanes=1)
ADMIN_PW = "anna-kode-1"
BO_PW = "bo-kode-123"


# `forandring ARGS` as the administrator, unless ``passphrase=`` says otherwise.
forandring = partial(run_forandring, passphrase=ADMIN_PW)


def snapshot(db: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(db.parent.iterdir())
        if p.is_file() and p.suffix in {".forandring", ".keys"}
    }


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "org.forandring"
    create_organisation(path, ADMIN_PW, "Forening", admin_name="Anna", kdf=FAST).close()
    return path


def secret_file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def staff_add(
    db: Path, name: str, passphrase_file: str, *options: str, passphrase: str = ADMIN_PW
) -> subprocess.CompletedProcess[str]:
    """`forandring staff add DB --name NAME [OPTIONS] --new-passphrase-file FILE`."""
    args = ["staff", "add", str(db), "--name", name, *options]
    return forandring(*args, "--new-passphrase-file", passphrase_file, passphrase=passphrase)


def add_bo(db: Path, tmp_path: Path) -> None:
    done = staff_add(db, "Bo", secret_file(tmp_path, "bo.txt", BO_PW))
    assert done.returncode == 0, done.stderr
    assert "Tilføjet Bo (medarbejder)" in done.stdout


def test_list_shows_names_roles_and_ids_but_no_secrets(db: Path) -> None:
    done = forandring("staff", "list", str(db))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["Navn", "Rolle", "Id"]
    assert re.match(r"Anna\s+administrator\s+[0-9a-f-]{36}\s+\(dig\)$", lines[1])
    assert lines[-1] == "Gendannelsesnøgle: nej"
    assert ADMIN_PW not in done.stdout
    assert "ciphertext" not in done.stdout


def test_an_administrator_adds_and_removes_a_staff_member(db: Path, tmp_path: Path) -> None:
    add_bo(db, tmp_path)
    as_bo = forandring("staff", "list", str(db), passphrase=BO_PW)
    assert as_bo.returncode == 0, as_bo.stderr
    assert re.search(r"^Bo\s+medarbejder\s+\S+\s+\(dig\)$", as_bo.stdout, re.MULTILINE)

    removed = forandring("staff", "remove", str(db), "Bo")
    assert removed.returncode == 0, removed.stderr
    assert "Fjernet Bo" in removed.stdout
    before = snapshot(db)
    shut_out = forandring("staff", "list", str(db), passphrase=BO_PW)
    assert shut_out.returncode == 2
    assert "Forkert adgangskode" in shut_out.stderr
    assert snapshot(db) == before


def test_a_staff_member_is_refused_with_exit_code_3(db: Path, tmp_path: Path) -> None:
    add_bo(db, tmp_path)
    before = snapshot(db)
    added = staff_add(
        db,
        "Carl",
        secret_file(tmp_path, "carl.txt", "carl-kode-1"),
        "--role",
        "administrator",
        passphrase=BO_PW,
    )
    assert added.returncode == 3
    assert "Kun en administrator kan tilføje medarbejdere" in added.stderr
    removed = forandring("staff", "remove", str(db), "Anna", passphrase=BO_PW)
    assert removed.returncode == 3
    assert "Kun en administrator kan fjerne medarbejdere" in removed.stderr
    key = forandring("staff", "recovery-key", str(db), passphrase=BO_PW)
    assert key.returncode == 3
    assert snapshot(db) == before
    assert forandring("staff", "list", str(db), passphrase="carl-kode-1").returncode == 2


def test_usage_and_passphrase_errors(db: Path, tmp_path: Path) -> None:
    before = snapshot(db)
    wrong = forandring("staff", "list", str(db), passphrase="forkert-kode")
    assert wrong.returncode == 2
    assert "Forkert adgangskode" in wrong.stderr
    missing = forandring("staff", "list", str(db), passphrase=None)
    assert missing.returncode == 2
    assert "FORANDRING_PASSPHRASE" in missing.stderr
    no_new = forandring("staff", "add", str(db), "--name", "Bo")  # no terminal to ask in
    assert no_new.returncode == 2
    assert "--new-passphrase-file" in no_new.stderr
    short = staff_add(db, "Bo", secret_file(tmp_path, "kort.txt", "kort"))
    assert short.returncode == 2
    assert "mindst 8 tegn" in short.stderr
    assert forandring("staff", "add", str(db), "--name", "Bo", "--role", "chef").returncode == 2
    assert forandring("staff", str(db)).returncode == 2
    unknown = forandring("staff", "remove", str(db), "Ingen")
    assert unknown.returncode == 2
    last = forandring("staff", "remove", str(db), "Anna")
    assert last.returncode == 1
    assert "mindst én administrator" in last.stderr
    assert snapshot(db) == before


def test_recovery_key_and_recovery(db: Path, tmp_path: Path) -> None:
    made = forandring("staff", "recovery-key", str(db))
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip()
    assert re.fullmatch(r"([0-9A-Z]{5}-){7}[0-9A-Z]{5}", key)
    assert "opbevar den aflåst" in made.stderr
    assert forandring("staff", "list", str(db)).stdout.splitlines()[-1] == "Gendannelsesnøgle: ja"

    new_pw = secret_file(tmp_path, "ny.txt", "eva-kode-123")
    before = snapshot(db)
    bad = forandring(
        "staff",
        "recover",
        str(db),
        "--recovery-key-file",
        secret_file(tmp_path, "forkert.txt", key[:-1] + ("0" if key[-1] != "0" else "1")),
        "--new-passphrase-file",
        new_pw,
        passphrase=None,
    )
    assert bad.returncode == 2
    assert "Gendannelsesnøglen" in bad.stderr
    assert snapshot(db) == before

    done = forandring(
        "staff",
        "recover",
        str(db),
        "--recovery-key-file",
        secret_file(tmp_path, "noegle.txt", key),
        "--name",
        "Eva",
        "--new-passphrase-file",
        new_pw,
        passphrase=None,
    )
    assert done.returncode == 0, done.stderr
    listed = forandring("staff", "list", str(db), passphrase="eva-kode-123")
    assert re.search(r"^Eva\s+administrator\s+\S+\s+\(dig\)$", listed.stdout, re.MULTILINE)


def test_changing_your_own_passphrase(db: Path, tmp_path: Path) -> None:
    keys_before = keys_path(db).read_bytes()
    db_before = db.read_bytes()
    done = forandring(
        "staff",
        "passwd",
        str(db),
        "--new-passphrase-file",
        secret_file(tmp_path, "ny.txt", "anna-ny-kode"),
    )
    assert done.returncode == 0, done.stderr
    assert "Adgangskoden for Anna er skiftet." in done.stdout
    assert keys_path(db).read_bytes() != keys_before
    assert db.read_bytes() == db_before  # only the key was re-wrapped
    assert forandring("staff", "list", str(db)).returncode == 2
    assert forandring("staff", "list", str(db), passphrase="anna-ny-kode").returncode == 0


def test_demo_makes_an_administrator_and_its_passphrase_still_opens_it(tmp_path: Path) -> None:
    demo = tmp_path / "demo.forandring"
    made = forandring("demo", str(demo), "--participants", "1", passphrase="demo")
    assert made.returncode == 0, made.stderr
    listed = forandring("staff", "list", str(demo), passphrase="demo")
    assert listed.returncode == 0, listed.stderr
    assert re.search(r"^Administrator\s+administrator\s", listed.stdout, re.MULTILINE)
