"""Opening and creating organisation files (one use case each); where they live is
``services/paths.py`` (re-exported here)."""

from __future__ import annotations

from pathlib import Path

from forandring_desktop.model import Organisation, OrganisationDocument
from forandring_desktop.model.staff import DEFAULT_ADMIN_NAME, check_staff_name
from forandring_desktop.services.audit import purge_expired
from forandring_desktop.services.auto_backup import with_newest_backup
from forandring_desktop.services.erasures import reapply, refuse_removed, without_erased
from forandring_desktop.services.key_pins import check_and_pin, pin_store
from forandring_desktop.services.paths import DATA_DIR_ENV as DATA_DIR_ENV
from forandring_desktop.services.paths import data_dir as data_dir
from forandring_desktop.services.paths import default_db_path as default_db_path
from forandring_desktop.services.paths import default_demo_path as default_demo_path
from forandring_desktop.services.slot_audit import audit_signing
from forandring_desktop.storage import (
    FileDamagedError,
    KdfParams,
    StorageError,
    Store,
)
from forandring_desktop.storage.lock import WriterLock
from forandring_desktop.storage.publish import sweep_folder


def open_organisation(path: Path, passphrase: str, *, kdf: KdfParams | None = None) -> Store:
    """Open an existing file with a staff member's passphrase (upgrading its schema);
    ``store.actor`` is that staff member. Raises typed errors in Danish; a damaged file's
    error (FileDamagedError, exit code 4) names the newest automatic backup. Audit-log
    entries older than their retention period are deleted now."""
    sweep_folder(Path(path).parent)  # work folders a killed restore or import left here
    lock = WriterLock(Path(path))  # one program at a time: FileLockedError names the other
    lock.acquire()
    try:
        store = Store.open(Path(path), passphrase, kdf)
    except FileDamagedError as exc:
        lock.release()
        raise with_newest_backup(exc, Path(path)) from None
    except BaseException:
        lock.release()
        raise
    return _hold(store, lock)


def _hold(store: Store, lock: WriterLock) -> Store:
    """Give ``store`` its writer lock (released when it closes), naming who works; then
    the checks every opening makes."""
    store.writer_lock = lock
    lock.set_owner(store.actor.name)
    try:
        refuse_removed(store)  # a removed member's slot that came back with an old copy
        check_and_pin(store)  # the keys file's organisation key: one this laptop knows
        audit_signing(store)
        purge_expired(store)
    except BaseException:
        store.close()
        raise
    return store


def clean_leftovers() -> int:
    """Remove, at start-up, the work folders that killed programs left in the data folder
    (encrypted copies and keys files: owner-only, but not to be kept). Returns how many."""
    return sweep_folder(data_dir())


def create_organisation(
    path: Path,
    passphrase: str,
    name: str,
    *,
    admin_name: str = DEFAULT_ADMIN_NAME,
    kdf: KdfParams | None = None,
) -> Store:
    """Create a new encrypted file holding one new, empty organisation; ``admin_name`` with
    ``passphrase`` is its first administrator."""
    if not passphrase:
        raise StorageError("Adgangskoden må ikke være tom.")
    organisation = Organisation.parse({"name": name})  # validate before any file exists
    return create_from_document(
        path,
        passphrase,
        OrganisationDocument(organisation=organisation),
        admin_name=admin_name,
        kdf=kdf,
    )


def create_from_document(
    path: Path,
    passphrase: str,
    doc: OrganisationDocument,
    *,
    admin_name: str = DEFAULT_ADMIN_NAME,
    kdf: KdfParams | None = None,
) -> Store:
    """A new file holding ``doc`` (already validated); no file is left behind on failure,
    nor after a crash: the file and its keys file appear together, complete, or not at all.

    The first administrator is ``admin_name`` with ``passphrase``.
    """
    path = Path(path)
    admin_name = check_staff_name(admin_name)
    path.parent.mkdir(parents=True, exist_ok=True)

    # An older export may hold participants erased since: they are left out, and the
    # erasure register goes into the new file (services/erasures.py).
    doc, register = without_erased(doc)

    def fill(store: Store) -> None:
        with store.unit_of_work() as uow:
            uow.documents.add(doc)
            uow.commit()
        if register:
            reapply(store, register)

    # Built beside the target and moved into place with its keys file only when complete.
    store = Store.create(path, passphrase, kdf, admin_name=admin_name, fill=fill)
    lock = WriterLock(path)
    try:
        lock.acquire()
    except BaseException:
        store.close()
        raise
    store.writer_lock = lock
    lock.set_owner(store.actor.name)
    try:
        pin_store(store)  # a new file, a new organisation key: this laptop knows it
    except BaseException:
        store.close()
        raise
    return store
