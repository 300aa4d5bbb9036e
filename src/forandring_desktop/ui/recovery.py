"""The recovery key: the dialog that shows a new one once (with a page to print), and
"Glemt adgangskoden?" — opening the file with it and choosing a new passphrase."""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import ForandringError
from forandring_desktop.model.base import SHORT_TEXT_MAX
from forandring_desktop.model.staff import (
    DEFAULT_ADMIN_NAME,
    MIN_PASSPHRASE_LENGTH,
    Role,
)
from forandring_desktop.model.texts import QT_TRANSLATE_NOOP
from forandring_desktop.services.staff import (
    recover,
    staff_in_file,
)
from forandring_desktop.storage import KdfParams, Store
from forandring_desktop.ui.dialogs import DIALOG_WIDTH, show_problem, wait_in_dialog
from forandring_desktop.ui.staff import _password_edit
from forandring_desktop.ui.widgets import ErrorLabel, explained_layout, heading, text_label


def recovery_key_document(key: str, file_name: str) -> QTextDocument:
    """The page to print: what the key is for, the key in large monospace, where to keep it."""
    esc = html.escape
    heading = QGuiApplication.translate("Recovery", "Gendannelsesnøgle til Forandring Desktop")
    file_line = QGuiApplication.translate("Recovery", "Fil: {file}").format(file=file_name)
    explanation = QGuiApplication.translate("Recovery", RECOVERY_EXPLANATION)  # lupdate: marked
    body = f"""
    <h2>{esc(heading)}</h2>
    <p>{esc(file_line)}</p>
    <p style="font-family: monospace; font-size: 20pt;"><b>{esc(key)}</b></p>
    <p>{esc(explanation)}</p>
    """
    document = QTextDocument()
    document.setHtml(body)
    return document


RECOVERY_EXPLANATION = QT_TRANSLATE_NOOP(
    "Recovery",
    "Med gendannelsesnøglen kan en administrator åbne filen og vælge en ny adgangskode, hvis "
    "alle administratorer har glemt deres. Opbevar den udskrevet et sikkert, aflåst sted – "
    "ikke på computeren og ikke sammen med den. Den virker kun sammen med databasen og dens "
    "nøglefil (.keys), så sikkerhedskopiér de to filer sammen. Nøglen vises kun nu; lav en "
    "ny under Medarbejdere, hvis den bliver væk eller kan være set af andre.",
)


class RecoveryKeyDialog(QDialog):
    """Shows a new recovery key once, with "Udskriv…" and "Kopiér"."""

    def __init__(self, parent: QWidget | None, key: str, file_name: str) -> None:
        super().__init__(parent)
        self.key = key
        self._file_name = file_name
        self.setWindowTitle(self.tr("Gendannelsesnøgle"))
        self.setMinimumWidth(DIALOG_WIDTH + 80)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Gem gendannelsesnøglen nu"), size=1.3))
        self.key_label = QLabel(key, self)
        self.key_label.setObjectName("recovery_key")
        self.key_label.setTextFormat(Qt.TextFormat.PlainText)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 10) * 1.4)
        font.setWeight(QFont.Weight.Bold)
        self.key_label.setFont(font)
        self.key_label.setAccessibleName(self.tr("Gendannelsesnøgle"))
        layout.addWidget(self.key_label)
        explanation = QGuiApplication.translate("Recovery", RECOVERY_EXPLANATION)  # lupdate: marked
        layout.addWidget(text_label(explanation))
        self.status_label = text_label()
        layout.addWidget(self.status_label)
        buttons = QDialogButtonBox(self)
        self.print_button = buttons.addButton(
            self.tr("&Udskriv…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button = buttons.addButton(
            self.tr("&Kopiér"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = buttons.addButton(
            self.tr("&Luk"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        for button in (self.print_button, self.copy_button, self.close_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
        self.print_button.clicked.connect(self.print_key)
        self.copy_button.clicked.connect(self.copy_key)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def document(self) -> QTextDocument:
        return recovery_key_document(self.key, self._file_name)

    def print_to(self, printer: QPrinter) -> None:
        self.document().print_(printer)

    def print_key(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Udskriv gendannelsesnøglen"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)
            self.status_label.setText(self.tr("Sendt til udskrivning."))

    def copy_key(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.key)
        self.status_label.setText(
            self.tr("Kopieret. Indsæt den et sikkert sted, og kopiér derefter noget andet.")
        )


class RecoverDialog(QDialog):
    """Open a file with its recovery key and choose a new passphrase at once."""

    NEW_ADMIN = "new"

    def __init__(
        self,
        parent: QWidget | None,
        path: Path,
        *,
        kdf: KdfParams | None = None,
        recoverer: Callable[..., Store] = recover,
    ) -> None:
        super().__init__(parent)
        self._path = Path(path)
        self._kdf = kdf
        self._recover = recoverer
        self.store: Store | None = None
        self.setWindowTitle(self.tr("Gendan adgang"))
        self.setMinimumWidth(DIALOG_WIDTH + 40)
        layout = explained_layout(
            self,
            self.tr(
                "Skriv gendannelsesnøglen til {file} (8 grupper af 5 tegn), og vælg en ny "
                "adgangskode. Store og små bogstaver og bindestreger er ligegyldige."
            ).format(file=self._path.name),
        )
        form = QFormLayout()
        self.key_edit = QLineEdit(self)
        self.key_edit.setAccessibleName(self.tr("Gendannelsesnøgle"))
        self.key_edit.setPlaceholderText(self.tr("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX"))
        self.key_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        form.addRow(self.tr("Gendannelses&nøgle:"), self.key_edit)
        self.who_combo = QComboBox(self)
        self.who_combo.setAccessibleName(self.tr("Hvem er du?"))
        self.who_combo.addItem(self.tr("En ny administrator"), self.NEW_ADMIN)
        try:
            known = staff_in_file(self._path)
        except ForandringError:
            known = []
        for member in known:
            if member.role is Role.ADMIN:
                self.who_combo.addItem(member.name, str(member.staff_id))
        form.addRow(self.tr("&Hvem er du?"), self.who_combo)
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(SHORT_TEXT_MAX)
        self.name_edit.setPlaceholderText(DEFAULT_ADMIN_NAME)
        self.name_edit.setAccessibleName(self.tr("Navn på den nye administrator"))
        form.addRow(self.tr("Nav&n:"), self.name_edit)
        self.new_edit = _password_edit(self, self.tr("Ny adgangskode"))
        self.repeat_edit = _password_edit(self, self.tr("Gentag den nye adgangskode"))
        form.addRow(self.tr("Ny &adgangskode:"), self.new_edit)
        form.addRow(self.tr("&Gentag adgangskoden:"), self.repeat_edit)
        layout.addLayout(form)
        self.message_label = ErrorLabel(self)
        layout.addWidget(self.message_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button.setText(self.tr("Gendan adgang"))
        self.ok_button.setAccessibleName(self.ok_button.text())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for edit in (self.key_edit, self.new_edit, self.repeat_edit):
            edit.textChanged.connect(self._validate)
        self.who_combo.currentIndexChanged.connect(self._who_changed)
        self._who_changed()

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _who_changed(self) -> None:
        self.name_edit.setEnabled(self.who_combo.currentData() == self.NEW_ADMIN)
        self._validate()

    def problem(self) -> str | None:
        if not self.key_edit.text().strip():
            return self.tr("Skriv gendannelsesnøglen.")
        if len(self.new_edit.text()) < MIN_PASSPHRASE_LENGTH:
            return self.tr("Adgangskoden skal have mindst {n} tegn.").format(
                n=MIN_PASSPHRASE_LENGTH
            )
        if self.repeat_edit.text() != self.new_edit.text():
            return self.tr("De to adgangskoder er ikke ens.")
        return None

    def _validate(self) -> None:
        show_problem(
            self.ok_button,
            self.message_label,
            self.problem(),
            started=bool(self.repeat_edit.text()),
        )

    def accept(self) -> None:
        if self.problem() is not None:
            return
        who = self.who_combo.currentData()
        staff_id = None if who == self.NEW_ADMIN else uuid.UUID(str(who))
        path, key, new = self._path, self.key_edit.text(), self.new_edit.text()
        admin = self.name_edit.text().strip() or DEFAULT_ADMIN_NAME
        recover, kdf = self._recover, self._kdf
        ok, store = wait_in_dialog(
            self,
            lambda: recover(path, key, new, staff_id=staff_id, admin_name=admin, kdf=kdf),
            text=self.tr("Kontrollerer gendannelsesnøglen …"),
            errors=self.message_label,
        )
        if not ok:
            return
        assert isinstance(store, Store)
        self.store = store
        super().accept()
