"""The Medarbejdere menu of the main window and the lock: who is working, staff and their
passphrases, the recovery key, the auto-lock, "Husk på denne computer" and the audit log.

A part of :class:`~forandring_desktop.ui.main_window.MainWindow` (``ui/parts.py``): not a
widget of its own; its texts keep the window's context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from forandring_desktop.model import ForandringError
from forandring_desktop.model.staff import Actor, Role
from forandring_desktop.services.staff import (
    has_recovery_key,
    list_staff,
    new_recovery_key,
    unlock,
)
from forandring_desktop.ui.audit import AuditLogDialog
from forandring_desktop.ui.background import wait_for
from forandring_desktop.ui.dialogs import forget_for, is_remembered, remember_for, show_error
from forandring_desktop.ui.lock import LockSettingsDialog, lock_minutes, set_lock_minutes
from forandring_desktop.ui.parts import WidgetPart
from forandring_desktop.ui.recovery import RecoveryKeyDialog
from forandring_desktop.ui.staff import ChangePassphraseDialog, StaffDialog, actor_text
from forandring_desktop.ui.sync_conflicts import ConflictsDialog

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QUndoStack
    from PySide6.QtWidgets import QLabel, QStatusBar

    from forandring_desktop.ui.lock import LockController
    from forandring_desktop.ui.workspace import Workspace

SAVED_MESSAGE_MS = 2500


class StaffMenu(WidgetPart):
    """Staff, passphrases, the recovery key and the lock: a part of the main window."""

    if TYPE_CHECKING:  # what this part uses of the window it belongs to
        workspace: Workspace
        undo_stack: QUndoStack
        lock: LockController
        actor_label: QLabel
        audit_action: QAction
        export_action: QAction
        recovery_key_action: QAction
        forget_action: QAction
        recovery_dialog: RecoveryKeyDialog | None
        _actor_id: object

        def statusBar(self) -> QStatusBar: ...

    def _show_actor(self) -> None:
        actor = self.workspace.store.actor
        self._actor_id = actor.staff_id
        text = QCoreApplication.translate("MainWindow", "Logget ind som {who}").format(
            who=actor_text(actor)
        )
        self.actor_label.setText(text)
        self.actor_label.setAccessibleName(text)
        self._update_staff_actions()
        if not self.lock.is_locked:  # the audit log is for administrators only
            self.audit_action.setEnabled(actor.role is Role.ADMIN)

    def _update_staff_actions(self) -> None:
        if self.lock.is_locked:
            return  # the lock keeps every action disabled until it is unlocked
        admin = self.workspace.store.actor.role is Role.ADMIN
        self.recovery_key_action.setEnabled(admin)
        # The plain JSON export of the whole organisation is for administrators only (the
        # service refuses it too); a staff member is told why and what to use instead.
        self.export_action.setEnabled(admin)
        self.export_action.setToolTip(
            QCoreApplication.translate(
                "MainWindow", "Eksportér som JSON: hele organisationen i én ukrypteret eksportfil"
            )
            if admin
            else QCoreApplication.translate(
                "MainWindow",
                "Kun en administrator kan eksportere hele organisationen: eksportfilen er "
                "ukrypteret og rummer deltagernes navne. Lav i stedet en sikkerhedskopi "
                "(Filer ▸ Sikkerhedskopier); den er krypteret.",
            )
        )
        self.forget_action.setEnabled(is_remembered(self.workspace.store.path))

    def _unlock_store(self, passphrase: str, another: bool) -> Actor:
        """The lock's check: the one working, or (``another``) any staff member."""
        store = self.workspace.store
        return unlock(store, passphrase, only=None if another else store.actor.staff_id)

    def _on_locked(self) -> None:
        # Nobody's name while locked: the status bar says only that it is locked.
        text = QCoreApplication.translate("MainWindow", "Låst")
        self.actor_label.setText(text)
        self.actor_label.setAccessibleName(text)
        self.actor_label.setToolTip("")

    def _on_unlocked(self, actor: Actor) -> None:
        if actor.staff_id != self._actor_id:
            # Someone else works now: the previous person's edits are not theirs to undo.
            self.undo_stack.clear()
        self._show_actor()
        self.statusBar().showMessage(
            QCoreApplication.translate("MainWindow", "Låst op af {name}").format(name=actor.name),
            SAVED_MESSAGE_MS,
        )

    def show_audit_log(self) -> None:
        try:
            dialog = AuditLogDialog(self.workspace.store, self)
        except ForandringError as exc:  # AccessDeniedError for staff members
            show_error(self, exc)
            return
        dialog.exec()

    def show_sync_conflicts(self) -> None:
        ConflictsDialog(self.workspace, self).exec()

    def manage_staff(self) -> None:
        StaffDialog(self, self.workspace.store).exec()
        store = self.workspace.store
        if store.actor.staff_id not in {a.staff_id for a in list_staff(store)}:
            self.lock.lock(another_member=True)  # you removed yourself: someone else unlocks
            return
        self._show_actor()

    def change_own_passphrase(self) -> None:
        dialog = ChangePassphraseDialog(self, self.workspace.store)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        path = self.workspace.store.path
        if is_remembered(path):
            remember_for(path, dialog.new_passphrase())  # keep "remember" working
        self.statusBar().showMessage(
            QCoreApplication.translate("MainWindow", "Din adgangskode er skiftet."),
            SAVED_MESSAGE_MS,
        )

    def make_recovery_key(self) -> None:
        store = self.workspace.store
        caption = QCoreApplication.translate("MainWindow", "Ny gendannelsesnøgle")
        try:
            exists = has_recovery_key(store)
        except ForandringError as exc:
            show_error(self, exc)
            return
        if exists:
            answer = QMessageBox.question(
                self,
                caption,
                QCoreApplication.translate(
                    "MainWindow",
                    "Filen har allerede en gendannelsesnøgle. Den holder op med at virke, når "
                    "du laver en ny. Vil du fortsætte?",
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        dialog = self._recovery_key_dialog()
        if dialog is not None:
            dialog.exec()

    def offer_recovery_key(self) -> None:
        """Right after a new file is made: its recovery key, shown once (window-modal)."""
        dialog = self._recovery_key_dialog()
        if dialog is not None:
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()

    def _recovery_key_dialog(self) -> RecoveryKeyDialog | None:
        store = self.workspace.store
        try:
            key = wait_for(
                self,
                lambda _progress: new_recovery_key(store),
                caption=QCoreApplication.translate("MainWindow", "Ny gendannelsesnøgle"),
                text=QCoreApplication.translate("MainWindow", "Laver gendannelsesnøglen …"),
            )
        except ForandringError as exc:
            show_error(self, exc)
            return None
        assert isinstance(key, str)
        self.recovery_dialog = RecoveryKeyDialog(self, key, store.path.name)
        return self.recovery_dialog

    def lock_settings(self) -> None:
        dialog = LockSettingsDialog(self, lock_minutes())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            set_lock_minutes(dialog.minutes())
            self.lock.set_timeout(lock_minutes() * 60_000)

    def forget_passphrase(self) -> None:
        forget_for(self.workspace.store.path)
        self._update_staff_actions()
        self.statusBar().showMessage(
            QCoreApplication.translate("MainWindow", "Adgangskoden er glemt på denne computer."),
            SAVED_MESSAGE_MS,
        )
