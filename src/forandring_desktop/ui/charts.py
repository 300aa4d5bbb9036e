"""Charts for a participant's overview: ladder curves, the main-area radar and challenges.

Every widget takes plain Python data (dates, ints, strings), so a page can feed it from
whatever it read through the services, and the tests can feed it by hand. Each ``set_data``
call replaces everything the chart showed before. The shared parts are in ``chart_base``,
the main-area and challenge charts in ``area_charts``.
"""

from __future__ import annotations

import datetime
import html
import math
from collections.abc import Sequence

from PySide6.QtCharts import (
    QCategoryAxis,
    QChart,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
)
from PySide6.QtCore import QDateTime, QPoint, QPointF, Qt, QTime
from PySide6.QtGui import QCursor, QMouseEvent
from PySide6.QtWidgets import QToolTip, QWidget

from forandring_desktop.reports.participant_charts import OWN_RATING, PERSONAL_GOAL, STAFF_RATING
from forandring_desktop.ui.area_charts import AreaRadarChart, ChallengeBarChart, radar_polygon
from forandring_desktop.ui.chart_base import (
    GOAL_COLOUR,
    MARKER_SIZE,
    PARTICIPANT_COLOUR,
    STAFF_COLOUR,
    START_COLOUR,
    ChartViewBase,
    chart_word,
    date_msecs,
    line_series,
    marker_image,
    qdate,
)
from forandring_desktop.ui.dates import date_text

__all__ = [
    "PARTICIPANT_COLOUR",
    "STAFF_COLOUR",
    "AreaRadarChart",
    "ChallengeBarChart",
    "LadderCurveChart",
    "date_msecs",
    "radar_polygon",
]

AXIS_LABEL_CHARS = 22  # a step's text on the Y axis, shortened beyond this


def axis_label(level: int, text: str) -> str:
    """'3. Møder til tiden', shortened with '…' to about AXIS_LABEL_CHARS characters."""
    words = " ".join(text.split())
    if len(words) > AXIS_LABEL_CHARS:
        words = words[: AXIS_LABEL_CHARS - 1].rstrip() + "…"
    return f"{level}. {words}" if words else str(level)


class LadderCurveChart(ChartViewBase):
    """One participant's step on one goal ladder (måltrappe) over time.

    Level 1 is ``step_labels[0]`` (usually UDGANGSPUNKTET), level n the top step. Both lines
    start at the agreed starting step on the start day; a dashed line marks the goal.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QChart(), parent)
        self.setAccessibleName(self.tr("Udvikling på måltrappen"))
        self.setMinimumSize(420, 280)
        self.staff_series: QLineSeries | None = None
        self.participant_series: QLineSeries | None = None
        self.goal_series: QLineSeries | None = None
        self.start_series: QScatterSeries | None = None
        self.x_axis: QDateTimeAxis | None = None
        self.y_axis: QCategoryAxis | None = None
        self._step_labels: list[str] = []

    def set_data(
        self,
        title: str,
        step_labels: Sequence[str],
        start_day: datetime.date,
        start_level: int,
        goal_level: int | None,
        points: Sequence[tuple[datetime.date, int | None, int | None]],
    ) -> None:
        """Show one ladder: its live step texts bottom-up, the start, the goal and ratings.

        ``points`` are (follow-up date, staff level, participant's own level) in date order;
        a ``None`` level leaves that date out of that line.
        """
        self._clear_chart()
        self.staff_series = self.participant_series = self.goal_series = None
        self.start_series = None
        self.x_axis = None
        self.y_axis = None
        self._step_labels = list(step_labels)
        chart = self.chart()
        chart.setTitle(title)
        if not step_labels:
            self.setAccessibleDescription(self.tr("Måltrappen har ingen trin."))
            return

        staff = line_series(
            chart_word(STAFF_RATING),
            STAFF_COLOUR,
            Qt.PenStyle.SolidLine,
            2.5,
            "circle",
        )
        participant = line_series(
            chart_word(OWN_RATING),
            PARTICIPANT_COLOUR,
            Qt.PenStyle.DashDotLine,
            2.5,
            "diamond",
        )
        start_x = date_msecs(start_day)
        staff.append(start_x, start_level)
        participant.append(start_x, start_level)
        for day, staff_level, own_level in points:
            x = date_msecs(day)
            if staff_level is not None:
                staff.append(x, staff_level)
            if own_level is not None:
                participant.append(x, own_level)

        first, last = self._date_range(start_day, [p[0] for p in points])
        x_axis = QDateTimeAxis()
        x_axis.setFormat("d/M")
        x_axis.setTitleText(self.tr("Dato"))
        x_axis.setRange(QDateTime(qdate(first), QTime(0, 0)), QDateTime(qdate(last), QTime(0, 0)))
        x_axis.setTickCount(min(8, max(2, (last - first).days + 1)))

        top = len(step_labels)
        y_axis = QCategoryAxis()
        y_axis.setTitleText(self.tr("Trin"))
        y_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        y_axis.setStartValue(0.5)
        for level in range(1, top + 1):
            # The step's text, shortened; the level keeps equal texts apart. The whole
            # text is the tooltip over the axis (mouseMoveEvent).
            y_axis.append(axis_label(level, step_labels[level - 1]), level)
        y_axis.setRange(0.5, top + 0.5)

        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)

        if goal_level is not None:
            goal = line_series(
                chart_word(PERSONAL_GOAL), GOAL_COLOUR, Qt.PenStyle.DashLine, 1.8, marker=None
            )
            goal.append(date_msecs(first), goal_level)
            goal.append(date_msecs(last), goal_level)
            self._attach(goal, x_axis, y_axis)
            self.goal_series = goal
        self._attach(staff, x_axis, y_axis)
        self._attach(participant, x_axis, y_axis)
        # The start as a point of its own, so the legend says where both lines begin.
        start = QScatterSeries()
        start.setName(self.tr("Start (udgangspunkt)"))
        start.setMarkerSize(MARKER_SIZE + 4)
        start.setLightMarker(marker_image("square", START_COLOUR))
        start.setColor(START_COLOUR)
        start.append(start_x, start_level)
        self._attach(start, x_axis, y_axis)
        self.start_series = start
        # Four legend entries do not fit beside each other: the start is named in the
        # title's second line instead, by its marker.
        for legend_marker in chart.legend().markers(start):
            legend_marker.setVisible(False)
        chart.setTitle(
            f"{html.escape(title)}<br><small>"
            + html.escape(
                self.tr("■ start: begge kurver begynder på startrinnet (udgangspunktet) {day}")
            ).format(day=date_text(start_day))
            + "</small>"
        )
        staff.hovered.connect(self._show_staff_tip)
        participant.hovered.connect(self._show_participant_tip)

        self.staff_series = staff
        self.participant_series = participant
        self.x_axis = x_axis
        self.y_axis = y_axis
        self.setAccessibleDescription(self._describe(title, start_day, start_level, goal_level))

    @staticmethod
    def _date_range(
        start_day: datetime.date, days: Sequence[datetime.date]
    ) -> tuple[datetime.date, datetime.date]:
        """The x range: all dates, padded so markers are not cut and one date still works."""
        first = min([start_day, *days])
        last = max([start_day, *days])
        span = (last - first).days
        pad = datetime.timedelta(days=3 if span == 0 else max(1, math.ceil(span * 0.04)))
        return first - pad, last + pad

    def step_text(self, level: int) -> str:
        """The step's text for a level (1-based), or '' outside the ladder."""
        if 1 <= level <= len(self._step_labels):
            return self._step_labels[level - 1]
        return ""

    def _tip(self, who: str, point: QPointF) -> str:
        day = QDateTime.fromMSecsSinceEpoch(round(point.x())).date()
        level = round(point.y())
        return self.tr("{who}, {day}: trin {level} – {text}").format(
            who=who,
            day=date_text(day),
            level=level,
            text=self.step_text(level),
        )

    def _show_staff_tip(self, point: QPointF, state: bool) -> None:
        self._show_tip(chart_word(STAFF_RATING), point, state)

    def _show_participant_tip(self, point: QPointF, state: bool) -> None:
        self._show_tip(chart_word(OWN_RATING), point, state)

    def axis_tip_at(self, pos: QPoint) -> str:
        """The whole step text for a point left of the plot (over the Y axis' labels)."""
        if self.staff_series is None or not self._step_labels:
            return ""
        chart = self.chart()
        scene = self.mapToScene(pos)
        at = chart.mapFromScene(scene)
        plot = chart.plotArea()
        if at.x() >= plot.left() or not plot.top() - 8 <= at.y() <= plot.bottom() + 8:
            return ""
        value = chart.mapToValue(QPointF(plot.left(), at.y()), self.staff_series)
        level = round(value.y())
        text = self.step_text(level)
        return self.tr("Trin {level}: {text}").format(level=level, text=text) if text else ""

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        tip = self.axis_tip_at(event.position().toPoint())
        if tip:
            QToolTip.showText(event.globalPosition().toPoint(), tip, self)
        super().mouseMoveEvent(event)

    def _show_tip(self, who: str, point: QPointF, state: bool) -> None:
        if state:
            QToolTip.showText(QCursor.pos(), self._tip(who, point), self)
        else:
            QToolTip.hideText()

    def _describe(
        self, title: str, start_day: datetime.date, start_level: int, goal_level: int | None
    ) -> str:
        """A text version of the chart for screen readers."""
        parts = [
            self.tr("{title}: start på trin {level} den {day}").format(
                title=title,
                level=start_level,
                day=date_text(start_day),
            )
        ]
        if goal_level is not None:
            parts.append(self.tr("mål trin {level}").format(level=goal_level))
        for who, series in (
            (self.tr("seneste medarbejdervurdering"), self.staff_series),
            (self.tr("seneste egen vurdering"), self.participant_series),
        ):
            if series is not None and series.count() > 1:
                last = series.at(series.count() - 1)
                day = QDateTime.fromMSecsSinceEpoch(round(last.x())).date()
                parts.append(
                    self.tr("{who} trin {level} den {day}").format(
                        who=who,
                        level=round(last.y()),
                        day=date_text(day),
                    )
                )
        return ", ".join(parts) + "."
