"""One writer at a time: real processes against one file either succeed or get a clear
Danish message naming who has it open (or wait with --wait); nothing is lost, and the lock
of a killed program is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from forandring_desktop.model.audit import AuditAction, AuditQuery
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.files import create_from_document, open_organisation
from forandring_desktop.services.participants import list_participants
from forandring_desktop.storage import KdfParams, Store
from forandring_desktop.storage.lock import EXIT_LOCKED, FileLockedError, lock_path, read_owner
from tests.cli_helpers import run_forandring

CHEAP = KdfParams(memory_kib=1024, iterations=1, lanes=1)
PW = "adgangskode"
ADMIN = "Anna Administrator"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "org.forandring"
    doc = build_demo_document(participants=4)
    create_from_document(path, PW, doc, admin_name=ADMIN, kdf=CHEAP).close()
    return path


def _start(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "FORANDRING_PASSPHRASE": PW}
    return subprocess.Popen(
        [sys.executable, "-m", "forandring_desktop.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def _entries(path: Path, action: AuditAction) -> int:
    with Store.open(path, PW, CHEAP) as store, store.unit_of_work() as uow:
        return uow.audit.count(AuditQuery(action=action))


def test_a_second_process_is_told_who_has_the_file_open_or_waits(db: Path) -> None:
    store = open_organisation(db, PW, kdf=CHEAP)
    try:
        refused = run_forandring(
            "export", str(db), "-o", str(db.with_suffix(".json")), passphrase=PW
        )
        assert refused.returncode == EXIT_LOCKED
        assert ADMIN in refused.stderr
        assert "er åben hos" in refused.stderr
        assert "Traceback" not in refused.stderr
        assert not db.with_suffix(".json").exists()

        waiting = _start("--wait", "60", "export", str(db), "-o", str(db.with_suffix(".json")))
        time.sleep(1.0)  # a real other process: it has to be waiting by now
        assert waiting.poll() is None
    finally:
        store.close()
    _out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert db.with_suffix(".json").exists()


def test_two_writers_and_an_erase_at_once_lose_nothing(db: Path, tmp_path: Path) -> None:
    with Store.open(db, PW, CHEAP) as store:
        people = list_participants(store)
    gone = people[0]
    exports_before = _entries(db, AuditAction.EXPORT)

    # Without waiting: each one either works or says clearly that the file is busy.
    first = [
        _start("export", str(db), "-o", str(tmp_path / "a.json")),
        _start("export", str(db), "-o", str(tmp_path / "b.json")),
        _start("erase", str(db), gone.code, "--yes"),
    ]
    results = [(p.wait(timeout=180), *p.communicate()) for p in first]
    for code, _out, err in results:
        assert code in (0, EXIT_LOCKED), err
        assert "Traceback" not in err
        if code == EXIT_LOCKED:
            assert "er åben hos" in err
    exports_ok = sum(1 for code, *_ in results[:2] if code == 0)
    erased_ok = results[2][0] == 0

    # With --wait: all of them work, one after the other.
    second = [
        _start("--wait", "120", "export", str(db), "-o", str(tmp_path / "c.json")),
        _start("--wait", "120", "export", str(db), "-o", str(tmp_path / "d.json")),
        _start("--wait", "120", "erase", str(db), people[1].code, "--yes"),
    ]
    for process in second:
        _out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err

    # Nothing lost: every export that reported success is in the log, every erasure held,
    # the others are all still there.
    assert _entries(db, AuditAction.EXPORT) == exports_before + exports_ok + 2
    with Store.open(db, PW, CHEAP) as store:
        left = {p.id for p in list_participants(store)}
    expected = {p.id for p in people} - {people[1].id} - ({gone.id} if erased_ok else set())
    assert left == expected


def test_the_lock_of_a_killed_program_is_taken_over(db: Path) -> None:
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from forandring_desktop.services.files import open_organisation\n"
        f"s = open_organisation(Path({str(db)!r}), {PW!r})\n"
        "print('open', flush=True)\n"
        "time.sleep(600)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=dict(os.environ)
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "open"
        owner = read_owner(db)
        assert owner is not None
        assert owner.pid == holder.pid
        with pytest.raises(FileLockedError) as err:
            open_organisation(db, PW, kdf=CHEAP)
        assert ADMIN in str(err.value)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    assert lock_path(db).exists()  # left behind by the killed program
    with open_organisation(db, PW, kdf=CHEAP) as store:
        owner = read_owner(db)
        assert owner is not None
        assert owner.pid == os.getpid()
        assert list_participants(store)
