"""The rows of the intake dialog: a door-sheet note to tick as a challenge (with its
weight), a challenge of the person's own, and a ladder to place the person on (start step
and personal goal). Each row keeps its choice in a small record the dialog owns, so a row
can be rebuilt (another target group chosen) without losing what was ticked.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QWidget,
)

from forandring_desktop.model import Colour, Ladder
from forandring_desktop.model.intake import ChallengeDraft, EnrolmentDraft, goal_problem
from forandring_desktop.ui.participants.fields import StepCombo, WeightSpin
from forandring_desktop.ui.widgets import ErrorLabel, colour_icon, colour_word, text_label


@dataclass
class _NoteChoice:
    """One 'ind ad døren' note in the checklist: ticked or not, with its weight."""

    text: str
    colour: Colour | None = None
    checked: bool = False
    weight: int | None = None
    challenge_id: uuid.UUID | None = None  # the participant's challenge made from it


@dataclass
class _LadderChoice:
    checked: bool
    start_id: uuid.UUID | None
    goal_id: uuid.UUID | None


class _NoteText(QLabel):
    """The note's text beside its check box: word-wrapped (a long note never widens the
    form past the screen), and a click on it ticks the box as a check box's own text would."""

    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class _NoteRow(QFrame):
    """One note: the box, the text and the weight right after it (not at the far right of
    a maximised dialog), on a band shaded every other row so the eye keeps to the row."""

    TEXT_CHARS = 60  # the text column's width, in average characters

    def __init__(self, note_id: uuid.UUID, choice: _NoteChoice, parent: QWidget) -> None:
        super().__init__(parent)
        self.note_id = note_id
        self.choice = choice
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        self.check = QCheckBox(self)
        self.check.setAccessibleName(choice.text)
        self.label = _NoteText(choice.text, self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setFixedWidth(self.fontMetrics().averageCharWidth() * self.TEXT_CHARS)
        self.label.clicked.connect(self.check.toggle)
        if choice.colour is not None:
            self.check.setIcon(colour_icon(choice.colour))
            word = colour_word(choice.colour)
            self.check.setToolTip(word)
            self.check.setAccessibleDescription(word)
            self.label.setToolTip(word)
        self.check.setChecked(choice.checked)
        self.weight = WeightSpin(self)
        self.weight.setAccessibleName(
            self.tr("Hvor meget fylder det? 0-10: {text}").format(text=choice.text[:60])
        )
        self.weight.set_weight(choice.weight)
        self.weight.setEnabled(choice.checked)
        layout.addWidget(self.check, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label)
        layout.addWidget(self.weight, 0, Qt.AlignmentFlag.AlignTop)
        layout.addStretch(1)
        self.check.toggled.connect(self._toggled)
        self.weight.valueChanged.connect(self._weighted)

    def text(self) -> str:
        return self.choice.text

    def set_shaded(self, shaded: bool) -> None:
        """The row guide: every other row on the palette's alternate base colour."""
        self.setAutoFillBackground(shaded)
        self.setBackgroundRole(
            QPalette.ColorRole.AlternateBase if shaded else QPalette.ColorRole.Window
        )

    def _toggled(self, checked: bool) -> None:
        self.choice.checked = checked
        self.weight.setEnabled(checked)

    def _weighted(self) -> None:
        self.choice.weight = self.weight.weight()


class _FreeRow(QWidget):
    """A challenge of the person's own, not from a door sheet."""

    def __init__(
        self,
        parent: QWidget,
        text: str = "",
        weight: int | None = None,
        challenge_id: uuid.UUID | None = None,
        source_note_id: uuid.UUID | None = None,
    ) -> None:
        super().__init__(parent)
        self.challenge_id = challenge_id
        self.source_note_id = source_note_id
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(text, self)
        self.edit.setAccessibleName(self.tr("Egen udfordring"))
        self.edit.setPlaceholderText(self.tr("Beskriv udfordringen"))
        self.weight = WeightSpin(self)
        self.weight.setAccessibleName(self.tr("Hvor meget fylder det? 0-10 (egen udfordring)"))
        self.weight.set_weight(weight)
        self.remove_button = QPushButton(self.tr("Fjern"), self)
        self.remove_button.setAccessibleName(self.tr("Fjern egen udfordring"))
        self.remove_button.setAutoDefault(False)
        # As wide as a note's box and text, so its weight lines up under theirs.
        style = self.style()
        self.edit.setMaximumWidth(
            self.fontMetrics().averageCharWidth() * _NoteRow.TEXT_CHARS
            + style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
            + 2 * style.pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)
            + 12
        )
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.weight)
        layout.addWidget(self.remove_button)
        layout.addStretch(0)

    def draft(self) -> ChallengeDraft | None:
        text = self.edit.text().strip()
        if not text:
            return None
        return ChallengeDraft(
            text=text,
            weight=self.weight.weight(),
            source_note_id=self.source_note_id,
            id=self.challenge_id,
        )


class _LadderRow(QFrame):
    """One ladder: 'Placér på trappen', the start step and the personal goal."""

    def __init__(
        self, ladder: Ladder, choice: _LadderChoice, for_group: bool, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.ladder = ladder
        self.choice = choice
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        title = ladder.change_goal if not ladder.title else f"{ladder.title}: {ladder.change_goal}"
        self.title_label = text_label(title, bold=True)
        grid.addWidget(self.title_label, 0, 0, 1, 2)
        if for_group:
            grid.addWidget(text_label(self.tr("Målgruppens måltrappe")), 1, 0, 1, 2)
        self.check = QCheckBox(self.tr("Placér på trappen"), self)
        self.check.setAccessibleName(
            self.tr("Placér på trappen: {goal}").format(goal=ladder.change_goal)
        )
        grid.addWidget(self.check, 2, 0, 1, 2)
        self.start = StepCombo(ladder, parent=self)
        self.start.setAccessibleName(
            self.tr("Starttrin (ind ad døren): {goal}").format(goal=ladder.change_goal)
        )
        self.goal = StepCombo(ladder, none_text=self.tr("Intet personligt mål endnu"), parent=self)
        self.goal.setAccessibleName(
            self.tr("Personligt mål (ud af døren): {goal}").format(goal=ladder.change_goal)
        )
        start_label = QLabel(self.tr("Start (ind ad døren):"), self)
        start_label.setBuddy(self.start)
        goal_label = QLabel(self.tr("Personligt mål (ud af døren):"), self)
        goal_label.setBuddy(self.goal)
        grid.addWidget(start_label, 3, 0)
        grid.addWidget(self.start, 3, 1)
        grid.addWidget(goal_label, 4, 0)
        grid.addWidget(self.goal, 4, 1)
        grid.setColumnStretch(1, 1)
        self.error_label = ErrorLabel(self)
        grid.addWidget(self.error_label, 5, 0, 1, 2)
        if not ladder.live_steps():
            grid.addWidget(text_label(self.tr("Trappen har ingen trin endnu.")), 6, 0, 1, 2)
            self.check.setEnabled(False)

        self.check.setChecked(choice.checked)
        self.start.set_step_id(choice.start_id)
        self.goal.set_step_id(choice.goal_id)
        self._enable()
        self.check.toggled.connect(self._changed)
        self.start.currentIndexChanged.connect(self._changed)
        self.goal.currentIndexChanged.connect(self._changed)
        self.check_goal()

    def _enable(self) -> None:
        on = self.check.isChecked()
        self.start.setEnabled(on)
        self.goal.setEnabled(on)

    def _changed(self) -> None:
        self.choice.checked = self.check.isChecked()
        self.choice.start_id = self.start.step_id()
        self.choice.goal_id = self.goal.step_id()
        self._enable()
        self.check_goal()

    def problem(self) -> str | None:
        start = self.start.step_id()
        if not self.check.isChecked() or start is None:
            return None
        problem = goal_problem(self.ladder, start, self.goal.step_id())
        return problem

    def check_goal(self) -> str | None:
        problem = self.problem()
        if problem:
            self.error_label.show_message(problem)
        else:
            self.error_label.clear_message()
        return problem

    def draft(self) -> EnrolmentDraft | None:
        start = self.start.step_id()
        if not self.check.isChecked() or start is None:
            return None
        return EnrolmentDraft(self.ladder.id, start, self.goal.step_id())
