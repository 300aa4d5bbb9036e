"""Sikkerhedskopier in the app: automatic backups, restore from the list, a damaged file,
and "Skift datanøgle" (issue 18).

- :class:`BackupsController` belongs to the main window: it makes the automatic backup
  (``services/auto_backup.py``) in a worker thread when a file is opened, checks hourly
  whether one is due (at most one a day), makes one before the window closes if none was
  made today, and shows in the status bar when the last one succeeded, or that it failed.
  Its actions: "Automatiske sikkerhedskopier…" (administrators), "Lav sikkerhedskopi nu",
  "Gendan fra sikkerhedskopi…" and "Skift datanøgle…" (administrators).
- :class:`BackupSettingsDialog`: the folder (an external disk or a network folder) and
  the rotation (days, weeks, months to keep).
- :class:`RestoreDialog`: the backups of this file, newest first; restoring replaces the
  file (the old one is kept beside it) once a backup administrator's passphrase is given.
- :class:`DamagedFileDialog` and :func:`damage_aware`: when a file cannot be opened because
  it is damaged, the message says so and offers the newest backup with a restore button.

Long work (a backup, a restore, a new data key) runs in :class:`ui.privacy.Worker`;
:func:`run_in_background` waits for it with a progress dialog while the window stays live.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import ForandringError
from forandring_desktop.services import auto_backup as ab
from forandring_desktop.services.access import is_admin
from forandring_desktop.services.backup import BACKUP_SUFFIX, RestoreResult, restore
from forandring_desktop.services.staff import change_data_key
from forandring_desktop.storage import FileDamagedError, Store
from forandring_desktop.ui.dialogs import show_error
from forandring_desktop.ui.privacy import Worker
from forandring_desktop.ui.widgets import ErrorLabel, text_label

T = TypeVar("T")
Clock = Callable[[], datetime.datetime]
CHECK_EVERY_MS = 60 * 60 * 1000  # is a backup due? (at most one a day is made)
DIALOG_WIDTH = 560


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


# -- running long work off the UI thread --------------------------------------------------------


def run_in_background(parent: QWidget | None, label: str, work: Callable[[], T]) -> T:
    """Run ``work`` in a worker thread and wait for it with a progress dialog (the window
    keeps painting); return its result or raise its exception here."""
    worker = Worker(parent)
    loop = QEventLoop()
    outcome: dict[str, object] = {}

    def finished(result: object, error: object) -> None:
        outcome["result"], outcome["error"] = result, error
        loop.quit()

    worker.finished.connect(finished)
    progress = QProgressDialog(label, "", 0, 0, parent)
    progress.setWindowTitle(QApplication.translate("Backups", "Forandring Desktop"))
    progress.setCancelButton(None)  # a backup or a new key is finished, never half-done
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    worker.start(work)
    if "error" not in outcome:
        loop.exec()
    progress.close()
    progress.deleteLater()
    worker.deleteLater()
    error = outcome.get("error")
    if isinstance(error, BaseException):
        raise error
    return outcome["result"]  # type: ignore[return-value]


# -- the status bar ------------------------------------------------------------------------------


def _local(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone()


def describe_status(
    status: ab.AutoBackupStatus,
    settings: ab.AutoBackupSettings,
    now: datetime.datetime,
    tr: Callable[[str], str],
) -> str:
    """The status bar's text: when the last backup succeeded, or that it failed (a word,
    not only a colour)."""
    if settings.folder is None:
        return tr("⚠ Ingen automatisk sikkerhedskopi: en administrator vælger mappen")
    if not settings.enabled:
        return tr("⚠ Automatisk sikkerhedskopi er slået fra")
    if status.last_success is None:
        when_text = ""
    else:
        when = _local(status.last_success)
        if when.date() == _local(now).date():
            when_text = tr("i dag kl. {time}").format(time=f"{when:%H.%M}")
        elif when.date() == _local(now).date() - datetime.timedelta(days=1):
            when_text = tr("i går kl. {time}").format(time=f"{when:%H.%M}")
        else:
            when_text = f"{when:%d.%m.%Y}"
    if status.failing:
        if not when_text:
            return tr("⚠ Sikkerhedskopien fejlede – der er ingen endnu")
        return tr("⚠ Sikkerhedskopien fejlede – sidste gode: {when}").format(when=when_text)
    if not when_text:
        return tr("Ingen sikkerhedskopi endnu")
    return tr("Sidste sikkerhedskopi: {when}").format(when=when_text)


class BackupStatusLabel(QLabel):
    """The permanent status-bar widget: "Sidste sikkerhedskopi: i dag kl. 09.15"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backup_status")
        self.setAccessibleName(self.tr("Sikkerhedskopi"))
        self.failing = False
        self.warning = False

    def show_status(
        self, status: ab.AutoBackupStatus, settings: ab.AutoBackupSettings, now: datetime.datetime
    ) -> None:
        self.setText(describe_status(status, settings, now, self.tr))
        self.failing = status.failing and settings.active
        self.warning = self.failing or not settings.active
        tip = ""
        if self.failing and status.last_error:
            tip = self.tr("Sidste forsøg: {error}").format(error=status.last_error)
        elif status.last_file is not None:
            tip = self.tr("Sidste kopi: {file}").format(file=status.last_file)
        self.setToolTip(tip)
        if not settings.active:
            tip = self.tr("Filer ▸ Sikkerhedskopier ▸ Automatiske sikkerhedskopier…")
        self.setToolTip(tip)
        self.setStyleSheet("color: #a40000; font-weight: bold;" if self.warning else "")

    def show_running(self) -> None:
        self.setText(self.tr("Laver sikkerhedskopi …"))


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
        clock: Clock = _now,
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
        started = self.worker.start(lambda: ab.run_auto_backup(store, clock=clock, force=force))
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
            run_in_background(
                self._window,
                self.tr("Laver sikkerhedskopi, før filen lukkes …"),
                lambda: ab.run_auto_backup(store, clock=clock),
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
            result = run_in_background(
                self._window,
                self.tr("Krypterer filen med en ny nøgle …"),
                lambda: change_data_key(store),
            )
        except ForandringError as exc:
            QMessageBox.warning(self._window, self.tr("Skift datanøgle"), str(exc))
            return
        self._window.statusBar().showMessage(
            self.tr("Filen har fået en ny datanøgle ({slots} nøglepladser).").format(
                slots=result.slots
            ),
            10_000,
        )


# -- settings -------------------------------------------------------------------------------------


def same_disk(folder: Path, file: Path) -> bool:
    """Whether ``folder`` is on the same disk as ``file`` (then it guards against a damaged
    file, not a lost disk)."""
    try:
        return os.stat(folder).st_dev == os.stat(file).st_dev
    except OSError:
        return False


def _existing_part(folder: Path) -> Path:
    """``folder``, or the nearest folder above it that exists (the disk it will be on)."""
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            return candidate
    return folder


class BackupSettingsDialog(QDialog):
    """Where the automatic backups of the open file go, and how many are kept."""

    def __init__(self, parent: QWidget | None, store: Store) -> None:
        super().__init__(parent)
        self.setObjectName("backup_settings_dialog")
        self.setWindowTitle(self.tr("Automatiske sikkerhedskopier"))
        self.setMinimumWidth(DIALOG_WIDTH)
        self._store = store
        current = ab.settings_for(store.path)
        suggested = current.folder or ab.default_folder()
        layout = QVBoxLayout(self)
        layout.addWidget(
            text_label(
                self.tr(
                    "Programmet laver selv en krypteret, kontrolleret sikkerhedskopi af filen, "
                    "når den åbnes eller lukkes – højst én om dagen. Vælg en mappe på et "
                    "eksternt drev eller en netværksmappe, så kopierne overlever, hvis "
                    "computeren går tabt."
                )
            )
        )
        form = QFormLayout()
        self.enabled = QCheckBox(self.tr("Lav automatiske sikkerhedskopier"), self)
        self.enabled.setChecked(current.enabled)
        form.addRow(self.enabled)
        row = QHBoxLayout()
        self.folder = QLineEdit(str(suggested), self)
        self.folder.setAccessibleName(self.tr("Mappe"))
        self.folder.textChanged.connect(self._check_disk)
        choose = QPushButton(self.tr("&Vælg…"), self)
        choose.clicked.connect(self.choose_folder)
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        form.addRow(self.tr("Mappe:"), row)
        self.daily = self._spin(current.rotation.daily, self.tr("Dage"))
        self.weekly = self._spin(current.rotation.weekly, self.tr("Uger"))
        self.monthly = self._spin(current.rotation.monthly, self.tr("Måneder"))
        form.addRow(self.tr("Gem én pr. &dag i:"), self.daily)
        form.addRow(self.tr("Gem én pr. &uge i:"), self.weekly)
        form.addRow(self.tr("Gem én pr. må&ned i:"), self.monthly)
        layout.addLayout(form)
        self.disk_note = text_label("")
        layout.addWidget(self.disk_note)
        self.status = text_label("")
        layout.addWidget(self.status)
        self.message_label = ErrorLabel(self)
        layout.addWidget(self.message_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(is_admin(store))
        status = ab.status_for(store.path)
        self.status.setText(describe_status(status, current, _now(), self.tr))
        self._check_disk()

    def _spin(self, value: int, name: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(0, ab.MAX_KEEP)
        spin.setValue(value)
        spin.setAccessibleName(name)
        return spin

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Mappe til sikkerhedskopier"), self.folder.text()
        )
        if chosen:
            self.folder.setText(chosen)

    def _check_disk(self) -> None:
        folder = Path(self.folder.text())
        if self.folder.text() and same_disk(_existing_part(folder), self._store.path):
            self.disk_note.setText(
                self.tr(
                    "Bemærk: mappen ligger på samme disk som filen. Det hjælper, hvis filen "
                    "bliver beskadiget, men ikke hvis disken går i stykker – vælg gerne et "
                    "eksternt drev eller en netværksmappe."
                )
            )
        else:
            self.disk_note.setText("")

    def save(self) -> None:
        rotation = ab.Rotation(self.daily.value(), self.weekly.value(), self.monthly.value())
        folder = Path(self.folder.text())
        try:
            if folder == ab.default_folder():
                folder.mkdir(parents=True, exist_ok=True)  # the suggestion: made on request
        except OSError as exc:
            self.message_label.show_message(str(exc.strerror))
            return
        try:
            ab.set_settings(
                self._store, Path(self.folder.text()), rotation, enabled=self.enabled.isChecked()
            )
        except ForandringError as exc:
            self.message_label.show_message(str(exc))
            return
        self.accept()


# -- restore from the list ------------------------------------------------------------------------


class RestoreDialog(QDialog):
    """The automatic backups of ``path``, newest first, to restore over it.

    ``release`` is called just before the file is replaced (the main window closes its
    connections); :attr:`released` says whether it was. After a restore :attr:`restored`
    holds what was restored and :attr:`result_store` the restored file, open.
    """

    def __init__(
        self,
        parent: QWidget | None,
        path: Path,
        *,
        release: Callable[[], None] | None = None,
        preselect: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restore_dialog")
        self.setWindowTitle(self.tr("Gendan fra sikkerhedskopi"))
        self.setMinimumWidth(DIALOG_WIDTH)
        self.path = Path(path)
        self._release = release
        self.released = False
        self.restored: RestoreResult | None = None
        self.result_store: Store | None = None
        self.worker = Worker(self)
        self.worker.finished.connect(self._done)
        self._passphrase = ""
        layout = QVBoxLayout(self)
        layout.addWidget(
            text_label(
                self.tr(
                    "Vælg den sikkerhedskopi, der skal gendannes. Filen {file} erstattes af "
                    "den; den nuværende fil gemmes ved siden af (….før-gendannelse)."
                ).format(file=self.path.name)
            )
        )
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("backup_list")
        self.table.setAccessibleName(self.tr("Sikkerhedskopier"))
        self.table.setHorizontalHeaderLabels([self.tr("Lavet"), self.tr("Størrelse")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        other = QPushButton(self.tr("&Anden fil…"), self)
        other.clicked.connect(self.choose_other)
        layout.addWidget(other, 0, Qt.AlignmentFlag.AlignLeft)
        form = QFormLayout()
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Adgangskode"))
        form.addRow(self.tr("En administrators &adgangskode i kopien:"), self.passphrase)
        layout.addLayout(form)
        self.message_label = ErrorLabel(self)
        layout.addWidget(self.message_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = buttons.addButton(
            self.tr("&Gendan"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("restore_button")
        buttons.accepted.connect(self.start_restore)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.entries: list[Path] = []
        self._fill(ab.list_backups(self.path), preselect)
        self.table.itemSelectionChanged.connect(self._enable)
        self.passphrase.textChanged.connect(self._enable)
        self._enable()

    def _fill(self, backups: list[ab.BackupEntry], preselect: Path | None) -> None:
        self.entries = [b.path for b in backups]
        self.table.setRowCount(len(backups))
        for row, entry in enumerate(backups):
            when = _local(entry.created)
            self.table.setItem(row, 0, QTableWidgetItem(f"{when:%d.%m.%Y %H.%M}"))
            size = QTableWidgetItem(f"{entry.size / 1_000_000:.1f} MB")
            size.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 1, size)
        if backups:
            chosen = self.entries.index(preselect) if preselect in self.entries else 0
            self.table.selectRow(chosen)
        else:
            self.message_label.show_message(
                self.tr("Der er ingen automatiske sikkerhedskopier af denne fil endnu.")
            )

    def add_file(self, path: Path) -> None:
        """A backup file chosen by hand: put first in the list and selected."""
        self.entries.insert(0, path)
        self.table.insertRow(0)
        self.table.setItem(0, 0, QTableWidgetItem(path.name))
        self.table.setItem(0, 1, QTableWidgetItem(""))
        self.table.selectRow(0)
        self.message_label.clear_message()

    def choose_other(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Vælg sikkerhedskopi"),
            str(self.path.parent),
            self.tr("Sikkerhedskopier (*{suffix});;Alle filer (*)").format(suffix=BACKUP_SUFFIX),
        )
        if chosen:
            self.add_file(Path(chosen))

    def selected(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        index: QModelIndex = rows[0]
        return self.entries[index.row()]

    def _enable(self) -> None:
        ready = self.selected() is not None and bool(self.passphrase.text())
        self.restore_button.setEnabled(ready and not self.worker.is_running())

    def start_restore(self) -> None:
        chosen = self.selected()
        if chosen is None or not self.passphrase.text() or self.worker.is_running():
            return
        if self._release is not None and not self.released:
            self._release()
            self.released = True
        passphrase = self._passphrase = self.passphrase.text()
        target = self.path
        self.message_label.show_message(self.tr("Gendanner …"))
        self.worker.start(lambda: restore(chosen, target, passphrase, replace=True))
        self._enable()

    def _done(self, result: object, error: object) -> None:
        self._enable()
        if isinstance(error, BaseException):
            if isinstance(error, ForandringError):
                self.message_label.show_message(str(error))
            else:
                show_error(self, error)
            return
        assert isinstance(result, RestoreResult)
        self.restored = result
        from forandring_desktop.services.files import open_organisation

        try:
            self.result_store = open_organisation(self.path, self._passphrase)
        except ForandringError as exc:
            self.message_label.show_message(str(exc))
            return
        if result.replaced_damaged:
            QMessageBox.information(
                self,
                self.tr("Gendannet"),
                self.tr(
                    "Sikkerhedskopien er gendannet. Den beskadigede fil kunne ikke læses, så "
                    "deltagere, der er slettet for altid efter sikkerhedskopien, kan være med "
                    "igen: tjek Databeskyttelse."
                ),
            )
        self.accept()

    def done(self, result: int) -> None:
        self.worker.wait()  # never leave while a restore still writes
        super().done(result)


# -- a damaged file -------------------------------------------------------------------------------


class DamagedFileDialog(QDialog):
    """ "Filen er beskadiget": what is wrong, and a button to restore the newest backup."""

    def __init__(self, parent: QWidget | None, error: FileDamagedError, path: Path) -> None:
        super().__init__(parent)
        self.setObjectName("damaged_file_dialog")
        self.setWindowTitle(self.tr("Filen er beskadiget"))
        self.setMinimumWidth(DIALOG_WIDTH)
        self.path = Path(path)
        self.store: Store | None = None
        layout = QVBoxLayout(self)
        self.message = text_label(f"{error.what()}\n\n{self._advice(error)}")
        self.message.setObjectName("damage_message")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = buttons.addButton(
            self.tr("&Gendan sikkerhedskopi…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.restore_button.setObjectName("restore_newest_button")
        self.restore_button.clicked.connect(self.restore_newest)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._newest = Path(error.newest_backup) if error.newest_backup else None

    def _advice(self, error: FileDamagedError) -> str:
        if error.newest_backup is None:
            return self.tr(
                "Der er ingen automatisk sikkerhedskopi af filen. Har I en anden "
                "sikkerhedskopi, så vælg den under »Gendan sikkerhedskopi…« (Anden fil…); den "
                "beskadigede fil gemmes ved siden af."
            )
        newest = next(
            (e for e in ab.list_backups(self.path) if str(e.path) == error.newest_backup), None
        )
        when = f"{_local(newest.created):%d.%m.%Y kl. %H.%M}" if newest else error.newest_backup
        return self.tr(
            "Den nyeste sikkerhedskopi er fra {when}. Tryk »Gendan sikkerhedskopi…« for at "
            "gendanne den; den beskadigede fil gemmes ved siden af."
        ).format(when=when)

    def restore_newest(self) -> None:
        dialog = RestoreDialog(self, self.path, preselect=self._newest)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_store is not None:
            self.store = dialog.result_store
            self.accept()


def damage_aware(
    parent: QWidget | None, path: Path, opener: Callable[[str], Store]
) -> Callable[[str], Store]:
    """``opener`` that, on a damaged file, shows :class:`DamagedFileDialog`: after a restore
    it returns the restored file, open; otherwise it raises the error as before."""

    def open_or_restore(passphrase: str) -> Store:
        try:
            return opener(passphrase)
        except FileDamagedError as exc:
            dialog = DamagedFileDialog(parent, exc, path)
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.store is not None:
                return dialog.store
            raise

    return open_or_restore
