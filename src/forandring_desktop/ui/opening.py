"""Opening an organisation file, or creating one: the one place the app does it.

Used when the app starts (``app.run_app``) and from the File menu (``main_window``). Key
derivation (Argon2id, a few hundred milliseconds on purpose) runs in the background, so the
window keeps painting while a passphrase is checked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QWidget

from forandring_desktop.model import ForandringError
from forandring_desktop.services.files import create_organisation, open_organisation
from forandring_desktop.storage import Store
from forandring_desktop.storage.errors import WrongPassphraseError
from forandring_desktop.ui.background import wait_for
from forandring_desktop.ui.dialogs import (
    NewOrganisationDialog,
    PassphraseDialog,
    forget_for,
    remember_for,
    remembered_passphrase_for,
    show_error,
)
from forandring_desktop.ui.recovery import RecoverDialog
from forandring_desktop.ui.restore import damage_aware

log = logging.getLogger(__name__)


def opening_text(path: Path) -> str:
    return QApplication.translate("Open", "Åbner {file} …").format(file=path.name)


def background_opener(parent: QWidget | None, path: Path) -> Callable[[str], Store]:
    """Open ``path`` with a passphrase, the key derivation in the background; a damaged
    file offers to restore its newest backup (``ui/restore.py``) instead."""

    def open_in_background(passphrase: str) -> Store:
        store = wait_for(
            parent,
            lambda _progress: open_organisation(path, passphrase),
            caption=QApplication.translate("Open", "Åbn organisation"),
            text=opening_text(path),
        )
        assert isinstance(store, Store)
        return store

    return damage_aware(parent, path, open_in_background)


def run_recovery(parent: QWidget | None, path: Path) -> Store | None:
    """ "Glemt adgangskoden?": open ``path`` with its recovery key and a new passphrase."""
    dialog = RecoverDialog(parent, path)
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.store is not None:
        return dialog.store
    return None


def open_existing(
    parent: QWidget | None, path: Path, passphrase: str | None = None
) -> Store | None:
    """Open an existing file: with ``passphrase`` if given, else with a passphrase remembered
    on this computer, else by asking (where "Husk på denne computer" and "Glemt
    adgangskoden?" are offered). A wrong given or remembered passphrase asks, saying why.
    Returns the open store, or None when cancelled or the file cannot be opened (shown).
    """
    path = Path(path)
    error: str | None = None
    tried = passphrase
    from_keyring = False
    if tried is None:
        tried = remembered_passphrase_for(path)
        from_keyring = tried is not None
    opener = background_opener(parent, path)
    if tried is not None:
        try:
            return opener(tried)
        except WrongPassphraseError as exc:
            error = str(exc)  # ask again, and say why
            if from_keyring:
                forget_for(path)
                error = QApplication.translate(
                    "Open",
                    "Den gemte adgangskode virker ikke længere (er den skiftet?). Skriv "
                    "adgangskoden.",
                )
        except ForandringError as exc:
            show_error(parent, exc)
            return None
    dialog = PassphraseDialog(
        parent,
        path,
        opener=opener,
        error=error,
        offer_remember=True,
        forgot=lambda widget: run_recovery(widget, path),
    )
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.store is None:
        return None
    if dialog.wants_remember() and dialog.passphrase:
        note = remember_for(path, dialog.passphrase)
        if note is not None:
            log.info("Adgangskoden blev ikke husket: ingen nøglering")
    return dialog.store


def open_or_create(
    parent: QWidget | None, path: Path, passphrase: str | None = None
) -> Store | None:
    """Open ``path`` (asking for the passphrase when needed) or create it when missing.

    A given ``passphrase`` is tried first; if it is wrong the dialog asks, saying why.
    Returns the open store, or None when the user cancelled or the file cannot be opened.
    """
    path = Path(path)
    if path.exists():
        return open_existing(parent, path, passphrase)

    path.parent.mkdir(parents=True, exist_ok=True)
    new_dialog = NewOrganisationDialog(
        parent,
        path,
        create=lambda name, p, admin: create_organisation(path, p, name, admin_name=admin),
    )
    if new_dialog.exec() == QDialog.DialogCode.Accepted and new_dialog.store is not None:
        return new_dialog.store
    return None
