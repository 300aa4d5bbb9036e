"""Where the UI keeps its own settings (window geometry and the like; never personal data)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANISATION_NAME = "Forandring"
APPLICATION_NAME = "Forandring Desktop"


def app_settings() -> QSettings:
    """The user's settings file; an INI file on every platform so tests can redirect it."""
    return QSettings(
        QSettings.Format.IniFormat,
        QSettings.Scope.UserScope,
        ORGANISATION_NAME,
        APPLICATION_NAME,
    )
