"""A new data key for an open file: re-encrypt the database, re-wrap every slot.

Removing a staff member's slot stops their passphrase from opening the *current* keys
file, but whoever kept a copy of the old keys file still holds the old data key. After a
re-key the database is encrypted with a new random key and a new salt, and the keys file
holds that key wrapped to the public key of every remaining slot (``keys.rewrap_slot``; no
passphrase is needed), so an old keys file opens nothing.

How, so that a crash at any moment leaves the old pair or the complete new pair:

1. In a staging folder beside the file, ``sqlcipher_export()`` copies the database, in
   one read transaction, into a new file attached with the new key (a fresh copy rather
   than ``PRAGMA rekey`` in place, which rewrites the live file page by page).
2. The copy is checked (every page's HMAC, the structure) and its row counts compared
   with the counts taken in the same transaction as the copy.
3. The new keys file is written beside the copy.
4. The open engine is closed (its WAL folds into the file and is removed); if another
   program still has the file open, or wrote to it since step 1, nothing is swapped.
5. Database and keys file are published together (``publish.py``), and the store reopens
   on the new key.

Format-1 slots (made before key pairs) cannot be re-wrapped without their passphrase; a
re-key is refused until their owners have opened the file once (which renews the slot) or
an administrator has set them a new passphrase, and a format-1 recovery key until a new
one is made.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3.dbapi2 as sqlcipher

from forandring_desktop.storage.copying import exporting, row_counts
from forandring_desktop.storage.crypto import FileKey, new_data_key, new_database_salt
from forandring_desktop.storage.engine import SQLITE_MAGIC, make_engine, read_salt
from forandring_desktop.storage.errors import StorageError
from forandring_desktop.storage.integrity import describe, is_damage, quick_check
from forandring_desktop.storage.keys import (
    KeyFile,
    SlotKind,
    keys_path,
    rewrap_slot,
    write_key_file,
)
from forandring_desktop.storage.publish import Move, publish, staged

if TYPE_CHECKING:
    from forandring_desktop.storage.store import Store

_ATTACHED = "forandring_rekeyed"


class RekeyError(StorageError):
    pass


class RekeyBlockedError(RekeyError):
    def __init__(self, names: list[str], recovery: bool) -> None:
        self.names = names
        self.recovery = recovery
        parts = []
        if names:
            parts.append(
                "disse medarbejdere har ikke åbnet filen siden opdateringen: "
                f"{', '.join(names)} (bed dem åbne den én gang, eller giv dem en ny "
                "adgangskode)"
            )
        if recovery:
            parts.append("gendannelsesnøglen er fra før opdateringen (lav en ny først)")
        super().__init__(
            "Datanøglen kan ikke skiftes endnu: " + "; ".join(parts) + ". Intet er ændret."
        )


class FileInUseError(RekeyError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Filen {path} er åben i et andet program (eller et andet vindue). Luk det, og "
            "prøv igen. Intet er ændret."
        )


class ChangedMeanwhileError(RekeyError):
    def __init__(self) -> None:
        super().__init__(
            "Et andet program gemte noget i filen, mens datanøglen blev skiftet. Prøv igen. "
            "Intet er ændret."
        )


@dataclass(frozen=True, slots=True)
class RekeyResult:
    slots: int  # slots that hold the new key
    removed: uuid.UUID | None  # the staff member whose slot was left out
    dropped_damaged: int  # damaged slots (unusable anyway) not carried over


def new_keys_for(key_file: KeyFile, without: uuid.UUID | None, key: FileKey) -> KeyFile:
    """The keys file for the re-keyed database: every slot but ``without``'s, re-wrapped."""
    kept = [s for s in key_file.slots if without is None or s.staff_id != without]
    blocked = [s for s in kept if not s.can_rewrap]
    if blocked:
        names = sorted(s.name or "" for s in blocked if s.kind is SlotKind.STAFF)
        recovery = any(s.kind is SlotKind.RECOVERY for s in blocked)
        raise RekeyBlockedError(names, recovery)
    slots = tuple(rewrap_slot(s, key.key, key.salt) for s in kept)
    # The signature covers the slots' identities, not the wrapped keys: it still holds.
    return replace(key_file, database_salt=key.salt, slots=slots, legacy_key=False, damaged=())


def rekey(store: Store, *, without: uuid.UUID | None = None) -> RekeyResult:
    """Re-encrypt ``store``'s file with a new data key, leaving out ``without``'s slot.

    The store stays open and usable (on the new key) afterwards. On any error nothing is
    changed and the store is as it was. Takes about as long as a backup (the whole file
    is copied and checked): call it off the UI thread.
    """
    path = Path(store.path)
    old_key: FileKey = store._file_key
    key_file = store.keys.load()
    new_key = FileKey(new_data_key(), new_database_salt())
    new_keys = store.keys.resign(new_keys_for(key_file, without, new_key))
    with staged(path) as staging:
        copy = staging / path.name
        os.close(os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        raw = store.engine.raw_connection()
        try:
            conn: Any = raw.driver_connection
            counts, version = _export(conn, copy, new_key)
            _check(copy, new_key, counts)
            write_key_file(copy, new_keys, new=True)
            if conn.execute("PRAGMA data_version").fetchone()[0] != version:
                raise ChangedMeanwhileError()
        except sqlcipher.DatabaseError as exc:
            if is_damage(exc):
                raise RekeyError(f"Filen kan ikke kopieres: {describe(exc)}.") from None
            raise RekeyError(f"Filen kunne ikke kopieres ({type(exc).__name__}).") from None
        finally:
            raw.close()
        store.engine.dispose()
        try:
            if any(Path(f"{path}{s}").exists() for s in ("-wal", "-shm", "-journal")):
                raise FileInUseError(path)
            publish(
                [Move(copy, path), Move(keys_path(copy), keys_path(path))],
                anchor=path,
                staging=staging,
            )
        except BaseException:
            store._use_key(old_key)
            raise
    store._use_key(new_key)
    return RekeyResult(len(new_keys.slots), without, len(key_file.damaged))


def _export(conn: Any, copy: Path, key: FileKey) -> tuple[dict[str, int], int]:
    """Copy the open database into ``copy`` under ``key`` in one read transaction; the row
    counts of that moment, and the data version to notice later writes by others."""
    attach = f"ATTACH DATABASE ? AS {_ATTACHED} KEY {key.pragma_literal()}"
    with exporting(conn, attach, copy, _ATTACHED):
        counts = row_counts(conn, "main")
        version = int(conn.execute("PRAGMA data_version").fetchone()[0])
    return counts, version


def _check(copy: Path, key: FileKey, counts: dict[str, int]) -> None:
    with copy.open("rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC:
            raise RekeyError("Kopien blev ikke krypteret; intet er ændret.")
    if read_salt(copy) != key.salt:
        raise RekeyError("Kopien fik ikke den nye kryptering; intet er ændret.")
    engine = make_engine(copy, key)
    try:
        quick_check(engine, copy)
        raw = engine.raw_connection()
        try:
            conn: Any = raw.driver_connection
            if conn.execute("PRAGMA cipher_integrity_check").fetchall():
                raise RekeyError("Kopien kunne ikke bekræftes; intet er ændret.")
            found = row_counts(conn, "main")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
    finally:
        engine.dispose()
    if found != counts:
        raise RekeyError("Kopien har ikke de samme rækker som filen; intet er ændret.")
    for suffix in ("-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
