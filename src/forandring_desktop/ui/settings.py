"""Every setting the app keeps in Qt's settings store, declared once (like Picard's options).

Settings are about this computer and this user, never personal data: window geometry, the
folder PDFs went to, the auto-lock time, the files opened last, and which files have their
passphrase in the system keyring (by a hash of the path; the passphrase itself lives in the
keyring). Each is declared here with its key, type, default and meaning; nothing else in
the app touches QSettings. The README's "Where data lives" lists them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION_NAME = "Forandring"
APPLICATION_NAME = "Forandring Desktop"

T = TypeVar("T", int, str, bool, QByteArray)


def _store() -> QSettings:
    """The user's settings file; an INI file on every platform so tests can redirect it."""
    return QSettings(
        QSettings.Format.IniFormat,
        QSettings.Scope.UserScope,
        ORGANISATION_NAME,
        APPLICATION_NAME,
    )


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One setting: its key in the store, its type and default, and what it is for."""

    key: str
    type: type[T]
    default: T
    meaning: str

    def get(self) -> T:
        """The stored value, or the default when it is missing or not of this type."""
        return _read(self.key, self.type, self.default)

    def set(self, value: T) -> None:
        _write(self.key, value)

    def clear(self) -> None:
        _remove(self.key)


@dataclass(frozen=True)
class PerFile(Generic[T]):
    """A setting kept per organisation file, under a hash of the file's path (so the
    store never shows where a user keeps their files or what they are called)."""

    key: str
    type: type[T]
    default: T
    meaning: str

    def key_for(self, path: Path) -> str:
        digest = hashlib.sha256(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:32]
        return f"{self.key}/{digest}"

    def get(self, path: Path) -> T:
        return _read(self.key_for(path), self.type, self.default)

    def set(self, path: Path, value: T) -> None:
        _write(self.key_for(path), value)

    def clear(self, path: Path) -> None:
        _remove(self.key_for(path))


def _read(key: str, kind: type[T], default: T) -> T:
    value = _store().value(key)
    if value is None:
        return default
    if kind is bool:
        if isinstance(value, bool):
            return value
        return str(value).lower() in {"true", "1", "yes"}
    if kind is int:
        try:
            return int(str(value))  # type: ignore[return-value]
        except ValueError:
            return default
    if isinstance(value, kind):
        return value
    return default


def _write(key: str, value: object) -> None:
    store = _store()
    store.setValue(key, value)
    store.sync()


def _remove(key: str) -> None:
    store = _store()
    store.remove(key)
    store.sync()


WINDOW_GEOMETRY = Setting(
    "main_window/geometry", QByteArray, QByteArray(), "the main window's size and position"
)
WINDOW_STATE = Setting(
    "main_window/state", QByteArray, QByteArray(), "the main window's toolbars and docks"
)
WINDOW_SPLITTER = Setting(
    "main_window/splitter", QByteArray, QByteArray(), "the width of the navigation beside the pages"
)
WINDOW_PAGE = Setting("main_window/page", int, 0, "the page shown when the window closed")
LAST_PDF_FOLDER = Setting("printing/last_folder", str, "", "the folder PDFs were saved in last")
LOCK_MINUTES = Setting(
    "security/lock_minutes", int, 10, "minutes without input before the app locks (0: never)"
)
RECENT_FILES = Setting(
    "files/recent",
    str,
    "",
    "the organisation files opened last (Filer ▸ Seneste filer), newest first, one path a line",
)
REMEMBERED = PerFile(
    "security/remembered",
    bool,
    False,
    "whether the file's passphrase is kept in the system keyring (Husk på denne computer)",
)

ALL: tuple[
    Setting[int] | Setting[str] | Setting[bool] | Setting[QByteArray] | PerFile[bool], ...
] = (
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    WINDOW_SPLITTER,
    WINDOW_PAGE,
    LAST_PDF_FOLDER,
    LOCK_MINUTES,
    RECENT_FILES,
    REMEMBERED,
)


def use_settings_folder(folder: Path) -> None:
    """Keep the settings in ``folder`` from now on (a throwaway run: the guide's screenshots
    are made without touching the user's own settings)."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


def settings_file() -> Path:
    """Where the store is on this computer (for the README and the about box)."""
    return Path(_store().fileName())
