"""Status for management (ledelsen): the organisation's figures across participants, target
groups and ladders, for a period.

At the top the key figures in the guide's words ("gennemsnitligt 7 udfordringer ind ad
døren, 3 ud af døren"), then one table per ladder and one per target group, and a small bar
chart of the challenges in and out the door per target group. Every figure comes from
:func:`forandring_desktop.services.status.compute_status`; the document given to
:meth:`StatusPage.refresh` only supplies the names of the target groups and ladders for the
filters (it may not hold the participants).

Computing can take a second on a big organisation, so :meth:`StatusPage.refresh` only marks
the figures stale; they are computed when the page is shown, or when a filter changes while
it is visible. The filters are in ``status_filters``, the tables' cells and columns in
``status_tables``.
"""

from __future__ import annotations

import uuid

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import (
    ForandringError,
    Ladder,
    OrganisationDocument,
    Participant,
    TargetGroup,
)
from forandring_desktop.model.progression import (
    ChallengeCount,
    LadderFigures,
    Period,
    StatusFigures,
)
from forandring_desktop.services.status import compute_status
from forandring_desktop.ui.background import Worker
from forandring_desktop.ui.pages.base import Page, scrolling
from forandring_desktop.ui.pages.status_filters import StatusFilters
from forandring_desktop.ui.pages.status_tables import (
    DASH,
    Column,
    SortableItem,
    captioned_table,
    count,
    counted_cell,
    fill_table,
    ladder_columns,
    mean_cell,
    number,
    percent,
)
from forandring_desktop.ui.widgets import ErrorLabel, heading, text_label
from forandring_desktop.ui.workspace import Workspace

CHART_HEIGHT = 260

__all__ = ["DASH", "SortableItem", "StatusPage"]


# --- The page ------------------------------------------------------------------------------


class StatusPage(StatusFilters, Page):
    """Key figures, a table per ladder and per target group, and a chart, for a period."""

    shows = frozenset({Participant, TargetGroup, Ladder})
    help_anchor = "status"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.setAccessibleName(self.tr("Status for ledelsen"))
        self.figures: StatusFigures | None = None  # the figures shown (None: not yet computed)
        self._stale = True
        self._groups: list[tuple[uuid.UUID, str]] = []  # live target groups, in order
        self._ladders: list[tuple[uuid.UUID, str]] = []  # live ladders, in order
        self._group_names: dict[uuid.UUID, str] = {}  # also deleted groups (old courses)
        self._ladder_names: dict[uuid.UUID, str] = {}

        # One timer for computing later: after typing a date, or after a refresh while shown.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._compute_if_visible)
        # The figures read the whole file (up to a second on a big organisation): always in
        # the background; a change of filters meanwhile computes once more afterwards.
        self._worker = Worker(self)
        self._worker.finished.connect(self._computed)
        self._again = False
        self._asked: tuple[Period, uuid.UUID | None, uuid.UUID | None] | None = None

        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(heading(self.tr("Status for ledelsen")))
        layout.addWidget(
            text_label(
                self.tr(
                    "Overblik over jeres deltagere, målgrupper og måltrapper i en periode. "
                    "Trin flyttet og individuelle mål regnes ud fra medarbejderens "
                    "vurderinger ved opfølgningerne; enigheden sammenligner dem med "
                    "deltagerens egne vurderinger."
                )
            )
        )
        layout.addLayout(self._build_filters(content))
        self.error_label = ErrorLabel(content)
        layout.addWidget(self.error_label)
        self.busy_label = text_label(self.tr("Beregner tallene …"))
        self.busy_label.setAccessibleName(self.tr("Beregner"))
        self.busy_label.hide()
        layout.addWidget(self.busy_label)
        layout.addWidget(heading(self.tr("Nøgletal"), size=1.2))
        layout.addLayout(self._build_key_figures(content))

        self.ladder_table, caption = captioned_table(
            content, self.tr("&Pr. måltrappe"), self.tr("Tal pr. måltrappe")
        )
        layout.addSpacing(8)
        layout.addWidget(caption)
        layout.addWidget(self.ladder_table)
        self.group_table, caption = captioned_table(
            content, self.tr("Pr. mål&gruppe"), self.tr("Tal pr. målgruppe")
        )
        layout.addSpacing(8)
        layout.addWidget(caption)
        layout.addWidget(self.group_table)

        layout.addWidget(self._build_chart(content))
        layout.addStretch(1)
        scrolling(self, content).setAccessibleName(self.tr("Status for ledelsen"))
        self._show_figures(None)

    # --- Building -----------------------------------------------------------------------

    def _build_key_figures(self, parent: QWidget) -> QFormLayout:
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)

        def row(caption: str) -> QLabel:
            value = text_label()
            value.setAccessibleName(caption)
            label = heading(f"{caption}:", size=1.0)
            label.setWordWrap(False)  # a wrapped caption in a form gets clipped
            form.addRow(label, value)
            return value

        self.participants_value = row(self.tr("Deltagere"))
        self.challenges_value = row(self.tr("Udfordringer"))
        self.steps_value = row(self.tr("Trin flyttet"))
        self.goal_value = row(self.tr("Nået individuelt mål"))
        self.weeks_value = row(self.tr("Median uger pr. trin"))
        self.agreement_value = row(self.tr("Enighed mellem medarbejder og deltager"))
        return form

    def _build_chart(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.chart = QChart()
        self.chart.setTitle(self.tr("Udfordringer pr. deltager, i gennemsnit"))
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.setLocale(QLocale())
        self.chart.setLocalizeNumbers(True)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._category_axis = QBarCategoryAxis()
        self._value_axis = QValueAxis()
        self._value_axis.setLabelFormat("%.0f")
        self._value_axis.setRange(0, 1)
        self.chart.addAxis(self._category_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self._value_axis, Qt.AlignmentFlag.AlignLeft)
        self._series: QBarSeries | None = None
        self.chart_view = QChartView(self.chart, box)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setAccessibleName(
            self.tr("Diagram: udfordringer ind ad døren og ud af døren pr. målgruppe")
        )
        self.chart_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the tables hold the figures
        self.chart_view.setMinimumHeight(CHART_HEIGHT)
        self.chart_view.setMaximumHeight(CHART_HEIGHT)
        self.chart_view.setMaximumWidth(900)
        layout.addWidget(self.chart_view)
        self.chart_empty = text_label(self.tr("Ingen deltagere i perioden."))
        self.chart_empty.setAccessibleName(self.tr("Diagram"))
        layout.addWidget(self.chart_empty)
        return box

    # --- Refresh and computing -------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Are figures being computed right now (in the background)?"""
        return self._worker.is_running()

    @property
    def stale(self) -> bool:
        """Do the figures shown lag behind the file or the filters?"""
        return self._stale

    def refresh(self, doc: OrganisationDocument) -> None:
        """New names for the filters; the figures are computed later (they may be slow)."""
        self._group_names = {g.id: g.name for g in doc.target_groups}
        self._ladder_names = {lad.id: lad.title or lad.change_goal for lad in doc.ladders}
        groups = [(g.id, g.name) for g in doc.target_groups if not g.is_deleted]
        ladders = [
            (lad.id, lad.title or lad.change_goal) for lad in doc.ladders if not lad.is_deleted
        ]
        if groups != self._groups:
            self._groups = groups
            self._fill_combo(self.group_combo, self.tr("Alle målgrupper"), groups)
        if ladders != self._ladders:
            self._ladders = ladders
            self._fill_combo(self.ladder_combo, self.tr("Alle måltrapper"), ladders)
        self.ladder_note.setVisible(self.ladder_id() is not None)
        self._stale = True
        if self.isVisible():  # e.g. an undo while the page is shown: compute once, soon
            self._timer.start(0)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.recompute()

    def _compute_if_visible(self) -> None:
        if self._stale and self.isVisible():
            self.recompute()

    computed = Signal(object)  # the StatusFigures now shown (None if it failed)

    def recompute(self) -> None:
        """Compute the figures for the current filters (in the background) and show them."""
        self._timer.stop()
        if self._worker.is_running():
            self._again = True  # the filters changed meanwhile: once more when it is done
            return
        store, period = self.workspace.store, self.period()
        group, ladder = self.target_group_id(), self.ladder_id()
        self._asked = (period, group, ladder)
        self.busy_label.show()
        self._worker.start(
            lambda _progress: compute_status(store, period, target_group_id=group, ladder_id=ladder)
        )

    def _computed(self, figures: object, error: object) -> None:
        if self._again:
            self._again = False
            self.recompute()
            return
        self.busy_label.hide()
        if isinstance(error, ForandringError):
            self.error_label.show_message(str(error))
            self.computed.emit(None)
            return
        if isinstance(error, BaseException):
            raise error  # unexpected: shown with its details by the app
        assert isinstance(figures, StatusFigures)
        assert self._asked is not None
        period = self._asked[0]
        self._stale = False
        if period.start is not None and period.end is not None and period.start > period.end:
            self.error_label.show_message(self.tr("Fra-datoen ligger efter til-datoen."))
        else:
            self.error_label.clear_message()
        self._show_figures(figures)
        self.computed.emit(figures)

    # --- Showing ------------------------------------------------------------------------

    def _show_figures(self, figures: StatusFigures | None) -> None:
        self.figures = figures
        if figures is None:
            figures = StatusFigures(0, 0, 0, ChallengeCount(), LadderFigures(), {}, {}, {})
        self._show_key_figures(figures)
        self._fill_ladder_table(figures)
        self._fill_group_table(figures)
        self._fill_chart(figures)

    def _show_key_figures(self, figures: StatusFigures) -> None:
        self.participants_value.setText(
            self.tr("{n} ({a} {active}, {e} afsluttet i perioden)").format(
                n=count(figures.participants),
                a=count(figures.active),
                active=self.tr("aktiv") if figures.active == 1 else self.tr("aktive"),
                e=count(figures.ended),
            )
        )
        door = figures.challenges
        if door.people:
            self.challenges_value.setText(
                self.tr(
                    "I gennemsnit {mean_in} udfordringer ind ad døren og {mean_out} ud af "
                    "døren ({n} ind ad døren: {fully} helt løst, {partly} delvist løst)"
                ).format(
                    mean_in=number(door.mean_in),
                    mean_out=number(door.mean_out),
                    n=count(door.in_the_door),
                    fully=count(door.fully),
                    partly=count(door.partly),
                )
            )
        else:
            self.challenges_value.setText(DASH)
        overall = figures.overall
        if overall.enrolments:
            self.steps_value.setText(
                self.tr(
                    "{total} i alt, {mean} i gennemsnit pr. deltager på en måltrappe "
                    "({up} flyttet op, {down} flyttet ned)"
                ).format(
                    total=count(overall.steps_moved_total),
                    mean=number(overall.mean_steps_moved),
                    up=count(overall.moved_up),
                    down=count(overall.moved_down),
                )
            )
        else:
            self.steps_value.setText(DASH)
        if overall.with_goal:
            self.goal_value.setText(
                self.tr("{n} af {m} ({p})").format(
                    n=count(overall.goal_reached),
                    m=count(overall.with_goal),
                    p=percent(overall.share_goal_reached),
                )
            )
        else:
            self.goal_value.setText(DASH)
        self.weeks_value.setText(number(overall.median_weeks_per_step))
        agree = overall.agreement
        if agree.compared:
            self.agreement_value.setText(
                self.tr(
                    "{p} ens vurderinger, gennemsnitlig forskel {d} trin ({n} vurderinger "
                    "sammenlignet; deltageren vurderede sig selv højere {h} gange)"
                ).format(
                    p=percent(agree.share_same),
                    d=number(agree.mean_difference),
                    n=count(agree.compared),
                    h=count(agree.participant_higher),
                )
            )
        else:
            self.agreement_value.setText(DASH)

    def _fill_ladder_table(self, figures: StatusFigures) -> None:
        columns = ladder_columns()
        titles = [
            (self.tr("Måltrappe"), self.tr("Måltrappens titel")),
            *[(c.title, c.tooltip) for c in columns],
        ]
        chosen = self.ladder_id()
        ids = [i for i, _ in self._ladders if chosen is None or i == chosen]
        ids += [i for i in figures.per_ladder if i not in ids]
        rows = []
        for ladder_id in ids:
            one = figures.per_ladder.get(ladder_id, LadderFigures())
            name = self._ladder_names.get(ladder_id, self.tr("Ukendt måltrappe"))
            rows.append([(name, name), *[c.cell(one) for c in columns]])
        fill_table(self.ladder_table, titles, rows)

    def _group_ids(self, figures: StatusFigures) -> list[uuid.UUID | None]:
        chosen = self.target_group_id()
        ids: list[uuid.UUID | None] = [i for i, _ in self._groups if chosen is None or i == chosen]
        extra = set(figures.per_target_group) | set(figures.challenges_per_target_group)
        ids += sorted((i for i in extra if i is not None and i not in ids), key=str)
        if None in extra:
            ids.append(None)
        return ids

    def _group_name(self, group_id: uuid.UUID | None) -> str:
        if group_id is None:
            return self.tr("Uden målgruppe")
        return self._group_names.get(group_id, self.tr("Ukendt målgruppe"))

    def _fill_group_table(self, figures: StatusFigures) -> None:
        columns = ladder_columns()
        columns[0] = Column(
            self.tr("Placeringer"),
            self.tr("Placeringer på måltrapper (en deltager på to måltrapper tæller to gange)"),
            columns[0].cell,
        )
        titles = [
            (self.tr("Målgruppe"), self.tr("Målgruppens navn")),
            (self.tr("Deltagere"), self.tr("Deltagere i målgruppen i perioden")),
            (self.tr("Ind ad døren"), self.tr("Udfordringer ind ad døren pr. deltager")),
            (self.tr("Ud af døren"), self.tr("Udfordringer ud af døren pr. deltager")),
            *[(c.title, c.tooltip) for c in columns],
        ]
        rows = []
        for group_id in self._group_ids(figures):
            name = self._group_name(group_id)
            door = figures.challenges_per_target_group.get(group_id, ChallengeCount())
            one = figures.per_target_group.get(group_id, LadderFigures())
            rows.append(
                [
                    (name, name),
                    counted_cell(door.people),
                    mean_cell(door.mean_in),
                    mean_cell(door.mean_out),
                    *[c.cell(one) for c in columns],
                ]
            )
        fill_table(self.group_table, titles, rows)

    def _fill_chart(self, figures: StatusFigures) -> None:
        groups = [
            (self._group_name(group_id), door)
            for group_id in self._group_ids(figures)
            if (door := figures.challenges_per_target_group.get(group_id)) is not None
            and door.people
        ]
        self.chart.removeAllSeries()  # deletes the old series
        self._series = None
        self._category_axis.clear()
        has_data = bool(groups)
        self.chart_view.setVisible(has_data)
        self.chart_empty.setVisible(not has_data)
        if not has_data:
            self.chart_view.setAccessibleDescription("")
            return
        series = QBarSeries()
        described = []
        door_in = QBarSet(self.tr("Ind ad døren"))
        door_out = QBarSet(self.tr("Ud af døren"))
        for name, door in groups:
            door_in.append(door.mean_in or 0.0)
            door_out.append(door.mean_out or 0.0)
            described.append(
                self.tr("{name}: {mean_in} ind ad døren, {mean_out} ud af døren").format(
                    name=name, mean_in=number(door.mean_in), mean_out=number(door.mean_out)
                )
            )
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        for bar_set in (door_in, door_out):
            bar_set.setLabelColor(text_colour)
        series.append(door_in)
        series.append(door_out)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        series.setLabelsPrecision(2)
        self.chart.addSeries(series)
        self._category_axis.append([name for name, _ in groups])
        highest = max(max(d.mean_in or 0.0, d.mean_out or 0.0) for _, d in groups)
        self._value_axis.setRange(0, max(1.0, highest * 1.15))
        self._value_axis.applyNiceNumbers()
        series.attachAxis(self._category_axis)
        series.attachAxis(self._value_axis)
        self._series = series
        self.chart_view.setAccessibleDescription("; ".join(described))
