"""Starting the desktop app: the QApplication, opening or creating the file, the window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from forandring_desktop.model import ForandringError
from forandring_desktop.services.files import (
    create_organisation,
    default_db_path,
    open_organisation,
)
from forandring_desktop.storage import Store
from forandring_desktop.storage.errors import WrongPassphraseError
from forandring_desktop.ui.backups import damage_aware
from forandring_desktop.ui.cpr_guard import install_cpr_guard
from forandring_desktop.ui.dialogs import (
    NewOrganisationDialog,
    PassphraseDialog,
    forget_for,
    remember_for,
    remembered_passphrase_for,
    show_error,
)
from forandring_desktop.ui.settings import APPLICATION_NAME, ORGANISATION_NAME

log = logging.getLogger(__name__)

EXIT_NOT_OPENED = 1  # the user cancelled, or the file could not be opened (error shown)

DANISH = QLocale(QLocale.Language.Danish, QLocale.Country.Denmark)


def configure_application(app: QApplication) -> None:
    """Names (for QSettings), Danish locale and Qt's own Danish texts (standard buttons)."""
    app.setOrganizationName(ORGANISATION_NAME)
    app.setApplicationName(APPLICATION_NAME)
    QLocale.setDefault(DANISH)
    install_cpr_guard(app)
    if app.property("forandring_qt_translation_loaded"):
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(DANISH, "qtbase", "_", folder):
        app.installTranslator(translator)
        app.setProperty("forandring_qt_translation_loaded", True)
    else:
        log.info("Qt's Danish translation (qtbase_da) not found in %s", folder)


def run_recovery(parent: QWidget | None, path: Path) -> Store | None:
    """ "Glemt adgangskoden?": open ``path`` with its recovery key and a new passphrase."""
    from forandring_desktop.ui.staff import RecoverDialog

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
    opener = damage_aware(parent, path, lambda p: open_organisation(path, p))  # issue 18
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


def _show_unhandled(
    kind: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """sys.excepthook: an error in a slot is shown, not lost on a console nobody sees."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    show_error(QApplication.activeWindow(), exc.with_traceback(tb))


def run_app(db_path: Path | None, passphrase: str | None = None) -> int:
    """Run the desktop app on ``db_path`` (default: the user's organisation file)."""
    from forandring_desktop.ui.main_window import MainWindow  # after QApplication exists

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    configure_application(app)
    path = Path(db_path) if db_path is not None else default_db_path()
    created = not path.exists()
    store = open_or_create(None, path, passphrase)
    if store is None:
        return EXIT_NOT_OPENED
    previous_hook = sys.excepthook
    sys.excepthook = _show_unhandled
    try:
        window = MainWindow(store)
        window.show()
        if created:
            window.offer_recovery_key()  # the first administrator sees it once, now
        window.backups.file_opened()  # issue 18: the automatic backup on opening
        return app.exec()
    finally:
        sys.excepthook = previous_hook
