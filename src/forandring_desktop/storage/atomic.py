"""Atomic writes: a file is either the old one or the complete new one, never half of it.

Every file the app writes for a person to keep (exports, the keys file, backups, PDFs) goes
through :func:`write_atomically` or :func:`move_into_place`: the new content is written to a
temporary file in the same folder (same file system, so the rename is atomic), flushed and
fsynced, renamed over the target, and then the folder is fsynced so that the rename itself
survives a power cut. Temporary files are readable by the owner only: exports hold personal
data.

Several files that belong together (a database and its keys file) are published with
:mod:`forandring_desktop.storage.publish`, which builds on these primitives.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from forandring_desktop.storage.errors import StorageError, os_error

TEMP_SUFFIX = ".tmp"
_MODE = 0o600


def fsync_folder(folder: Path) -> None:
    """Make renames and deletions in ``folder`` durable (POSIX); not possible, nor needed,
    on Windows, where a rename is flushed with the file system's journal."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (network shares) cannot fsync a folder: nothing to do
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    """Flush a closed file's content to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_error(target: Path, exc: OSError) -> StorageError:
    """The Danish error for a failed write of ``target`` (a full disk has its own)."""
    return os_error(exc, f"Kunne ikke skrive {target}: {exc.strerror}; intet er ændret.")


def _check_target(target: Path) -> None:
    if target.is_dir():
        raise StorageError(f"{target} er en mappe; angiv et filnavn.")
    if not target.parent.is_dir():
        raise StorageError(f"Mappen {target.parent} findes ikke.")


def temp_path(target: Path) -> Path:
    """A new, unique, empty owner-only file beside ``target`` (hidden, ``.tmp``)."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    os.close(fd)
    os.chmod(name, _MODE)
    return Path(name)


def _rename(source: Path, target: Path, *, replace: bool) -> None:
    if replace:
        os.replace(source, target)
        return
    # A hard link fails if the target exists: "create, never replace" without a race.
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        # File systems without hard links (FAT, some network shares): check, then rename.
        if target.exists():
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
        os.replace(source, target)
        return
    os.unlink(source)


def move_into_place(source: Path, target: Path, *, replace: bool = True) -> None:
    """Rename the complete file ``source`` to ``target`` durably: ``source`` is fsynced
    first, the folder after. With ``replace=False`` an existing target raises
    FileExistsError and nothing is moved. OSError otherwise (the caller words it)."""
    fsync_file(source)
    _rename(source, target, replace=replace)
    fsync_folder(target.parent)
    if source.parent != target.parent:
        fsync_folder(source.parent)


@contextlib.contextmanager
def atomic_file(target: Path, *, replace: bool = True) -> Iterator[BinaryIO]:
    """Write ``target`` through a temporary file: ``with atomic_file(p) as fh: fh.write(…)``.

    The target appears (complete, fsynced) only if the block ends without an error; on any
    error the temporary file is removed and the target is as it was. StorageError for a
    file-system failure, FileExistsError if ``replace=False`` and the target exists.
    """
    target = Path(target)
    _check_target(target)
    try:
        tmp = temp_path(target)
    except OSError as exc:
        raise write_error(target, exc) from None
    try:
        with tmp.open("wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _rename(tmp, target, replace=replace)
        fsync_folder(target.parent)
    except FileExistsError:
        _discard(tmp)
        raise
    except OSError as exc:
        _discard(tmp)
        raise write_error(target, exc) from None
    except BaseException:
        _discard(tmp)
        raise


def write_atomically(target: Path, content: str | bytes, *, replace: bool = True) -> None:
    """Write ``content`` (text as UTF-8) so that ``target`` is either the old file or the
    complete new one, and the new one survives a power cut once this returns."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_file(Path(target), replace=replace) as fh:
        fh.write(data)


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def private_copy(source: Path, target: Path) -> None:
    """Copy ``source`` to a new ``target`` that only the owner may read (work copies of a
    database or keys file; ``shutil.copyfile`` would give them the umask's mode)."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _MODE)
    with open(source, "rb") as src, os.fdopen(fd, "wb") as dst:
        shutil.copyfileobj(src, dst, 1024 * 1024)
