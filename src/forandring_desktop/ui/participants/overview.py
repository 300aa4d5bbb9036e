"""One participant at a glance: each ladder's curve, the main areas, challenges, follow-ups."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import Ladder, Participant
from forandring_desktop.model.participants import (
    DESTINATION_LABEL,
    FollowUp,
    area_scores_at,
    ladder_points,
    latest_states,
    latest_steps,
)
from forandring_desktop.reports.participant_charts import scoring_days
from forandring_desktop.ui.charts import AreaRadarChart, ChallengeBarChart, LadderCurveChart
from forandring_desktop.ui.dates import date_text
from forandring_desktop.ui.participants.history import FollowUpHistory, step_text
from forandring_desktop.ui.widgets import clear_layout, heading, text_label

MIN_CHART_WIDTH, MIN_CHART_HEIGHT = 160, 140
STATE_WORD = {"unresolved": "Uløst", "partly": "Delvist løst", "fully": "Løst"}


class ParticipantOverview(QWidget):
    """Shows one participant; emits ``follow_up_activated`` with a follow-up's id when one
    is double-clicked or Enter is pressed on it (the page opens it for editing)."""

    follow_up_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.participant: Participant | None = None
        self.show_name = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = heading("", size=1.3)
        self.title.setAccessibleName(self.tr("Deltager"))
        layout.addWidget(self.title)
        self.facts = text_label()
        self.facts.setAccessibleName(self.tr("Oplysninger om deltageren"))
        layout.addWidget(self.facts)

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Deltagerens overblik"))
        layout.addWidget(self.tabs, 1)

        # Ladders: one curve per ladder the person is placed on.
        self.ladder_tab = QWidget()
        self.ladder_layout = QVBoxLayout(self.ladder_tab)
        self.tabs.addTab(self.ladder_tab, self.tr("Måltrapper"))
        self.curves: list[LadderCurveChart] = []

        # Main areas and challenges.
        areas_tab = QWidget()
        areas_layout = QHBoxLayout(areas_tab)
        self.radar = AreaRadarChart(areas_tab)
        self.challenge_chart = ChallengeBarChart(areas_tab)
        # The spider needs the room: QPolarChart keeps its area names' width free on both
        # sides of the rings; three bars read well narrower.
        areas_layout.addWidget(self.radar, 3)
        areas_layout.addWidget(self.challenge_chart, 2)
        self.tabs.addTab(areas_tab, self.tr("Hovedområder og udfordringer"))
        for chart in (self.radar, self.challenge_chart):
            chart.setMinimumSize(MIN_CHART_WIDTH, MIN_CHART_HEIGHT)  # the window may be small

        # Follow-ups, newest first, with the selected one in full below.
        self.history = FollowUpHistory(self)
        self.history.activated.connect(self.follow_up_activated)
        self.follow_up_table = self.history.table
        self.tabs.addTab(self.history, self.tr("Opfølgninger"))

        # Start and end side by side (filled in once the person has left).
        self.comparison = QTableWidget(0, 4, self)
        self.comparison.setAccessibleName(self.tr("Ved start og nu"))
        self.comparison.setHorizontalHeaderLabels(
            [self.tr("Måltrappe / udfordring"), self.tr("Ved start"), self.tr("Nu"), self.tr("Mål")]
        )
        self.comparison.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.comparison.verticalHeader().hide()
        # Four equal columns: the step texts under Ved start / Nu / Mål are as long as the
        # ladder's name; they wrap, with the whole text on hover too.
        self.comparison.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.comparison.setWordWrap(True)
        self.comparison.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.tabs.addTab(self.comparison, self.tr("Start og nu"))
        self.set_participant(None, {}, [], {})

    # -- public ----------------------------------------------------------------------------

    def selected_follow_up(self) -> FollowUp | None:
        return self.history.selected_follow_up()

    def set_participant(
        self,
        person: Participant | None,
        ladders: Mapping[uuid.UUID, Ladder],
        areas: list[str],
        groups: Mapping[uuid.UUID, str],
    ) -> None:
        self.participant = person
        self.setEnabled(person is not None)
        if person is None:
            self.title.setText(self.tr("Vælg en deltager"))
            self.facts.setText("")
            self._fill_curves(None, ladders)
            self.radar.set_data(areas, {}, {})
            self.challenge_chart.set_data({}, {})
            self.history.set_participant(None, ladders)
            self._fill_comparison(None, ladders)
            return
        name = f" – {person.name}" if self.show_name and person.name else ""
        self.title.setText(f"{person.code}{name}")
        self.facts.setText(self._facts(person, groups))
        self._fill_curves(person, ladders)
        self.radar.set_data(
            areas,
            area_scores_at(person, first=True),
            area_scores_at(person, first=False),
            scoring_days(person),
        )
        live = [c for c in person.challenges if not c.is_deleted]
        start = {"unresolved": len(live)}
        now: dict[str, int] = {}
        for state in latest_states(person).values():
            now[state.value] = now.get(state.value, 0) + 1
        self.challenge_chart.set_data(start, now)
        self.history.set_participant(person, ladders)
        self._fill_comparison(person, ladders)

    # -- parts -----------------------------------------------------------------------------

    def _facts(self, person: Participant, groups: Mapping[uuid.UUID, str]) -> str:
        parts = [self.tr("Start {day}").format(day=date_text(person.start_date))]
        if person.target_group_id is not None:
            parts.append(
                self.tr("Målgruppe: {g}").format(g=groups.get(person.target_group_id, "?"))
            )
        if person.mentor:
            parts.append(self.tr("Mentor: {m}").format(m=person.mentor))
        if person.municipality:
            parts.append(self.tr("Kommune: {k}").format(k=person.municipality))
        if person.exit is not None:
            parts.append(
                self.tr("Ud af døren {day}: {where}").format(
                    day=date_text(person.exit.date),
                    where=DESTINATION_LABEL[person.exit.destination],
                )
            )
        else:
            parts.append(self.tr("Aktiv"))
        return " · ".join(parts)

    def _fill_curves(self, person: Participant | None, ladders: Mapping[uuid.UUID, Ladder]) -> None:
        clear_layout(self.ladder_layout)
        self.curves = []
        if person is None:
            return
        enrolments = [e for e in person.enrolments if not e.is_deleted and e.ladder_id in ladders]
        if not enrolments:
            self.ladder_layout.addWidget(
                QLabel(self.tr("Deltageren er ikke placeret på nogen måltrappe endnu."))
            )
            self.ladder_layout.addStretch(1)
            return
        for enrolment in enrolments:
            ladder = ladders[enrolment.ladder_id]
            chart = LadderCurveChart(self.ladder_tab)
            chart.setMinimumSize(MIN_CHART_WIDTH, MIN_CHART_HEIGHT)
            goal = ladder.level_of(enrolment.goal_step_id) if enrolment.goal_step_id else None
            chart.set_data(
                ladder.title or ladder.change_goal,
                [step.text for step in ladder.live_steps()],
                person.start_date,
                ladder.level_of(enrolment.start_step_id) or 1,
                goal,
                ladder_points(person, enrolment, ladder),
            )
            self.curves.append(chart)
            self.ladder_layout.addWidget(chart, 1)

    def _fill_comparison(
        self, person: Participant | None, ladders: Mapping[uuid.UUID, Ladder]
    ) -> None:
        table = self.comparison
        rows: list[tuple[str, str, str, str]] = []
        if person is not None:
            steps = latest_steps(person)
            for enrolment in person.enrolments:
                ladder = ladders.get(enrolment.ladder_id)
                if enrolment.is_deleted or ladder is None:
                    continue
                staff, _own = steps.get(enrolment.id, (None, None))
                rows.append(
                    (
                        ladder.title or ladder.change_goal,
                        step_text(ladder, enrolment.start_step_id),
                        step_text(ladder, staff),
                        step_text(ladder, enrolment.goal_step_id),
                    )
                )
            states = latest_states(person)
            for challenge in person.challenges:
                if challenge.is_deleted:
                    continue
                weight = f" ({challenge.weight}/10)" if challenge.weight is not None else ""
                rows.append(
                    (
                        challenge.text + weight,
                        STATE_WORD["unresolved"],
                        STATE_WORD[states[challenge.id].value],
                        STATE_WORD["fully"],
                    )
                )
        table.setRowCount(len(rows))
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(row, column, item)
