"""Storage: SQLCipher-encrypted SQLite through SQLAlchemy, Alembic migrations, exchange.

No Qt here. ``Store`` is the way in; ``Store.unit_of_work()`` is one transaction.
"""

from forandring_desktop.storage.errors import (
    FileExistsAlreadyError,
    FileMissingError,
    NewerSchemaError,
    NotEncryptedError,
    StorageError,
    WrongPassphraseError,
)
from forandring_desktop.storage.store import FILE_SUFFIX, Store, remove_database_files
from forandring_desktop.storage.uow import UnitOfWork

__all__ = [
    "FILE_SUFFIX",
    "FileExistsAlreadyError",
    "FileMissingError",
    "NewerSchemaError",
    "NotEncryptedError",
    "StorageError",
    "Store",
    "UnitOfWork",
    "WrongPassphraseError",
    "remove_database_files",
]
