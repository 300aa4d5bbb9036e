"""Where automatic backups go: the administrator's choice of folder and how many to keep."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from forandring_desktop.model import ForandringError
from forandring_desktop.services import auto_backup as ab
from forandring_desktop.services.access import is_admin
from forandring_desktop.storage import Store
from forandring_desktop.ui.backup_status import describe_status, now
from forandring_desktop.ui.widgets import ErrorLabel, explained_layout, text_label

DIALOG_WIDTH = 560


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
        layout = explained_layout(
            self,
            self.tr(
                "Programmet laver selv en krypteret, kontrolleret sikkerhedskopi af filen, "
                "når den åbnes eller lukkes – højst én om dagen. Vælg en mappe på et "
                "eksternt drev eller en netværksmappe, så kopierne overlever, hvis "
                "computeren går tabt."
            ),
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
        self.status.setText(describe_status(status, current, now(), self.tr))
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
