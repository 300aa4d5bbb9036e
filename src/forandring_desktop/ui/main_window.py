"""The main window: navigation by the guide's four steps, file handling and one undo stack."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from forandring_desktop import __version__
from forandring_desktop.model import ForandringError, OrganisationDocument
from forandring_desktop.model.document import with_entities
from forandring_desktop.model.staff import Actor, Role
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.services.exchange import export_to_file, read_document
from forandring_desktop.services.files import create_from_document, create_organisation
from forandring_desktop.services.organisation import load_workshop
from forandring_desktop.services.staff import has_recovery_key, list_staff, new_recovery_key
from forandring_desktop.services.staff import unlock as unlock_store
from forandring_desktop.storage import FILE_SUFFIX, Store
from forandring_desktop.ui.audit import AuditLogDialog
from forandring_desktop.ui.backups import BackupsController
from forandring_desktop.ui.cpr_guard import install_cpr_guard
from forandring_desktop.ui.dialogs import (
    NewOrganisationDialog,
    forget_for,
    is_remembered,
    remember_for,
    show_error,
    wait_cursor,
)
from forandring_desktop.ui.lock import (
    LockController,
    LockSettingsDialog,
    lock_minutes,
    set_lock_minutes,
)
from forandring_desktop.ui.pages.base import Page
from forandring_desktop.ui.pages.door import DoorSheetsPage
from forandring_desktop.ui.pages.ladders import LaddersPage
from forandring_desktop.ui.pages.mission import MissionPage
from forandring_desktop.ui.pages.participants import ParticipantsPage
from forandring_desktop.ui.pages.reports import ReportsPage
from forandring_desktop.ui.pages.status import StatusPage
from forandring_desktop.ui.pages.targets import TargetGroupsPage
from forandring_desktop.ui.printing import stop_background_work
from forandring_desktop.ui.settings import app_settings
from forandring_desktop.ui.staff import (
    ChangePassphraseDialog,
    RecoveryKeyDialog,
    StaffDialog,
    actor_text,
)
from forandring_desktop.ui.workspace import Workspace

SAVED_MESSAGE_MS = 2500
PARTICIPANT_KINDS = frozenset({"Participant"})
CPR_MESSAGE_MS = 15_000
JSON_SUFFIX = ".json"

_GEOMETRY = "main_window/geometry"
_STATE = "main_window/state"
_SPLITTER = "main_window/splitter"
_PAGE = "main_window/page"


def with_suffix(path: Path, suffix: str) -> Path:
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


class MainWindow(QMainWindow):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.undo_stack = QUndoStack(self)
        self.workspace = Workspace(store, self.undo_stack, self)
        self.workspace.changed.connect(self._on_changed)
        self.document: OrganisationDocument | None = None
        self._closed = False

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(self.tr("Navigation"))
        self.nav.setMinimumWidth(150)
        self.nav.setSpacing(3)
        self.stack = QStackedWidget(self)
        self.stack.setAccessibleName(self.tr("Side"))
        entries: list[tuple[str, str, type[Page]]] = [
            ("mission", self.tr("1. Mission"), MissionPage),
            ("targets", self.tr("2. Målgrupper"), TargetGroupsPage),
            ("door", self.tr("3. Ind ad døren – ud af døren"), DoorSheetsPage),
            ("ladders", self.tr("4. Måltrapper"), LaddersPage),
            ("participants", self.tr("Deltagere"), ParticipantsPage),
            ("status", self.tr("Status"), StatusPage),
            ("reports", self.tr("Rapporter"), ReportsPage),
        ]
        self.pages: dict[str, Page] = {}
        for key, label, page_class in entries:
            page = page_class(self.workspace, self.stack)
            page.setObjectName(f"{key}_page")
            page.setAccessibleName(label)
            self.pages[key] = page
            self.stack.addWidget(page)
            self.nav.addItem(label)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([220, 900])
        # The central stack shows the pages, or the lock screen while the app is locked.
        self.body = QStackedWidget(self)
        self.body.setObjectName("body")
        self.body.addWidget(self.splitter)
        self.setCentralWidget(self.body)
        self.lock = LockController(
            self,
            self.body,
            unlock=lambda passphrase: unlock_store(self.workspace.store, passphrase),
            timeout_ms=lock_minutes() * 60_000,
        )
        self.lock.unlocked.connect(self._on_unlocked)
        self.recovery_dialog: RecoveryKeyDialog | None = None

        self._create_actions(entries)
        # Issue 18 (ui/backups.py): automatic backups, restore from the list, new data key.
        self.backups = BackupsController(self, lambda: self.workspace.store)
        self.backups.restored.connect(self.set_store)
        self._create_menus()
        self.statusBar().setObjectName("status_bar")
        self.actor_label = QLabel(self)
        self.actor_label.setObjectName("actor_label")
        self.statusBar().addPermanentWidget(self.actor_label)
        self._show_actor()
        self._restore_settings()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            install_cpr_guard(app).warned.connect(self._cpr_warning)
        self._load_document()

    # --- Public -------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        return self.workspace.store

    def set_store(self, store: Store) -> None:
        """Show another organisation file in this window. Edits are already saved, so
        nothing is asked; the undo history belongs to the old file and is cleared."""
        old = self.workspace.store
        stop_background_work(self)
        self.undo_stack.clear()
        self.workspace.store = store
        self._load_document()
        if old is not store:
            old.close()
        self._show_actor()
        self.statusBar().showMessage(
            self.tr("Åbnede {file}").format(file=store.path.name), SAVED_MESSAGE_MS
        )
        self.backups.file_opened()  # issue 18: its backup, if one is due today

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(list(self.pages).index(key))

    def current_page(self) -> Page:
        page = self.stack.currentWidget()
        assert isinstance(page, Page)
        return page

    # --- Building -----------------------------------------------------------------------

    def _create_actions(self, entries: list[tuple[str, str, type[Page]]]) -> None:
        self.new_action = QAction(self.tr("&Ny organisation…"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.new_organisation)
        self.open_action = QAction(self.tr("&Åbn…"), self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.open_file)
        self.export_action = QAction(self.tr("&Eksportér som JSON…"), self)
        self.export_action.triggered.connect(self.export_json)
        self.import_action = QAction(self.tr("&Importér JSON…"), self)
        self.import_action.triggered.connect(self.import_json)
        self.audit_action = QAction(self.tr("&Logbog over brug af persondata…"), self)
        self.audit_action.triggered.connect(self.show_audit_log)
        self.close_action = QAction(self.tr("&Luk vindue"), self)
        self.close_action.setShortcut(QKeySequence.StandardKey.Close)
        self.close_action.triggered.connect(self.close)
        self.quit_action = QAction(self.tr("&Afslut"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(QApplication.closeAllWindows)

        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Fortryd"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Gentag"))
        redo_keys: list[QKeySequence] = []
        for key in [
            QKeySequence("Ctrl+Shift+Z"),
            *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo),
        ]:
            if not key.isEmpty() and key not in redo_keys:
                redo_keys.append(key)
        self.redo_action.setShortcuts(redo_keys)

        self.page_actions: list[QAction] = []
        for row, (_key, label, _cls) in enumerate(entries):
            action = QAction(label, self)
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _checked=False, r=row: self.nav.setCurrentRow(r))
            self.page_actions.append(action)

        self.staff_action = QAction(self.tr("&Medarbejdere…"), self)
        self.staff_action.triggered.connect(self.manage_staff)
        self.change_passphrase_action = QAction(self.tr("&Skift din adgangskode…"), self)
        self.change_passphrase_action.triggered.connect(self.change_own_passphrase)
        self.recovery_key_action = QAction(self.tr("Ny &gendannelsesnøgle…"), self)
        self.recovery_key_action.triggered.connect(self.make_recovery_key)
        self.lock_action = QAction(self.tr("&Lås nu"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock.lock)
        self.lock_settings_action = QAction(self.tr("&Automatisk lås…"), self)
        self.lock_settings_action.triggered.connect(self.lock_settings)
        self.forget_action = QAction(self.tr("&Glem adgangskoden på denne computer"), self)
        self.forget_action.triggered.connect(self.forget_passphrase)

        self.about_action = QAction(self.tr("&Om Forandring Desktop"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.about)

    def _create_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&Filer"))
        file_menu.addActions([self.new_action, self.open_action])
        file_menu.addSeparator()
        file_menu.addActions([self.export_action, self.import_action])
        file_menu.addAction(self.audit_action)
        file_menu.addMenu(self.backups.menu)  # issue 18: Sikkerhedskopier
        file_menu.addSeparator()
        file_menu.addActions([self.close_action, self.quit_action])
        edit_menu = bar.addMenu(self.tr("&Rediger"))
        edit_menu.addActions([self.undo_action, self.redo_action])
        view_menu = bar.addMenu(self.tr("&Vis"))
        view_menu.addActions(self.page_actions)
        self.staff_menu = bar.addMenu(self.tr("&Medarbejdere"))
        self.staff_menu.addActions(
            [self.staff_action, self.change_passphrase_action, self.recovery_key_action]
        )
        self.staff_menu.addSeparator()
        self.staff_menu.addActions(
            [self.lock_action, self.lock_settings_action, self.forget_action]
        )
        self.staff_menu.addAction(self.backups.rekey_action)  # issue 18: Skift datanøgle
        self.staff_menu.aboutToShow.connect(self.backups.update_actions)  # issue 18
        self.staff_menu.aboutToShow.connect(self._update_staff_actions)
        help_menu = bar.addMenu(self.tr("&Hjælp"))
        help_menu.addAction(self.about_action)

    # --- Document and changes -------------------------------------------------------------

    def _load_document(self) -> None:
        with wait_cursor():
            self.document = load_workshop(self.workspace.store)
        for page in self.pages.values():
            page.refresh(self.document)
        self._update_title()

    def _on_changed(self, change: ChangeSet) -> None:
        # Patch the cached document with what the service returned; reading the whole
        # file again per keystroke or drag is far too slow on a real organisation.
        # Participants are not part of the cached document: their pages read them one at
        # a time (an organisation may have thousands).
        if change.kind not in PARTICIPANT_KINDS:
            patched = (
                with_entities(self.document, change.entities, change.parent_id)
                if self.document is not None
                else None
            )
            self.document = patched if patched is not None else load_workshop(self.workspace.store)
        assert self.document is not None
        for page in self.pages.values():
            if change.kind in page.shows:
                page.refresh(self.document)
        self._update_title()
        self.statusBar().showMessage(self.tr("Gemt"), SAVED_MESSAGE_MS)

    def _cpr_warning(self, widget: QWidget, message: str) -> None:
        if widget.window() is self:
            self.statusBar().showMessage(message, CPR_MESSAGE_MS)

    def _update_title(self) -> None:
        name = self.document.organisation.name if self.document is not None else ""
        self.setWindowTitle(self.tr("{name} – Forandring Desktop").format(name=name))

    # --- Settings -----------------------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = app_settings()
        geometry = settings.value(_GEOMETRY)
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            screen = QGuiApplication.primaryScreen()
            available = screen.availableGeometry() if screen is not None else None
            width, height = 1200, 800
            if available is not None:
                width = min(width, int(available.width() * 0.9))
                height = min(height, int(available.height() * 0.9))
            self.resize(width, height)
        state = settings.value(_STATE)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = settings.value(_SPLITTER)
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        try:
            page = int(str(settings.value(_PAGE, 0)))
        except ValueError:
            page = 0
        self.nav.setCurrentRow(page if 0 <= page < len(self.pages) else 0)

    def _save_settings(self) -> None:
        settings = app_settings()
        settings.setValue(_GEOMETRY, self.saveGeometry())
        settings.setValue(_STATE, self.saveState())
        settings.setValue(_SPLITTER, self.splitter.saveState())
        settings.setValue(_PAGE, self.nav.currentRow())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.lock.stop()
        self._save_settings()
        stop_background_work(self)  # no print job may read the store after it closes
        if not self._closed:
            self.backups.before_close()  # issue 18: today's backup, while the file is open
            self._closed = True
            self.workspace.store.close()
        event.accept()

    # --- File menu ----------------------------------------------------------------------

    def _start_dir(self) -> Path:
        return self.workspace.store.path.parent

    def _file_filter(self) -> str:
        return self.tr("Forandring-filer (*{suffix})").format(suffix=FILE_SUFFIX)

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
                self.tr(
                    "Filen {file} findes allerede. Vælg et nyt filnavn; en eksisterende "
                    "organisation åbnes med Filer ▸ Åbn."
                ).format(file=path.name),
            )
            return None
        return path

    def new_organisation(self) -> None:
        path = self._ask_new_file(self.tr("Ny organisation"), f"organisation{FILE_SUFFIX}")
        if path is None:
            return
        dialog = NewOrganisationDialog(
            self,
            path,
            create=lambda name, passphrase, admin: create_organisation(
                path, passphrase, name, admin_name=admin
            ),
        )
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.store is not None:
            self.set_store(dialog.store)
            self.offer_recovery_key()

    def open_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Åbn organisation"), str(self._start_dir()), self._file_filter()
        )
        if not chosen:
            return
        from forandring_desktop.ui.app import open_existing

        store = open_existing(self, Path(chosen))
        if store is not None:
            self.set_store(store)

    def export_json(self) -> None:
        caption = self.tr("Eksportér som JSON")
        answer = QMessageBox.question(
            self,
            caption,
            self.tr(
                "En JSON-eksport er ikke krypteret. Den indeholder alle organisationens "
                "oplysninger, også deltagernes navne og udfordringer. Gem den kun et sikkert "
                "sted, og slet den, når den ikke skal bruges mere.\n\nVil du fortsætte?"
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        suggested = self._start_dir() / f"{self.workspace.store.path.stem}{JSON_SUFFIX}"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, caption, str(suggested), self.tr("JSON-filer (*.json)")
        )
        if not chosen:
            return
        target = with_suffix(Path(chosen), JSON_SUFFIX)
        try:
            with wait_cursor():
                export_to_file(self.workspace.store, target)
        except Exception as exc:
            show_error(self, exc)
            return
        self.statusBar().showMessage(
            self.tr("Eksporteret til {file}").format(file=target.name), SAVED_MESSAGE_MS
        )

    def import_json(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Importér JSON"), str(self._start_dir()), self.tr("JSON-filer (*.json)")
        )
        if not chosen:
            return
        source = Path(chosen)
        try:
            with wait_cursor():
                doc = read_document(source)  # validate everything before asking for more
        except ForandringError as exc:
            show_error(self, exc)
            return
        path = self._ask_new_file(
            self.tr("Gem den importerede organisation som"), f"{source.stem}{FILE_SUFFIX}"
        )
        if path is None:
            return
        dialog = NewOrganisationDialog(
            self,
            path,
            create=lambda _name, passphrase, admin: create_from_document(
                path, passphrase, doc, admin_name=admin
            ),
            ask_name=False,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.store is not None:
            self.set_store(dialog.store)
            self.offer_recovery_key()

    # --- Staff and lock -------------------------------------------------------------------

    def _show_actor(self) -> None:
        actor = self.workspace.store.actor
        self._actor_id = actor.staff_id
        text = self.tr("Logget ind som {who}").format(who=actor_text(actor))
        self.actor_label.setText(text)
        self.actor_label.setAccessibleName(text)
        self._update_staff_actions()
        if not self.lock.is_locked:  # the audit log is for administrators only
            self.audit_action.setEnabled(actor.role is Role.ADMIN)

    def _update_staff_actions(self) -> None:
        if self.lock.is_locked:
            return  # the lock keeps every action disabled until it is unlocked
        admin = self.workspace.store.actor.role is Role.ADMIN
        self.recovery_key_action.setEnabled(admin)
        self.forget_action.setEnabled(is_remembered(self.workspace.store.path))

    def _on_unlocked(self, actor: Actor) -> None:
        if actor.staff_id != self._actor_id:
            # Someone else works now: the previous person's edits are not theirs to undo.
            self.undo_stack.clear()
        self._show_actor()
        self.statusBar().showMessage(
            self.tr("Låst op af {name}").format(name=actor.name), SAVED_MESSAGE_MS
        )

    def show_audit_log(self) -> None:
        try:
            dialog = AuditLogDialog(self.workspace.store, self)
        except ForandringError as exc:  # AccessDeniedError for staff members
            show_error(self, exc)
            return
        dialog.exec()

    def manage_staff(self) -> None:
        StaffDialog(self, self.workspace.store).exec()
        store = self.workspace.store
        if store.actor.staff_id not in {a.staff_id for a in list_staff(store)}:
            self.lock.lock()  # you removed yourself: someone with access must unlock
            return
        self._show_actor()

    def change_own_passphrase(self) -> None:
        dialog = ChangePassphraseDialog(self, self.workspace.store)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        path = self.workspace.store.path
        if is_remembered(path):
            remember_for(path, dialog.new_passphrase())  # keep "remember" working
        self.statusBar().showMessage(self.tr("Din adgangskode er skiftet."), SAVED_MESSAGE_MS)

    def make_recovery_key(self) -> None:
        store = self.workspace.store
        caption = self.tr("Ny gendannelsesnøgle")
        try:
            exists = has_recovery_key(store)
        except ForandringError as exc:
            show_error(self, exc)
            return
        if exists:
            answer = QMessageBox.question(
                self,
                caption,
                self.tr(
                    "Filen har allerede en gendannelsesnøgle. Den holder op med at virke, når "
                    "du laver en ny. Vil du fortsætte?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        dialog = self._recovery_key_dialog()
        if dialog is not None:
            dialog.exec()

    def offer_recovery_key(self) -> None:
        """Right after a new file is made: its recovery key, shown once (window-modal)."""
        dialog = self._recovery_key_dialog()
        if dialog is not None:
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()

    def _recovery_key_dialog(self) -> RecoveryKeyDialog | None:
        store = self.workspace.store
        try:
            with wait_cursor():
                key = new_recovery_key(store)
        except ForandringError as exc:
            show_error(self, exc)
            return None
        self.recovery_dialog = RecoveryKeyDialog(self, key, store.path.name)
        return self.recovery_dialog

    def lock_settings(self) -> None:
        dialog = LockSettingsDialog(self, lock_minutes())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            set_lock_minutes(dialog.minutes())
            self.lock.set_timeout(lock_minutes() * 60_000)

    def forget_passphrase(self) -> None:
        forget_for(self.workspace.store.path)
        self._update_staff_actions()
        self.statusBar().showMessage(
            self.tr("Adgangskoden er glemt på denne computer."), SAVED_MESSAGE_MS
        )

    # --- Help ---------------------------------------------------------------------------

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("Om Forandring Desktop"),
            self.tr(
                "Forandring Desktop {version}\n\n"
                "Forandringsteori og progressionsmåling for socialøkonomiske virksomheder – "
                "lokalt og krypteret.\n\n"
                "Metoden bygger på guiden fra Vækstcenter for socialøkonomiske virksomheder "
                "(2015): mission, målgrupper, ind ad døren – ud af døren og måltrapper."
            ).format(version=__version__),
        )
