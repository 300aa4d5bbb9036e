"""One participant at a glance: each ladder's curve, the main areas, challenges, follow-ups."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
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
    live_follow_ups,
)
from forandring_desktop.ui.charts import AreaRadarChart, ChallengeBarChart, LadderCurveChart
from forandring_desktop.ui.dates import date_text
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
        self._follow_ups: list[FollowUp] = []
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
        areas_layout.addWidget(self.radar, 1)
        areas_layout.addWidget(self.challenge_chart, 1)
        self.tabs.addTab(areas_tab, self.tr("Hovedområder og udfordringer"))
        for chart in (self.radar, self.challenge_chart):
            chart.setMinimumSize(MIN_CHART_WIDTH, MIN_CHART_HEIGHT)  # the window may be small

        # Follow-ups, newest first.
        self.follow_up_table = QTableWidget(0, 3, self)
        self.follow_up_table.setAccessibleName(self.tr("Opfølgninger"))
        self.follow_up_table.setHorizontalHeaderLabels(
            [self.tr("Dato"), self.tr("Trin (medarbejder / deltager)"), self.tr("Note")]
        )
        self.follow_up_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.follow_up_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.follow_up_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.follow_up_table.verticalHeader().hide()
        header = self.follow_up_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.follow_up_table.itemActivated.connect(self._activated)
        self.tabs.addTab(self.follow_up_table, self.tr("Opfølgninger"))

        # Start and end side by side (filled in once the person has left).
        self.comparison = QTableWidget(0, 4, self)
        self.comparison.setAccessibleName(self.tr("Ved start og nu"))
        self.comparison.setHorizontalHeaderLabels(
            [self.tr("Måltrappe / udfordring"), self.tr("Ved start"), self.tr("Nu"), self.tr("Mål")]
        )
        self.comparison.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.comparison.verticalHeader().hide()
        self.comparison.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.comparison, self.tr("Start og nu"))
        self.set_participant(None, {}, [], {})

    # -- public ----------------------------------------------------------------------------

    def selected_follow_up(self) -> FollowUp | None:
        row = self.follow_up_table.currentRow()
        return self._follow_ups[row] if 0 <= row < len(self._follow_ups) else None

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
            self._fill_follow_ups(None, ladders)
            self._fill_comparison(None, ladders)
            return
        name = f" – {person.name}" if self.show_name and person.name else ""
        self.title.setText(f"{person.code}{name}")
        self.facts.setText(self._facts(person, groups))
        self._fill_curves(person, ladders)
        self.radar.set_data(
            areas, area_scores_at(person, first=True), area_scores_at(person, first=False)
        )
        live = [c for c in person.challenges if not c.is_deleted]
        start = {"unresolved": len(live)}
        now: dict[str, int] = {}
        for state in latest_states(person).values():
            now[state.value] = now.get(state.value, 0) + 1
        self.challenge_chart.set_data(start, now)
        self._fill_follow_ups(person, ladders)
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

    def _fill_follow_ups(
        self, person: Participant | None, ladders: Mapping[uuid.UUID, Ladder]
    ) -> None:
        table = self.follow_up_table
        self._follow_ups = list(reversed(live_follow_ups(person))) if person else []
        table.setRowCount(len(self._follow_ups))
        ladder_of = {e.id: ladders.get(e.ladder_id) for e in person.enrolments} if person else {}
        for row, follow_up in enumerate(self._follow_ups):
            steps = []
            for rating in follow_up.ratings:
                ladder = ladder_of.get(rating.enrolment_id)
                if rating.is_deleted or ladder is None:
                    continue
                steps.append(
                    f"{_level_text(ladder, rating.staff_step_id)}"
                    f" / {_level_text(ladder, rating.participant_step_id)}"
                )
            cells = [date_text(follow_up.date), ", ".join(steps), follow_up.note]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, str(follow_up.id))
                table.setItem(row, column, item)

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
                        _step_text(ladder, enrolment.start_step_id),
                        _step_text(ladder, staff),
                        _step_text(ladder, enrolment.goal_step_id),
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
                table.setItem(row, column, QTableWidgetItem(text))

    def _activated(self, item: QTableWidgetItem) -> None:
        self.follow_up_activated.emit(uuid.UUID(str(item.data(Qt.ItemDataRole.UserRole))))


def _level_text(ladder: Ladder, step_id: uuid.UUID | None) -> str:
    if step_id is None:
        return "–"
    level = ladder.level_of(step_id)
    return str(level) if level is not None else "udgået"


def _step_text(ladder: Ladder, step_id: uuid.UUID | None) -> str:
    if step_id is None:
        return "–"
    level = ladder.level_of(step_id)
    step = next((s for s in ladder.steps if s.id == step_id), None)
    text = step.text if step is not None else ""
    if level is None:
        return f"udgået trin: {text}"
    return f"{level}. {text}"
