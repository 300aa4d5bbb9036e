"""An open organisation file: its path, engine, key slots and who opened it.

Created and opened only here. The database is encrypted with a random data key, kept only
wrapped in the key slots of ``<db>.keys`` (see ``keys.py``); files from before key slots
get their keys file the first time they are opened with the right passphrase.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Self

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from forandring_desktop.model.base import uuid7
from forandring_desktop.model.staff import DEFAULT_ADMIN_NAME, RECOVERY_ACTOR, Actor, Role
from forandring_desktop.storage.crypto import (
    FileKey,
    KdfParams,
    default_kdf,
    derive_key,
    has_envelope_tag,
    new_data_key,
    new_database_salt,
)
from forandring_desktop.storage.engine import make_engine, read_salt, translate_error
from forandring_desktop.storage.errors import (
    DatabaseDamagedError,
    FileExistsAlreadyError,
    KeysFileExistsError,
    KeysFileInvalidError,
    KeysFileMismatchError,
    KeysFileMissingError,
    NoRecoveryKeyError,
    NotAnOrganisationFileError,
    OrganisationKeyMismatchError,
    StorageError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
    os_error,
)
from forandring_desktop.storage.integrity import describe, guard_wal, is_damage, quick_check
from forandring_desktop.storage.key_manager import KeyManager
from forandring_desktop.storage.key_pins import read_pin, write_pin
from forandring_desktop.storage.key_signing import (
    UNSIGNED_WARNING,
    SlotKeys,
    UpgradeBlockedError,
    check_slots,
    open_signing,
    upgrade,
)
from forandring_desktop.storage.keys import (
    KeyFile,
    KeySlot,
    SlotKind,
    keys_path,
    make_slot,
    normalise_recovery_key,
    open_slot,
    read_key_file_alone,
    staff_candidates,
    write_key_file,
)
from forandring_desktop.storage.lock import WriterLock
from forandring_desktop.storage.migrate import upgrade_to_head
from forandring_desktop.storage.publish import Move, publish, recover, staged
from forandring_desktop.storage.signing import Signer, public_of
from forandring_desktop.storage.sync.hlc import WallClock, system_ms
from forandring_desktop.storage.uow import UnitOfWork

FILE_SUFFIX = ".forandring"


class Store:
    """One open file. ``actor`` is the staff member working now (it changes when someone
    else unlocks the locked app); ``kdf`` is the Argon2 cost for new key slots."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        *,
        key: FileKey,
        actor: Actor,
        kdf: KdfParams | None = None,
    ) -> None:
        self.path = path
        self.engine = engine
        self.actor = actor
        self.kdf = kdf or default_kdf()
        self.keys = KeyManager(path, key)
        self._file_key = key
        self._released = False
        # Taken by whoever opens the file for work (services/files.py); released on close.
        self.writer_lock: WriterLock | None = None
        # The working member's signing key and the organisation's pinned public key (see
        # signing.py); set when the file is opened or unlocked, None for files whose slots
        # are not signed yet.
        self.signer: Signer | None = None
        self.org_public_key: bytes | None = None
        # Danish, for the UI and the CLI to show: the keys file is not signed yet.
        self.key_warning: str | None = None
        # How many slots this opening signed (an unsigned keys file upgraded): to audit.
        self.slots_signed_now = 0
        # The wall clock under the sync clock of this file's changes (tests set a fake one).
        self.sync_wall: WallClock = system_ms

    def __repr__(self) -> str:
        return f"Store({self.path.name})"

    # --- Opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, passphrase: str, kdf: KdfParams | None = None) -> Self:
        """Open an existing encrypted file with a staff member's passphrase; upgrade its
        schema to head. ``store.actor`` says whose passphrase it was.

        A wrong passphrase raises WrongPassphraseError before anything is written (and a
        missing or foreign keys file its own error). ``kdf`` is the cost of new key slots
        and of the key of a file from before key slots.
        """
        path = Path(path)
        recover(path)  # a publication a killed program left half-done is finished first
        salt = read_salt(path)
        key_file = _read_keys(path, salt)
        if key_file is None:
            return cls._open_legacy(path, salt, passphrase, kdf)
        check_slots(key_file)  # a slot not signed is tampering: before any passphrase
        refused = False
        for slot, opened in staff_candidates(key_file, passphrase):
            try:
                store = cls._open_with(path, FileKey(opened.data_key, salt), slot.actor(), kdf)
            except WrongPassphraseError:
                refused = True  # the slot's key is authentic, so the database is at fault
                continue
            if opened.upgraded is not None:
                store.keys.renew(opened.upgraded)
            store._sign_in(opened.upgraded or slot, opened.private_key)
            return store
        if refused:
            raise DatabaseDamagedError(str(path), "filens første side kan ikke læses")
        if key_file.damaged:
            raise KeysFileInvalidError(str(path), key_file.damage_detail())
        raise WrongPassphraseError()

    @classmethod
    def open_with_recovery_key(
        cls, path: Path, recovery_key: str, kdf: KdfParams | None = None
    ) -> Self:
        """Open with the recovery key (the actor is :data:`RECOVERY_ACTOR`, an administrator).

        Only for recovery: the caller sets a new passphrase and the real actor at once.
        """
        path = Path(path)
        canonical = normalise_recovery_key(recovery_key)  # a typo: before any Argon2 run
        recover(path)
        salt = read_salt(path)
        key_file = _read_keys(path, salt)
        if key_file is None:
            raise _keys_missing(path)
        check_slots(key_file)
        slot = key_file.recovery_slot()
        if slot is None:
            if key_file.damaged:
                raise KeysFileInvalidError(str(path), key_file.damage_detail())
            raise NoRecoveryKeyError()
        opened = open_slot(slot, canonical, salt)
        if opened is None:
            raise WrongRecoveryKeyError()
        try:
            store = cls._open_with(path, FileKey(opened.data_key, salt), RECOVERY_ACTOR, kdf)
        except WrongPassphraseError:
            raise DatabaseDamagedError(str(path), "filens første side kan ikke læses") from None
        if opened.upgraded is not None:
            store.keys.renew(opened.upgraded)
        store._sign_in(opened.upgraded or slot, opened.private_key)
        return store

    def _sign_in(self, slot: KeySlot, x25519_private: bytes | None) -> None:
        """After ``slot`` opened the file: check the keys file against the database's pin,
        upgrade an unsigned one (administrators and the recovery key), and hold the
        member's signing key (and an administrator's organisation key). On any error the
        file is closed again."""
        try:
            key_file = self.keys.load()
            pin = read_pin(self.engine)
            check_slots(key_file, pin)
            current = next((s for s in key_file.slots if s.slot_id == slot.slot_id), slot)
            if key_file.organisation is None:
                self._sign_unsigned(key_file, current)
                return
            org_public = key_file.organisation.public_key
            keys = open_signing(key_file, current, x25519_private)
            if pin is None:
                if keys.org_private is None:
                    raise OrganisationKeyMismatchError("databasen", unpinned=True)
                write_pin(self.engine, org_public)
            self._hold_keys(current.staff_id, keys, org_public)
        except BaseException:
            self.engine.dispose()
            raise

    def _sign_unsigned(self, key_file: KeyFile, slot: KeySlot) -> None:
        """A format-2 keys file: an administrator (or the recovery key) signs it now; a
        staff member works on, with :attr:`key_warning`."""
        if slot.role is not Role.ADMIN:
            self.key_warning = UNSIGNED_WARNING
            return
        try:
            signed_file, org_private, members = upgrade(key_file)
        except UpgradeBlockedError:
            self.key_warning = UNSIGNED_WARNING
            return
        write_key_file(self.path, signed_file)
        org_public = public_of(org_private)
        write_pin(self.engine, org_public)
        self.slots_signed_now = len(signed_file.slots)
        member = members.get(slot.staff_id) if slot.staff_id is not None else None
        self._hold_keys(slot.staff_id, SlotKeys(member, org_private), org_public)

    def _hold_keys(self, staff_id: uuid.UUID | None, keys: SlotKeys, org_public: bytes) -> None:
        self.keys.adopt(staff_id, keys, org_public)
        self.signer = self.keys.signer()
        self.org_public_key = org_public
        self.key_warning = None

    def after_unlock(self) -> None:
        """The working member changed (``services/staff.unlock``): their signer now."""
        self.signer = self.keys.signer()

    @classmethod
    def _open_with(cls, path: Path, key: FileKey, actor: Actor, kdf: KdfParams | None) -> Self:
        _check_wal(path)
        engine = make_engine(path, key)
        with _disposed_on_error(engine, path):
            _prove_key(engine, path)
            quick_check(engine, path)
            upgrade_to_head(engine)
        return cls(path, engine, key=key, actor=actor, kdf=kdf)

    @classmethod
    def _open_legacy(cls, path: Path, salt: bytes, passphrase: str, kdf: KdfParams | None) -> Self:
        """A file whose key is Argon2(passphrase, file salt): give it a keys file whose one
        administrator slot wraps that same key (the database is not re-encrypted)."""
        key = derive_key(passphrase, salt, kdf)
        _check_wal(path)
        engine = make_engine(path, key)
        try:
            with _disposed_on_error(engine, path):
                try:
                    _prove_key(engine, path)
                except WrongPassphraseError:
                    if has_envelope_tag(salt):  # made with key slots: its keys file is gone
                        raise _keys_missing(path) from None
                    raise
                actor = Actor(uuid7(), DEFAULT_ADMIN_NAME, Role.ADMIN)
                slot = _admin_slot(key, passphrase, actor, kdf)
                quick_check(engine, path)
                key_file, org_private, members = upgrade(KeyFile(salt, (slot,), legacy_key=True))
                write_key_file(path, key_file, new=True)
                upgrade_to_head(engine)
                write_pin(engine, public_of(org_private))
        except KeysFileExistsError:
            # Another program gave it a keys file a moment ago (the engine is disposed): use that.
            return cls.open(path, passphrase, kdf)
        store = cls(path, engine, key=key, actor=actor, kdf=kdf)
        keys = SlotKeys(members[actor.staff_id], org_private)
        store._hold_keys(actor.staff_id, keys, public_of(org_private))
        return store

    # --- Creating ---------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        kdf: KdfParams | None = None,
        *,
        admin_name: str = DEFAULT_ADMIN_NAME,
        fill: Callable[[Store], None] | None = None,
    ) -> Self:
        """Create a new encrypted file at the current schema head, and its keys file with one
        administrator (``admin_name``, ``passphrase``). Neither file may exist yet.

        Both are built in a staging folder beside ``path``, ``fill`` (if given) puts the
        first content in, and only then are the two moved into place as one unit
        (``publish.py``): a crash or an error at any moment leaves either nothing at
        ``path`` or the complete pair.
        """
        path = Path(path)
        if not path.parent.is_dir():
            raise StorageError(f"Mappen {path.parent} findes ikke.")
        recover(path)
        if path.exists():
            raise FileExistsAlreadyError(str(path))
        if keys_path(path).exists():
            raise KeysFileExistsError(str(path))
        with staged(path) as staging:
            built = staging / path.name
            store = cls._create_at(built, passphrase, kdf, admin_name)
            try:
                if fill is not None:
                    fill(store)
                store.close()
            except BaseException:
                store.engine.dispose()
                raise
            _require_closed(built)
            moves = [Move(built, path, create=True), Move(keys_path(built), keys_path(path))]
            try:
                publish(moves, anchor=path, staging=staging)
            except FileExistsError:
                raise FileExistsAlreadyError(str(path)) from None
            except OSError as exc:
                raise os_error(exc, f"Filen {path} kan ikke oprettes: {exc.strerror}") from None
        opened = cls._open_with(path, store._file_key, store.actor, kdf)
        assert store.org_public_key is not None
        opened._hold_keys(store.actor.staff_id, store.keys.held(), store.org_public_key)
        return opened

    @classmethod
    def _create_at(
        cls, path: Path, passphrase: str, kdf: KdfParams | None, admin_name: str
    ) -> Self:
        # Only the owner may read the file (SQLite gives its -wal/-shm the same mode).
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise FileExistsAlreadyError(str(path)) from None
        except OSError as exc:
            raise os_error(exc, f"Filen {path} kan ikke oprettes: {exc.strerror}") from None
        key = FileKey(new_data_key(), new_database_salt())
        actor = Actor(uuid7(), admin_name, Role.ADMIN)
        engine = make_engine(path, key)
        with _disposed_on_error(engine, path):
            upgrade_to_head(engine)
            slot = _admin_slot(key, passphrase, actor, kdf)
            key_file, org_private, members = upgrade(KeyFile(key.salt, (slot,)))
            write_key_file(path, key_file, new=True)
            write_pin(engine, public_of(org_private))
            if read_salt(path) != key.salt:  # SQLCipher must have used our salt
                raise StorageError("Filen blev ikke krypteret som forventet; intet er gemt.")
        store = cls(path, engine, key=key, actor=actor, kdf=kdf)
        keys = SlotKeys(members[actor.staff_id], org_private)
        store._hold_keys(actor.staff_id, keys, public_of(org_private))
        return store

    # --- Using ------------------------------------------------------------------------------

    def _use_key(self, key: FileKey) -> None:
        """Reopen on ``key`` (after a re-key, ``rekey.py``, or back after a failed one)."""
        self.engine = make_engine(self.path, key)
        self.keys = self.keys.for_key(key)
        self._file_key = key

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.engine, self.sync_wall)

    def data_key(self) -> bytes:
        """The file's data key (sync derives the organisation's sync key from it once)."""
        return self._file_key.key

    def checkpoint(self) -> None:
        """Fold the WAL into the main file (e.g. before copying it)."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def release(self) -> None:
        """Close every connection (the WAL folds into the file and goes) but keep the key:
        :meth:`resume` opens it again. For replacing the file under an open window (a
        restore), which refuses a file that is in use."""
        self.close()
        self._released = True

    def resume(self) -> None:
        """Reopen the file after :meth:`release` (it may have been replaced by a restore of
        the same file; then open the restored one with its passphrase instead)."""
        if self.writer_lock is not None:
            self.writer_lock.acquire(who=self.actor.name)
        self._use_key(self._file_key)
        self._released = False

    def close(self) -> None:
        if self._released:
            return  # released for a restore: the file may be another one by now
        try:
            with contextlib.suppress(DBAPIError):
                self.checkpoint()
            self.engine.dispose()
        finally:
            if self.writer_lock is not None:
                self.writer_lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _keys_missing(path: Path) -> KeysFileMissingError:
    unfinished = any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-shm"))
    return KeysFileMissingError(str(path), unfinished=unfinished)


def _require_closed(path: Path) -> None:
    """The database was closed cleanly: no WAL with content (it would be lost in a move)."""
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StorageError(f"Filen {path.name} blev ikke lukket rigtigt; intet er ændret.")
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def remove_database_files(path: Path, *, keys: bool = True) -> None:
    """Delete a database with its WAL, shared memory, journal and (``keys``) keys file."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if keys:
        keys_path(Path(path)).unlink(missing_ok=True)


def _read_keys(path: Path, salt: bytes) -> KeyFile | None:
    """The keys file, told apart from a database whose first bytes (its salt) are damaged."""
    key_file = read_key_file_alone(path)
    if key_file is not None and not hmac.compare_digest(key_file.database_salt, salt):
        if has_envelope_tag(key_file.database_salt) and not has_envelope_tag(salt):
            raise DatabaseDamagedError(str(path), "filens første bytes er ændret")
        raise KeysFileMismatchError(str(path))
    return key_file


def _check_wal(path: Path) -> None:
    guard_wal(path)  # a damaged WAL is set aside and refused before SQLite reads it


@contextlib.contextmanager
def _disposed_on_error(engine: Engine, path: Path) -> Iterator[None]:
    """Any error while a file is opened or built closes its engine (so the file is not held
    open); a database error becomes the matching Danish storage error."""
    try:
        yield
    except DBAPIError as exc:
        engine.dispose()
        raise _as_storage_error(exc, path) from None
    except BaseException:
        engine.dispose()
        raise


def _admin_slot(key: FileKey, passphrase: str, actor: Actor, kdf: KdfParams | None) -> KeySlot:
    """The staff slot that gives the file's first administrator ``key``."""
    return make_slot(
        key.key,
        passphrase,
        database_salt=key.salt,
        kind=SlotKind.STAFF,
        staff_id=actor.staff_id,
        name=actor.name,
        role=actor.role,
        kdf=kdf,
    )


def _prove_key(engine: Engine, path: Path) -> None:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as exc:
        raise _as_storage_error(exc, path) from None


def _as_storage_error(exc: DBAPIError, path: Path) -> BaseException:
    orig = exc.orig or exc
    err = translate_error(orig)
    if isinstance(err, StorageError):
        return err
    if is_damage(orig):
        return DatabaseDamagedError(str(path), describe(orig))
    return NotAnOrganisationFileError(str(orig).splitlines()[0])
