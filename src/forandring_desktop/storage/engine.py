"""The one engine factory: every connection is SQLCipher-encrypted before its first read.

There is no code path that opens the file with plain SQLite, so no plaintext database can
be written by accident.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event

from forandring_desktop.storage.crypto import SALT_BYTES, FileKey
from forandring_desktop.storage.errors import (
    DatabaseBusyError,
    DiskFullError,
    FileMissingError,
    NotEncryptedError,
    StorageError,
    WriteFailedError,
    WrongPassphraseError,
    is_disk_full,
)

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"


def read_salt(path: Path) -> bytes:
    """The file's SQLCipher salt; refuses plaintext SQLite and files that are too short."""
    try:
        with path.open("rb") as fh:
            head = fh.read(SALT_BYTES)
    except FileNotFoundError:
        raise FileMissingError(str(path)) from None
    except IsADirectoryError:
        raise StorageError(f"{path} er en mappe, ikke en fil.") from None
    if head == SQLITE_MAGIC:
        raise NotEncryptedError(str(path))
    if len(head) < SALT_BYTES:
        raise WrongPassphraseError()
    return head


def _connect(path: Path, key: FileKey) -> Any:
    conn = sqlcipher.connect(str(path), check_same_thread=False)
    try:
        conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _begin below)
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {key.pragma_literal()}")
        # The first read proves the key; a wrong key fails here, before anything is written.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")  # a committed edit survives a pulled plug
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")  # deleted personal data is overwritten
        conn.execute("PRAGMA temp_store = MEMORY")  # no plaintext temp files
        conn.execute("PRAGMA busy_timeout = 5000")
    except sqlcipher.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc) or "encrypted" in str(exc):
            raise WrongPassphraseError() from None
        raise translate_error(exc) from None
    return conn


def translate_error(exc: BaseException) -> BaseException:
    """Map driver errors a person can meet to Danish ones; leave the rest alone."""
    text = str(exc).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFullError()
    if is_disk_full(exc):
        return DiskFullError()
    if "disk i/o error" in text:
        return WriteFailedError()
    if "database is locked" in text or "database table is locked" in text:
        return DatabaseBusyError()
    if "readonly" in text or "read-only" in text:
        return StorageError("Filen er skrivebeskyttet; ændringen er ikke gemt.")
    if "unable to open" in text:
        return StorageError("Filen kan ikke åbnes (mangler der adgang til mappen?).")
    return exc


def make_engine(path: Path, key: FileKey) -> Engine:
    """An engine over the encrypted file at ``path`` (created by the first write if new)."""
    path = Path(path)
    engine = create_engine(
        f"sqlite:///{path}",
        creator=lambda: _connect(path, key),
        module=sqlcipher,
        pool_pre_ping=False,
        # An error's text never quotes a row's values (a name, an exit note): it may reach
        # a log, a dialog or stderr.
        hide_parameters=True,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # pysqlite's implicit transactions break SAVEPOINT and transactional DDL.
        conn.exec_driver_sql("BEGIN")

    return engine
