"""A new, empty file of an existing organisation, for a laptop that joins it.

The organisation's keys file (signed by its organisation key) and its data key come from
elsewhere – an invitation and the joining member's own slot – so the new file opens with
every staff member's passphrase, like the organisation's other files. It gets its own
database salt: every slot's data key is wrapped again for that salt (``rewrap_slot``,
which needs no passphrase). The organisation key signs who may open the file (identities
and public keys), not the wrapped data keys, so the signature stays valid.

Nothing is seeded: the organisation row and everything else arrive by sync. The file and
its keys file are built in a staging folder and moved into place together only when
``fill`` has finished (``publish.py``): a crash or an error leaves nothing at the path.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from forandring_desktop.model.staff import Actor
from forandring_desktop.storage.crypto import FileKey, KdfParams, new_database_salt
from forandring_desktop.storage.engine import make_engine, read_salt
from forandring_desktop.storage.errors import (
    FileExistsAlreadyError,
    KeysFileExistsError,
    StorageError,
    os_error,
)
from forandring_desktop.storage.key_pins import write_pin
from forandring_desktop.storage.key_signing import check_slots
from forandring_desktop.storage.keys import KeyFile, keys_path, rewrap_slot, write_key_file
from forandring_desktop.storage.migrate import upgrade_to_head
from forandring_desktop.storage.publish import Move, publish, recover, staged
from forandring_desktop.storage.store import Store


class SlotsNotMovableError(StorageError):
    """A keys file whose slots cannot all be given to a new file without passphrases."""

    def __init__(self) -> None:
        super().__init__(
            "Nøglefilen har nøglepladser i et gammelt format eller ødelagte nøglepladser, så "
            "den ikke kan bruges på en ny computer. Lad hver medarbejder åbne filen én gang "
            "(eller fjern den ødelagte plads), og prøv igen."
        )


def can_move(key_file: KeyFile) -> bool:
    """Whether every slot of ``key_file`` can be wrapped for another database."""
    return key_file.signed and not key_file.damaged and all(s.can_rewrap for s in key_file.slots)


def for_database(key_file: KeyFile, data_key: bytes, database_salt: bytes) -> KeyFile:
    """``key_file`` with every slot holding ``data_key`` for the database ``database_salt``."""
    if not can_move(key_file):
        raise SlotsNotMovableError()
    slots = tuple(rewrap_slot(s, data_key, database_salt) for s in key_file.slots)
    return replace(key_file, database_salt=database_salt, slots=slots)


def create_member_file(
    path: Path,
    key_file: KeyFile,
    data_key: bytes,
    actor: Actor,
    fill: Callable[[Store], None],
    *,
    kdf: KdfParams | None = None,
) -> None:
    """Build an empty file of the organisation of ``key_file`` at ``path`` (which must not
    exist), let ``fill`` put its content in (the store's actor is ``actor``; it holds no
    signing keys), then move the file and its keys file into place together. The caller
    opens it afterwards with a passphrase, as any file."""
    path = Path(path)
    if not path.parent.is_dir():
        raise StorageError(f"Mappen {path.parent} findes ikke.")
    assert key_file.organisation is not None
    check_slots(key_file)
    org_public = key_file.organisation.public_key
    recover(path)
    if path.exists():
        raise FileExistsAlreadyError(str(path))
    if keys_path(path).exists():
        raise KeysFileExistsError(str(path))
    with staged(path) as staging:
        built = staging / path.name
        key = FileKey(data_key, new_database_salt())
        moved = for_database(key_file, data_key, key.salt)
        try:
            os.close(os.open(built, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except OSError as exc:
            raise os_error(exc, f"Filen {path} kan ikke oprettes: {exc.strerror}") from None
        engine = make_engine(built, key)
        try:
            upgrade_to_head(engine)
            write_key_file(built, moved, new=True)
            write_pin(engine, org_public)
            if read_salt(built) != key.salt:  # SQLCipher must have used our salt
                raise StorageError("Filen blev ikke krypteret som forventet; intet er gemt.")
            store = Store(built, engine, key=key, actor=actor, kdf=kdf)
            store.org_public_key = org_public
            fill(store)
            store.close()
        finally:
            engine.dispose()
        _require_closed(built)
        moves = [Move(built, path, create=True), Move(keys_path(built), keys_path(path))]
        try:
            publish(moves, anchor=path, staging=staging)
        except FileExistsError:
            raise FileExistsAlreadyError(str(path)) from None
        except OSError as exc:
            raise os_error(exc, f"Filen {path} kan ikke oprettes: {exc.strerror}") from None


def _require_closed(path: Path) -> None:
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StorageError(f"Filen {path.name} blev ikke lukket rigtigt; intet er ændret.")
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
