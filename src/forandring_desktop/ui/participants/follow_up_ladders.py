"""One ladder in the follow-up dialog: its section (the staircase with the staff's and the
participant's step, the note, the action) and the step's signs shown under it; what the
section holds becomes the follow-up's rating on that ladder.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from forandring_desktop.model import Ladder, LadderRating
from forandring_desktop.model.follow_up import RatingValues, action_for, step_of
from forandring_desktop.ui.participants.follow_up_fields import (
    NoteField,
    SectionBox,
    kept,
    mnemonic_safe,
    muted,
)
from forandring_desktop.ui.participants.step_markers import StepMarkers
from forandring_desktop.ui.widgets import text_label


@dataclass(eq=False)
class LadderRow:
    """The widgets for one ladder in the dialog."""

    enrolment_id: uuid.UUID
    ladder: Ladder
    box: SectionBox
    markers: StepMarkers
    note_edit: NoteField
    action_edit: NoteField
    signs_label: QLabel
    rating: LadderRating | None = None  # what the form started from
    shown_staff: uuid.UUID | None = None  # the staff step the action last followed

    def values(self) -> RatingValues:
        staff = self.markers.staff()
        old_note = self.rating.note if self.rating is not None else ""
        old_action = self.rating.action if self.rating is not None else ""
        return RatingValues(
            enrolment_id=self.enrolment_id,
            staff_step_id=staff,
            participant_step_id=self.markers.participant(),
            note=kept(self.note_edit.text(), old_note),
            action=kept(self.action_edit.text(), old_action, action_for(self.ladder, staff)),
        )


NOTE_LINES, ACTION_LINES = 2, 3  # room for a week's note and a step's whole action


def ladder_section(
    content: QWidget,
    number: int,
    enrolment_id: uuid.UUID,
    ladder: Ladder,
    rating: LadderRating | None,
) -> LadderRow:
    """The section for ladder ``number`` (1, 2, …; Alt+1 … Alt+9 go to it): the
    staircase, the note and the action (the caller places ``row.box``)."""
    title = ladder.title or ladder.change_goal
    box = SectionBox(
        QCoreApplication.translate("FollowUpDialog", "Måltrappe &{n}: {title}").format(
            n=number, title=mnemonic_safe(title)
        )
        if number <= 9
        else QCoreApplication.translate("FollowUpDialog", "Måltrappe {n}: {title}").format(
            n=number, title=mnemonic_safe(title)
        ),
        content,
    )
    box_layout = QVBoxLayout(box)
    box_layout.addWidget(
        text_label(
            QCoreApplication.translate("FollowUpDialog", "Forandringsmål: {goal}").format(
                goal=ladder.change_goal
            )
        )
    )
    markers = StepMarkers(parent=box)
    box.entry = markers
    box_layout.addWidget(markers)
    form = QFormLayout()
    note_edit = NoteField(NOTE_LINES, box)
    note_edit.setAccessibleName(
        QCoreApplication.translate("FollowUpDialog", "Note til måltrappen {title}").format(
            title=title
        )
    )
    note_edit.setPlaceholderText(QCoreApplication.translate("FollowUpDialog", "Hvad så I i ugen?"))
    action_edit = NoteField(ACTION_LINES, box)
    action_edit.setAccessibleName(
        QCoreApplication.translate("FollowUpDialog", "Handling på måltrappen {title}").format(
            title=title
        )
    )
    action_edit.setPlaceholderText(
        QCoreApplication.translate("FollowUpDialog", "Hvad gør I nu for at hjælpe personen op?")
    )
    if rating is not None:
        note_edit.setText(rating.note)
        action_edit.setText(rating.action)
    signs_label = text_label()
    muted(signs_label)
    form.addRow(QCoreApplication.translate("FollowUpDialog", "Note:"), note_edit)
    form.addRow(QCoreApplication.translate("FollowUpDialog", "Handling:"), action_edit)
    box_layout.addLayout(form)
    box_layout.addWidget(signs_label)
    box_layout.addStretch(1)  # side by side, a shorter section keeps its fields at the top
    row = LadderRow(
        enrolment_id=enrolment_id,
        box=box,
        ladder=ladder,
        markers=markers,
        note_edit=note_edit,
        action_edit=action_edit,
        signs_label=signs_label,
        rating=rating,
    )
    return row


def show_signs(row: LadderRow) -> None:
    """The signs (TEGN) of the staff's step under the ladder; the action's tooltip too."""
    step = step_of(row.ladder, row.markers.staff())
    if step is None:
        text = QCoreApplication.translate(
            "FollowUpDialog", "Vælg medarbejderens trin med ↑/↓ – så foreslås trinnets handling."
        )
    else:
        level = row.markers.level_of(step.id)
        where = (
            QCoreApplication.translate("FollowUpDialog", "trin {n}").format(n=level)
            if level is not None
            else QCoreApplication.translate("FollowUpDialog", "udgået trin")
        )
        text = QCoreApplication.translate("FollowUpDialog", "TEGN på {step}: {signs}").format(
            step=where,
            signs=step.signs
            or QCoreApplication.translate("FollowUpDialog", "ingen tegn beskrevet"),
        )
    row.signs_label.setText(text)
    row.action_edit.setAccessibleDescription(text)
    row.action_edit.setToolTip(text)
