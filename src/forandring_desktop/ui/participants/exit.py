"""'Ud af døren' for one person: the exit date, where they go, and the final status.

The guide: when a person leaves, compare where they are on each ladder with where they
started, and count the challenges resolved fully or partly. The final status is stored as
a follow-up on the exit date (the one already on that date is updated in place), and a
table shows 'ved start' beside 'ved udskrivning' while the values are chosen.

The dialog only builds the participant; the caller stores it through a service and an undo
command (and undoes an exit the same way).
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import (
    ChallengeState,
    Destination,
    Exit,
    FollowUp,
    InvalidDataError,
    OrganisationDocument,
    Participant,
)
from forandring_desktop.model.intake import (
    ExitComparison,
    LadderComparison,
    StepPoint,
    final_follow_up,
    start_and_end,
    with_exit,
)
from forandring_desktop.model.participants import (
    DESTINATION_LABEL,
    latest_states,
    latest_steps,
    live_follow_ups,
)
from forandring_desktop.reports.participant_progress import exit_summary
from forandring_desktop.ui.dates import date_text
from forandring_desktop.ui.dialogs import short_error_text
from forandring_desktop.ui.ladder.words import plain_tooltip, step_name
from forandring_desktop.ui.participants.fields import (
    StepCombo,
    date_edit,
    from_qdate,
    scrolling_body,
    to_qdate,
)
from forandring_desktop.ui.widgets import ErrorLabel, explained_box, ok_cancel_buttons, text_label

STATES = (ChallengeState.UNRESOLVED, ChallengeState.PARTLY, ChallengeState.FULLY)
LADDER_COLUMNS = 7
CHALLENGE_COLUMNS = 4


def challenge_state_word(state: ChallengeState) -> str:
    words = {
        ChallengeState.UNRESOLVED: QCoreApplication.translate("ExitDialog", "Uløst"),
        ChallengeState.PARTLY: QCoreApplication.translate("ExitDialog", "Delvist løst"),
        ChallengeState.FULLY: QCoreApplication.translate("ExitDialog", "Løst"),
    }
    return words[state]


def destination_word(destination: Destination) -> str:
    # The labels are marked for translation where the model defines them.
    label = DESTINATION_LABEL[destination]
    return QCoreApplication.translate("Destination", label)  # lupdate: marked in model


def step_cell(point: StepPoint, count: int) -> str:
    """'3. DELMÅL' for a live step, 'Udgået trin' for a retired one, '–' for none."""
    if point.step_id is None:
        return "–"
    if point.level is None:
        return QCoreApplication.translate("ExitDialog", "Udgået trin")
    return f"{point.level}. {step_name(point.level, count)}"


def moved_cell(moved: int | None) -> str:
    if moved is None:
        return "–"
    if moved > 0:
        return QCoreApplication.translate("ExitDialog", "+{n} trin").format(n=moved)
    if moved < 0:
        return QCoreApplication.translate("ExitDialog", "−{n} trin").format(n=-moved)
    return QCoreApplication.translate("ExitDialog", "0 trin")


def goal_cell(row: LadderComparison) -> str:
    reached = row.goal_reached
    if reached is None:
        return QCoreApplication.translate("ExitDialog", "Intet mål") if row.goal is None else "–"
    return (
        QCoreApplication.translate("ExitDialog", "Mål nået")
        if reached
        else QCoreApplication.translate("ExitDialog", "Ikke nået")
    )


def summary_text(comparison: ExitComparison) -> str:
    """The guide's count: how many of the challenges are resolved fully, partly, not."""
    text = exit_summary(
        comparison,
        (
            QCoreApplication.translate(
                "ExitDialog", "Ind ad døren var der ingen udfordringer registreret."
            ),
            {
                ChallengeState.FULLY: QCoreApplication.translate(
                    "ExitDialog", "Ud af døren: den ene udfordring er afhjulpet helt."
                ),
                ChallengeState.PARTLY: QCoreApplication.translate(
                    "ExitDialog", "Ud af døren: den ene udfordring er afhjulpet delvist."
                ),
                ChallengeState.UNRESOLVED: QCoreApplication.translate(
                    "ExitDialog", "Ud af døren: den ene udfordring er ikke afhjulpet."
                ),
            },
            QCoreApplication.translate(
                "ExitDialog",
                "Ud af døren: af {n} udfordringer er {fully} afhjulpet helt, {partly} "
                "afhjulpet delvist og {none} ikke afhjulpet.",
            ),
        ),
    )
    if comparison.goals_set:
        text += " " + QCoreApplication.translate(
            "ExitDialog", "Mål nået på {reached} af {total} måltrapper."
        ).format(reached=comparison.goals_reached, total=comparison.goals_set)
    return text


def _fitted_table(columns: list[str], name: str, parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(columns), parent)
    table.setHorizontalHeaderLabels(columns)
    table.setAccessibleName(name)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
    table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(columns)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return table


def _cell(text: str, tooltip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if tooltip:
        item.setToolTip(plain_tooltip(tooltip))
    return item


class ExitDialog(QDialog):
    """A participant 'ud af døren'. After ``exec()`` returned Accepted,
    :meth:`result_participant` gives the participant with the exit, the end date and the
    final follow-up. An exited participant opens with their exit filled in."""

    def __init__(
        self,
        doc: OrganisationDocument,
        participant: Participant,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._person = participant
        self._ladders = {lad.id: lad for lad in doc.ladders}
        self._result: Participant | None = None
        self._step_rows: list[tuple[uuid.UUID, StepCombo, StepCombo]] = []
        self._state_rows: list[tuple[uuid.UUID, QComboBox]] = []
        previous = participant.exit
        day = (
            previous.date
            if previous is not None
            else max(today or date.today(), participant.start_date)
        )
        self.setWindowTitle(self.tr("Ud af døren – {code}").format(code=participant.code))
        self.setMinimumWidth(560)
        self.resize(820, 760)

        outer = QVBoxLayout(self)
        content, body, self.scroll_area = scrolling_body(self, self.tr("Ud af døren"))
        outer.addWidget(self.scroll_area, 1)

        # -- the exit ----------------------------------------------------------------------
        form = QFormLayout()
        self.date_edit = date_edit(day, content)
        self.date_edit.setMinimumDate(to_qdate(participant.start_date))
        self.date_edit.setAccessibleName(self.tr("Dato for udskrivning"))
        form.addRow(self.tr("&Dato:"), self.date_edit)
        self.date_hint = text_label()
        self.date_hint.hide()
        form.addRow("", self.date_hint)
        self.destination_combo = QComboBox(content)
        self.destination_combo.setAccessibleName(self.tr("Hvor går personen hen?"))
        for destination in Destination:
            self.destination_combo.addItem(destination_word(destination), destination.value)
        chosen = previous.destination if previous is not None else Destination.UNKNOWN
        self.destination_combo.setCurrentIndex(self.destination_combo.findData(chosen.value))
        form.addRow(self.tr("&Hvor går personen hen?"), self.destination_combo)
        self.note_edit = QPlainTextEdit(content)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setAccessibleName(self.tr("Note om udskrivningen"))
        self.note_edit.setPlaceholderText(
            self.tr("Fx hvad der skal ske efter forløbet, og hvad der har virket bedst.")
        )
        self.note_edit.setFixedHeight(self.note_edit.fontMetrics().lineSpacing() * 4 + 12)
        if previous is not None:
            self.note_edit.setPlainText(previous.note)
        form.addRow(self.tr("&Note:"), self.note_edit)
        body.addLayout(form)

        # -- the final status ----------------------------------------------------------------
        steps = latest_steps(participant, before=day)
        states = latest_states(participant, before=day)
        status_box, status = explained_box(
            self.tr("Slutstatus"),
            self.tr(
                "Hvor er personen nu på måltrapperne – efter jeres faglige vurdering og "
                "efter personens egen? Og hvor mange af udfordringerne er afhjulpet helt "
                "eller delvist?"
            ),
            content,
        )
        grid = QGridLayout()
        row = 0
        for enrolment in participant.enrolments:
            ladder = self._ladders.get(enrolment.ladder_id)
            if enrolment.is_deleted or ladder is None:
                continue
            staff_step, own_step = steps.get(enrolment.id, (enrolment.start_step_id, None))
            grid.addWidget(text_label(ladder.change_goal, bold=True), row, 0, 1, 2)
            staff = StepCombo(ladder, parent=status_box)
            staff.setAccessibleName(
                self.tr("Jeres vurdering ved udskrivning: {goal}").format(goal=ladder.change_goal)
            )
            staff.set_step_id(staff_step)
            own = StepCombo(ladder, none_text=self.tr("Ikke vurderet"), parent=status_box)
            own.setAccessibleName(
                self.tr("Deltagerens egen vurdering ved udskrivning: {goal}").format(
                    goal=ladder.change_goal
                )
            )
            own.set_step_id(own_step)
            grid.addWidget(text_label(self.tr("Jeres vurdering:")), row + 1, 0)
            grid.addWidget(staff, row + 1, 1)
            grid.addWidget(text_label(self.tr("Deltagerens egen vurdering:")), row + 2, 0)
            grid.addWidget(own, row + 2, 1)
            row += 3
            self._step_rows.append((enrolment.id, staff, own))
            staff.currentIndexChanged.connect(self._refresh)
            own.currentIndexChanged.connect(self._refresh)
        for challenge in participant.challenges:
            if challenge.is_deleted:
                continue
            combo = QComboBox(status_box)
            combo.setAccessibleName(
                self.tr("Status ved udskrivning: {text}").format(text=challenge.text[:60])
            )
            for state in STATES:
                combo.addItem(challenge_state_word(state), state.value)
            combo.setCurrentIndex(STATES.index(states.get(challenge.id, STATES[0])))
            grid.addWidget(text_label(challenge.text), row, 0)
            grid.addWidget(combo, row, 1)
            row += 1
            self._state_rows.append((challenge.id, combo))
            combo.currentIndexChanged.connect(self._refresh)
        grid.setColumnStretch(1, 1)
        status.addLayout(grid)
        if row == 0:
            status.addWidget(
                text_label(
                    self.tr("Personen er ikke placeret på måltrapper og har ingen udfordringer.")
                )
            )
        body.addWidget(status_box)

        # -- ved start / ved udskrivning -----------------------------------------------------------
        compare_box = QGroupBox(self.tr("Ved start / Ved udskrivning"), content)
        compare = QVBoxLayout(compare_box)
        self.ladder_table = _fitted_table(
            [
                self.tr("Måltrappe"),
                self.tr("Ved start"),
                self.tr("Ved udskrivning"),
                self.tr("Egen vurdering"),
                self.tr("Personligt mål"),
                self.tr("Flyttet"),
                self.tr("Mål nået?"),
            ],
            self.tr("Måltrapper ved start og ved udskrivning"),
            compare_box,
        )
        compare.addWidget(self.ladder_table)
        self.challenge_table = _fitted_table(
            [
                self.tr("Udfordring"),
                self.tr("Fylder (0-10)"),
                self.tr("Ved start"),
                self.tr("Ved udskrivning"),
            ],
            self.tr("Udfordringer ved start og ved udskrivning"),
            compare_box,
        )
        compare.addWidget(self.challenge_table)
        self.summary_label = text_label()
        compare.addWidget(self.summary_label)
        body.addWidget(compare_box)
        body.addStretch(1)

        self.error_label = ErrorLabel(self)
        outer.addWidget(self.error_label)
        self.buttons, self.ok_button, self.cancel_button = ok_cancel_buttons(self)
        outer.addWidget(self.buttons)

        self.date_edit.dateChanged.connect(self._refresh)
        self._refresh()
        self.date_edit.setFocus()

    # -- public -------------------------------------------------------------------------------

    def step_combos(self, enrolment_id: uuid.UUID) -> tuple[StepCombo, StepCombo]:
        """The (staff, participant's own) final step fields of one enrolment."""
        return next((s, o) for e, s, o in self._step_rows if e == enrolment_id)

    def state_combo(self, challenge_id: uuid.UUID) -> QComboBox:
        return next(c for i, c in self._state_rows if i == challenge_id)

    def exit_date(self) -> date:
        return from_qdate(self.date_edit.date())

    def final_follow_up(self) -> FollowUp:
        """The follow-up with the chosen final status on the exit date."""
        steps = {e: (s.step_id(), o.step_id()) for e, s, o in self._step_rows}
        states = {i: ChallengeState(c.currentData()) for i, c in self._state_rows}
        return final_follow_up(self._person, self.exit_date(), steps, states, self._ladders)

    def comparison(self) -> ExitComparison:
        return start_and_end(self._person, self._ladders, self.final_follow_up())

    def result_participant(self) -> Participant:
        """The participant gone 'ud af døren' (only after the dialog was accepted)."""
        if self._result is None:
            raise RuntimeError("The exit dialog was not accepted.")
        return self._result

    def accept(self) -> None:
        self.error_label.clear_message()
        try:
            final = self.final_follow_up()
            exit_ = Exit.parse(
                {
                    "date": self.exit_date(),
                    "destination": self.destination_combo.currentData(),
                    "note": self.note_edit.toPlainText().strip(),
                }
            )
            person = self._person
            unchanged = (
                person.exit == exit_
                and person.end_date == exit_.date
                and any(f is final for f in person.follow_ups)
            )
            result = person if unchanged else with_exit(person, exit_, final)
        except InvalidDataError as exc:
            self.error_label.show_message(short_error_text(exc))
            return
        if not unchanged and not self._same_day_confirmed(exit_.date):
            self.date_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._result = result
        super().accept()

    def _same_day_confirmed(self, day: date) -> bool:
        """An exit on the intake day is most often a slip of the date: ask before saving."""
        previous = self._person.exit
        if day != self._person.start_date or (previous is not None and previous.date == day):
            return True  # not the intake day, or asked already when the exit was first saved
        answer = QMessageBox.question(
            self,
            self.tr("Ud af døren samme dag"),
            self.tr(
                "Udskrivningen er dateret {day}, samme dag som indskrivningen. "
                "Er datoen rigtig, og skal personen skrives ud af døren?"
            ).format(day=date_text(day)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- the live table -------------------------------------------------------------------------

    def _refresh(self) -> None:
        self._show_date_hint()
        try:
            comparison = self.comparison()
        except InvalidDataError as exc:
            self.error_label.show_message(short_error_text(exc))
            return
        self.error_label.clear_message()
        self._fill_ladders(comparison)
        self._fill_challenges(comparison)
        self.summary_label.setText(summary_text(comparison))

    def _show_date_hint(self) -> None:
        follow_ups = live_follow_ups(self._person)
        last = follow_ups[-1].date if follow_ups else None
        if last is not None and last > self.exit_date():
            self.date_hint.setText(
                self.tr("Bemærk: der er opfølgninger efter denne dato (den seneste {day}).").format(
                    day=date_text(last)
                )
            )
            self.date_hint.show()
        else:
            self.date_hint.hide()

    def _fill_ladders(self, comparison: ExitComparison) -> None:
        table = self.ladder_table
        table.setRowCount(len(comparison.ladders))
        for row, item in enumerate(comparison.ladders):
            title = f"{item.title}: {item.change_goal}" if item.title else item.change_goal
            cells = [
                _cell(title),
                _cell(step_cell(item.start, item.step_count), item.start.text),
                _cell(step_cell(item.end, item.step_count), item.end.text),
                _cell(step_cell(item.own, item.step_count), item.own.text),
                _cell(
                    step_cell(item.goal, item.step_count)
                    if item.goal
                    else QCoreApplication.translate("ExitDialog", "Intet mål"),
                    item.goal.text if item.goal else "",
                ),
                _cell(moved_cell(item.moved)),
                _cell(goal_cell(item)),
            ]
            for column, cell in enumerate(cells):
                table.setItem(row, column, cell)
        table.resizeRowsToContents()

    def _fill_challenges(self, comparison: ExitComparison) -> None:
        table = self.challenge_table
        table.setRowCount(len(comparison.challenges))
        for row, item in enumerate(comparison.challenges):
            cells = [
                _cell(item.text, item.text),
                _cell(str(item.weight) if item.weight is not None else "–"),
                _cell(challenge_state_word(item.start)),
                _cell(challenge_state_word(item.end)),
            ]
            for column, cell in enumerate(cells):
                table.setItem(row, column, cell)
        table.resizeRowsToContents()
