"""Backup and restore of a whole organisation file (database + keys file) as one file.

:func:`backup` writes an encrypted copy of the open file and its keys file into one backup
file (see ``storage/backup.py`` for the format), checks what it wrote by reading it back
from disk (checksums, every page, the structure, the row counts of every table against the
file) and only then puts it in place, atomically. A backup that cannot be confirmed is not
kept.

:func:`restore` checks a backup file (checksums), unwraps its key with a passphrase from
its own keys file, opens and checks the database in a temporary folder beside the target,
and only then moves database and keys file into place. It never overwrites a file unless
``replace`` is given; then the old file is kept beside it as ``<db>.før-gendannelse``
(with its keys file), and only a backup of the *same* organisation is accepted. A damaged
backup, a wrong passphrase or another organisation's backup changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from forandring_desktop import __version__
from forandring_desktop.model.audit import AuditAction
from forandring_desktop.model.errors import ForandringError
from forandring_desktop.model.staff import AccessDeniedError, Role
from forandring_desktop.services.audit import record
from forandring_desktop.services.backup_chain import compare_with_later_backups
from forandring_desktop.services.erasures import (
    ErasureRegister,
    reapply,
    register_of,
    remember,
    saved_register,
)
from forandring_desktop.services.key_pins import check_key, pin_key
from forandring_desktop.storage import (
    FileDamagedError,
    KdfParams,
    StorageError,
    Store,
    WrongPassphraseError,
    keys_path,
)
from forandring_desktop.storage import backup as archive
from forandring_desktop.storage.atomic import move_into_place, private_copy, write_error
from forandring_desktop.storage.backup import (
    DB_PART,
    KEYS_PART,
    BackupDamagedError,
    BackupError,
    BackupVerificationError,
    Manifest,
)
from forandring_desktop.storage.engine import read_salt
from forandring_desktop.storage.errors import (
    KeysFileTamperedError,
    OrganisationKeyMismatchError,
    os_error,
)
from forandring_desktop.storage.integrity import damaged_journals, kept_journal_files
from forandring_desktop.storage.keys import read_key_file
from forandring_desktop.storage.lock import WriterLock
from forandring_desktop.storage.migrate import current_revision
from forandring_desktop.storage.publish import Move, Staging, publish, recover, sweep

__all__ = [
    "BACKUP_SUFFIX",
    "BackupDamagedError",
    "BackupError",
    "BackupResult",
    "BackupVerificationError",
    "ExistingFileNotOpenedError",
    "OtherOrganisationError",
    "RestoreResult",
    "TargetExistsError",
    "TargetInUseError",
    "aside_path",
    "backup",
    "restore",
]

BACKUP_SUFFIX = ".forandring-backup"
ASIDE_SUFFIX = ".før-gendannelse"


class OtherOrganisationError(BackupError):
    def __init__(self, target: Path) -> None:
        super().__init__(
            f"Sikkerhedskopien er af en anden organisation end filen {target}. Gendan den "
            "til et nyt filnavn i stedet. Intet er ændret."
        )


class TargetExistsError(BackupError):
    def __init__(self, target: Path) -> None:
        super().__init__(
            f"Filen {target} (eller dens nøglefil) findes allerede. Vælg et nyt filnavn – "
            "eller erstat filen (--replace); den gamle gemmes da som "
            f"{target.name}{ASIDE_SUFFIX}. Intet er ændret."
        )


class TargetInUseError(BackupError):
    def __init__(self, target: Path) -> None:
        super().__init__(
            f"Filen {target} ser ud til at være åben i Forandring Desktop (eller blev ikke "
            "lukket rigtigt). Luk programmet – eller åbn og luk filen én gang – og prøv "
            "igen. Intet er ændret."
        )


class ExistingFileNotOpenedError(BackupError):
    def __init__(self, target: Path, reason: str) -> None:
        super().__init__(
            f"Filen {target}, der skal erstattes, kan ikke åbnes med adgangskoden ({reason}). "
            "Gendan til et nyt filnavn i stedet. Intet er ændret."
        )


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    created: datetime
    size: int
    counts: dict[str, int]  # rows per table, as in the file and confirmed in the backup


@dataclass(frozen=True, slots=True)
class RestoreResult:
    path: Path
    organisation: str
    organisation_id: uuid.UUID
    created: str  # when the backup was made (ISO 8601, UTC)
    replaced: Path | None  # where the old file was put aside (``replace``), or None
    reerased: int = 0  # participants in the backup erased since, erased again
    restaff: int = 0  # staff members removed since, whose key slots were removed again
    # The file replaced was damaged: put aside unread, so erasures made in it since the
    # backup could not be repeated (the caller says so).
    replaced_damaged: bool = False
    # The restored audit log against a later backup's head (services/backup_chain.py): a
    # Danish warning when it is older than, or different from, that head; else None.
    audit_warning: str | None = None


# -- backup -----------------------------------------------------------------------------------


def backup(store: Store, target: Path, *, automatic: bool = False) -> BackupResult:
    """Write a verified, encrypted backup of the open file (and its keys file) to
    ``target``, replacing an older file there only once the new one is confirmed.

    Raises BackupVerificationError (nothing kept) if the written file does not read back
    exactly. Logged in the audit log as an export.

    Every staff member may make one (no role check, by decision): the backup stays
    encrypted under the file's own keys, so it opens for no one who cannot open the file,
    and it is their safety net. Restoring one takes an administrator (:func:`restore`);
    the plain JSON export of the whole organisation is for administrators only
    (``services/exchange.py``).
    """
    target = Path(target)
    _check_backup_target(store, target)
    created = datetime.now(UTC)
    with store.unit_of_work() as uow:
        organisation_id = uow.organisation.get().id
        schema = current_revision(uow.session.connection()) or ""
    sweep(target)  # what a backup killed midway left behind
    staging = Staging(target)
    work = staging.folder
    try:
        copy = work / DB_PART
        counts = archive.snapshot(store.engine, copy)
        if read_salt(copy) != read_salt(store.path):
            raise BackupVerificationError("kopien har ikke filens kryptering")
        files = {DB_PART: copy}
        keys = keys_path(store.path)
        if keys.is_file():
            private_copy(keys, keys_path(copy))  # KEYS_PART: the copy's own keys file
            read_key_file(copy, read_salt(copy))  # whole, and belonging to this database
            files[KEYS_PART] = keys_path(copy)
        manifest = Manifest(
            created=created.isoformat(),
            organisation_id=str(organisation_id),
            app_version=__version__,
            schema=schema,
            parts={name: archive.file_part(path) for name, path in files.items()},
            organisation_key=(store.org_public_key or b"").hex(),
            audit_head=archive.copy_audit_head(store.engine, copy),
        )
        written = work / "sikkerhedskopi.tmp"
        archive.write_archive(written, manifest, files)
        _verify(store, written, work / "kontrol", counts)
        size = written.stat().st_size
        try:
            move_into_place(written, target)
        except OSError as exc:
            raise write_error(target, exc) from None
    except OSError as exc:
        raise os_error(exc, f"Sikkerhedskopien kunne ikke skrives: {exc.strerror}") from None
    finally:
        staging.discard()
    detail: dict[str, object] = {"format": "backup"}
    if automatic:
        detail["automatic"] = True
    record(store, AuditAction.EXPORT, detail=detail)
    return BackupResult(target, created, size, counts)


def _check_backup_target(store: Store, target: Path) -> None:
    if target.is_dir():
        raise StorageError(f"{target} er en mappe; angiv et filnavn.")
    if not target.parent.is_dir():
        raise StorageError(f"Mappen {target.parent} findes ikke.")
    resolved = target.resolve()
    for own in (store.path, keys_path(store.path)):
        if resolved == Path(own).resolve():
            raise StorageError(
                "Sikkerhedskopien kan ikke skrives oven i selve organisationsfilen; vælg et "
                "andet filnavn."
            )


def _verify(store: Store, written: Path, folder: Path, counts: dict[str, int]) -> None:
    """Read the written backup back from disk as restore would, and compare."""
    folder.mkdir(mode=0o700)
    db = folder / DB_PART
    try:
        manifest = archive.read_archive(written, {DB_PART: db})
        found = archive.check_copy(store.engine, db)
    except BackupError as exc:
        raise BackupVerificationError(_detail(exc)) from None
    if manifest.parts[DB_PART].size != db.stat().st_size:
        raise BackupVerificationError("databasen har den forkerte størrelse")
    if found != counts:
        differ = sorted(
            name for name in set(found) | set(counts) if found.get(name) != counts.get(name)
        )
        raise BackupVerificationError(f"antallet af rækker passer ikke: {', '.join(differ)}")


def _detail(exc: Exception) -> str:
    text = str(exc)
    start, end = text.find("("), text.rfind(")")
    return text[start + 1 : end] if 0 <= start < end else text


# -- restore ----------------------------------------------------------------------------------


def restore(
    backup_file: Path,
    target_db: Path,
    passphrase: str,
    *,
    replace: bool = False,
    erased: Mapping[uuid.UUID, datetime] | None = None,
    register: ErasureRegister | None = None,
    kdf: KdfParams | None = None,
) -> RestoreResult:
    """Restore ``backup_file`` to ``target_db`` (with its keys file) once it is checked.

    The passphrase must be an administrator's in the backup (AccessDeniedError otherwise).
    Without ``replace`` the target must not exist. With it, an existing target must be a
    file of the same organisation that the passphrase opens too, and not open right now;
    it is kept as ``<db>.før-gendannelse``. Nothing is changed on any error.

    Erasures and staff removals made since the backup stay in force: the erasure register
    (``services/erasures.py``) of the file being replaced, of the user's data folder, and
    ``register`` / ``erased`` (the open file's, when restoring beside it) is re-applied to
    the restored file before it is put in place, and kept in it.
    """
    backup_file, target = Path(backup_file), Path(target_db)
    if not backup_file.is_file():
        raise StorageError(f"Sikkerhedskopien {backup_file} findes ikke.")
    if target.parent.is_dir():
        recover(target)  # a restore or import killed midway is finished first
    exists = target.exists() or keys_path(target).exists()
    if exists and not replace:
        raise TargetExistsError(target)
    if target.is_dir():
        raise StorageError(f"{target} er en mappe; angiv et filnavn.")
    if not target.parent.is_dir():
        raise StorageError(f"Mappen {target.parent} findes ikke.")
    if backup_file.resolve() in (target.resolve(), keys_path(target).resolve()):
        raise StorageError("Sikkerhedskopien kan ikke gendannes oven i sig selv.")

    lock = WriterLock(target)
    if exists:  # not while another program works in it (FileLockedError names who)
        lock.acquire()
    try:
        return _restore_staged(backup_file, target, passphrase, exists, erased, register, kdf)
    finally:
        lock.release()


def _restore_staged(
    backup_file: Path,
    target: Path,
    passphrase: str,
    exists: bool,
    erased: Mapping[uuid.UUID, datetime] | None,
    register: ErasureRegister | None,
    kdf: KdfParams | None,
) -> RestoreResult:
    staging = Staging(target)
    work = staging.folder
    try:
        (work / "ny").mkdir(mode=0o700)
        new_db = work / "ny" / target.name
        manifest = archive.read_archive(
            backup_file, {DB_PART: new_db, KEYS_PART: keys_path(new_db)}
        )
        store = _open_checked(new_db, passphrase, kdf, backup_file)
        try:
            with store.unit_of_work() as uow:
                organisation = uow.organisation.get()
            if str(organisation.id) != manifest.organisation_id:
                raise BackupDamagedError(backup_file, "databasen passer ikke til fortegnelsen")
            _check_organisation_key(store, manifest, organisation.id)
            follow = ErasureRegister(participants=dict(erased or {}))
            if register is not None:
                follow.merge(register)
            follow.merge(register_of(store)).merge(saved_register(organisation.id))
            replaced: Path | None = None
            damaged = False
            if exists:
                existing, gone = _existing(target, passphrase, kdf, work / "gammel")
                if existing is None:
                    damaged = True  # the reason to restore: it is put aside as it is
                elif _in_use(target):
                    raise TargetInUseError(target)
                elif existing != organisation.id:
                    raise OtherOrganisationError(target)
                follow.merge(gone)
                replaced = _free_aside(target)
            reapplied = reapply(store, follow)
            warning = compare_with_later_backups(
                store,
                manifest,
                [backup_file.parent, target.parent],
                own=backup_file,
                suffix=BACKUP_SUFFIX,
            )
        finally:
            store.close()
        _remove_sidecars(new_db)
        _publish(new_db, target, replaced, staging)
    except OSError as exc:
        raise os_error(exc, f"Sikkerhedskopien kunne ikke gendannes: {exc.strerror}") from None
    finally:
        staging.discard()
    remember(organisation.id, follow)
    if manifest.organisation_key:
        pin_key(organisation.id, bytes.fromhex(manifest.organisation_key))
    return RestoreResult(
        target,
        organisation.name,
        organisation.id,
        manifest.created,
        replaced,
        reapplied.participants,
        reapplied.staff,
        damaged,
        warning,
    )


def _check_organisation_key(store: Store, manifest: Manifest, organisation: uuid.UUID) -> None:
    """The backup's keys file is signed by the organisation key its manifest names, and
    by one this laptop knows for the organisation (``services/key_pins.py``)."""
    found = (store.org_public_key or b"").hex()
    if manifest.organisation_key and found != manifest.organisation_key:
        raise OrganisationKeyMismatchError(
            "sikkerhedskopiens indholdsfortegnelse", unsigned=not found
        )
    check_key(organisation, store.org_public_key)


def _open_checked(db: Path, passphrase: str, kdf: KdfParams | None, backup_file: Path) -> Store:
    """Open the extracted copy (unwrapping its key with the passphrase from its own keys
    file), require an administrator and check every page and the structure."""
    try:
        store = Store.open(db, passphrase, kdf)
    except (WrongPassphraseError, KeysFileTamperedError, OrganisationKeyMismatchError):
        raise
    except StorageError as exc:
        if isinstance(exc, BackupError):
            raise
        raise BackupDamagedError(backup_file, _detail(exc)) from None
    try:
        if store.actor.role is not Role.ADMIN:
            raise AccessDeniedError("gendanne en sikkerhedskopi")
        archive.check_database(store.engine, backup_file)
    except BaseException:
        store.close()
        raise
    return store


def _existing(
    target: Path, passphrase: str, kdf: KdfParams | None, folder: Path
) -> tuple[uuid.UUID | None, ErasureRegister]:
    """The organisation id and the erasure register of the file to be replaced, read from a copy
    (the file itself is not touched: opening may upgrade a schema). None for the id when
    the file is damaged (FileDamagedError): then it is replaced unread."""
    if damaged_journals(target):  # its damaged WAL was set aside: damaged, as opening says
        return None, ErasureRegister()
    folder.mkdir(mode=0o700)
    copy = folder / target.name
    try:
        private_copy(target, copy)  # owner-only, like the file itself
        if keys_path(target).exists():
            private_copy(keys_path(target), keys_path(copy))
        wal = Path(f"{target}-wal")
        if wal.exists():  # what opening would read (a crash left it, or it is open now)
            private_copy(wal, Path(f"{copy}-wal"))
    except FileNotFoundError:
        raise ExistingFileNotOpenedError(target, "databasen eller nøglefilen mangler") from None
    try:
        with Store.open(copy, passphrase, kdf) as store:
            with store.unit_of_work() as uow:
                organisation_id = uow.organisation.get().id
            return organisation_id, register_of(store)
    except FileDamagedError:
        return None, ErasureRegister()
    except ForandringError as exc:
        raise ExistingFileNotOpenedError(target, str(exc).split(".")[0].lower()) from None


def _in_use(target: Path) -> bool:
    """A WAL or shared-memory file: open in a program now (or not closed cleanly)."""
    return any(Path(f"{target}{suffix}").exists() for suffix in ("-wal", "-shm", "-journal"))


def _remove_sidecars(db: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        side = Path(f"{db}{suffix}")
        if side.exists():
            if suffix == "-wal" and side.stat().st_size > 0:
                raise StorageError("Den gendannede fil blev ikke lukket rigtigt; intet er ændret.")
            side.unlink()


def aside_path(target: Path) -> Path:
    """Where an existing file goes when a restore replaces it: ``<db>.før-gendannelse``."""
    return Path(f"{target}{ASIDE_SUFFIX}")


def _free_aside(target: Path) -> Path:
    first = aside_path(target)
    candidates = [first, *(Path(f"{first}-{n}") for n in range(2, 1000))]
    for path in candidates:
        if not path.exists() and not keys_path(path).exists():
            return path
    raise StorageError(f"Der ligger for mange gamle kopier af {target}; ryd op og prøv igen.")


def _publish(new_db: Path, target: Path, aside: Path | None, staging: Staging) -> None:
    """Move the old pair aside (if any), then the new pair in, as one unit (``publish.py``:
    a crash midway is finished when the file is next opened or restored)."""
    moves: list[Move] = []
    if aside is not None:
        moves.append(Move(target, aside, create=True))
        if keys_path(target).exists():
            moves.append(Move(keys_path(target), keys_path(aside), create=True))
        for suffix in ("-wal", "-shm", "-journal"):  # a damaged file's own, kept with it
            side = Path(f"{target}{suffix}")
            if side.exists():
                moves.append(Move(side, Path(f"{aside}{suffix}"), create=True))
        for kept in kept_journal_files(target):  # a damaged WAL set aside (integrity.py)
            tail = kept.name.removeprefix(target.name)
            moves.append(Move(kept, Path(f"{aside}{tail}"), create=True))
    moves.append(Move(new_db, target, create=aside is None))
    if keys_path(new_db).exists():
        moves.append(Move(keys_path(new_db), keys_path(target), create=aside is None))
    try:
        publish(moves, anchor=target, staging=staging)
    except FileExistsError:
        raise TargetExistsError(target) from None
