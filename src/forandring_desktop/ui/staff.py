"""Staff dialogs: who can open the file, passphrases, the recovery key and recovery.

The dialogs only call services; the services check roles again (a hidden button is not a
permission). Every failure is shown in the dialog in Danish, and the dialog stays open.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
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
from forandring_desktop.model.base import SHORT_TEXT_MAX
from forandring_desktop.model.staff import (
    MIN_PASSPHRASE_LENGTH,
    Actor,
    Role,
)
from forandring_desktop.services.staff import (
    StaffRemoval,
    add_staff,
    change_passphrase,
    list_staff,
    remove_staff_member,
    reset_passphrase,
)
from forandring_desktop.storage import Store
from forandring_desktop.ui.background import wait_for
from forandring_desktop.ui.dialogs import DIALOG_WIDTH, show_problem, wait_in_dialog
from forandring_desktop.ui.widgets import ErrorLabel, explained_layout, text_label


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
        show_problem(
            self.ok_button,
            self.message_label,
            self.problem(),
            started=bool(self.repeat_edit.text()),
        )

    def job(self) -> Callable[[], object]:
        """The service call, with what was typed read now (it runs in the background and
        must not touch widgets); raises ForandringError to be shown in the dialog."""
        raise NotImplementedError

    def done_with(self, result: object) -> None:
        """What the service call returned, back on the GUI thread."""

    def accept(self) -> None:
        if self.problem() is not None:
            return
        ok, result = wait_in_dialog(
            self, self.job(), text=self.tr("Gemmer adgangen …"), errors=self.message_label
        )
        if not ok:
            return
        self.done_with(result)
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

    def job(self) -> Callable[[], object]:
        role = Role(self.role_combo.currentData())  # Qt hands the enum back as a str
        store, name, passphrase = self._store, self.name_edit.text(), self.new_passphrase()
        return lambda: add_staff(store, name, passphrase, role)

    def done_with(self, result: object) -> None:
        assert isinstance(result, Actor)
        self.added = result


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

    def job(self) -> Callable[[], object]:
        role = Role(self.role_combo.currentData())  # Qt hands the enum back as a str
        store, staff_id, passphrase = self._store, self._member.staff_id, self.new_passphrase()
        return lambda: reset_passphrase(store, staff_id, passphrase, role=role)


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

    def job(self) -> Callable[[], object]:
        store, old, new = self._store, self.old_edit.text(), self.new_passphrase()
        return lambda: change_passphrase(store, old, new)


class StaffDialog(QDialog):
    """Everyone who can open the file; administrators add, reset and remove."""

    def __init__(self, parent: QWidget | None, store: Store) -> None:
        super().__init__(parent)
        self._store = store
        self.setWindowTitle(self.tr("Medarbejdere"))
        self.setMinimumWidth(DIALOG_WIDTH + 80)
        layout = explained_layout(
            self,
            self.tr(
                "Hver medarbejder åbner filen med sin egen adgangskode. Administratorer "
                "kan tilføje og fjerne medarbejdere og nulstille adgangskoder."
            ),
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
        store, staff_id = self._store, member.staff_id
        try:  # the file gets a new data key: a copy of the whole file, off the UI thread
            done = wait_for(
                self,
                lambda _progress: remove_staff_member(store, staff_id),
                caption=self.tr("Fjern medarbejder"),
                text=self.tr("Fjerner {name} og krypterer filen med en ny nøgle …").format(
                    name=member.name
                ),
            )
        except ForandringError as exc:
            self.message_label.show_message(str(exc))
            return
        assert isinstance(done, StaffRemoval)
        if done.pending is not None:  # the new data key waits for an old slot's owner
            self.message_label.show_message(done.pending)
        else:
            self.message_label.clear_message()
        self.refresh()
