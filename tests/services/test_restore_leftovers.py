"""A restore killed midway leaves its work folder (full encrypted copies and keys files):
owner-only while it exists, removed when a file in that folder is next opened or the app
starts; work folders of older versions too."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from forandring_desktop.services.backup import backup
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.files import (
    clean_leftovers,
    create_from_document,
    data_dir,
    open_organisation,
)
from forandring_desktop.storage import KdfParams
from forandring_desktop.storage.publish import LEGACY_AGE_SECONDS

CHEAP = KdfParams(memory_kib=1024, iterations=1, lanes=1)
PW = "adgangskode"

# A restore over the file that stops (is killed) just before it would move its files in.
KILLED_RESTORE = """
import sys, time
from pathlib import Path
from forandring_desktop.services import backup
def stop(*args, **kwargs):
    print("ready", flush=True)
    time.sleep(600)
backup._publish = stop
backup.restore(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], replace=True)
"""


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.is_dir() and p.name.startswith(".")]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes and signals")
def test_a_killed_restore_leaves_owner_only_files_that_the_next_open_removes(
    tmp_path: Path,
) -> None:
    db = tmp_path / "org.forandring"
    with create_from_document(db, PW, build_demo_document(participants=3), kdf=CHEAP) as store:
        backup(store, tmp_path / "kopi.forandring-backup")
    os.umask(0o022)  # the usual one: copies would be 0644 without care
    worker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            KILLED_RESTORE,
            str(tmp_path / "kopi.forandring-backup"),
            str(db),
            PW,
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    try:
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "ready"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)

    (work,) = leftovers(tmp_path)
    inside = list(work.rglob("*"))
    assert any(p.name.endswith(".keys") for p in inside)  # a keys file: worth guarding
    assert stat.S_IMODE(work.stat().st_mode) == 0o700
    for path in inside:
        wanted = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, (path, oct(path.stat().st_mode))
        assert stat.S_IMODE(path.stat().st_mode) & ~wanted == 0

    with open_organisation(db, PW, kdf=CHEAP):
        assert leftovers(tmp_path) == []


def test_work_folders_of_older_versions_and_in_the_data_folder_go_at_start(
    tmp_path: Path,
) -> None:
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    dead = folder / f".org.forandring.ny-{_dead_pid()}-abc"
    live = folder / f".org.forandring.ny-{os.getpid()}-abc"
    legacy_old = folder / ".forandring-gendan-x1y2"
    legacy_new = folder / ".forandring-gendan-z3w4"
    for path in (dead, live, legacy_old, legacy_new):
        path.mkdir(mode=0o700)
        (path / "org.forandring.keys").write_bytes(b"{}")
    old = time.time() - LEGACY_AGE_SECONDS - 60
    os.utime(legacy_old, (old, old))

    assert clean_leftovers() == 2
    assert not dead.exists()
    assert not legacy_old.exists()
    assert live.exists()  # this process is still at work in it
    assert legacy_new.exists()  # an older version may still be at work in it


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid
