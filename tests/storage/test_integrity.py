"""check_wal and guard_wal (storage/integrity.py): damage in committed WAL frames is found
and the WAL set aside before SQLite reads it; a tail that was never committed (a write in
progress, or cut off by a crash) is not damage."""

from __future__ import annotations

import os
import random
import struct
from datetime import datetime
from pathlib import Path

import pytest

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.services.files import create_from_document
from forandring_desktop.services.organisation import get_organisation, update_organisation
from forandring_desktop.storage import DatabaseDamagedError, JournalDamagedError, Store, integrity
from forandring_desktop.storage.integrity import (
    WAL_FRAME_HEADER_BYTES,
    WAL_HEADER_BYTES,
    check_wal,
    damaged_journals,
    guard_wal,
    kept_journal_files,
)


def _crash(tmp_path: Path, doc: OrganisationDocument) -> tuple[Path, bytes, bytes, bytes]:
    """A database copied with a WAL of several committed changes, as a crash leaves it, and
    the WAL's shared-memory index as it was then (the copy is given only the two files)."""
    store = create_from_document(tmp_path / "live.forandring", "pw", doc)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    for n in range(4):
        update_organisation(store, vision=f"Vision {n}")
    db, wal = store.path.read_bytes(), Path(f"{store.path}-wal").read_bytes()
    shm = Path(f"{store.path}-shm").read_bytes()
    keys = Path(f"{store.path}.keys").read_bytes()
    store.engine.dispose()
    copy = tmp_path / "org.forandring"
    copy.write_bytes(db)
    Path(f"{copy}.keys").write_bytes(keys)
    return copy, db, wal, shm


@pytest.fixture
def crashed(tmp_path: Path, small_doc: OrganisationDocument) -> tuple[Path, bytes, bytes]:
    copy, db, wal, _shm = _crash(tmp_path, small_doc)
    return copy, db, wal


@pytest.fixture
def indexed(tmp_path: Path, small_doc: OrganisationDocument) -> tuple[Path, bytes, bytes, bytes]:
    return _crash(tmp_path, small_doc)


def _frame_size(wal: bytes) -> int:
    (page_size,) = struct.unpack(">I", wal[8:12])
    assert isinstance(page_size, int)
    return WAL_FRAME_HEADER_BYTES + page_size


def test_a_whole_wal_is_fine_and_opens(crashed: tuple[Path, bytes, bytes]) -> None:
    copy, _db, wal = crashed
    Path(f"{copy}-wal").write_bytes(wal)
    assert check_wal(copy) is None
    with Store.open(copy, "pw") as store:
        assert get_organisation(store).vision == "Vision 3"


def test_an_uncommitted_tail_is_not_damage(crashed: tuple[Path, bytes, bytes]) -> None:
    copy, _db, wal = crashed
    salts = wal[16:24]
    frame = struct.pack(">II", 7, 0) + salts + os.urandom(8)  # no commit, bad checksum
    frame += os.urandom(_frame_size(wal) - WAL_FRAME_HEADER_BYTES)
    Path(f"{copy}-wal").write_bytes(wal + frame + frame[:100])  # and one cut off mid-write
    assert check_wal(copy) is None
    with Store.open(copy, "pw") as store:
        assert get_organisation(store).vision == "Vision 3"  # nothing committed was lost


@pytest.mark.parametrize("where", ["header", "frame header", "page", "salt", "checksum"])
def test_damage_in_a_committed_frame_is_found(
    crashed: tuple[Path, bytes, bytes], where: str
) -> None:
    copy, _db, wal = crashed
    frames = (len(wal) - WAL_HEADER_BYTES) // _frame_size(wal)
    first = WAL_HEADER_BYTES + (frames // 2) * _frame_size(wal)
    offset = {
        "header": 12,
        "frame header": first + 1,
        "page": first + WAL_FRAME_HEADER_BYTES + 500,
        "salt": first + 9,
        "checksum": first + 19,
    }[where]
    data = bytearray(wal)
    data[offset] ^= 0x01
    Path(f"{copy}-wal").write_bytes(bytes(data))
    assert check_wal(copy) is not None
    with pytest.raises(DatabaseDamagedError, match="WAL"):
        Store.open(copy, "pw")


def _commit_frames(wal: bytes) -> list[int]:
    size = _frame_size(wal)
    frames = (len(wal) - WAL_HEADER_BYTES) // size
    starts = [WAL_HEADER_BYTES + n * size for n in range(frames)]
    return [n for n, start in enumerate(starts) if wal[start + 4 : start + 8] != bytes(4)]


def _flipped(wal: bytes, offset: int, bit: int) -> bytes:
    data = bytearray(wal)
    data[offset] ^= 1 << bit
    return bytes(data)


def test_a_damaged_wal_is_set_aside_and_the_file_stays_refused(
    crashed: tuple[Path, bytes, bytes],
) -> None:
    copy, db, wal = crashed
    damaged = _flipped(wal, WAL_HEADER_BYTES + WAL_FRAME_HEADER_BYTES + 100, 3)  # frame 1
    Path(f"{copy}-wal").write_bytes(damaged)
    Path(f"{copy}-shm").write_bytes(b"index")
    with pytest.raises(JournalDamagedError) as err:
        guard_wal(copy, now=datetime(2026, 12, 3, 12, 0, 5))
    aside = copy.parent / f"{copy.name}-wal.beskadiget-2026-12-03_120005"
    assert damaged_journals(copy) == [aside]
    assert aside.read_bytes() == damaged  # kept as it was, for a look or a restore
    assert Path(f"{copy}-shm.beskadiget-2026-12-03_120005").read_bytes() == b"index"
    assert not Path(f"{copy}-wal").exists()
    assert not Path(f"{copy}-shm").exists()
    assert aside.name in str(err.value)
    assert "WAL" in str(err.value)
    assert copy.read_bytes() == db
    # Without its WAL the file would open with its newest changes missing: refused again.
    with pytest.raises(JournalDamagedError, match=aside.name):
        Store.open(copy, "pw")
    assert copy.read_bytes() == db
    assert not Path(f"{copy}-wal").exists()  # SQLite never had the file open


def test_flipped_bits_at_many_offsets_are_refused_or_lose_nothing_committed(
    crashed: tuple[Path, bytes, bytes],
) -> None:
    """Every byte of the WAL header, every field of every frame header, and page bytes:
    each flip is either refused before SQLite opens the file (the database untouched, the
    WAL kept aside as it was), or opens with every committed change there; only in the
    last transaction (which a crash may cut off, SQLite then drops it) may it be gone."""
    copy, db, wal = crashed
    rng = random.Random(20)
    size = _frame_size(wal)
    frames = (len(wal) - WAL_HEADER_BYTES) // size
    commits = _commit_frames(wal)
    assert len(commits) == frames >= 4  # one frame per change here
    last_start = WAL_HEADER_BYTES + (commits[-2] + 1) * size
    offsets = list(range(WAL_HEADER_BYTES))
    for n in range(frames):
        start = WAL_HEADER_BYTES + n * size
        offsets += [start + field + rng.randrange(4) for field in range(0, 24, 4)]
        offsets += [start + 24 + rng.randrange(size - 24) for _ in range(3)]
    assert len(offsets) >= 60
    seen = {"refused": 0, "whole": 0, "last dropped": 0}
    for offset in offsets:
        for side in (Path(f"{copy}-wal"), Path(f"{copy}-shm"), *kept_journal_files(copy)):
            side.unlink(missing_ok=True)
        copy.write_bytes(db)
        damaged = _flipped(wal, offset, rng.randrange(8))
        Path(f"{copy}-wal").write_bytes(damaged)
        try:
            store = Store.open(copy, "pw")
        except JournalDamagedError:
            assert copy.read_bytes() == db, offset  # nothing was opened or written
            assert [p.read_bytes() for p in damaged_journals(copy)] == [damaged], offset
            seen["refused"] += 1
            continue
        with store:
            vision = get_organisation(store).vision
        if vision == "Vision 3":
            seen["whole"] += 1
        else:
            assert offset >= last_start, (offset, vision)
            assert vision == "Vision 2", (offset, vision)
            seen["last dropped"] += 1
    assert seen["refused"] >= len(offsets) * 2 // 3, seen


def test_with_its_index_damage_in_the_last_transaction_is_found_too(
    indexed: tuple[Path, bytes, bytes, bytes],
) -> None:
    """The -shm a crash leaves counts the committed frames: every flip in one of them, the
    last transaction's included, is refused (without it, that one is dropped)."""
    copy, db, wal, shm = indexed
    rng = random.Random(21)
    size = _frame_size(wal)
    commits = _commit_frames(wal)
    last = WAL_HEADER_BYTES + commits[-2] * size + size  # the last transaction's frame
    offsets = [last + n for n in range(24)] + [
        last + 24 + rng.randrange(size - 24) for _ in range(20)
    ]
    offsets += [rng.randrange(len(wal)) for _ in range(20)]
    for offset in offsets:
        for side in (Path(f"{copy}-wal"), *kept_journal_files(copy)):
            side.unlink(missing_ok=True)
        Path(f"{copy}-shm").write_bytes(shm)
        damaged = _flipped(wal, offset, rng.randrange(8))
        Path(f"{copy}-wal").write_bytes(damaged)
        with pytest.raises(JournalDamagedError):
            Store.open(copy, "pw")
        assert copy.read_bytes() == db, offset
        assert [p.read_bytes() for p in damaged_journals(copy)] == [damaged], offset
    for side in (Path(f"{copy}-wal"), *kept_journal_files(copy)):
        side.unlink(missing_ok=True)
    Path(f"{copy}-shm").write_bytes(shm)
    Path(f"{copy}-wal").write_bytes(wal[: last + size // 2])  # committed frames cut off
    assert check_wal(copy) == "WAL-filen er afkortet; gemte ændringer mangler i den"


@pytest.mark.parametrize("index", ["random", "other salts", "torn", "short"])
def test_an_index_that_does_not_fit_is_ignored(
    indexed: tuple[Path, bytes, bytes, bytes], index: str
) -> None:
    """No false alarm from an index that is not this WAL's: then only what follows a
    transaction vouches for it, as without one."""
    copy, _db, wal, shm = indexed
    head = bytearray(shm)
    if index == "random":
        head[:] = os.urandom(len(shm))
    elif index == "other salts":
        head[32] ^= 1
        head[80] ^= 1
    elif index == "torn":
        head[16] ^= 0xFF  # the first copy's frame count, mid-update
    else:
        head = head[:60]
    Path(f"{copy}-shm").write_bytes(bytes(head))
    size = _frame_size(wal)
    last = WAL_HEADER_BYTES + _commit_frames(wal)[-2] * size + size
    Path(f"{copy}-wal").write_bytes(_flipped(wal, last + 100, 2))  # the last transaction
    assert check_wal(copy) is None
    with Store.open(copy, "pw") as store:
        assert get_organisation(store).vision == "Vision 2"  # as SQLite would: dropped


def test_a_wal_that_changes_while_it_is_read_is_not_judged(
    crashed: tuple[Path, bytes, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read that caught another program mid-write can look damaged: a WAL that is not
    the same when read again is in use, and is neither moved nor refused."""
    copy, _db, wal = crashed
    damaged = _flipped(wal, WAL_HEADER_BYTES + WAL_FRAME_HEADER_BYTES + 7, 1)
    Path(f"{copy}-wal").write_bytes(damaged)
    reads = iter([(damaged, b""), (wal, b"")])  # the writer finished between the reads
    monkeypatch.setattr(integrity, "_read_journal", lambda _path: next(reads))
    guard_wal(copy)
    assert Path(f"{copy}-wal").read_bytes() == damaged
    assert kept_journal_files(copy) == []
    monkeypatch.undo()
    with pytest.raises(JournalDamagedError):  # read twice the same: damage
        guard_wal(copy)
