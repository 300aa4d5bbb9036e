"""Staff dialogs: who can open the file, passphrases, the recovery key and recovery.

The dialogs only call services; the services check roles again (a hidden button is not a
permission). Every failure is shown in the dialog in Danish, and the dialog stays open.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import ForandringError
from forandring_desktop.model.base import SHORT_TEXT_MAX
from forandring_desktop.model.staff import (
    DEFAULT_ADMIN_NAME,
    MIN_PASSPHRASE_LENGTH,
    Actor,
    Role,
)
from forandring_desktop.services.staff import (
    add_staff,
    change_passphrase,
    list_staff,
    recover,
    reset_passphrase,
    staff_in_file,
)
from forandring_desktop.services.staff import (
    remove_staff_member as remove_staff,  # issue 18: the result says if the key changed
)
from forandring_desktop.storage import KdfParams, Store
from forandring_desktop.ui.backups import run_in_background  # issue 18
from forandring_desktop.ui.dialogs import DIALOG_WIDTH, short_error_text, show_error, wait_cursor
from forandring_desktop.ui.widgets import ErrorLabel, heading, text_label


def role_word(role: Role) -> str:
    words = {
        Role.ADMIN: QGuiApplication.translate("Words", "Administrator"),
        Role.STAFF: QGuiApplication.translate("Words", "Medarbejder"),
    }
    return words[role]


def actor_text(actor: Actor) -> str:
    """ "Anna (administrator)" – for the status bar."""
    return QGuiApplication.translate("Staff", "{name} ({role})").format(
        name=actor.name, role=role_word(actor.role).lower()
    )


def _password_edit(parent: QWidget, accessible: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(accessible)
    return edit


def _role_combo(parent: QWidget, current: Role = Role.STAFF) -> QComboBox:
    combo = QComboBox(parent)
    for role in (Role.STAFF, Role.ADMIN):
        combo.addItem(role_word(role), role.value)
    combo.setCurrentIndex(combo.findData(current.value))
    combo.setAccessibleName(QGuiApplication.translate("Staff", "Rolle"))
    return combo


class _FormDialog(QDialog):
    """A small form with OK/Cancel, an inline error, and a new passphrase typed twice."""

    def __init__(self, parent: QWidget | None, title: str, ok_text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(DIALOG_WIDTH)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.message_label = ErrorLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button.setText(ok_text)
        self.ok_button.setAccessibleName(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _finish_layout(self) -> None:
        self.layout_.addWidget(self.message_label)
        self.layout_.addWidget(self.buttons)
        self._validate()

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _add_new_passphrase(self) -> None:
        self.new_edit = _password_edit(self, self.tr("Ny adgangskode"))
        self.repeat_edit = _password_edit(self, self.tr("Gentag den nye adgangskode"))
        self.form.addRow(self.tr("&Ny adgangskode:"), self.new_edit)
        self.form.addRow(self.tr("&Gentag adgangskoden:"), self.repeat_edit)
        self.new_edit.textChanged.connect(self._validate)
        self.repeat_edit.textChanged.connect(self._validate)

    def new_passphrase(self) -> str:
        return self.new_edit.text()

    def problem(self) -> str | None:
        if len(self.new_edit.text()) < MIN_PASSPHRASE_LENGTH:
            return self.tr("Adgangskoden skal have mindst {n} tegn.").format(
                n=MIN_PASSPHRASE_LENGTH
            )
        if self.repeat_edit.text() != self.new_edit.text():
            return self.tr("De to adgangskoder er ikke ens.")
        return None

    def _validate(self) -> None:
        problem = self.problem()
        self.ok_button.setEnabled(problem is None)
        started = bool(self.repeat_edit.text())
        if problem and started:
            self.message_label.show_message(problem)
        else:
            self.message_label.clear_message()

    def run(self) -> None:
        """The service call; raises ForandringError to be shown in the dialog."""
        raise NotImplementedError

    def accept(self) -> None:
        if self.problem() is not None:
            return
        try:
            with wait_cursor():
                self.run()
        except ForandringError as exc:
            self.message_label.show_message(short_error_text(exc))
            return
        except Exception as exc:
            show_error(self, exc)
            return
        super().accept()


class AddStaffDialog(_FormDialog):
    """Name, role and first passphrase of a new staff member."""

    def __init__(self, parent: QWidget | None, store: Store) -> None:
        super().__init__(parent, self.tr("Tilføj medarbejder"), self.tr("Tilføj"))
        self._store = store
        self.added: Actor | None = None
        self.layout_.insertWidget(
            0,
            text_label(
                self.tr(
                    "Den nye medarbejder åbner filen med sin egen adgangskode. Giv "
                    "adgangskoden videre personligt; medarbejderen kan selv skifte den under "
                    "Medarbejdere ▸ Skift din adgangskode."
                )
            ),
        )
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(SHORT_TEXT_MAX)
        self.name_edit.setAccessibleName(self.tr("Navn"))
        self.form.addRow(self.tr("&Navn:"), self.name_edit)
        self.role_combo = _role_combo(self)
        self.form.addRow(self.tr("&Rolle:"), self.role_combo)
        self._add_new_passphrase()
        self.name_edit.textChanged.connect(self._validate)
        self._finish_layout()

    def problem(self) -> str | None:
        if not self.name_edit.text().strip():
            return self.tr("Skriv medarbejderens navn.")
        return super().problem()

    def run(self) -> None:
        role = Role(self.role_combo.currentData())  # Qt hands the enum back as a str
        self.added = add_staff(self._store, self.name_edit.text(), self.new_passphrase(), role)


class ResetPassphraseDialog(_FormDialog):
    """An administrator gives a staff member a new passphrase (and possibly another role)."""

    def __init__(self, parent: QWidget | None, store: Store, member: Actor) -> None:
        super().__init__(
            parent, self.tr("Ny adgangskode til {name}").format(name=member.name), self.tr("Gem")
        )
        self._store = store
        self._member = member
        self.layout_.insertWidget(
            0,
            text_label(
                self.tr(
                    "{name} får en ny adgangskode; den gamle holder op med at virke. Rollen "
                    "kan ændres samtidig."
                ).format(name=member.name)
            ),
        )
        self.role_combo = _role_combo(self, member.role)
        self.form.addRow(self.tr("&Rolle:"), self.role_combo)
        self._add_new_passphrase()
        self._finish_layout()

    def run(self) -> None:
        role = Role(self.role_combo.currentData())  # Qt hands the enum back as a str
        reset_passphrase(self._store, self._member.staff_id, self.new_passphrase(), role=role)


class ChangePassphraseDialog(_FormDialog):
    """The one working changes their own passphrase."""

    def __init__(self, parent: QWidget | None, store: Store) -> None:
        super().__init__(parent, self.tr("Skift din adgangskode"), self.tr("Skift"))
        self._store = store
        self.layout_.insertWidget(
            0,
            text_label(
                self.tr(
                    "Du er logget ind som {name}. Kun din egen adgangskode ændres; filen "
                    "skrives ikke om."
                ).format(name=store.actor.name)
            ),
        )
        self.old_edit = _password_edit(self, self.tr("Nuværende adgangskode"))
        self.form.addRow(self.tr("N&uværende adgangskode:"), self.old_edit)
        self.old_edit.textChanged.connect(self._validate)
        self._add_new_passphrase()
        self._finish_layout()

    def problem(self) -> str | None:
        if not self.old_edit.text():
            return self.tr("Skriv din nuværende adgangskode.")
        return super().problem()

    def run(self) -> None:
        change_passphrase(self._store, self.old_edit.text(), self.new_passphrase())


class StaffDialog(QDialog):
    """Everyone who can open the file; administrators add, reset and remove."""

    def __init__(self, parent: QWidget | None, store: Store) -> None:
        super().__init__(parent)
        self._store = store
        self.setWindowTitle(self.tr("Medarbejdere"))
        self.setMinimumWidth(DIALOG_WIDTH + 80)
        layout = QVBoxLayout(self)
        layout.addWidget(
            text_label(
                self.tr(
                    "Hver medarbejder åbner filen med sin egen adgangskode. Administratorer "
                    "kan tilføje og fjerne medarbejdere og nulstille adgangskoder."
                )
            )
        )
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Navn"), self.tr("Rolle")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Medarbejdere"))
        layout.addWidget(self.table)
        self.note_label = text_label()
        layout.addWidget(self.note_label)
        self.message_label = ErrorLabel(self)
        layout.addWidget(self.message_label)

        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Tilføj…"), self)
        self.reset_button = QPushButton(self.tr("&Ny adgangskode…"), self)
        self.remove_button = QPushButton(self.tr("&Fjern…"), self)
        for button in (self.add_button, self.reset_button, self.remove_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            row.addWidget(button)
        row.addStretch(1)
        close = QPushButton(self.tr("&Luk"), self)
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)

        self.add_button.clicked.connect(self.add)
        self.reset_button.clicked.connect(self.reset_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.refresh()

    @property
    def is_admin(self) -> bool:
        return self._store.actor.role is Role.ADMIN

    def members(self) -> list[Actor]:
        return list(self._members)

    def refresh(self) -> None:
        self._members = list_staff(self._store)
        self.table.setRowCount(len(self._members))
        for row, member in enumerate(self._members):
            name = member.name
            if member.staff_id == self._store.actor.staff_id:
                name = self.tr("{name} (dig)").format(name=name)
            self.table.setItem(row, 0, QTableWidgetItem(name))
            self.table.setItem(row, 1, QTableWidgetItem(role_word(member.role)))
        if not self.is_admin:
            self.note_label.setText(
                self.tr("Kun en administrator kan tilføje eller fjerne medarbejdere.")
            )
        self._update_buttons()

    def selected(self) -> Actor | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        return self._members[rows.pop()]

    def select(self, staff_id: uuid.UUID) -> None:
        for row, member in enumerate(self._members):
            if member.staff_id == staff_id:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        admin = self.is_admin
        chosen = self.selected() is not None
        self.add_button.setEnabled(admin)
        self.reset_button.setEnabled(admin and chosen)
        self.remove_button.setEnabled(admin and chosen)

    def add(self) -> None:
        dialog = AddStaffDialog(self, self._store)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.added is not None:
            self.refresh()
            self.select(dialog.added.staff_id)

    def reset_selected(self) -> None:
        member = self.selected()
        if member is None:
            return
        if ResetPassphraseDialog(self, self._store, member).exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.select(member.staff_id)

    def remove_selected(self) -> None:
        member = self.selected()
        if member is None:
            return
        yourself = member.staff_id == self._store.actor.staff_id
        question = self.tr(
            "Fjern {name}? {name}s adgangskode kan derefter ikke længere åbne filen."
        ).format(name=member.name)
        if yourself:
            question += " " + self.tr("Det er dig selv: programmet låses bagefter.")
        answer = QMessageBox.question(self, self.tr("Fjern medarbejder"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:  # issue 18: the file gets a new data key, off the UI thread (ui/backups.py)
            label = self.tr("Fjerner {name} og krypterer filen med en ny nøgle …")
            store, staff_id = self._store, member.staff_id
            done = run_in_background(
                self, label.format(name=member.name), lambda: remove_staff(store, staff_id)
            )
        except ForandringError as exc:
            self.message_label.show_message(str(exc))
            return
        if done.pending is not None:  # issue 18: the new data key waits for old slots
            self.message_label.show_message(done.pending)
        else:
            self.message_label.clear_message()
        self.refresh()


# --- The recovery key ---------------------------------------------------------------------


def recovery_key_document(key: str, file_name: str) -> QTextDocument:
    """The page to print: what the key is for, the key in large monospace, where to keep it."""
    esc = html.escape
    tr = QGuiApplication.translate
    body = f"""
    <h2>{esc(tr("Recovery", "Gendannelsesnøgle til Forandring Desktop"))}</h2>
    <p>{esc(tr("Recovery", "Fil: {file}").format(file=file_name))}</p>
    <p style="font-family: monospace; font-size: 20pt;"><b>{esc(key)}</b></p>
    <p>{esc(tr("Recovery", RECOVERY_EXPLANATION))}</p>
    """
    document = QTextDocument()
    document.setHtml(body)
    return document


RECOVERY_EXPLANATION = (
    "Med gendannelsesnøglen kan en administrator åbne filen og vælge en ny adgangskode, hvis "
    "alle administratorer har glemt deres. Opbevar den udskrevet et sikkert, aflåst sted – "
    "ikke på computeren og ikke sammen med den. Den virker kun sammen med databasen og dens "
    "nøglefil (.keys), så sikkerhedskopiér de to filer sammen. Nøglen vises kun nu; lav en "
    "ny under Medarbejdere, hvis den bliver væk eller kan være set af andre."
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
        layout.addWidget(text_label(self.tr(RECOVERY_EXPLANATION)))
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
        layout = QVBoxLayout(self)
        layout.addWidget(
            text_label(
                self.tr(
                    "Skriv gendannelsesnøglen til {file} (8 grupper af 5 tegn), og vælg en ny "
                    "adgangskode. Store og små bogstaver og bindestreger er ligegyldige."
                ).format(file=self._path.name)
            )
        )
        form = QFormLayout()
        self.key_edit = QLineEdit(self)
        self.key_edit.setAccessibleName(self.tr("Gendannelsesnøgle"))
        self.key_edit.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
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
        problem = self.problem()
        self.ok_button.setEnabled(problem is None)
        if problem and self.repeat_edit.text():
            self.message_label.show_message(problem)
        else:
            self.message_label.clear_message()

    def accept(self) -> None:
        if self.problem() is not None:
            return
        who = self.who_combo.currentData()
        staff_id = None if who == self.NEW_ADMIN else uuid.UUID(str(who))
        try:
            with wait_cursor():
                store = self._recover(
                    self._path,
                    self.key_edit.text(),
                    self.new_edit.text(),
                    staff_id=staff_id,
                    admin_name=self.name_edit.text().strip() or DEFAULT_ADMIN_NAME,
                    kdf=self._kdf,
                )
        except ForandringError as exc:
            self.message_label.show_message(short_error_text(exc))
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.store = store
        super().accept()
