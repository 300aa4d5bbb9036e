"""A full disk: every command says so in Danish, without a traceback, and leaves nothing
half-written (the target is unchanged or absent, no work folder is left behind).

The disk is "full" through ``RLIMIT_FSIZE`` in a real process (SIGXFSZ ignored, so a write
past the limit fails with EFBIG the way it fails with ENOSPC on a full disk).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from forandring_desktop.services.backup import backup
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.exchange import export_to_file
from forandring_desktop.services.files import create_from_document
from forandring_desktop.storage import KdfParams, keys_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")

CHEAP = KdfParams(memory_kib=1024, iterations=1, lanes=1)
PW = "adgangskode"
FULL_WORDS = ("disken er", "fuld")

LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from forandring_desktop.cli import main
sys.exit(main(sys.argv[2:]))
"""


def run_limited(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FORANDRING_PASSPHRASE": PW}
    return subprocess.run(
        [sys.executable, "-c", LIMITED, str(limit), *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def organisation(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A closed file, its JSON export and a backup of it."""
    folder = tmp_path_factory.mktemp("fuld")
    db = folder / "org.forandring"
    with create_from_document(db, PW, build_demo_document(participants=15), kdf=CHEAP) as store:
        export_to_file(store, folder / "eksport.json")
        backup(store, folder / "kopi.forandring-backup")
    return db, folder / "eksport.json", folder / "kopi.forandring-backup"


def assert_told_in_danish(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("forandring: ")
    assert all(word in done.stderr.lower() for word in FULL_WORDS), done.stderr
    assert "intet er" in done.stderr.lower() or "ikke gemt" in done.stderr.lower()


def entries(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.mark.parametrize("limit", [20_000, 300_000, 1_000_000])
def test_an_import_onto_a_full_disk_says_so_and_writes_nothing(
    organisation: tuple[Path, Path, Path], tmp_path: Path, limit: int
) -> None:
    _db, export, _copy = organisation
    target = tmp_path / "ny.forandring"
    done = run_limited(limit, "import", str(export), str(target))
    assert_told_in_danish(done)
    assert entries(tmp_path) == set()  # no file, no keys file, no work folder


def test_a_backup_onto_a_full_disk_says_so_and_leaves_the_file_alone(
    organisation: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    db, _export, _copy = organisation
    before = (digest(db), digest(keys_path(db)))
    target = tmp_path / "ny.forandring-backup"
    done = run_limited(db.stat().st_size // 2, "backup", str(db), "-o", str(target))
    assert_told_in_danish(done)
    assert entries(tmp_path) == set()
    assert (digest(db), digest(keys_path(db))) == before


def test_a_restore_onto_a_full_disk_says_so_and_writes_nothing(
    organisation: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    db, _export, copy = organisation
    done = run_limited(
        db.stat().st_size // 2, "restore", str(copy), str(tmp_path / "ny.forandring")
    )
    assert_told_in_danish(done)
    assert entries(tmp_path) == set()
