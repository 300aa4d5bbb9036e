"""The participants page's gestures: a new participant 'ind ad døren', the intake edited, a
follow-up recorded or edited, 'ud af døren', the main areas, and the privacy tools. Each
dialog only builds the changed participant; the gesture stores it as one undo step.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog

from forandring_desktop.model import (
    FollowUp,
    Ladder,
    OrganisationDocument,
    Participant,
    utcnow,
)
from forandring_desktop.model.participants import ParticipantSummary
from forandring_desktop.services.organisation import update_organisation
from forandring_desktop.services.participants import (
    delete_follow_up,
    save_exit,
    save_follow_up,
    save_intake,
    set_participant_deleted,
)
from forandring_desktop.services.reporting import names_in_notes
from forandring_desktop.ui.operations import Action, push_op
from forandring_desktop.ui.participants.areas import MainAreasDialog
from forandring_desktop.ui.participants.exit import ExitDialog
from forandring_desktop.ui.participants.follow_up import FollowUpDialog
from forandring_desktop.ui.participants.intake import IntakeDialog
from forandring_desktop.ui.parts import WidgetPart
from forandring_desktop.ui.privacy import PrivacyDialog
from forandring_desktop.ui.privacy_actions import PrivacyActions
from forandring_desktop.ui.workspace import Reveal

if TYPE_CHECKING:
    from forandring_desktop.ui.workspace import Workspace


def changed_follow_up(before: Participant, after: Participant) -> FollowUp | None:
    """The one follow-up a dialog added or changed (None: it changed none)."""
    old = {f.id: f for f in before.follow_ups}
    return next((f for f in after.follow_ups if old.get(f.id) != f), None)


class ParticipantGestures(WidgetPart):
    """The gestures of the participants page: not a widget of its own, a part of
    :class:`~forandring_desktop.ui.pages.participants.ParticipantsPage` (its texts keep that
    context)."""

    if TYPE_CHECKING:  # what this part uses of the page it belongs to
        workspace: Workspace
        document: OrganisationDocument | None
        rows: list[ParticipantSummary]
        today: Callable[[], datetime.date]
        privacy_jobs: PrivacyActions

        def selected_id(self) -> uuid.UUID | None: ...

        def selected_participant(self) -> Participant | None: ...

        def select(self, participant_id: uuid.UUID | None) -> None: ...

        def _ladders(self) -> dict[uuid.UUID, Ladder]: ...

    def _intake_dialog(
        self, document: OrganisationDocument, participant: Participant | None
    ) -> IntakeDialog:
        """The intake dialog, offering the mentors and municipalities already in use."""
        return IntakeDialog(
            document,
            participant,
            mentors=sorted({r.mentor for r in self.rows if r.mentor}),
            municipalities=sorted({r.municipality for r in self.rows if r.municipality}),
            today=self.today(),
            parent=self,
        )

    def new_participant(self) -> None:
        if self.document is None:
            return
        dialog = self._intake_dialog(self.document, None)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        person = dialog.result_participant()
        self._push(
            QCoreApplication.translate("ParticipantsPage", "Indskriv {code}").format(
                code=person.code
            ),
            first=lambda store: save_intake(store, person),
            back=lambda store: set_participant_deleted(store, person.id, deleted=True),
            again=lambda store: set_participant_deleted(store, person.id, deleted=False),
            select=person.id,
        )

    def edit_intake(self) -> None:
        before = self.selected_participant()
        if before is None or self.document is None:
            return
        dialog = self._intake_dialog(self.document, before)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            after = dialog.result_participant()
            if after is not before:  # the dialog changed nothing: no undo step
                self._push(
                    QCoreApplication.translate(
                        "ParticipantsPage", "Ret indskrivning af {code}"
                    ).format(code=after.code),
                    first=lambda store: save_intake(store, after),
                    back=lambda store: save_intake(store, before),
                    select=after.id,
                )

    def new_follow_up(self) -> None:
        self._follow_up(None)

    def edit_follow_up(self, follow_up_id: uuid.UUID) -> None:
        self._follow_up(follow_up_id)

    def _follow_up(self, follow_up_id: uuid.UUID | None) -> None:
        before = self.selected_participant()
        if before is None or self.document is None:
            return
        existing = next((f for f in before.follow_ups if f.id == follow_up_id), None)
        dialog = FollowUpDialog(
            before,
            self._ladders(),
            list(self.document.organisation.main_areas),
            follow_up=existing,
            today=self.today(),
            names=names_in_notes(self.workspace.store, before.id),
            parent=self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        follow_up = changed_follow_up(before, dialog.result_participant())
        if follow_up is None:
            return  # nothing changed: no undo step, nothing written
        pid = before.id
        if existing is None:
            text = QCoreApplication.translate("ParticipantsPage", "Opfølgning for {code}").format(
                code=before.code
            )
            undo: Action = lambda store: delete_follow_up(store, pid, follow_up.id)  # noqa: E731
        else:
            text = QCoreApplication.translate(
                "ParticipantsPage", "Ret opfølgning for {code}"
            ).format(code=before.code)
            undo = lambda store: save_follow_up(store, pid, existing)  # noqa: E731
        self._push(
            text,
            first=lambda store: save_follow_up(store, pid, follow_up),
            back=undo,
            select=pid,
        )

    def exit_participant(self) -> None:
        before = self.selected_participant()
        if before is None or self.document is None:
            return
        dialog = ExitDialog(self.document, before, today=self.today(), parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        after = dialog.result_participant()
        if after is before:
            return  # nothing changed: no undo step, nothing written
        final = changed_follow_up(before, after)
        previous = next((f for f in before.follow_ups if final and f.id == final.id), None)
        # The undo: the exit and end date as they were, the final follow-up as it was (or
        # gone again, when the exit added it).
        undo_final = previous or (final.changed(deleted_at=utcnow()) if final else None)
        pid = before.id
        self._push(
            QCoreApplication.translate("ParticipantsPage", "{code} ud af døren").format(
                code=after.code
            ),
            first=lambda store: save_exit(
                store, pid, after.exit, end_date=after.end_date, final=final
            ),
            back=lambda store: save_exit(
                store, pid, before.exit, end_date=before.end_date, final=undo_final
            ),
            select=pid,
        )

    def open_privacy(self) -> None:
        PrivacyDialog(self.workspace, self, today=self.today).exec()

    def _selected_row(self) -> ParticipantSummary | None:
        wanted = self.selected_id()
        return next((r for r in self.rows if r.id == wanted), None)

    def export_insight(self) -> None:
        row = self._selected_row()
        if row is not None:
            self.privacy_jobs.export_insight(row.id, row.code)

    def erase_participant(self) -> None:
        row = self._selected_row()
        if row is not None:
            self.privacy_jobs.erase(row.id, row.code)

    def edit_main_areas(self) -> None:
        if self.document is None:
            return
        before = self.document.organisation
        dialog = MainAreasDialog(before, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        old, new = list(before.main_areas), dialog.result_organisation().main_areas
        if new == old:
            return
        push_op(
            self.workspace,
            QCoreApplication.translate("ParticipantsPage", "Ret hovedområder"),
            do=lambda store: update_organisation(store, main_areas=new),
            undo=lambda store: update_organisation(store, main_areas=old),
        )

    def _push(
        self,
        text: str,
        *,
        first: Action,
        back: Action,
        again: Action | None = None,
        select: uuid.UUID,
    ) -> None:
        if push_op(
            self.workspace,
            text,
            do=first,
            undo=back,
            again=again,
            reveal=Reveal(Participant, select),
        ):
            self.select(select)
