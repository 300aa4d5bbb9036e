"""Restoring a backup: from the list of automatic backups or another file, and the dialog a
damaged file opens with (what is wrong, and a button to restore the newest backup)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import ForandringError
from forandring_desktop.services import auto_backup as ab
from forandring_desktop.services.backup import BACKUP_SUFFIX, RestoreResult, restore
from forandring_desktop.services.files import open_organisation
from forandring_desktop.storage import FileDamagedError, Store
from forandring_desktop.ui.background import Worker, wait_for
from forandring_desktop.ui.backup_status import local_time
from forandring_desktop.ui.dates import date_text, date_time_text, time_text
from forandring_desktop.ui.dialogs import show_error
from forandring_desktop.ui.widgets import ErrorLabel, explained_layout, text_label

DIALOG_WIDTH = 560


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
        self.summary = ""  # what the erasure register re-applied, for the status bar
        self.result_store: Store | None = None
        self.worker = Worker(self)
        self.worker.finished.connect(self._done)
        self._passphrase = ""
        layout = explained_layout(
            self,
            self.tr(
                "Vælg den sikkerhedskopi, der skal gendannes. Filen {file} erstattes af "
                "den; den nuværende fil gemmes ved siden af (….før-gendannelse)."
            ).format(file=self.path.name),
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
            when = local_time(entry.created)
            self.table.setItem(row, 0, QTableWidgetItem(date_time_text(when)))
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
        self.worker.start(lambda _progress: restore(chosen, target, passphrase, replace=True))
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
        self.summary = restore_summary(result)
        try:
            path, passphrase = self.path, self._passphrase
            opened = wait_for(
                self,
                lambda _progress: open_organisation(path, passphrase),
                caption=self.windowTitle(),
                text=self.tr("Åbner den gendannede fil …"),
            )
            assert isinstance(opened, Store)
            self.result_store = opened
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


def restore_summary(result: RestoreResult) -> str:
    """How many erasures and staff removals made since the backup were re-applied, and the
    warning when the restored audit log ends before a later backup's head (or differs)."""
    return QCoreApplication.translate(
        "RestoreDialog",
        "Gendannet. Sletteregistret er genanvendt: {erased} sletning(er) af deltagere og "
        "{staff} fjernelse(r) af medarbejdere fra efter sikkerhedskopien gælder stadig.",
    ).format(erased=result.reerased, staff=result.restaff) + (
        f" {result.audit_warning}" if result.audit_warning else ""  # services' Danish text
    )


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
        when = error.newest_backup
        if newest is not None:
            moment = local_time(newest.created)
            when = self.tr("{day} kl. {time}").format(
                day=date_text(moment.date()), time=time_text(moment)
            )
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
