"""An open organisation file: its path and engine. Created and opened only here."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from types import TracebackType
from typing import Self

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from forandring_desktop.storage.crypto import DEFAULT_KDF, KdfParams, derive_key, new_salt
from forandring_desktop.storage.engine import make_engine, read_salt, translate_error
from forandring_desktop.storage.errors import (
    FileExistsAlreadyError,
    NotAnOrganisationFileError,
    StorageError,
)
from forandring_desktop.storage.migrate import upgrade_to_head
from forandring_desktop.storage.uow import UnitOfWork

FILE_SUFFIX = ".forandring"


class Store:
    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine

    @classmethod
    def open(cls, path: Path, passphrase: str, kdf: KdfParams = DEFAULT_KDF) -> Self:
        """Open an existing encrypted file; upgrade its schema to head.

        A wrong passphrase raises WrongPassphraseError before anything is written.
        """
        path = Path(path)
        salt = read_salt(path)
        engine = make_engine(path, derive_key(passphrase, salt, kdf))
        try:
            with engine.connect() as conn:  # proves the key
                conn.execute(text("SELECT 1"))
            upgrade_to_head(engine)
        except DBAPIError as exc:
            engine.dispose()
            raise _as_storage_error(exc) from None
        except BaseException:
            engine.dispose()
            raise
        return cls(path, engine)

    @classmethod
    def create(cls, path: Path, passphrase: str, kdf: KdfParams = DEFAULT_KDF) -> Self:
        """Create a new encrypted file at the current schema head; it must not exist yet."""
        path = Path(path)
        if path.exists():
            raise FileExistsAlreadyError(str(path))
        if not path.parent.is_dir():
            raise StorageError(f"Mappen {path.parent} findes ikke.")
        # Only the owner may read the file (SQLite gives its -wal/-shm the same mode).
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise FileExistsAlreadyError(str(path)) from None
        except OSError as exc:
            raise StorageError(f"Filen {path} kan ikke oprettes: {exc.strerror}") from None
        engine = make_engine(path, derive_key(passphrase, new_salt(), kdf))
        try:
            upgrade_to_head(engine)
        except BaseException:
            engine.dispose()
            remove_database_files(path)  # a half-made file is worse than none
            raise
        return cls(path, engine)

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.engine)

    def checkpoint(self) -> None:
        """Fold the WAL into the main file (e.g. before copying it)."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with contextlib.suppress(DBAPIError):
            self.checkpoint()
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def remove_database_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _as_storage_error(exc: DBAPIError) -> BaseException:
    err = translate_error(exc.orig or exc)
    if isinstance(err, StorageError):
        return err
    return NotAnOrganisationFileError(str(exc.orig or exc).splitlines()[0])
