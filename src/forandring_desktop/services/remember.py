""" "Husk på denne computer": a staff member's passphrase in the operating system's keyring.

Off unless the person ticks it. The passphrase is stored as it is, under the service name
below and the database's absolute path, in the keyring of the logged-in user (Windows
Credential Manager, macOS Keychain, the Secret Service on Linux): whoever can use that
account can then open the file without typing. Where there is no usable keyring (common on
Linux without a desktop, and in CI) nothing is stored and a Danish note says so.

Only backends the ``keyring`` package recommends (priority >= 1) are used; its fail and null
backends and plain-text fallbacks are not.
"""

from __future__ import annotations

import logging
from pathlib import Path

from forandring_desktop.model.errors import ForandringError

log = logging.getLogger(__name__)

SERVICE_NAME = "Forandring Desktop"


class RememberUnavailableError(ForandringError):
    def __init__(self) -> None:
        super().__init__(
            "Denne computer har ingen nøglering, som Forandring Desktop kan bruge (det er "
            "almindeligt på Linux uden skrivebordsmiljø). Adgangskoden er ikke gemt; skriv "
            "den, når filen åbnes."
        )


def _account(path: Path) -> str:
    return str(Path(path).resolve())


def keyring_available() -> bool:
    """Whether a recommended keyring backend is there to store passphrases in."""
    try:
        import keyring

        return bool(keyring.get_keyring().priority >= 1)
    except Exception as exc:  # a broken backend must never stop the app
        log.info("Ingen brugbar nøglering (%s)", type(exc).__name__)
        return False


def remember_passphrase(path: Path, passphrase: str) -> None:
    """Store the passphrase for ``path``; RememberUnavailableError without a keyring."""
    if not keyring_available():
        raise RememberUnavailableError()
    import keyring

    try:
        keyring.set_password(SERVICE_NAME, _account(path), passphrase)
    except Exception as exc:  # locked, refused or broken: the file simply is not remembered
        log.info("Adgangskoden kunne ikke gemmes i nøgleringen (%s)", type(exc).__name__)
        raise RememberUnavailableError() from None


def remembered_passphrase(path: Path) -> str | None:
    """The stored passphrase for ``path``, or None (also when there is no keyring)."""
    if not keyring_available():
        return None
    import keyring

    try:
        return keyring.get_password(SERVICE_NAME, _account(path))
    except Exception as exc:
        log.info("Nøgleringen kunne ikke læses (%s)", type(exc).__name__)
        return None


def forget_passphrase(path: Path) -> bool:
    """Remove a stored passphrase for ``path``; True if one was removed. Never raises."""
    if not keyring_available():
        return False
    import keyring
    import keyring.errors

    try:
        if keyring.get_password(SERVICE_NAME, _account(path)) is None:
            return False
        keyring.delete_password(SERVICE_NAME, _account(path))
    except keyring.errors.PasswordDeleteError:
        return False
    except Exception as exc:
        log.info("Nøgleringen kunne ikke ændres (%s)", type(exc).__name__)
        return False
    return True
