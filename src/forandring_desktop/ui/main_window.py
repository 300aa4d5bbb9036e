"""The main window: navigation by the guide's four steps, file handling and one undo stack."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.services.organisation import load_workshop
from forandring_desktop.services.workshop import WORKSHOP_TYPES, follow_change
from forandring_desktop.storage import Store
from forandring_desktop.ui.background import wait_for
from forandring_desktop.ui.backups import BackupsController
from forandring_desktop.ui.cpr_guard import install_cpr_guard
from forandring_desktop.ui.dialogs import (
    show_error,
)
from forandring_desktop.ui.file_menu import FileMenu
from forandring_desktop.ui.help_menu import HelpMenu
from forandring_desktop.ui.lock import (
    LockController,
    lock_minutes,
)
from forandring_desktop.ui.pages.action_plan import ActionPlanPage
from forandring_desktop.ui.pages.base import Page
from forandring_desktop.ui.pages.door import DoorSheetsPage
from forandring_desktop.ui.pages.ladders import LaddersPage
from forandring_desktop.ui.pages.method import MethodPage
from forandring_desktop.ui.pages.mission import MissionPage
from forandring_desktop.ui.pages.participants import ParticipantsPage
from forandring_desktop.ui.pages.reports import ReportsPage
from forandring_desktop.ui.pages.status import StatusPage
from forandring_desktop.ui.pages.targets import TargetGroupsPage
from forandring_desktop.ui.printing import stop_background_work
from forandring_desktop.ui.recent_files import RecentFilesMenu
from forandring_desktop.ui.recovery import RecoveryKeyDialog
from forandring_desktop.ui.settings import (
    WINDOW_GEOMETRY,
    WINDOW_PAGE,
    WINDOW_SPLITTER,
    WINDOW_STATE,
)
from forandring_desktop.ui.staff_menu import StaffMenu
from forandring_desktop.ui.window_geometry import first_geometry, onto_screens
from forandring_desktop.ui.workspace import Reveal, Workspace

SAVED_MESSAGE_MS = 2500
CPR_MESSAGE_MS = 15_000
JSON_SUFFIX = ".json"


class MainWindow(FileMenu, HelpMenu, StaffMenu, QMainWindow):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.undo_stack = QUndoStack(self)
        self.workspace = Workspace(store, self.undo_stack, self)
        self.workspace.changed.connect(self._on_changed)
        self.workspace.revealed.connect(self._on_revealed)
        self.workspace.failed.connect(self._on_failed)
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
            ("method", self.tr("Metodebeskrivelse"), MethodPage),
            ("plan", self.tr("Handleplan"), ActionPlanPage),
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
        self.stack.currentChanged.connect(lambda _index: self.update_print_action())

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
            unlock=self._unlock_store,
            timeout_ms=lock_minutes() * 60_000,
            working=lambda: self.workspace.store.actor.staff_id,
        )
        self.lock.locked.connect(self._on_locked)
        self.lock.unlocked.connect(self._on_unlocked)
        self.recovery_dialog: RecoveryKeyDialog | None = None

        self._create_actions(entries)
        # Automatic backups, restore from the list, a new data key (ui/backups.py).
        self.backups = BackupsController(self, lambda: self.workspace.store)
        self.backups.restored.connect(self.set_store)
        self._create_menus()
        self.statusBar().setObjectName("status_bar")
        self.actor_label = QLabel(self)
        self.actor_label.setObjectName("actor_label")
        self.statusBar().addPermanentWidget(self.actor_label)
        self._show_actor()
        self._restore_settings()
        self.update_print_action()
        self.remember_open_file()
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
        self.remember_open_file()
        message = self.tr("Åbnede {file}").format(file=store.path.name)
        shown = SAVED_MESSAGE_MS
        if store.key_warning:  # (Danish, from storage: the keys file is not signed yet)
            message, shown = f"{message}. {store.key_warning}", 30_000
        self.statusBar().showMessage(message, shown)
        self.backups.file_opened()  # its backup, if one is due today

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
        self.recent_menu = RecentFilesMenu(self, self.open_path, lambda: self.workspace.store.path)
        self.print_action = QAction(self.tr("&Udskriv…"), self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(lambda _checked=False: self.print_current())
        # Worded for staff; the technical word is in the tooltip.
        self.export_action = QAction(
            self.tr("Gem en &kopi til en anden computer (fil til import)…"), self
        )
        # Its tooltip and whether it is enabled follow the role (StaffMenu._show_actor).
        self.export_action.triggered.connect(self.export_json)
        self.import_action = QAction(self.tr("&Hent fra en eksportfil…"), self)
        self.import_action.setToolTip(
            self.tr("Importér JSON: en eksportfil bliver til en ny, krypteret organisationsfil")
        )
        self.import_action.triggered.connect(self.import_json)
        self.audit_action = QAction(self.tr("&Logbog over brug af persondata…"), self)
        self.audit_action.triggered.connect(self.show_audit_log)
        self.sync_conflicts_action = QAction(self.tr("&Konflikter…"), self)
        self.sync_conflicts_action.triggered.connect(self.show_sync_conflicts)
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
        self._create_help_actions()

    def _create_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&Filer"))
        file_menu.setToolTipsVisible(True)
        file_menu.addActions([self.new_action, self.open_action])
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.print_action)
        file_menu.addSeparator()
        file_menu.addActions([self.export_action, self.import_action])
        file_menu.addAction(self.audit_action)
        self.sync_menu = file_menu.addMenu(self.tr("&Synkronisering"))
        self.sync_menu.addAction(self.sync_conflicts_action)
        file_menu.addMenu(self.backups.menu)
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
        self.staff_menu.addAction(self.backups.rekey_action)
        self.staff_menu.aboutToShow.connect(self.backups.update_actions)
        self.staff_menu.aboutToShow.connect(self._update_staff_actions)
        self._fill_help_menu()

    # --- Document and changes -------------------------------------------------------------

    def _load_document(self) -> None:
        store = self.workspace.store
        loaded = wait_for(
            self,
            lambda _progress: load_workshop(store),
            caption=self.tr("Åbn organisation"),
            text=self.tr("Læser {file} …").format(file=store.path.name),
        )
        assert isinstance(loaded, OrganisationDocument)
        self.document = loaded
        for page in self.pages.values():
            page.refresh(self.document)
        self._update_title()

    def _on_changed(self, change: ChangeSet) -> None:
        # Patch the cached workshop with what changed; reading the whole file again per
        # keystroke or drag is far too slow on a real organisation. Participants are not
        # part of it: their pages read them one at a time (there may be thousands).
        if self.document is None or change.touches(WORKSHOP_TYPES):
            self.document = follow_change(self.workspace.store, self.document, change)
        for page in self.pages.values():
            page.apply(change, self.document)
        self._update_title()
        if change.remote:
            self.statusBar().showMessage(
                self.tr("Opdateret fra en anden computer"), SAVED_MESSAGE_MS
            )
        else:
            self.statusBar().showMessage(self.tr("Gemt"), SAVED_MESSAGE_MS)

    def _on_revealed(self, where: Reveal) -> None:
        for page in self.pages.values():
            if page.reveal(where):
                return

    def _on_failed(self, exc: Exception, _source: object) -> None:
        # Not from inside QUndoStack.push()/undo(): show the message once that returned.
        QTimer.singleShot(0, lambda: show_error(self, exc))

    def _cpr_warning(self, widget: QWidget, message: str) -> None:
        if widget.window() is self:
            self.statusBar().showMessage(message, CPR_MESSAGE_MS)

    def _update_title(self) -> None:
        name = self.document.organisation.name if self.document is not None else ""
        self.setWindowTitle(self.tr("{name} – Forandring Desktop").format(name=name))

    # --- Settings -----------------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = WINDOW_GEOMETRY.get()
        screens = [screen.availableGeometry() for screen in QGuiApplication.screens()]
        if not geometry.isEmpty() and self.restoreGeometry(geometry):
            if not self.isMaximized() and not self.isFullScreen():
                self.setGeometry(onto_screens(self.geometry(), screens))
        else:
            screen = QGuiApplication.primaryScreen()
            if screen is not None:
                self.setGeometry(first_geometry(screen.availableGeometry()))
            else:
                self.resize(1200, 800)
        state = WINDOW_STATE.get()
        if not state.isEmpty():
            self.restoreState(state)
        splitter = WINDOW_SPLITTER.get()
        if not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        page = WINDOW_PAGE.get()
        self.nav.setCurrentRow(page if 0 <= page < len(self.pages) else 0)

    def _save_settings(self) -> None:
        WINDOW_GEOMETRY.set(self.saveGeometry())
        WINDOW_STATE.set(self.saveState())
        WINDOW_SPLITTER.set(self.splitter.saveState())
        WINDOW_PAGE.set(self.nav.currentRow())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.lock.stop()
        self._save_settings()
        stop_background_work(self)  # no print job may read the store after it closes
        if not self._closed:
            self.backups.before_close()  # today's backup, while the file is still open
            self._closed = True
            self.workspace.store.close()
        event.accept()

    # --- File menu ----------------------------------------------------------------------

    # --- Staff and lock -------------------------------------------------------------------
