"""One writer at a time: an OS lock on ``<db>.lock`` while a program has the file open.

SQLite's own locks are too fine for two programs working on one file: two writers in WAL
mode fail with "database is locked" as soon as one's read snapshot is older than the
other's commit (the busy timeout does not help then). So a program that opens a file for
work first takes an exclusive lock on ``<db>.lock`` (``flock``, or a byte lock on
Windows): the OS drops it when the process ends, however it ends, so the lock of a
program that was killed is simply taken over by the next one. The file holds who has it
open (a staff member's name: staff data, never a participant's), which program, the
process id, the computer and since when, so the second program can say so in Danish; it
is removed again (while still locked) when the lock is released.

Within one process the lock is counted (the app may open its own file twice, e.g. to
restore over it); it is released when the last holder lets go.

``--wait SECONDS`` on the command line waits for the lock, with backoff, instead of
giving up at once (:func:`set_default_wait`).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, TypeVar

from forandring_desktop.storage.errors import StorageError

LOCK_SUFFIX = ".lock"
EXIT_LOCKED = 5
_WINDOWS_LOCK_OFFSET = 1 << 20  # the byte locked on Windows: beyond the owner text
_MAX_OWNER_BYTES = 4096
_FIRST_PAUSE = 0.05
_LONGEST_PAUSE = 1.0

T = TypeVar("T")

_settings: dict[str, Any] = {"wait": 0.0, "program": ""}
_held: dict[str, tuple[IO[bytes], int]] = {}
_guard = threading.Lock()


def lock_path(db_path: Path) -> Path:
    return Path(f"{db_path}{LOCK_SUFFIX}")


def set_default_wait(seconds: float) -> None:
    """How long :meth:`WriterLock.acquire` waits for another program by default."""
    _settings["wait"] = max(0.0, float(seconds))


def set_program(name: str) -> None:
    """The program named in the lock (e.g. "Forandring Desktop", "forandring erase")."""
    _settings["program"] = name


def _program() -> str:
    return _settings["program"] or Path(sys.argv[0] if sys.argv else "python").name


@dataclass(frozen=True, slots=True)
class LockOwner:
    who: str
    program: str
    pid: int
    host: str
    since: str  # ISO 8601, UTC

    def describe(self) -> str:
        since = self.since[:16].replace("T", " kl. ") if self.since else "et øjeblik"
        who = self.who or "en medarbejder"
        program = self.program or "Forandring Desktop"
        return f"{who} i {program} (proces {self.pid} på {self.host}, siden {since} UTC)"


class FileLockedError(StorageError):
    exit_code = EXIT_LOCKED

    def __init__(self, path: Path, owner: LockOwner | None) -> None:
        self.owner = owner
        whom = owner.describe() if owner is not None else "et andet program"
        super().__init__(
            f"Filen {path} er åben hos {whom}. Kun ét program ad gangen kan arbejde i "
            "filen: luk den dér og prøv igen – eller vent på den med --wait SEKUNDER på "
            "kommandolinjen. Intet er ændret."
        )


def _try_lock(fh: IO[bytes]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            fh.seek(_WINDOWS_LOCK_OFFSET)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fh: IO[bytes]) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            fh.seek(_WINDOWS_LOCK_OFFSET)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    fh.close()


def _still_there(fh: IO[bytes], path: Path) -> bool:
    """Whether the file locked is still the one at ``path``: a holder removes the lock
    file before it unlocks, so a lock on a removed file guards nothing."""
    if sys.platform == "win32":
        return True
    try:
        here, there = os.fstat(fh.fileno()), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def read_owner(db_path: Path) -> LockOwner | None:
    """Who the lock file says has ``db_path`` open (None if no one wrote it down)."""
    try:
        with lock_path(db_path).open("rb") as fh:
            raw = fh.read(_MAX_OWNER_BYTES)
        data = json.loads(raw.decode("utf-8"))
        return LockOwner(
            who=str(data.get("who", "")),
            program=str(data.get("program", "")),
            pid=int(data.get("pid", 0)),
            host=str(data.get("host", "")),
            since=str(data.get("since", "")),
        )
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def _write_owner(fh: IO[bytes], who: str) -> None:
    owner = {
        "who": who,
        "program": _program(),
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    with contextlib.suppress(OSError):
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps(owner, ensure_ascii=False).encode("utf-8"))
        fh.flush()


class WriterLock:
    """The lock of one file, for one holder (a :class:`~.store.Store`)."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self._key = str(self.db_path.resolve())
        self.held = False

    def acquire(self, *, who: str = "", wait: float | None = None) -> None:
        """Take the lock, waiting up to ``wait`` seconds (default: :func:`set_default_wait`)
        with growing pauses; FileLockedError naming the holder if it stays taken."""
        if self.held:
            return
        deadline = time.monotonic() + (_settings["wait"] if wait is None else max(0.0, wait))
        pause = _FIRST_PAUSE
        while not self._try(who):
            left = deadline - time.monotonic()
            if left <= 0:
                raise FileLockedError(self.db_path, read_owner(self.db_path))
            time.sleep(min(pause, left))
            pause = min(pause * 2, _LONGEST_PAUSE)
        self.held = True

    def _try(self, who: str) -> bool:
        with _guard:
            if self._key in _held:
                fh, count = _held[self._key]
                _held[self._key] = (fh, count + 1)
                return True
            for _attempt in range(10):
                fh = self._open()
                if not _try_lock(fh):
                    fh.close()
                    return False
                if _still_there(fh, lock_path(self.db_path)):
                    break
                _unlock(fh)  # its holder removed it as we opened it: lock the new one
            else:
                return False
            _write_owner(fh, who)  # a stale owner (a killed program) is replaced
            _held[self._key] = (fh, 1)
            return True

    def _open(self) -> IO[bytes]:
        path = lock_path(self.db_path)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StorageError(f"Låsefilen {path} kan ikke oprettes: {exc.strerror}") from None
        return os.fdopen(fd, "r+b", buffering=0)

    def set_owner(self, who: str) -> None:
        """Name the staff member working (known once the passphrase has been checked)."""
        with _guard:
            if self.held and self._key in _held:
                _write_owner(_held[self._key][0], who)

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        with _guard:
            fh, count = _held.pop(self._key, (None, 0))
            if fh is None:
                return
            if count > 1:
                _held[self._key] = (fh, count - 1)
                return
            with contextlib.suppress(OSError):
                fh.seek(0)
                fh.truncate()  # no owner named while no one has it
                if sys.platform != "win32":  # (an open file cannot be removed there)
                    os.unlink(lock_path(self.db_path))  # removed while still locked
            _unlock(fh)


def remove_stale(db_path: Path) -> bool:
    """Remove the lock file a killed program left (no one holds its lock); True if it did.
    A lock held by a live program, this one included, is left alone."""
    if sys.platform == "win32":
        return False
    path = lock_path(db_path)
    with _guard:
        if str(Path(db_path).resolve()) in _held:
            return False
        try:
            fh = os.fdopen(os.open(path, os.O_RDWR), "r+b", buffering=0)
        except OSError:
            return False  # none there (or not ours to remove)
        try:
            if not _try_lock(fh) or not _still_there(fh, path):
                return False
            with contextlib.suppress(OSError):
                os.unlink(path)  # removed while locked: see WriterLock._try
                return True
            return False
        finally:
            _unlock(fh)


BUSY_TRIES = 6


def is_busy(exc: BaseException) -> bool:
    """A write refused because another connection writes ("database is locked"), e.g. a
    read snapshot that another commit made stale: SQLite's busy timeout does not wait then."""
    from forandring_desktop.storage.errors import DatabaseBusyError

    if isinstance(exc, DatabaseBusyError):
        return True
    orig = getattr(exc, "orig", None) or exc
    return "database is locked" in str(orig).lower()


def retry_when_busy(work: Callable[[], T], *, tries: int = BUSY_TRIES) -> T:
    """Run ``work`` (one whole transaction: on an error it rolled back, so it can run again)
    and run it again, after growing pauses, while it fails only because the database is
    busy. The last failure is raised (the caller words it: DatabaseBusyError)."""
    pause = _FIRST_PAUSE
    for attempt in range(tries):
        try:
            return work()
        except Exception as exc:
            if not is_busy(exc) or attempt == tries - 1:
                raise
        time.sleep(pause)
        pause = min(pause * 2, _LONGEST_PAUSE)
    raise AssertionError("unreachable")  # pragma: no cover


@contextlib.contextmanager
def locked(db_path: Path, *, wait: float | None = None) -> Iterator[WriterLock]:
    """``with locked(db):`` hold the writer lock of ``db`` for a moment (e.g. a restore)."""
    lock = WriterLock(db_path)
    lock.acquire(wait=wait)
    try:
        yield lock
    finally:
        lock.release()
