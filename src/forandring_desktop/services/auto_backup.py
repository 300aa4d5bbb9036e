"""Automatic backups: verified, encrypted backups to a folder an administrator chooses,
made when a file is opened or closed (and checked hourly while it is open), at most once a
calendar day, with a rotation of daily, weekly and monthly copies. Until a folder is
chosen nothing is backed up, and the status bar says so.

Each backup is an ordinary backup file (``services/backup.py``: verified after writing,
written beside its final name and renamed into place) named::

    <file name without suffix>-<first 8 of the organisation id>-<UTC time>.forandring-backup

in the chosen folder, so one folder can hold the backups of several files. Only files
with exactly that pattern are ever deleted by the rotation; nothing else in the folder is
touched.

The settings (folder, rotation) and the outcome of the last attempt are this computer's,
not the organisation's (the folder is a path on this machine: an external disk, a network
folder), so they live in one small JSON file in the user's configuration folder
(:func:`settings_path`), one entry per organisation file. The CLI and the app read the
same file: "the file is damaged" names the newest backup in both. No personal data is in
it: paths, times and error messages about the folder.

Who may change the settings: administrators (checked here). Every staff member's session
makes the backups.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any

import platformdirs

from forandring_desktop.model.audit import AuditAction
from forandring_desktop.model.errors import ForandringError
from forandring_desktop.services.access import require_admin
from forandring_desktop.services.audit import record
from forandring_desktop.services.backup import BACKUP_SUFFIX, backup
from forandring_desktop.services.paths import data_dir
from forandring_desktop.storage import FileDamagedError, StorageError, Store
from forandring_desktop.storage.atomic import write_atomically
from forandring_desktop.storage.publish import sweep_folder

APP_NAME = "forandring-desktop"
SETTINGS_FORMAT = "forandring-auto-backup/1"
SETTINGS_FILE = "automatiske-sikkerhedskopier.json"
# The keys of one file's entry in the settings file, named once.
KEY_FOLDER = "folder"
KEY_ENABLED = "enabled"
KEY_DAILY = "daily"
KEY_WEEKLY = "weekly"
KEY_MONTHLY = "monthly"
KEY_ORGANISATION = "organisation"  # first 8 of the id: finds the backups of a damaged file
KEY_LAST_SUCCESS = "last_success"
KEY_LAST_FILE = "last_file"
KEY_LAST_FAILURE = "last_failure"
KEY_LAST_ERROR = "last_error"

MAX_KEEP = 1000
_TIME_FORMAT = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(r"^(?P<prefix>.+)-(?P<org>[0-9a-f]{8})-(?P<time>\d{8}T\d{6}Z)$")

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


# -- settings ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rotation:
    """How many backups to keep: the newest of each of the last ``daily`` days that have
    one, of the last ``weekly`` ISO weeks and of the last ``monthly`` months."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12

    def check(self) -> Rotation:
        for name, value in (("dage", self.daily), ("uger", self.weekly), ("måneder", self.monthly)):
            if type(value) is not int or not 0 <= value <= MAX_KEEP:
                raise AutoBackupSettingsError(
                    f"Antal {name} at gemme skal være et helt tal mellem 0 og {MAX_KEEP}."
                )
        if self.daily + self.weekly + self.monthly == 0:
            raise AutoBackupSettingsError("Mindst én sikkerhedskopi skal gemmes.")
        return self


@dataclass(frozen=True, slots=True)
class AutoBackupSettings:
    folder: Path | None = None
    enabled: bool = True
    rotation: Rotation = field(default_factory=Rotation)

    @property
    def active(self) -> bool:
        return self.enabled and self.folder is not None


@dataclass(frozen=True, slots=True)
class AutoBackupStatus:
    """The outcome of the last attempts: what the status bar says."""

    last_success: datetime | None = None
    last_file: Path | None = None
    last_failure: datetime | None = None
    last_error: str | None = None

    @property
    def failing(self) -> bool:
        """The last attempt failed (a failure after the last success)."""
        if self.last_failure is None:
            return False
        return self.last_success is None or self.last_failure >= self.last_success


class AutoBackupSettingsError(ForandringError):
    pass


class AutoBackupFailedError(ForandringError):
    def __init__(self, folder: Path | None, reason: str) -> None:
        self.reason = reason
        where = f" i {folder}" if folder is not None else ""
        super().__init__(
            f"Den automatiske sikkerhedskopi{where} kunne ikke laves: {reason} Filen selv er "
            "ikke ændret. Tjek mappen (er drevet sat i?) under Filer ▸ Sikkerhedskopier."
        )


def settings_path() -> Path:
    """This user's settings file (tests point ``XDG_CONFIG_HOME`` elsewhere)."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / SETTINGS_FILE


def _file_key(db_path: Path) -> str:
    return str(Path(db_path).resolve())


def _load_all() -> dict[str, Any]:
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: defaults (a broken file is rewritten whole)
    if not isinstance(data, dict) or data.get("format") != SETTINGS_FORMAT:
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def _entry(db_path: Path) -> dict[str, Any]:
    entry = _load_all().get(_file_key(db_path))
    return entry if isinstance(entry, dict) else {}


def _save_entry(db_path: Path, changes: dict[str, Any]) -> None:
    files = _load_all()
    key = _file_key(db_path)
    entry = files.get(key)
    entry = dict(entry) if isinstance(entry, dict) else {}
    entry.update(changes)
    files[key] = entry
    target = settings_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"Mappen {target.parent} kan ikke oprettes: {exc.strerror}") from None
    data = {"format": SETTINGS_FORMAT, "files": files}
    write_atomically(target, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _int(entry: dict[str, Any], key: str, default: int) -> int:
    value = entry.get(key, default)
    return value if type(value) is int and 0 <= value <= MAX_KEEP else default


def _time(entry: dict[str, Any], key: str) -> datetime | None:
    value = entry.get(key)
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def default_folder() -> Path:
    """The folder the settings dialog suggests: the app's own data folder (on the same disk:
    it protects against a damaged file, not a lost disk). Nothing is backed up until an
    administrator has chosen a folder."""
    return data_dir() / "Sikkerhedskopier"


def settings_for(db_path: Path) -> AutoBackupSettings:
    entry = _entry(db_path)
    folder_text = entry.get(KEY_FOLDER)
    folder = Path(folder_text) if isinstance(folder_text, str) and folder_text else None
    default = Rotation()
    rotation = Rotation(
        daily=_int(entry, KEY_DAILY, default.daily),
        weekly=_int(entry, KEY_WEEKLY, default.weekly),
        monthly=_int(entry, KEY_MONTHLY, default.monthly),
    )
    if rotation.daily + rotation.weekly + rotation.monthly == 0:
        rotation = default
    enabled = entry.get(KEY_ENABLED, True) is not False
    return AutoBackupSettings(folder, enabled, rotation)


def status_for(db_path: Path) -> AutoBackupStatus:
    entry = _entry(db_path)
    last_file = entry.get(KEY_LAST_FILE)
    error = entry.get(KEY_LAST_ERROR)
    return AutoBackupStatus(
        last_success=_time(entry, KEY_LAST_SUCCESS),
        last_file=Path(last_file) if isinstance(last_file, str) and last_file else None,
        last_failure=_time(entry, KEY_LAST_FAILURE),
        last_error=error if isinstance(error, str) else None,
    )


def set_settings(
    store: Store, folder: Path, rotation: Rotation | None = None, *, enabled: bool = True
) -> AutoBackupSettings:
    """Choose the backup folder and rotation for the open file (administrators only). The
    folder must exist and be writable (tried with a small file, removed again)."""
    require_admin(store, "vælge mappen til sikkerhedskopier")
    folder = Path(folder)
    rotation = (rotation or Rotation()).check()
    _check_folder(folder)
    _save_entry(
        store.path,
        {
            KEY_FOLDER: str(folder),
            KEY_ENABLED: enabled,
            KEY_DAILY: rotation.daily,
            KEY_WEEKLY: rotation.weekly,
            KEY_MONTHLY: rotation.monthly,
        },
    )
    record(store, AuditAction.SETTINGS, detail={"setting": "automatic_backup"})
    return AutoBackupSettings(folder, enabled, rotation)


def _check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise AutoBackupSettingsError(f"Mappen {folder} findes ikke (er drevet sat i?).")
    probe = folder / f".forandring-skrivetest-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise AutoBackupSettingsError(
            f"Der kan ikke skrives i mappen {folder}: {exc.strerror}."
        ) from None


# -- the backups in a folder ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BackupEntry:
    path: Path
    created: datetime  # UTC, from the name
    size: int


def _prefix(db_path: Path) -> str:
    return Path(db_path).name.removesuffix(".forandring")


def backup_name(db_path: Path, organisation_id: uuid.UUID, created: datetime) -> str:
    stamp = created.astimezone(UTC).strftime(_TIME_FORMAT)
    return f"{_prefix(db_path)}-{organisation_id.hex[:8]}-{stamp}{BACKUP_SUFFIX}"


def _entries(folder: Path, prefix: str, organisation: str | None) -> list[BackupEntry]:
    try:
        children = list(folder.iterdir())
    except OSError:
        return []
    found: list[BackupEntry] = []
    for child in children:
        if not child.name.endswith(BACKUP_SUFFIX) or child.name.startswith("."):
            continue
        match = _NAME.match(child.name.removesuffix(BACKUP_SUFFIX))
        if match is None or match["prefix"] != prefix:
            continue
        if organisation is not None and match["org"] != organisation:
            continue
        try:
            created = datetime.strptime(match["time"], _TIME_FORMAT).replace(tzinfo=UTC)
            size = child.stat().st_size
        except (ValueError, OSError):
            continue
        if child.is_file():
            found.append(BackupEntry(child, created, size))
    return sorted(found, key=lambda e: e.created, reverse=True)


def list_backups(db_path: Path) -> list[BackupEntry]:
    """The automatic backups of ``db_path``, newest first (empty when there are none)."""
    settings = settings_for(db_path)
    if settings.folder is None:
        return []
    organisation = _entry(db_path).get(KEY_ORGANISATION)
    org = organisation if isinstance(organisation, str) else None
    return _entries(settings.folder, _prefix(db_path), org)


def newest_backup(db_path: Path) -> BackupEntry | None:
    backups = list_backups(db_path)
    return backups[0] if backups else None


# -- rotation ---------------------------------------------------------------------------------


def _buckets(created: datetime, tz: tzinfo | None) -> tuple[date, tuple[int, int], tuple[int, int]]:
    local = created.astimezone(tz)
    iso = local.isocalendar()
    return local.date(), (iso.year, iso.week), (local.year, local.month)


def kept(times: Iterable[datetime], rotation: Rotation, tz: tzinfo | None = None) -> set[datetime]:
    """Which backup times a rotation keeps: the newest of each of the last ``daily`` days,
    ``weekly`` ISO weeks and ``monthly`` months that have backups (and always the newest)."""
    ordered = sorted(set(times), reverse=True)
    keep: set[datetime] = set(ordered[:1])
    for index, limit in enumerate((rotation.daily, rotation.weekly, rotation.monthly)):
        seen: set[object] = set()
        for created in ordered:
            bucket = _buckets(created, tz)[index]
            if bucket in seen:
                continue
            if len(seen) >= limit:
                break
            seen.add(bucket)
            keep.add(created)
    return keep


def rotate(
    folder: Path, entries: Sequence[BackupEntry], rotation: Rotation, tz: tzinfo | None = None
) -> list[Path]:
    """Delete the backups among ``entries`` that ``rotation`` does not keep; return them."""
    keep = kept((e.created for e in entries), rotation, tz)
    removed: list[Path] = []
    for entry in entries:
        if entry.created in keep:
            continue
        try:
            entry.path.unlink()
        except FileNotFoundError:
            continue
        except OSError:
            continue  # tried again next time
        removed.append(entry.path)
    return removed


# -- making one -------------------------------------------------------------------------------


def is_due(db_path: Path, now: datetime, tz: tzinfo | None = None) -> bool:
    """A backup is due unless one succeeded earlier on the same (local) calendar day."""
    settings = settings_for(db_path)
    if not settings.active:
        return False
    last = status_for(db_path).last_success
    return last is None or last.astimezone(tz).date() != now.astimezone(tz).date()


@dataclass(frozen=True, slots=True)
class AutoBackupOutcome:
    made: BackupEntry | None  # None: nothing was due
    removed: tuple[Path, ...] = ()
    status: AutoBackupStatus = field(default_factory=AutoBackupStatus)


def run_auto_backup(
    store: Store, *, clock: Clock = _utcnow, force: bool = False, tz: tzinfo | None = None
) -> AutoBackupOutcome:
    """Make the automatic backup of the open file if one is due (or ``force``), then rotate.

    A failure is recorded (the status bar shows it until a backup succeeds) and raised as
    AutoBackupFailedError; it never changes the file itself. Slow (it copies and verifies
    the whole file): call it off the UI thread.
    """
    now = clock()
    settings = settings_for(store.path)
    if not force and not is_due(store.path, now, tz):
        return AutoBackupOutcome(None, (), status_for(store.path))
    folder = settings.folder
    if folder is None:
        raise AutoBackupFailedError(None, "der er ikke valgt en mappe til sikkerhedskopierne.")
    try:
        if not folder.is_dir():
            raise AutoBackupFailedError(folder, "mappen findes ikke.")
        sweep_folder(folder)  # what a backup killed midway left behind
        with store.unit_of_work() as uow:
            organisation_id = uow.organisation.get().id
        target = folder / backup_name(store.path, organisation_id, now)
        if target.exists():  # two in the same second
            raise AutoBackupFailedError(folder, "der findes allerede en kopi fra samme sekund.")
        result = backup(store, target, automatic=True)
    except AutoBackupFailedError as exc:
        _record_failure(store.path, now, exc.reason)
        raise
    except ForandringError as exc:
        _record_failure(store.path, now, str(exc))
        raise AutoBackupFailedError(folder, _sentence(str(exc))) from None
    except OSError as exc:
        _record_failure(store.path, now, str(exc.strerror))
        raise AutoBackupFailedError(folder, f"{exc.strerror}.") from None
    org = organisation_id.hex[:8]
    _save_entry(
        store.path,
        {
            KEY_ORGANISATION: org,
            KEY_LAST_SUCCESS: now.astimezone(UTC).isoformat(),
            KEY_LAST_FILE: str(result.path),
        },
    )
    entries = _entries(folder, _prefix(store.path), org)
    removed = rotate(folder, entries, settings.rotation, tz)
    made = BackupEntry(result.path, now.astimezone(UTC), result.size)
    return AutoBackupOutcome(made, tuple(removed), status_for(store.path))


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _record_failure(db_path: Path, now: datetime, reason: str) -> None:
    # If the settings folder itself is broken, the raised error still says what failed.
    with contextlib.suppress(ForandringError):
        _save_entry(
            db_path,
            {KEY_LAST_FAILURE: now.astimezone(UTC).isoformat(), KEY_LAST_ERROR: reason},
        )


def with_newest_backup(exc: FileDamagedError, db_path: Path) -> FileDamagedError:
    """``exc`` naming the newest automatic backup of ``db_path`` (if there is one)."""
    try:
        entry = newest_backup(db_path)
    except OSError:
        entry = None
    if entry is None:
        return exc
    return exc.with_backup(str(entry.path))


__all__ = [
    "AutoBackupFailedError",
    "AutoBackupOutcome",
    "AutoBackupSettings",
    "AutoBackupSettingsError",
    "AutoBackupStatus",
    "BackupEntry",
    "Rotation",
    "backup_name",
    "default_folder",
    "is_due",
    "kept",
    "list_backups",
    "newest_backup",
    "rotate",
    "run_auto_backup",
    "set_settings",
    "settings_for",
    "settings_path",
    "status_for",
    "with_newest_backup",
]
