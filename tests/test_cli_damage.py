"""Flipped bytes in the database, its WAL and its keys file (issue 18, item 2).

At many offsets in each of the three files one bit is flipped, and ``forandring export``
runs on the damaged file. Each run must end one of two ways: the export succeeds with
exactly the bytes of the undamaged file (the flip hit something unused), or the command
stops with the Danish "damaged" message, exit code 4, the newest automatic backup named
- never a wrong-passphrase message, a traceback, or an export that differs.
"""

from __future__ import annotations

import os
import random
import struct
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from forandring_desktop.cli import main
from forandring_desktop.model.participants import Participant
from forandring_desktop.services import auto_backup as ab
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.files import create_from_document
from forandring_desktop.services.organisation import update_organisation
from forandring_desktop.services.participants import save_participant
from forandring_desktop.storage import keys_path
from forandring_desktop.storage.integrity import (
    WAL_FRAME_HEADER_BYTES,
    WAL_HEADER_BYTES,
    damaged_journals,
    kept_journal_files,
)
from tests.cli_helpers import run_forandring

PW = "admin-adgang"
SEED = 18
EXIT_DAMAGED = 4


class Damage:
    """A closed organisation file with an automatic backup, and a crashed copy of it (the
    database with a WAL full of committed changes), saved as bytes to restore each round."""

    def __init__(self, root: Path) -> None:
        self.db = root / "org.forandring"
        self.out = root / "ud.json"
        doc = build_demo_document(participants=3)
        store = create_from_document(self.db, PW, doc)
        ab.set_settings(store, _mkdir(root / "kopier"))
        self.backup = ab.run_auto_backup(store, clock=lambda: datetime(2026, 3, 9, tzinfo=UTC))
        store.close()
        self.clean = {p: p.read_bytes() for p in (self.db, keys_path(self.db))}
        # The crashed state: many commits in the WAL, no checkpoint, then the copy.
        store = create_from_document(root / "wal.forandring", PW, doc)
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        for n in range(6):
            update_organisation(store, vision=f"Vision nummer {n}")
            person = Participant(code=f"WAL-{n}", name=f"Navn {n}", start_date=date(2026, 1, n + 1))
            save_participant(store, person)
        wal = Path(f"{store.path}-wal")
        self.crashed = {
            self.db: store.path.read_bytes(),
            Path(f"{self.db}-wal"): wal.read_bytes(),
            keys_path(self.db): keys_path(store.path).read_bytes(),
        }
        store.engine.dispose()

    def put(self, files: dict[Path, bytes]) -> None:
        for side in (Path(f"{self.db}-wal"), Path(f"{self.db}-shm"), *self.kept()):
            side.unlink(missing_ok=True)
        for path, data in files.items():
            path.write_bytes(data)

    def kept(self) -> list[Path]:
        """A damaged WAL (and its shared memory) that opening moved aside."""
        return kept_journal_files(self.db)

    def export(self, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
        self.out.unlink(missing_ok=True)
        capsys.readouterr()
        code = main(["export", str(self.db), "-o", str(self.out)])
        return code, capsys.readouterr().err


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


@pytest.fixture
def damage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Damage:
    monkeypatch.setenv("FORANDRING_PASSPHRASE", PW)
    return Damage(tmp_path)


def _flip(data: bytes, offset: int, rng: random.Random) -> bytes:
    changed = bytearray(data)
    changed[offset] ^= 1 << rng.randrange(8)
    return bytes(changed)


def _check_all(
    damage: Damage,
    capsys: pytest.CaptureFixture[str],
    pristine: dict[Path, bytes],
    victim: Path,
    offsets: list[int],
    rng: random.Random,
    *,
    lossy: range = range(0),
    without_last: bytes | None = None,
) -> dict[str, int]:
    """``lossy``: offsets where the known limit applies (the WAL's last transaction, which
    a crash may have cut off: dropped as SQLite drops it, the export then ``without_last``)."""
    damage.put(pristine)
    code, err = damage.export(capsys)
    assert code == 0, err
    expected = damage.out.read_bytes()
    seen = {"refused": 0, "harmless": 0, "last transaction dropped": 0}
    assert damage.backup.made is not None
    newest = str(damage.backup.made.path)
    for offset in offsets:
        files = dict(pristine)
        files[victim] = _flip(pristine[victim], offset, rng)
        damage.put(files)
        code, err = damage.export(capsys)
        where = f"{victim.name} byte {offset}: exit {code}, {err!r}"
        assert "Traceback" not in err, where
        if code == 0:
            exported = damage.out.read_bytes()
            if offset in lossy and exported == without_last:
                seen["last transaction dropped"] += 1
                continue
            assert exported == expected, f"{where}: a different export"
            seen["harmless"] += 1
            continue
        assert code == EXIT_DAMAGED, where
        assert "beskadiget" in err, where
        assert "Forkert adgangskode" not in err, where
        assert newest in err, where  # the way back is named
        assert "sqlite" not in err.lower(), where  # Danish only
        assert "malformed" not in err, where
        assert not damage.out.exists(), where
        assert damage.db.read_bytes() == files[damage.db], f"{where}: the database changed"
        wal = Path(f"{damage.db}-wal")
        if victim == wal:  # refused before SQLite read it: the damaged WAL is kept aside
            assert not wal.exists(), where
            [aside] = damaged_journals(damage.db)
            assert aside.read_bytes() == files[wal], where
            code, err = damage.export(capsys)  # and the file stays refused, never opened
            assert code == EXIT_DAMAGED, f"{where}, opened again: {err!r}"
            assert aside.name in err, where
            assert damage.db.read_bytes() == files[damage.db], where
        seen["refused"] += 1
    return seen


def test_flipped_bytes_in_the_database(damage: Damage, capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(SEED)
    size = len(damage.clean[damage.db])
    pages = size // 4096
    offsets = [0, 3, 8, 12, 15, 16, 17, 100, 2048, 4000, 4095]  # salt and first page
    for page in range(1, pages):
        start = page * 4096
        offsets += [start + rng.randrange(4096 - 80), start + 4096 - rng.randrange(1, 81)]
    seen = _check_all(damage, capsys, damage.clean, damage.db, offsets, rng)
    assert seen["refused"] >= len(offsets) * 3 // 4, seen  # nearly every page is in use


def test_flipped_bytes_in_the_wal(damage: Damage, capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(SEED + 1)
    wal = Path(f"{damage.db}-wal")
    data = damage.crashed[wal]
    page_size = struct.unpack(">I", data[8:12])[0]
    frame = WAL_FRAME_HEADER_BYTES + page_size
    frames = (len(data) - WAL_HEADER_BYTES) // frame
    assert frames >= 10
    commits = [n for n in range(frames) if data[WAL_HEADER_BYTES + n * frame + 4 :][:4] != bytes(4)]
    assert len(commits) >= 10  # many transactions: most frames are followed by another
    last_start = WAL_HEADER_BYTES + (commits[-2] + 1) * frame
    lossy = range(last_start, WAL_HEADER_BYTES + (commits[-1] + 1) * frame)
    # The state without the last transaction: what SQLite keeps when it cannot read it.
    damage.put({**damage.crashed, wal: data[:last_start]})
    code, err = damage.export(capsys)
    assert code == 0, err
    without_last = damage.out.read_bytes()
    offsets = list(range(0, WAL_HEADER_BYTES, 3))
    for n in range(frames):
        start = WAL_HEADER_BYTES + n * frame
        offsets += [start + rng.choice((0, 5, 10, 17, 22)), start + 24 + rng.randrange(page_size)]
    seen = _check_all(
        damage, capsys, damage.crashed, wal, offsets, rng, lossy=lossy, without_last=without_last
    )
    assert seen["refused"] >= len(offsets) * 3 // 4, seen


def test_flipped_bytes_in_the_keys_file(damage: Damage, capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(SEED + 2)
    keys = keys_path(damage.db)
    size = len(damage.clean[keys])
    offsets = sorted(rng.sample(range(size), 120))
    seen = _check_all(damage, capsys, damage.clean, keys, offsets, rng)
    assert seen["refused"] >= 60, seen


def test_backup_of_a_damaged_file_says_so_in_danish(
    damage: Damage, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = bytearray(damage.clean[damage.db])
    data[3 * 4096 + 1000] ^= 0x10
    damage.put({damage.db: bytes(data), keys_path(damage.db): damage.clean[keys_path(damage.db)]})
    capsys.readouterr()
    code = main(["backup", str(damage.db), "-o", str(tmp_path / "kopi.forandring-backup")])
    err = capsys.readouterr().err
    assert code == EXIT_DAMAGED
    assert err.startswith("forandring: Filen ")
    assert "beskadiget" in err
    assert "malformed" not in err
    assert not (tmp_path / "kopi.forandring-backup").exists()


def test_a_real_process_prints_no_traceback(damage: Damage, tmp_path: Path) -> None:
    data = bytearray(damage.clean[damage.db])
    data[2 * 4096 + 10] ^= 0x01
    damage.put({damage.db: bytes(data), keys_path(damage.db): damage.clean[keys_path(damage.db)]})
    done = run_forandring(
        "export",
        str(damage.db),
        "-o",
        str(tmp_path / "u.json"),
        passphrase=PW,
        extra_env={"PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert done.returncode == EXIT_DAMAGED, done.stderr
    assert "Traceback" not in done.stderr
    assert "beskadiget" in done.stderr


@pytest.mark.parametrize("where", ["database", "wal"])
def test_the_restore_the_message_names_works_on_the_damaged_file(
    damage: Damage, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    """The way back: ``forandring restore NEWEST DB --replace``, as the message says."""
    files = dict(damage.crashed if where == "wal" else damage.clean)
    victim = Path(f"{damage.db}-wal") if where == "wal" else damage.db
    data = bytearray(files[victim])
    data[WAL_HEADER_BYTES + 30 if where == "wal" else 4096 + 77] ^= 0x04  # an early frame
    files[victim] = bytes(data)
    damage.put(files)
    code, err = damage.export(capsys)
    assert code == EXIT_DAMAGED, err
    command = err.split("»")[1].split("«")[0].split()
    assert command[:2] == ["forandring", "restore"]
    capsys.readouterr()
    assert main(command[1:]) == 0, capsys.readouterr().err
    out = capsys.readouterr()
    assert "gendannet" in out.out
    assert "beskadigede fil kunne ikke læses" in out.err
    code, err = damage.export(capsys)
    assert code == 0, err  # the restored file works
    aside = Path(f"{damage.db}.før-gendannelse")
    assert aside.read_bytes() == files[damage.db]  # the damaged one kept as it was
    if where == "wal":  # the damaged WAL that opening had set aside went with it
        [kept] = damaged_journals(aside)
        assert kept.read_bytes() == files[victim]
        assert not damaged_journals(damage.db)


def test_a_keys_file_of_100000_brackets_is_damage_in_danish(damage: Damage, tmp_path: Path) -> None:
    damage.put({**damage.clean, keys_path(damage.db): b"[" * 100_000})
    done = run_forandring(
        "export",
        str(damage.db),
        "-o",
        str(tmp_path / "u.json"),
        passphrase=PW,
        extra_env={"PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert done.returncode == EXIT_DAMAGED, done.stderr
    assert done.stderr.startswith(f"forandring: Nøglefilen {damage.db}.keys er beskadiget")
    assert "Traceback" not in done.stderr
    assert "Recursion" not in done.stderr
    assert damage.db.read_bytes() == damage.clean[damage.db]
    assert not (tmp_path / "u.json").exists()
