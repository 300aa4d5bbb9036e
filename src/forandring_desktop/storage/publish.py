"""Putting several new files in place as one unit (a database and its keys file).

A rename is atomic for one file, not for two. So new files are built complete in a
private *staging* folder beside the target (:class:`Staging`), and :func:`publish` moves
them with a small journal::

    .<target name>.publishing      line 1: {"format": ..., "moves": [[from, to], ...]}
                                   then one line "<n>" for each move made

The journal is written and fsynced before the first move and held locked (``flock``, or
a byte lock on Windows; the lock dies with the process) until the last move is done; then
the staging folder and the journal are removed. A program killed on the way leaves the
journal, and :func:`recover` (run before every open, create or restore of that target)
makes the remaining moves: the staged files were complete before the journal was written,
so the unit is finished, never half-moved. A journal whose first line was not written
whole means no move had started; it is discarded with its staging folder.

Staging folders are named ``.<target name>.ny-<pid>-<random>`` and are owner-only (0700;
the files in them 0600); one left by a process that no longer runs and not named by a
journal is a half-made leftover and is deleted by :func:`sweep` (before every open, create
or restore of that target) and :func:`sweep_folder` (every folder a file is opened from,
and the data folder when the app starts).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from forandring_desktop.storage.atomic import fsync_file, fsync_folder
from forandring_desktop.storage.errors import StorageError, os_error
from forandring_desktop.storage.lock import remove_stale

JOURNAL_FORMAT = "forandring-publish/1"
JOURNAL_SUFFIX = ".publishing"
STAGING_MARK = ".ny-"
# Older versions' work folders (``tempfile.mkdtemp`` names, no process id): removed once
# they are an hour old, when no older version can still be at work in them.
LEGACY_PREFIXES = (".forandring-gendan-", ".forandring-sikkerhedskopi-")
LEGACY_AGE_SECONDS = 3600
_MAX_JOURNAL_BYTES = 64 * 1024
_END = b"end\n"


class PublishBusyError(StorageError):
    def __init__(self, target: Path) -> None:
        super().__init__(
            f"Et andet program er ved at lægge en ny udgave af {target} på plads. Vent et "
            "øjeblik, og prøv igen. Intet er ændret."
        )


def journal_path(target: Path) -> Path:
    return target.parent / f".{target.name}{JOURNAL_SUFFIX}"


def _staging_prefix(target: Path) -> str:
    return f".{target.name}{STAGING_MARK}"


# -- locks that die with the process ---------------------------------------------------------


def _try_lock(fh: IO[bytes]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            fh.seek(0)
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


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a staging folder of a live process is kept)."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes

        kernel = ctypes.windll.kernel32
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# -- staging ----------------------------------------------------------------------------------


class Staging:
    """A private folder beside ``target`` to build new files in (same file system, so they
    can be renamed into place). Removed by :meth:`discard` or, after a crash, by sweep."""

    def __init__(self, target: Path) -> None:
        self.target = Path(target)
        prefix = f"{_staging_prefix(self.target)}{os.getpid()}-"
        try:
            self.folder = Path(tempfile.mkdtemp(prefix=prefix, dir=self.target.parent))
        except OSError as exc:
            raise os_error(
                exc, f"Der kan ikke skrives i mappen {self.target.parent}: {exc.strerror}"
            ) from None

    def __truediv__(self, name: str) -> Path:
        return self.folder / name

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()


def sweep(target: Path) -> None:
    """Delete staging folders of ``target`` left by processes that no longer run."""
    target = Path(target)
    sweep_folder(target.parent, only=target.name)


def sweep_folder(folder: Path, *, only: str | None = None) -> int:
    """Delete the staging folders in ``folder`` (of the file ``only``, or of any file) left
    by processes that no longer run and not needed by a pending journal. Returns how many."""
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return 0
    removed = 0
    for entry in entries:
        name = entry.name
        if only is None and name.startswith(LEGACY_PREFIXES) and _old(entry):
            # Work folders of older versions (no process id in the name): a restore or
            # import killed midway, holding full encrypted copies and keys files.
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
            continue
        if not name.startswith(".") or STAGING_MARK not in name:
            continue
        owner, _, rest = name[1:].rpartition(STAGING_MARK)
        if not owner or (only is not None and owner != only):
            continue
        pid_text = rest.split("-", 1)[0]
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        if journal_path(Path(folder) / owner).exists():
            continue  # recover() needs its staged files
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    return removed


def _old(entry: Path) -> bool:
    try:
        return entry.is_dir() and time.time() - entry.stat().st_mtime > LEGACY_AGE_SECONDS
    except OSError:
        return False


# -- the journal ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Move:
    source: Path
    target: Path
    create: bool = False  # the target must not exist yet (never replaced)


def _relative(path: Path, base: Path) -> str:
    return os.path.relpath(path, base)


def _header(moves: Sequence[Move], base: Path) -> bytes:
    data = {
        "format": JOURNAL_FORMAT,
        "moves": [[_relative(m.source, base), _relative(m.target, base)] for m in moves],
    }
    return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")


def _parse(raw: bytes, base: Path) -> tuple[list[tuple[Path, Path]], int] | None:
    """The moves and how many were made; None for a journal whose header is incomplete."""
    lines = raw.split(b"\n")
    if len(lines) < 2:
        return None  # not even the header's newline: written in part, no move was made
    try:
        header = json.loads(lines[0])
        if header.get("format") != JOURNAL_FORMAT:
            return None
        moves = [(base / str(src), base / str(dst)) for src, dst in header["moves"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    done = 0
    for line in lines[1:-1]:  # the last element follows the final newline (or is torn)
        if line + b"\n" == _END:
            return moves, len(moves)
        if line.strip() != str(done + 1).encode():
            break
        done += 1
    return moves, done


def _move(source: Path, target: Path, *, create: bool) -> None:
    if create:
        try:
            os.link(source, target)  # fails if the target appeared meanwhile
        except FileExistsError:
            raise
        except OSError:
            if target.exists():
                raise FileExistsError(17, "exists", str(target)) from None
            os.replace(source, target)
        else:
            os.unlink(source)
    else:
        os.replace(source, target)
    fsync_folder(target.parent)


def publish(moves: Sequence[Move], *, anchor: Path, staging: Staging | None = None) -> None:
    """Make every move in ``moves`` (each a complete file), all or none, durably.

    ``anchor`` names the journal (the main target: the database). Raises FileExistsError
    before anything is moved when a ``create`` target exists; StorageError if another
    program is publishing the same target; OSError for a failed move, after undoing the
    moves already made. A crash midway is finished by :func:`recover`.
    """
    anchor = Path(anchor)
    base = anchor.parent
    journal = journal_path(anchor)
    recover(anchor)
    for move in moves:
        if move.create and move.target.exists():
            raise FileExistsError(17, "exists", str(move.target))
    for move in moves:
        fsync_file(move.source)
    if staging is not None:
        fsync_folder(staging.folder)
    try:
        fd = os.open(journal, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise PublishBusyError(anchor) from None
    with os.fdopen(fd, "r+b", buffering=0) as fh:
        if not _try_lock(fh):  # someone opened it between our create and lock: theirs now
            raise PublishBusyError(anchor)
        fh.seek(0)
        fh.write(_header(moves, base))
        fh.flush()
        os.fsync(fh.fileno())
        fsync_folder(base)
        made: list[Move] = []
        try:
            for n, move in enumerate(moves, start=1):
                _move(move.source, move.target, create=move.create)
                made.append(move)
                if n < len(moves):
                    fh.write(f"{n}\n".encode())
                    fh.flush()
                    os.fsync(fh.fileno())
        except BaseException:
            for move in reversed(made):  # an error we see (not a crash): back to the old state
                with contextlib.suppress(OSError):
                    os.replace(move.target, move.source)
            fsync_folder(base)
            _close_journal(fh, journal)
            raise
        if staging is not None:
            staging.discard()
        _close_journal(fh, journal)
    fsync_folder(base)


def _close_journal(fh: IO[bytes], journal: Path) -> None:
    """Mark the journal finished, then remove it. The mark keeps a program that opens it
    in the moment before it is gone (Windows cannot delete an open file) from replaying."""
    with contextlib.suppress(OSError):
        fh.write(_END)
        fh.flush()
    if sys.platform == "win32":
        fh.close()
    with contextlib.suppress(OSError):
        os.unlink(journal)


def recover(anchor: Path) -> bool:
    """Finish a publication of ``anchor`` that a killed program left; True if it did.

    Also removes staging folders of programs that no longer run. PublishBusyError if the
    publisher is still at work.
    """
    anchor = Path(anchor)
    journal = journal_path(anchor)
    finished = False
    try:
        fh = journal.open("r+b", buffering=0)
    except FileNotFoundError:
        fh = None
    except OSError as exc:
        raise StorageError(f"Filen {journal} kan ikke læses: {exc.strerror}") from None
    if fh is not None:
        with fh:
            if not _try_lock(fh):
                raise PublishBusyError(anchor)
            if not journal.exists():
                return False  # finished by its owner while we waited for the lock
            raw = fh.read(_MAX_JOURNAL_BYTES)
            parsed = _parse(raw, anchor.parent)
            if parsed is not None:
                moves, done = parsed
                for source, target in moves[done:]:
                    if source.exists():  # the one move a crash may have made unrecorded
                        os.replace(source, target)
                        fsync_folder(target.parent)
                finished = done < len(moves)
            _close_journal(fh, journal)
        fsync_folder(anchor.parent)
    sweep(anchor)
    remove_stale(anchor)  # the writer lock file of a program that was killed
    return finished


@contextlib.contextmanager
def staged(target: Path) -> Iterator[Staging]:
    """``with staged(db) as staging:`` build files in ``staging / name``; always cleaned."""
    recover(target)
    staging = Staging(target)
    try:
        yield staging
    finally:
        staging.discard()
