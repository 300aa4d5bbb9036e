"""The fields the participant dialogs share (intake 'ind ad døren', exit 'ud af døren'):
dates as dd-mm-åååå, an editable list of names, a ladder's steps to choose from, a
challenge's weight 0-10, and the scrolling body of a long form.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import Ladder
from forandring_desktop.model.base import SHORT_TEXT_MAX
from forandring_desktop.ui.dates import DATE_FORMAT
from forandring_desktop.ui.ladder.words import plain_tooltip, step_name

NO_WEIGHT = -1  # the weight box's blank value
STEP_TEXT_SHOWN = 70  # characters of a step's text shown in a step list


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def scrolling_body(dialog: QWidget, name: str) -> tuple[QWidget, QVBoxLayout, QScrollArea]:
    """A dialog's long form: the content widget, its layout and the scroll area around it."""
    content = QWidget()
    body = QVBoxLayout(content)
    scroll = QScrollArea(dialog)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setAccessibleName(name)
    scroll.setWidget(content)
    return content, body, scroll


def date_edit(day: date, parent: QWidget | None = None) -> QDateEdit:
    """A date field with a calendar popup, typed as dd.mm.åååå (ui/dates.py)."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setDate(to_qdate(day))
    return edit


def step_text(level: int, count: int, text: str) -> str:
    """'1. UDGANGSPUNKTET – Benægter …': the step's number, the guide's name, its sub-goal."""
    first_line = text.strip().splitlines()[0] if text.strip() else ""
    if len(first_line) > STEP_TEXT_SHOWN:
        first_line = first_line[: STEP_TEXT_SHOWN - 1].rstrip() + "…"
    label = f"{level}. {step_name(level, count)}"
    return f"{label} – {first_line}" if first_line else label


def name_combo(parent: QWidget, names: Sequence[str], accessible: str) -> QComboBox:
    """An editable list of names (mentors, municipalities): each name once, whatever its
    case; empty to begin with."""
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    seen: set[str] = set()
    for name in names:
        key = name.strip().casefold()
        if key and key not in seen:
            seen.add(key)
            combo.addItem(name.strip())
    combo.setCurrentIndex(-1)
    combo.setEditText("")
    line = combo.lineEdit()
    if line is not None:
        line.setMaxLength(SHORT_TEXT_MAX)
    combo.setAccessibleName(accessible)
    return combo


class StepCombo(QComboBox):
    """The live steps of one ladder, bottom-up (1 = UDGANGSPUNKTET); ``none_text`` adds a
    first entry meaning 'no step'. A retired step a record points at is kept as an entry."""

    def __init__(
        self, ladder: Ladder, *, none_text: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ladder = ladder
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(28)
        if none_text is not None:
            self.addItem(none_text, "")
        steps = ladder.live_steps()
        for level, step in enumerate(steps, start=1):
            self.addItem(step_text(level, len(steps), step.text), str(step.id))
            self.setItemData(
                self.count() - 1, plain_tooltip(step.text), Qt.ItemDataRole.ToolTipRole
            )

    def step_id(self) -> uuid.UUID | None:
        data = self.currentData()
        return uuid.UUID(data) if data else None

    def set_step_id(self, step_id: uuid.UUID | None) -> None:
        key = str(step_id) if step_id is not None else ""
        index = self.findData(key)
        if index < 0 and step_id is not None:
            self.addItem(self.tr("Udgået trin (ikke længere på trappen)"), key)
            index = self.count() - 1
        if index >= 0:
            self.setCurrentIndex(index)

    def level(self) -> int | None:
        step_id = self.step_id()
        return self.ladder.level_of(step_id) if step_id is not None else None


class WeightSpin(QSpinBox):
    """How much a challenge fills, 0-10 (seed 003's scale); '–' (the lowest value) = none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(NO_WEIGHT, 10)
        self.setSpecialValueText("–")
        self.setToolTip(
            self.tr(
                "Hvor meget fylder det? 0 = slet ikke, 10 = overskygger alt andet. "
                "– = ikke vurderet."
            )
        )

    def weight(self) -> int | None:
        value = self.value()
        return None if value == NO_WEIGHT else value

    def set_weight(self, weight: int | None) -> None:
        self.setValue(NO_WEIGHT if weight is None else weight)
