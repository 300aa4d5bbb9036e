"""Sikkerhedskopier in the app: automatic backups, restore from the list, a damaged file,
and "Skift datanøgle" (issue 18).

- :class:`BackupsController` belongs to the main window: it makes the automatic backup
  (``services/auto_backup.py``) in a worker thread when a file is opened, checks hourly
  whether one is due (at most one a day), makes one before the window closes if none was
  made today, and shows in the status bar when the last one succeeded, or that it failed.
  Its actions: "Automatiske sikkerhedskopier…" (administrators), "Lav sikkerhedskopi nu",
  "Gendan fra sikkerhedskopi…" and "Skift datanøgle…" (administrators).
- :class:`BackupSettingsDialog` (``backup_settings.py``): the folder (an external disk or a
  network folder) and the rotation (days, weeks, months to keep).
- :class:`RestoreDialog` (``restore.py``): the backups of this file, newest first; restoring
  replaces the file (the old one is kept beside it) once an administrator's passphrase is
  given.
- :class:`DamagedFileDialog` and :func:`damage_aware` (``restore.py``): when a file cannot
  be opened because it is damaged, the message says so and offers the newest backup with a
  restore button.

Long work (a backup, a restore, a new data key) runs in the background
(``ui/background.py``): a worker, or ``wait_for`` where the next step needs the result.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
)

from forandring_desktop.model import ForandringError
from forandring_desktop.services import auto_backup as ab
from forandring_desktop.services.access import is_admin
from forandring_desktop.services.staff import change_data_key
from forandring_desktop.storage import Store
from forandring_desktop.storage.rekey import RekeyResult
from forandring_desktop.ui.background import Worker, wait_for
from forandring_desktop.ui.backup_settings import BackupSettingsDialog
from forandring_desktop.ui.backup_status import BackupStatusLabel, Clock, now
from forandring_desktop.ui.dialogs import show_error
from forandring_desktop.ui.restore import RestoreDialog

CHECK_EVERY_MS = 60 * 60 * 1000  # is a backup due? (at most one a day is made)
DIALOG_WIDTH = 560


# -- the controller of the main window -----------------------------------------------------------


class BackupsController(QObject):
    """Automatic backups for the file open in ``window`` (see the module's docstring)."""

    status_changed = Signal()
    restored = Signal(object)  # the new Store after a restore from the list

    def __init__(
        self,
        window: QMainWindow,
        store: Callable[[], Store],
        *,
        clock: Clock = now,
        check_every_ms: int = CHECK_EVERY_MS,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._store = store
        self.clock = clock
        self.worker = Worker(self)
        self.worker.finished.connect(self._finished)
        self.label = BackupStatusLabel(window)
        window.statusBar().addPermanentWidget(self.label)
        self.timer = QTimer(self)
        self.timer.setInterval(check_every_ms)
        self.timer.timeout.connect(self.run_if_due)
        self.timer.start()

        self.settings_action = self._action(self.tr("&Automatiske sikkerhedskopier…"))
        self.settings_action.triggered.connect(self.edit_settings)
        self.backup_now_action = self._action(self.tr("&Lav sikkerhedskopi nu"))
        self.backup_now_action.triggered.connect(lambda: self.run_now(force=True))
        self.restore_action = self._action(self.tr("&Gendan fra sikkerhedskopi…"))
        self.restore_action.triggered.connect(self.restore_from_list)
        self.rekey_action = self._action(self.tr("Skift &datanøgle…"))
        self.rekey_action.triggered.connect(self.change_key)
        self.menu = QMenu(self.tr("&Sikkerhedskopier"), window)
        self.menu.addActions([self.backup_now_action, self.restore_action])
        self.menu.addSeparator()
        self.menu.addAction(self.settings_action)
        self.menu.aboutToShow.connect(self.update_actions)
        self.refresh()

    def _action(self, text: str):  # type: ignore[no-untyped-def]
        from PySide6.QtGui import QAction

        return QAction(text, self._window)

    # -- status -----------------------------------------------------------------------------

    def refresh(self) -> None:
        path = self._store().path
        self.label.show_status(ab.status_for(path), ab.settings_for(path), self.clock())
        self.status_changed.emit()

    def update_actions(self) -> None:
        admin = is_admin(self._store())
        self.settings_action.setEnabled(admin)
        self.rekey_action.setEnabled(admin)
        self.backup_now_action.setEnabled(not self.worker.is_running())

    # -- making backups ---------------------------------------------------------------------

    def file_opened(self) -> None:
        """A file was opened (or another one shown): make its backup if one is due."""
        self.refresh()
        self.run_if_due()

    def run_if_due(self) -> bool:
        store = self._store()
        if self.worker.is_running() or not ab.is_due(store.path, self.clock()):
            return False
        return self.run_now()

    def run_now(self, *, force: bool = False) -> bool:
        """Start a backup in the worker thread; False if one is running already."""
        store, clock = self._store(), self.clock
        started = self.worker.start(
            lambda _progress: ab.run_auto_backup(store, clock=clock, force=force)
        )
        if started:
            self.label.show_running()
        return started

    def _finished(self, _result: object, error: object) -> None:
        self.refresh()
        if isinstance(error, BaseException) and not isinstance(error, ForandringError):
            show_error(self._window, error)
        elif isinstance(error, ForandringError):
            self._window.statusBar().showMessage(str(error), 15_000)  # and the red label stays

    def wait(self) -> None:
        self.worker.wait()

    def before_close(self) -> None:
        """Called as the window closes (the file is still open): finish a running backup,
        and make one if none was made today. A failure is shown, never passed over."""
        self.timer.stop()
        self.worker.wait()
        store = self._store()
        if not ab.is_due(store.path, self.clock()):
            return
        clock = self.clock
        try:
            wait_for(
                self._window,
                lambda _progress: ab.run_auto_backup(store, clock=clock),
                caption=self.tr("Sikkerhedskopi"),
                text=self.tr("Laver sikkerhedskopi, før filen lukkes …"),
            )
        except ForandringError as exc:
            QMessageBox.warning(self._window, self.tr("Sikkerhedskopi"), str(exc))

    # -- settings, restore, a new data key --------------------------------------------------

    def edit_settings(self) -> None:
        dialog = BackupSettingsDialog(self._window, self._store())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.run_if_due()

    def restore_from_list(self) -> None:
        """Restore a backup over the open file: the file is released (its connections
        closed), replaced, and the restored one opened with the passphrase given."""
        store = self._store()
        self.worker.wait()
        dialog = RestoreDialog(self._window, store.path, release=store.release)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if not accepted or dialog.result_store is None:
            if dialog.released:
                store.resume()  # not replaced: go on with the file as it was
            return
        self.restored.emit(dialog.result_store)
        if dialog.summary:
            self._window.statusBar().showMessage(dialog.summary, 30_000)
        self.refresh()

    def change_key(self) -> None:
        store = self._store()
        answer = QMessageBox.question(
            self._window,
            self.tr("Skift datanøgle"),
            self.tr(
                "Filen krypteres med en ny datanøgle, og alle medarbejdere og "
                "gendannelsesnøglen får den nye nøgle; adgangskoderne er de samme. En gammel "
                "kopi af nøglefilen kan derefter ikke åbne filen. Ældre sikkerhedskopier "
                "åbnes stadig med de adgangskoder, der gjaldt, da de blev lavet.\n\n"
                "Skift datanøgle nu?"
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.worker.wait()
        try:
            result = wait_for(
                self._window,
                lambda _progress: change_data_key(store),
                caption=self.tr("Skift datanøgle"),
                text=self.tr("Krypterer filen med en ny nøgle …"),
            )
        except ForandringError as exc:
            QMessageBox.warning(self._window, self.tr("Skift datanøgle"), str(exc))
            return
        assert isinstance(result, RekeyResult)
        self._window.statusBar().showMessage(
            self.tr("Filen har fået en ny datanøgle ({slots} nøglepladser).").format(
                slots=result.slots
            ),
            10_000,
        )
