"""Starting the desktop app: the QApplication, the file (``ui/opening.py``), the window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from forandring_desktop.services.files import clean_leftovers
from forandring_desktop.services.paths import default_db_path
from forandring_desktop.ui.cpr_guard import install_cpr_guard
from forandring_desktop.ui.dialogs import show_error
from forandring_desktop.ui.fonts import register_bundled_fonts
from forandring_desktop.ui.opening import open_or_create
from forandring_desktop.ui.settings import APPLICATION_NAME, ORGANISATION_NAME
from forandring_desktop.ui.wheel_guard import install_wheel_guard

log = logging.getLogger(__name__)

EXIT_NOT_OPENED = 1  # the user cancelled, or the file could not be opened (error shown)

DANISH = QLocale(QLocale.Language.Danish, QLocale.Country.Denmark)


# While a worker thread computes in Python, every event the window handles in Python
# (paint, filters, timers) waits for the GIL, up to one switch interval each (5 ms by
# default); a shorter interval keeps the window answering at a small cost to the worker.
GIL_SWITCH_INTERVAL_S = 0.0005


def configure_application(app: QApplication) -> None:
    """Names (for QSettings), Danish locale and Qt's own Danish texts (standard buttons)."""
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    app.setOrganizationName(ORGANISATION_NAME)
    app.setApplicationName(APPLICATION_NAME)
    QLocale.setDefault(DANISH)
    register_bundled_fonts()  # no missing-glyph boxes where the system font lacks a sign
    install_cpr_guard(app)
    install_wheel_guard(app)  # the wheel scrolls pages; it changes no unfocused value
    if app.property("forandring_qt_translation_loaded"):
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(DANISH, "qtbase", "_", folder):
        app.installTranslator(translator)
        app.setProperty("forandring_qt_translation_loaded", True)
    else:
        log.info("Qt's Danish translation (qtbase_da) not found in %s", folder)


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
    clean_leftovers()  # work folders of a restore or import that was killed
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
        window.backups.file_opened()  # the automatic backup on opening, if one is due
        return app.exec()
    finally:
        sys.excepthook = previous_hook
