"""Filer ▸ Synkronisering ▸ Tilslut med invitation…: this laptop joins the organisation.

The dialog asks for the invitation file, the one-time code, the staff member's own
passphrase and where the new file goes; the join (key derivation, redeeming, the full
pull) runs in the background. :func:`join_with_invitation` is what a menu action calls:
the new file, open, or None.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from forandring_desktop.model import ForandringError
from forandring_desktop.services.files import data_dir
from forandring_desktop.services.sync_join import join
from forandring_desktop.storage import FILE_SUFFIX, Store
from forandring_desktop.storage.sync.invitation import INVITATION_SUFFIX
from forandring_desktop.ui.background import Worker
from forandring_desktop.ui.dialogs import show_error
from forandring_desktop.ui.widgets import ErrorLabel, explained_layout

DIALOG_WIDTH = 560


class JoinDialog(QDialog):
    """After a join, :attr:`result_store` holds the new file, open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_join_dialog")
        self.setWindowTitle(self.tr("Tilslut med invitation"))
        self.setMinimumWidth(DIALOG_WIDTH)
        self.result_store: Store | None = None
        self.worker = Worker(self)
        self.worker.finished.connect(self._done)
        layout = explained_layout(
            self,
            self.tr(
                "Vælg invitationsfilen fra administratoren, og skriv engangskoden og din egen "
                "adgangskode. Organisationen hentes fra serveren til en ny fil på denne "
                "computer. En invitation kan kun bruges én gang."
            ),
        )
        form = QFormLayout()
        self.invitation = QLineEdit(self)
        self.invitation.setAccessibleName(self.tr("Invitationsfil"))
        form.addRow(
            self.tr("&Invitation:"),
            self._with_button(self.invitation, self.tr("Vælg…"), self.choose_invitation),
        )
        self.code = QLineEdit(self)
        self.code.setAccessibleName(self.tr("Engangskode"))
        self.code.setPlaceholderText(self.tr("fx ABCD-EFGH-JKMN-PQRS"))
        form.addRow(self.tr("&Engangskode:"), self.code)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Adgangskode"))
        form.addRow(self.tr("Din &adgangskode:"), self.passphrase)
        self.target = QLineEdit(str(data_dir() / f"Organisation{FILE_SUFFIX}"), self)
        self.target.setAccessibleName(self.tr("Ny fil"))
        form.addRow(
            self.tr("&Ny fil:"),
            self._with_button(self.target, self.tr("Gem som…"), self.choose_target),
        )
        layout.addLayout(form)
        self.message_label = ErrorLabel(self)
        layout.addWidget(self.message_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.join_button = buttons.addButton(
            self.tr("&Tilslut"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.join_button.setObjectName("join_button")
        buttons.accepted.connect(self.start_join)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for field in (self.invitation, self.code, self.passphrase, self.target):
            field.textChanged.connect(self._enable)
        self._enable()

    def _with_button(self, field: QLineEdit, text: str, action: object) -> QWidget:
        row = QWidget(self)
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(field, 1)
        button = QPushButton(text, row)
        button.clicked.connect(action)
        box.addWidget(button)
        return row

    def choose_invitation(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Vælg invitation"),
            str(Path.home()),
            self.tr("Invitationer (*{suffix});;Alle filer (*)").format(suffix=INVITATION_SUFFIX),
        )
        if chosen:
            self.invitation.setText(chosen)

    def choose_target(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Ny organisationsfil"),
            self.target.text(),
            self.tr("Organisationsfiler (*{suffix})").format(suffix=FILE_SUFFIX),
        )
        if chosen:
            self.target.setText(chosen)

    def _enable(self) -> None:
        fields = (self.invitation, self.code, self.passphrase, self.target)
        ready = all(f.text().strip() for f in fields)
        self.join_button.setEnabled(ready and not self.worker.is_running())

    def start_join(self) -> None:
        if not self.join_button.isEnabled():
            return
        invitation = Path(self.invitation.text().strip())
        code, passphrase = self.code.text(), self.passphrase.text()
        target = Path(self.target.text().strip())
        self.message_label.show_message(self.tr("Tilslutter og henter organisationen …"))
        self.worker.start(lambda _progress: join(invitation, code, passphrase, target))
        self._enable()

    def _done(self, result: object, error: object) -> None:
        self._enable()
        if isinstance(error, BaseException):
            if isinstance(error, ForandringError):
                self.message_label.show_message(str(error))
            else:
                show_error(self, error)
            return
        assert isinstance(result, Store)
        self.result_store = result
        self.accept()

    def done(self, result: int) -> None:
        self.worker.wait()  # never leave while the new file is being built
        super().done(result)


def join_with_invitation(parent: QWidget | None) -> Store | None:
    """Show the dialog; the new file, open (the caller shows it), or None if cancelled."""
    dialog = JoinDialog(parent)
    try:
        dialog.exec()
        return dialog.result_store
    finally:
        dialog.deleteLater()
