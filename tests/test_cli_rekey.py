"""`forandring staff remove` gives the file a new data key; `forandring staff rekey` on
request. Run as real processes: an old keys file with the removed passphrase opens nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from forandring_desktop.services.files import create_organisation
from forandring_desktop.storage import KdfParams, keys_path

from .test_cli_staff import ADMIN_PW, BO_PW, add_bo, forandring, snapshot

FAST = KdfParams(memory_kib=8, iterations=1, lanes=1)


def _db(tmp_path: Path) -> Path:
    path = tmp_path / "org.forandring"
    create_organisation(path, ADMIN_PW, "Forening", admin_name="Anna", kdf=FAST).close()
    return path


def test_remove_rekeys_and_an_old_keys_file_opens_nothing(tmp_path: Path) -> None:
    db = _db(tmp_path)
    add_bo(db, tmp_path)
    kept = tmp_path / "bos-kopi.keys"
    shutil.copyfile(keys_path(db), kept)  # Bo keeps a copy of the keys file
    removed = forandring("staff", "remove", str(db), "Bo")
    assert removed.returncode == 0, removed.stderr
    assert "ny datanøgle" in removed.stdout
    shutil.copyfile(kept, keys_path(db))  # ... and puts it back beside the database
    before = snapshot(db)
    tried = forandring("staff", "list", str(db), passphrase=BO_PW)
    assert tried.returncode == 2
    assert "hører til en anden database" in tried.stderr
    assert snapshot(db) == before
    assert forandring("staff", "list", str(db)).returncode == 2  # Anna needs the new one too


def test_rekey_on_request_and_only_for_administrators(tmp_path: Path) -> None:
    db = _db(tmp_path)
    add_bo(db, tmp_path)
    old_keys = keys_path(db).read_bytes()
    refused = forandring("staff", "rekey", str(db), passphrase=BO_PW)
    assert refused.returncode == 3
    assert keys_path(db).read_bytes() == old_keys
    done = forandring("staff", "rekey", str(db))
    assert done.returncode == 0, done.stderr
    assert "ny datanøgle (2 nøglepladser)" in done.stdout
    assert keys_path(db).read_bytes() != old_keys
    for passphrase in (ADMIN_PW, BO_PW):
        listed = forandring("staff", "list", str(db), passphrase=passphrase)
        assert listed.returncode == 0, listed.stderr
