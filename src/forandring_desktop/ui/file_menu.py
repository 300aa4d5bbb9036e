"""The File menu of the main window: a new organisation, open (also from the recent files),
print the current page's sheet, and a copy for another computer (export and import, JSON).

A part of :class:`~forandring_desktop.ui.main_window.MainWindow` (``ui/parts.py``): not a
widget of its own; its texts keep the window's context.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from forandring_desktop.model import ForandringError, OrganisationDocument
from forandring_desktop.services.access import require_admin
from forandring_desktop.services.erasures import erased_in
from forandring_desktop.services.exchange import EXPORT_WHAT, export_to_file, read_document
from forandring_desktop.services.file_names import with_suffix
from forandring_desktop.services.files import create_from_document, create_organisation
from forandring_desktop.storage import FILE_SUFFIX, Store
from forandring_desktop.ui.background import wait_for
from forandring_desktop.ui.dialogs import NewOrganisationDialog, show_error
from forandring_desktop.ui.opening import open_existing
from forandring_desktop.ui.pages.report_output import ReportOutput
from forandring_desktop.ui.parts import WidgetPart
from forandring_desktop.ui.printing import JobRunner
from forandring_desktop.ui.recent_files import remember_file

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QStatusBar

    from forandring_desktop.ui.pages.base import Page
    from forandring_desktop.ui.workspace import Workspace

SAVED_MESSAGE_MS = 2500
JSON_SUFFIX = ".json"


class FileMenu(WidgetPart):
    """New, open, export and import: a part of the main window."""

    if TYPE_CHECKING:  # what this part uses of the window it belongs to
        workspace: Workspace
        pages: dict[str, Page]
        print_action: QAction

        def current_page(self) -> Page: ...

        def set_store(self, store: Store) -> None: ...

        def offer_recovery_key(self) -> None: ...

        def statusBar(self) -> QStatusBar: ...

    def _start_dir(self) -> Path:
        return self.workspace.store.path.parent

    def _file_filter(self) -> str:
        return QCoreApplication.translate("MainWindow", "Forandring-filer (*{suffix})").format(
            suffix=FILE_SUFFIX
        )

    def _ask_new_file(self, caption: str, suggested: str) -> Path | None:
        """A path for a new organisation file that does not exist yet, or None."""
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            caption,
            str(self._start_dir() / suggested),
            self._file_filter(),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if not chosen:
            return None
        path = with_suffix(Path(chosen), FILE_SUFFIX)
        if path.exists():
            QMessageBox.warning(
                self,
                caption,
                QCoreApplication.translate(
                    "MainWindow",
                    "Filen {file} findes allerede. Vælg et nyt filnavn; en eksisterende "
                    "organisation åbnes med Filer ▸ Åbn.",
                ).format(file=path.name),
            )
            return None
        return path

    def new_organisation(self) -> None:
        self._create_file(
            QCoreApplication.translate("MainWindow", "Ny organisation"),
            f"organisation{FILE_SUFFIX}",
            lambda path, name, passphrase, admin: create_organisation(
                path, passphrase, name, admin_name=admin
            ),
        )

    def _create_file(
        self,
        caption: str,
        suggested_name: str,
        create: Callable[[Path, str, str, str], Store],
        *,
        ask_name: bool = True,
    ) -> None:
        """Ask where, then for the first administrator (and the name), and make the file with
        ``create(path, name, passphrase, admin)``; the new file is then the open one, and its
        recovery key is offered."""
        path = self._ask_new_file(caption, suggested_name)
        if path is None:
            return
        dialog = NewOrganisationDialog(
            self,
            path,
            create=lambda name, passphrase, admin: create(path, name, passphrase, admin),
            ask_name=ask_name,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.store is not None:
            self.set_store(dialog.store)
            self.offer_recovery_key()

    def open_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            QCoreApplication.translate("MainWindow", "Åbn organisation"),
            str(self._start_dir()),
            self._file_filter(),
        )
        if not chosen:
            return
        self.open_path(Path(chosen))

    def open_path(self, path: Path) -> None:
        """Open ``path`` as Filer ▸ Åbn does: the passphrase asked for (or remembered)."""
        if not path.exists():
            QMessageBox.warning(
                self,
                QCoreApplication.translate("MainWindow", "Åbn organisation"),
                QCoreApplication.translate(
                    "MainWindow",
                    "Filen {path} findes ikke længere. Den kan være flyttet eller slettet.",
                ).format(path=path),
            )
            return
        store = open_existing(self, path)
        if store is not None:
            self.set_store(store)

    def remember_open_file(self) -> None:
        """The open file goes first in Filer ▸ Seneste filer."""
        remember_file(self.workspace.store.path)

    # --- Printing the current page's sheet ------------------------------------------------

    def update_print_action(self) -> None:
        """Udskriv… is for pages with a sheet; elsewhere it is disabled and says why."""
        page = self.current_page()
        self.print_action.setEnabled(page.prints)
        if page.prints:
            self.print_action.setToolTip(
                QCoreApplication.translate(
                    "MainWindow", "Udskriv arket for det, der er valgt på siden (Ctrl+P)"
                )
            )
        else:
            self.print_action.setToolTip(
                QCoreApplication.translate(
                    "MainWindow",
                    "Denne side har ikke sit eget ark. Brug siden Rapporter til at udskrive.",
                )
            )

    def print_current(self) -> JobRunner | None:
        """Render the current page's sheet in the background, then show the print dialog
        (as the Reports page's Udskriv does, with its warnings)."""
        page = self.current_page()
        if not page.prints:
            return None
        job = page.sheet_job()
        if job is None:
            self.statusBar().showMessage(
                QCoreApplication.translate(
                    "MainWindow", "Vælg først det, der skal udskrives, på siden."
                ),
                SAVED_MESSAGE_MS * 2,
            )
            return None
        reports = self.pages["reports"]
        assert isinstance(reports, ReportOutput)
        return reports.print_job(job)

    def export_json(self) -> None:
        caption = QCoreApplication.translate("MainWindow", "Gem en kopi til en anden computer")
        try:  # administrators only (the action is disabled for staff; the service refuses)
            require_admin(self.workspace.store, EXPORT_WHAT)
        except ForandringError as exc:
            show_error(self, exc)
            return
        answer = QMessageBox.question(
            self,
            caption,
            QCoreApplication.translate(
                "MainWindow",
                "Kopien er en eksportfil (JSON), som en anden computer kan hente med Filer ▸ "
                "Hent fra en eksportfil. Den er ikke krypteret. Den indeholder alle "
                "organisationens "
                "oplysninger, også deltagernes navne og udfordringer. Gem den kun et sikkert "
                "sted, og slet den, når den ikke skal bruges mere.\n\nVil du fortsætte?",
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        suggested = self._start_dir() / f"{self.workspace.store.path.stem}{JSON_SUFFIX}"
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            caption,
            str(suggested),
            QCoreApplication.translate("MainWindow", "Eksportfiler (JSON) (*.json)"),
        )
        if not chosen:
            return
        target = with_suffix(Path(chosen), JSON_SUFFIX)
        store = self.workspace.store
        try:
            wait_for(
                self,
                lambda _progress: export_to_file(store, target),
                caption=caption,
                text=QCoreApplication.translate("MainWindow", "Eksporterer til {file} …").format(
                    file=target.name
                ),
            )
        except Exception as exc:
            show_error(self, exc)
            return
        self.statusBar().showMessage(
            QCoreApplication.translate("MainWindow", "Eksporteret til {file}").format(
                file=target.name
            ),
            SAVED_MESSAGE_MS,
        )

    def import_json(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            QCoreApplication.translate("MainWindow", "Hent fra en eksportfil"),
            str(self._start_dir()),
            QCoreApplication.translate("MainWindow", "Eksportfiler (JSON) (*.json)"),
        )
        if not chosen:
            return
        source = Path(chosen)
        try:
            doc = wait_for(  # validate everything before asking for more
                self,
                lambda _progress: read_document(source),
                caption=QCoreApplication.translate("MainWindow", "Hent fra en eksportfil"),
                text=QCoreApplication.translate(
                    "MainWindow", "Læser og kontrollerer {file} …"
                ).format(file=source.name),
            )
        except ForandringError as exc:
            show_error(self, exc)
            return
        assert isinstance(doc, OrganisationDocument)
        erased = erased_in(doc)
        if erased:
            QMessageBox.information(
                self,
                QCoreApplication.translate("MainWindow", "Importér JSON"),
                QCoreApplication.translate(
                    "MainWindow",
                    "Sletteregistret er genanvendt: {count} deltager(e) i filen er slettet for "
                    "altid siden eksporten og importeres ikke.",
                ).format(count=erased),
            )
        self._create_file(
            QCoreApplication.translate("MainWindow", "Gem den hentede organisation som"),
            f"{source.stem}{FILE_SUFFIX}",
            lambda path, _name, passphrase, admin: create_from_document(
                path, passphrase, doc, admin_name=admin
            ),
            ask_name=False,
        )
