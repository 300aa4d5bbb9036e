"""Turning an unexpected exception into a Danish message, for the CLI and the app.

Expected failures are typed ``ForandringError`` subclasses raised where they happen. What
is left here is the rest: a database error from a page that became unreadable while the
file was open, a full disk noticed late, a bug. The user gets a Danish sentence (never the
driver's English text or a traceback); the log gets the error's *type* and where it
happened, never its message, which could quote personal data (a name in a failed row).
"""

from __future__ import annotations

import logging
import traceback

from sqlalchemy.exc import DBAPIError

from forandring_desktop.model.errors import ForandringError
from forandring_desktop.storage.errors import (
    DatabaseBusyError,
    DatabaseDamagedError,
    DiskFullError,
    StorageError,
    WriteFailedError,
    is_disk_full,
)
from forandring_desktop.storage.integrity import describe, is_damage

log = logging.getLogger(__name__)

EXIT_UNEXPECTED = 1


class UnexpectedError(ForandringError):
    exit_code = EXIT_UNEXPECTED

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(
            f"Der skete en uventet fejl ({kind}). Det, der allerede var gemt, er gemt; den "
            "sidste handling er ikke gennemført. Prøv igen, og kontakt jeres administrator, "
            "hvis det sker igen."
        )


def where(exc: BaseException) -> str:
    """``module:line in function`` frames of ``exc``'s traceback: no values, no message."""
    frames = traceback.extract_tb(exc.__traceback__)
    return " < ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in frames[::-1])


def as_user_error(exc: BaseException, *, path: str = "") -> ForandringError:
    """A Danish, typed error for ``exc`` (logged by type and place only)."""
    if isinstance(exc, ForandringError):
        return exc
    log.error("unexpected %s at %s", type(exc).__name__, where(exc))
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    if is_damage(orig):
        return DatabaseDamagedError(path, describe(orig))
    if "disk is full" in str(orig).lower():
        return DiskFullError()
    if "database is locked" in str(orig).lower():
        return DatabaseBusyError()
    if "disk i/o error" in str(orig).lower():
        return WriteFailedError()
    if isinstance(orig, OSError):
        if is_disk_full(orig):
            return DiskFullError()
        what = f" ({orig.filename})" if isinstance(orig.filename, str) else ""
        return StorageError(f"En fil kunne ikke læses eller skrives{what}: {orig.strerror}.")
    if isinstance(orig, MemoryError):
        return StorageError("Der er ikke hukommelse nok til at gøre det færdigt; intet er ændret.")
    return UnexpectedError(type(exc).__name__)
