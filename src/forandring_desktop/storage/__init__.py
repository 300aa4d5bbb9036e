"""Storage: SQLCipher-encrypted SQLite through SQLAlchemy, Alembic migrations, exchange.

No Qt here. ``Store`` is the way in; ``Store.unit_of_work()`` is one transaction. The
database's key lives wrapped in the key slots of ``<db>.keys`` (``keys.py``).
"""

from forandring_desktop.storage.crypto import DEFAULT_KDF, KdfParams
from forandring_desktop.storage.errors import (
    DatabaseDamagedError,
    FileDamagedError,
    FileExistsAlreadyError,
    FileMissingError,
    InvalidRecoveryKeyError,
    JournalDamagedError,
    KeysFileExistsError,
    KeysFileInvalidError,
    KeysFileMismatchError,
    KeysFileMissingError,
    KeysFileTamperedError,
    NewerSchemaError,
    NoRecoveryKeyError,
    NotEncryptedError,
    OrganisationKeyMismatchError,
    StorageError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
)
from forandring_desktop.storage.keys import KEYS_SUFFIX, keys_path
from forandring_desktop.storage.store import FILE_SUFFIX, Store, remove_database_files
from forandring_desktop.storage.uow import UnitOfWork

__all__ = [
    "DEFAULT_KDF",
    "FILE_SUFFIX",
    "KEYS_SUFFIX",
    "DatabaseDamagedError",
    "FileDamagedError",
    "FileExistsAlreadyError",
    "FileMissingError",
    "InvalidRecoveryKeyError",
    "JournalDamagedError",
    "KdfParams",
    "KeysFileExistsError",
    "KeysFileInvalidError",
    "KeysFileMismatchError",
    "KeysFileMissingError",
    "KeysFileTamperedError",
    "NewerSchemaError",
    "NoRecoveryKeyError",
    "NotEncryptedError",
    "OrganisationKeyMismatchError",
    "StorageError",
    "Store",
    "UnitOfWork",
    "WrongPassphraseError",
    "WrongRecoveryKeyError",
    "keys_path",
    "remove_database_files",
]
