"""Dialogs: the passphrase prompt, a new organisation file, and error boxes.

Also "Husk på denne computer": a passphrase kept in the OS keyring (``services/remember``).
Whether one is kept for a file is noted in QSettings under a hash of the file's path (never
the path or the passphrase), so the keyring is only asked for files where the user ticked it.
"""

from __future__ import annotations

import logging
import platform
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop import __version__
from forandring_desktop.model import ForandringError
from forandring_desktop.model.base import SHORT_TEXT_MAX
from forandring_desktop.model.staff import DEFAULT_ADMIN_NAME, MIN_PASSPHRASE_LENGTH
from forandring_desktop.services import remember
from forandring_desktop.storage import Store
from forandring_desktop.ui.background import wait_for
from forandring_desktop.ui.settings import REMEMBERED
from forandring_desktop.ui.widgets import ErrorLabel, text_label

log = logging.getLogger(__name__)

DIALOG_WIDTH = 440


class _WaitCursor:
    """Key derivation and opening take a noticeable moment; say so with the cursor."""

    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()


def wait_cursor() -> _WaitCursor:
    return _WaitCursor()


# --- Errors -----------------------------------------------------------------------------


def error_details(exc: BaseException) -> str:
    """A traceback for support without the exception's message (it may hold personal data)."""
    kind = f"{type(exc).__module__}.{type(exc).__qualname__}"
    frames = "".join(traceback.format_tb(exc.__traceback__))
    return (
        f"Forandring Desktop {__version__}, Python {platform.python_version()}, "
        f"Qt {qVersion()}, PySide6 {pyside_version}, {platform.system()}\n\n"
        f"Traceback (most recent call last):\n{frames}{kind}\n"
    )


def error_box(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """The message box for ``exc``: a warning with the Danish text for expected failures,
    a critical box with copyable details for anything else."""
    title = QGuiApplication.translate("Errors", "Forandring Desktop")
    if isinstance(exc, ForandringError):
        box = QMessageBox(QMessageBox.Icon.Warning, title, str(exc), parent=parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        return box
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        title,
        QGuiApplication.translate("Errors", "Der opstod en uventet fejl."),
        parent=parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(
        QGuiApplication.translate(
            "Errors",
            "Det, der allerede er gemt, er ikke ændret af fejlen. Under »Vis detaljer« står "
            "oplysninger, I kan kopiere og sende til den, der hjælper jer med programmet; "
            "de indeholder ingen personoplysninger.",
        )
    )
    box.setDetailedText(error_details(exc))
    return box


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show ``exc`` to the user; unexpected errors are logged (type and traceback only)."""
    if not isinstance(exc, ForandringError):
        log.error("Uventet fejl:\n%s", error_details(exc))
    error_box(parent, exc).exec()


def short_error_text(exc: ForandringError) -> str:
    """The message without a heading: just the problems, for showing beside a field."""
    problems = getattr(exc, "problems", None)
    if problems:
        return " ".join(p.message for p in problems)
    return str(exc)


def show_problem(
    ok_button: QPushButton, errors: ErrorLabel, problem: str | None, *, started: bool
) -> None:
    """OK only while nothing is wrong; the problem is spelled out once the user has started
    on the field it is about (an empty form just waits)."""
    ok_button.setEnabled(problem is None)
    if problem and started:
        errors.show_message(problem)
    else:
        errors.clear_message()


def wait_in_dialog(
    dialog: QDialog, work: Callable[[], object], *, text: str, errors: ErrorLabel
) -> tuple[bool, object]:
    """Run ``work`` in the background behind a wait box captioned like ``dialog``.

    A ForandringError is shown in ``errors`` so the dialog stays open to try again; any other
    error gets an error box. Returns (False, None) after a failure, else (True, the result).
    """
    try:
        result = wait_for(dialog, lambda _progress: work(), caption=dialog.windowTitle(), text=text)
    except ForandringError as exc:
        errors.show_message(short_error_text(exc))
        return False, None
    except Exception as exc:
        show_error(dialog, exc)
        return False, None
    return True, result


# --- Passphrase -------------------------------------------------------------------------


class PassphraseDialog(QDialog):
    """Ask for the passphrase of an existing file and open it with ``opener``.

    A wrong passphrase shows the Danish error text in the dialog, which stays open for
    another try. After ``accept`` the open store is in :attr:`store`.
    """

    def __init__(
        self,
        parent: QWidget | None,
        path: Path,
        opener: Callable[[str], Store],
        error: str | None = None,
        *,
        offer_remember: bool = False,
        forgot: Callable[[QWidget], Store | None] | None = None,
    ) -> None:
        super().__init__(parent)
        # The first window a person meets: it says which program asks for the passphrase.
        self.setWindowTitle(self.tr("Åbn organisation – Forandring Desktop"))
        self.setMinimumWidth(DIALOG_WIDTH)
        self._opener = opener
        self._forgot = forgot
        self.store: Store | None = None
        self.passphrase = ""  # the one that opened the file (for "remember"), after accept

        layout = QVBoxLayout(self)
        layout.addWidget(
            text_label(
                self.tr(
                    "Forandring Desktop: skriv din adgangskode til organisationsfilen {file}."
                ).format(file=path.name)
            )
        )
        self.passphrase_edit = QLineEdit(self)
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName(self.tr("Adgangskode"))
        form = QFormLayout()
        form.addRow(self.tr("&Adgangskode:"), self.passphrase_edit)
        layout.addLayout(form)
        self.remember_box = QCheckBox(self.tr("&Husk på denne computer"), self)
        self.remember_box.setAccessibleName(self.tr("Husk adgangskoden på denne computer"))
        self.remember_box.setToolTip(
            self.tr(
                "Adgangskoden gemmes i styresystemets nøglering for din brugerkonto. Alle, "
                "der kan logge ind som dig på computeren, kan så åbne filen uden at skrive "
                "den. Brug det kun på en computer, som kun du bruger."
            )
        )
        self.remember_box.toggled.connect(self._remember_toggled)
        self.remember_note = text_label()
        self.remember_note.hide()
        if offer_remember:
            layout.addWidget(self.remember_box)
            layout.addWidget(self.remember_note)
        else:
            self.remember_box.hide()
        self.error_label = ErrorLabel(self)
        layout.addWidget(self.error_label)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button.setText(self.tr("Åbn"))
        self.ok_button.setAccessibleName(self.tr("Åbn"))
        self.forgot_button: QPushButton | None = None
        if forgot is not None:
            self.forgot_button = self.buttons.addButton(
                self.tr("&Glemt adgangskoden?"), QDialogButtonBox.ButtonRole.ResetRole
            )
            self.forgot_button.setAccessibleName(self.tr("Glemt adgangskoden"))
            self.forgot_button.clicked.connect(self._on_forgot)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.passphrase_edit.textChanged.connect(self._update_ok)
        self._update_ok()
        if error:
            self.error_label.show_message(error)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.passphrase_edit.text()))

    def wants_remember(self) -> bool:
        return self.remember_box.isVisibleTo(self) and self.remember_box.isChecked()

    def _remember_toggled(self, checked: bool) -> None:
        if checked and not remember.keyring_available():
            self.remember_box.setChecked(False)
            self.remember_box.setEnabled(False)
            self.remember_note.setText(str(remember.RememberUnavailableError()))
            self.remember_note.show()

    def _on_forgot(self) -> None:
        if self._forgot is None:
            return
        store = self._forgot(self)
        if store is not None:
            self.store = store
            super().accept()

    def accept(self) -> None:
        passphrase = self.passphrase_edit.text()
        if not passphrase:
            return
        try:
            # The opener derives the key in the background itself (ui/opening.py), and may
            # show the damaged-file dialog, which must open on this thread.
            opened = self._opener(passphrase)
        except ForandringError as exc:
            self.error_label.show_message(str(exc))
            self.passphrase_edit.selectAll()
            self.passphrase_edit.setFocus()
            return
        except Exception as exc:
            show_error(self, exc)
            return
        assert isinstance(opened, Store)
        self.store = opened
        self.passphrase = passphrase
        super().accept()


# --- New organisation -------------------------------------------------------------------


class NewOrganisationDialog(QDialog):
    """Name, the first administrator's name and passphrase (twice) for a new file;
    ``create(name, passphrase, admin_name)`` makes it.

    With ``ask_name=False`` the organisation's name is not asked (importing a JSON export
    into a new file). OK stays disabled until everything is valid; a failure from ``create``
    is shown in the dialog. After ``accept`` the new store is in :attr:`store`.
    """

    def __init__(
        self,
        parent: QWidget | None,
        path: Path,
        create: Callable[[str, str, str], Store],
        *,
        ask_name: bool = True,
    ) -> None:
        super().__init__(parent)
        self._create = create
        self.setMinimumWidth(DIALOG_WIDTH)
        self._ask_name = ask_name
        self.store: Store | None = None
        self.setWindowTitle(
            self.tr("Ny organisation") if ask_name else self.tr("Adgangskode til den nye fil")
        )

        layout = QVBoxLayout(self)
        layout.addWidget(
            text_label(self.tr("Der oprettes en ny, krypteret fil: {file}").format(file=path.name))
        )
        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(SHORT_TEXT_MAX)
        self.name_edit.setAccessibleName(self.tr("Organisationens navn"))
        if ask_name:
            form.addRow(self.tr("Organisationens &navn:"), self.name_edit)
        else:
            self.name_edit.hide()
        self.admin_name_edit = QLineEdit(self)
        self.admin_name_edit.setMaxLength(SHORT_TEXT_MAX)
        self.admin_name_edit.setPlaceholderText(DEFAULT_ADMIN_NAME)
        self.admin_name_edit.setAccessibleName(self.tr("Dit navn (administrator)"))
        form.addRow(self.tr("&Dit navn:"), self.admin_name_edit)
        self.passphrase_edit = QLineEdit(self)
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName(self.tr("Adgangskode"))
        form.addRow(self.tr("&Adgangskode:"), self.passphrase_edit)
        self.repeat_edit = QLineEdit(self)
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit.setAccessibleName(self.tr("Gentag adgangskoden"))
        form.addRow(self.tr("&Gentag adgangskoden:"), self.repeat_edit)
        layout.addLayout(form)
        layout.addWidget(
            text_label(
                self.tr(
                    "Du bliver filens første administrator og kan siden give andre "
                    "medarbejdere adgang med deres egen adgangskode. Filen indeholder "
                    "følsomme personoplysninger og krypteres; din adgangskode skal have "
                    "mindst {n} tegn. Bagefter får du en gendannelsesnøgle, der skal gemmes "
                    "et sikkert sted."
                ).format(n=MIN_PASSPHRASE_LENGTH)
            )
        )
        self.message_label = ErrorLabel(self)
        layout.addWidget(self.message_label)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button.setText(self.tr("Opret") if ask_name else self.tr("Importér"))
        self.ok_button.setAccessibleName(self.ok_button.text())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        for edit in (self.name_edit, self.passphrase_edit, self.repeat_edit):
            edit.textChanged.connect(self._validate)
        self._validate()

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def name(self) -> str:
        return self.name_edit.text().strip()

    def passphrase(self) -> str:
        return self.passphrase_edit.text()

    def admin_name(self) -> str:
        return self.admin_name_edit.text().strip() or DEFAULT_ADMIN_NAME

    def problem(self) -> str | None:
        """What still keeps OK disabled, in Danish (None when everything is valid)."""
        if self._ask_name and not self.name():
            return self.tr("Skriv organisationens navn.")
        if len(self.passphrase()) < MIN_PASSPHRASE_LENGTH:
            return self._too_short()
        if self.repeat_edit.text() != self.passphrase():
            return self._mismatch()
        return None

    def _too_short(self) -> str:
        return self.tr("Adgangskoden skal have mindst {n} tegn.").format(n=MIN_PASSPHRASE_LENGTH)

    def _mismatch(self) -> str:
        return self.tr("De to adgangskoder er ikke ens.")

    def _shown_problem(self) -> str | None:
        """Only complain about what the user has started on; an empty form just waits."""
        passphrase, repeat = self.passphrase(), self.repeat_edit.text()
        if repeat and repeat != passphrase:
            return self._mismatch()
        if repeat and len(passphrase) < MIN_PASSPHRASE_LENGTH:
            return self._too_short()
        if self._ask_name and not self.name() and (passphrase or repeat):
            return self.tr("Skriv organisationens navn.")
        return None

    def _validate(self) -> None:
        self.ok_button.setEnabled(self.problem() is None)
        shown = self._shown_problem()
        if shown:
            self.message_label.show_message(shown)
        else:
            self.message_label.clear_message()

    def accept(self) -> None:
        if self.problem() is not None:
            return
        name, passphrase, admin = self.name(), self.passphrase(), self.admin_name()
        ok, made = wait_in_dialog(
            self,
            lambda: self._create(name, passphrase, admin),
            text=self.tr("Opretter den krypterede fil …"),
            errors=self.message_label,
        )
        if not ok:
            return
        assert isinstance(made, Store)
        self.store = made
        super().accept()


# --- Remember on this computer ------------------------------------------------------------


def is_remembered(path: Path) -> bool:
    """Whether the user chose "Husk på denne computer" for ``path``."""
    return REMEMBERED.get(path)


def remembered_passphrase_for(path: Path) -> str | None:
    """The remembered passphrase (only asks the keyring for files the user ticked)."""
    if not is_remembered(path):
        return None
    return remember.remembered_passphrase(path)


def remember_for(path: Path, passphrase: str) -> str | None:
    """Remember the passphrase; None when done, else a Danish note why not."""
    try:
        remember.remember_passphrase(path, passphrase)
    except ForandringError as exc:
        return str(exc)
    REMEMBERED.set(path, True)
    return None


def forget_for(path: Path) -> None:
    remember.forget_passphrase(path)
    REMEMBERED.clear(path)
