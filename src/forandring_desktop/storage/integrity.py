"""Telling a damaged file from a wrong passphrase, before anything is used or written.

Three files make one organisation: the database, its WAL (``<db>-wal``, present after a
crash or while the file is open) and the keys file. A flipped bit in any of them must give
a Danish "the file is damaged" message, never a traceback, a "wrong passphrase" or, worst,
silently lost changes:

* **Database:** every SQLCipher page carries an HMAC, so a damaged page cannot be read.
  Opening runs ``PRAGMA quick_check`` (every b-tree page is read, so every page's HMAC is
  checked; it is much cheaper than ``integrity_check``). A damaged first page makes the
  data key look wrong; ``store.py`` knows the key is right (the keys file's slot unwrapped
  it, authenticated) and calls that damage too. Damaged salt bytes lose their tag
  (``crypto.has_envelope_tag``).
* **WAL:** SQLite stops reading a WAL at the first frame whose checksum or salt does not
  match, and silently drops that frame and every later one: committed changes would
  vanish. :func:`check_wal` reads the WAL's frames the way SQLite does and reports a frame
  that does not verify but belongs to a transaction that was certainly acknowledged: one
  followed by another transaction of the same WAL (or a frame whose checksum vouches for
  it while its salts changed). The *last* transaction in a WAL is the one a crash may cut
  off (or another program may be writing); damage there cannot be told from that, and,
  as SQLite does, it is dropped - unless the WAL's shared-memory index (``<db>-shm``, which
  stays behind after a crash) vouches for it: SQLite writes the index's header (how many
  frames are committed, and the WAL's salts) only after a transaction is fully written and
  synced, so every frame it counts must verify. Without that index (a file copied without
  it, or a machine that lost power) damage in the last transaction is a known limit.
  A damaged WAL is moved aside (:func:`guard_wal`): no SQLite program that opens the file
  later can then checkpoint the part before the damage and delete the rest, and as long as
  the set-aside journal lies there, the file is refused again, never opened without it.
* **Keys file:** checksums per slot and for the header (``keys.py``).
"""

from __future__ import annotations

import glob
import os
import struct
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from forandring_desktop.storage.errors import DatabaseDamagedError, JournalDamagedError

WAL_HEADER_BYTES = 32
WAL_FRAME_HEADER_BYTES = 24
_WAL_MAGIC = {0x377F0682: "<", 0x377F0683: ">"}  # little- or big-endian checksums
_WAL_VERSION = 3007000
DEFAULT_PAGE_SIZE = 4096  # SQLCipher 4's default; the file never sets another
_INDEX_HEADER_BYTES = 48  # one copy of the -shm index header
DAMAGED_MARK = ".beskadiget-"  # <db>-wal.beskadiget-<time>: a damaged WAL kept aside


def _checksum(data: bytes, order: str, s0: int, s1: int) -> tuple[int, int]:
    """SQLite's WAL checksum (a Fletcher-like sum over 32-bit words) continued from s0, s1."""
    words = struct.unpack(f"{order}{len(data) // 4}I", data)
    mask = 0xFFFFFFFF
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & mask
        s1 = (s1 + words[i + 1] + s0) & mask
    return s0, s1


def check_wal(db_path: Path) -> str | None:
    """A Danish description of damage in ``<db>-wal`` that would lose or garble committed
    changes; None when there is no WAL or nothing in it is damaged. Reads only."""
    journal = _read_journal(db_path)
    return None if journal is None else _damage(*journal)


def _read_journal(db_path: Path) -> tuple[bytes, bytes] | None:
    """The WAL's bytes and its index's header (b"" without one); None without a WAL.

    The index is read first: what it counts as committed was in the WAL before it said so,
    so a writer working meanwhile can only add to what the WAL read finds."""
    try:
        with open(f"{db_path}-shm", "rb") as fh:
            index = fh.read(2 * _INDEX_HEADER_BYTES)
    except OSError:
        index = b""
    try:
        return Path(f"{db_path}-wal").read_bytes(), index
    except OSError:
        return None  # none, or unreadable: SQLite itself will say so when it opens the file


def _damage(data: bytes, index: bytes) -> str | None:
    if len(data) < WAL_HEADER_BYTES:
        return None  # empty (truncated by a checkpoint) or never written
    magic, version, page_size = struct.unpack(">III", data[:12])
    salts = data[16:24]
    order = _WAL_MAGIC.get(magic)
    header_ok = order is not None and version == _WAL_VERSION and _valid_page_size(page_size)
    if not _valid_page_size(page_size):
        page_size = DEFAULT_PAGE_SIZE
    frame_size = WAL_FRAME_HEADER_BYTES + page_size
    frames = (len(data) - WAL_HEADER_BYTES) // frame_size
    if order is not None and header_ok:
        stored = struct.unpack(">II", data[24:32])
        header_ok = _checksum(data[:24], order, 0, 0) == stored
    if not header_ok:
        if frames > 0:
            return "WAL-filens hoved er beskadiget; ændringer i den ville gå tabt"
        return None
    assert order is not None
    committed = _index_count(index, salts)
    if committed > frames:
        return "WAL-filen er afkortet; gemte ændringer mangler i den"
    s0, s1 = struct.unpack(">II", data[24:32])
    for n in range(frames):
        start = WAL_HEADER_BYTES + n * frame_size
        frame = data[start : start + frame_size]
        salt_ok = frame[8:16] == salts
        c0, c1 = _checksum(frame[:8] + frame[WAL_FRAME_HEADER_BYTES:], order, s0, s1)
        stored = struct.unpack(">II", frame[16:24])
        if salt_ok and (c0, c1) == stored:
            s0, s1 = c0, c1
            continue
        # Where SQLite stops reading. Is this the WAL's real end, or damage?
        if (c0, c1) == stored or n < committed:  # only its salts changed, or acknowledged
            return f"ændring nr. {n + 1} i WAL-filen er beskadiget"
        # The last transaction in a WAL may be cut off anywhere by a crash (SQLite even
        # rewrites checksums of a transaction after writing its commit frame), and was
        # then never acknowledged: SQLite rightly ignores it, and so do we. A transaction
        # is known to have been acknowledged when another one was written after it.
        commit = _commit_at_or_after(data, n, frames, frame_size, salts)
        if commit is not None and _later_frame_of_this_wal(
            data, commit, frames, frame_size, salts, order
        ):
            return f"ændring nr. {n + 1} i WAL-filen er beskadiget"
        return None
    return None


def indexed_frames(db_path: Path, salts: bytes) -> int:
    """How many WAL frames the shared-memory index of ``db_path`` counts as committed for
    the WAL with ``salts``; 0 without a usable index."""
    journal = _read_journal(db_path)
    return 0 if journal is None else _index_count(journal[1], salts)


def _index_count(head: bytes, salts: bytes) -> int:
    """The committed frames an index header counts; 0 for none, a torn one, one of another
    generation of the WAL (other salts) or one not written by SQLite.

    The header is SQLite's ``WalIndexHdr``, twice (the copies match unless a write was cut
    off), in the machine's byte order: version, unused, change counter, isInit,
    bigEndCksum, page size, mxFrame, nPage, the last frame's checksum, the WAL's salts (as
    in the WAL header) and a checksum of the 40 bytes before it.
    """
    size = _INDEX_HEADER_BYTES
    if len(head) < 2 * size or head[:size] != head[size : 2 * size]:
        return 0
    version, _unused, _change, is_init, _big, _page, frames = struct.unpack("=IIIBBHI", head[:20])
    if version != _WAL_VERSION or not is_init or head[32:40] != salts:
        return 0
    if _checksum(head[:40], "=", 0, 0) != struct.unpack("=II", head[40:48]):
        return 0
    return int(frames)


def guard_wal(db_path: Path, *, now: datetime | None = None) -> None:
    """Before the database is opened: JournalDamagedError if its WAL is damaged (then the
    WAL and its shared memory are first moved aside) or was set aside so earlier."""
    kept = damaged_journals(db_path)
    if kept:
        raise JournalDamagedError(
            str(db_path),
            f"den blev fundet beskadiget og ligger til side som {kept[-1].name}; uden den "
            "mangler de seneste ændringer",
        )
    journal = _read_journal(db_path)
    detail = None if journal is None else _damage(*journal)
    if detail is None:
        return
    if _read_journal(db_path) != journal:
        # Another program is writing the WAL right now (a read can catch it mid-write):
        # its journal, in use, is not judged or moved; SQLite shares it safely.
        return
    aside = _set_aside(db_path, now or datetime.now())
    where = (
        f"WAL-filen er lagt til side som {aside.name}"
        if aside is not None
        else "WAL-filen kunne ikke flyttes og ligger urørt"
    )
    raise JournalDamagedError(str(db_path), f"{detail}; {where}")


def damaged_journals(db_path: Path) -> list[Path]:
    """The damaged WAL files set aside beside ``db_path``, oldest first."""
    return _kept(db_path, "-wal")


def kept_journal_files(db_path: Path) -> list[Path]:
    """Every file :func:`guard_wal` set aside for ``db_path`` (WALs and shared memory)."""
    return _kept(db_path, "-wal") + _kept(db_path, "-shm")


def _kept(db_path: Path, suffix: str) -> list[Path]:
    pattern = f"{glob.escape(db_path.name)}{suffix}{DAMAGED_MARK}*"
    return sorted(db_path.parent.glob(pattern))


def _set_aside(db_path: Path, now: datetime) -> Path | None:
    """Move ``<db>-wal`` (then ``<db>-shm``, which indexes it) to ``…beskadiget-<time>``;
    the WAL's new path, or None if it could not be moved (e.g. a read-only folder)."""
    stamp = f"{now:%Y-%m-%d_%H%M%S}"
    wal, shm = Path(f"{db_path}-wal"), Path(f"{db_path}-shm")
    for n in range(1, 100):
        tag = f"{DAMAGED_MARK}{stamp}" + (f"-{n}" if n > 1 else "")
        target = Path(f"{wal}{tag}")
        if target.exists() or Path(f"{shm}{tag}").exists():
            continue
        try:
            os.rename(wal, target)  # same folder: the whole file or nothing
        except OSError:
            return None
        try:
            if shm.exists():
                os.rename(shm, Path(f"{shm}{tag}"))
        except OSError:
            shm.unlink(missing_ok=True)  # an index of a WAL that is gone: SQLite rebuilds it
        return target
    return None


def _commit_at_or_after(
    data: bytes, n: int, frames: int, frame_size: int, salts: bytes
) -> int | None:
    """The first commit frame (its "database size" field set) of this WAL from frame n."""
    for j in range(n, frames):
        start = WAL_HEADER_BYTES + j * frame_size
        if data[start + 8 : start + 16] == salts and data[start + 4 : start + 8] != bytes(4):
            return j
    return None


def _later_frame_of_this_wal(
    data: bytes, n: int, frames: int, frame_size: int, salts: bytes, order: str
) -> bool:
    """Whether a frame after frame ``n`` carries this WAL's salts and a checksum that
    follows on from the frame before it (from that frame's stored checksum, or from the
    one its content gives, in case only the stored one was damaged)."""

    def checksum_of(j: int, s0: int, s1: int) -> tuple[int, int]:
        start = WAL_HEADER_BYTES + j * frame_size
        frame = data[start : start + frame_size]
        return _checksum(frame[:8] + frame[WAL_FRAME_HEADER_BYTES:], order, s0, s1)

    def stored_of(j: int) -> tuple[int, int]:
        start = WAL_HEADER_BYTES + j * frame_size
        s0, s1 = struct.unpack(">II", data[start + 16 : start + 24])
        return s0, s1

    for j in range(n + 1, frames):
        start = WAL_HEADER_BYTES + j * frame_size
        if data[start + 8 : start + 16] != salts:
            continue
        seeds = {stored_of(j - 1)}
        if j - 1 > 0:
            seeds.add(checksum_of(j - 1, *stored_of(j - 2)))
        if any(checksum_of(j, *seed) == stored_of(j) for seed in seeds):
            return True
    return False


def _valid_page_size(size: int) -> bool:
    return size == 1 or (512 <= size <= 65536 and size & (size - 1) == 0)


def quick_check(engine: Engine, path: Path) -> None:
    """``PRAGMA quick_check`` (every page read, so every page's HMAC checked);
    DatabaseDamagedError naming ``path`` if anything is wrong."""
    try:
        raw = engine.raw_connection()
    except DBAPIError as exc:
        raise DatabaseDamagedError(str(path), describe(exc.orig or exc)) from None
    try:
        conn: Any = raw.driver_connection
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlcipher.DatabaseError as exc:
        raise DatabaseDamagedError(str(path), describe(exc)) from None
    finally:
        raw.close()
    if rows != [("ok",)]:
        raise DatabaseDamagedError(str(path), "databasens struktur er beskadiget")


def is_damage(exc: BaseException) -> bool:
    """Whether a driver error means a damaged file (not a busy, full or locked one)."""
    text = str(exc).lower()
    return any(
        word in text
        for word in ("malformed", "not a database", "corrupt", "hmac", "file is encrypted")
    )


def describe(exc: BaseException) -> str:
    """A Danish detail for a damaged database (never the driver's English text)."""
    text = str(exc).lower()
    if "not a database" in text or "file is encrypted" in text:
        return "filens første side kan ikke læses"
    return "en eller flere sider i databasen kan ikke læses"
