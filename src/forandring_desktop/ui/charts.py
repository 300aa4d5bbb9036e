"""Charts for a participant's overview: ladder curves, the main-area radar and challenges.

Every widget takes plain Python data (dates, ints, strings), so a page can feed it from
whatever it read through the services, and the tests can feed it by hand. Each ``set_data``
call replaces everything the chart showed before.

Colour is never the only signal: the staff's and the participant's lines also differ in
pen style and marker shape, and the bar sets differ in fill pattern, so a grey-scale print
still tells them apart.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence

from PySide6.QtCharts import (
    QAbstractAxis,
    QAbstractSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLegend,
    QLineSeries,
    QPolarChart,
    QValueAxis,
    QXYSeries,
)
from PySide6.QtCore import QDate, QDateTime, QPointF, QRectF, Qt, QTime
from PySide6.QtGui import QBrush, QColor, QCursor, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from forandring_desktop.ui.dates import date_text

# Blue and orange stay apart for the common colour-vision deficiencies.
STAFF_COLOUR = QColor("#1f5fa8")
PARTICIPANT_COLOUR = QColor("#c25e00")
GOAL_COLOUR = QColor("#4a4a4a")
START_COLOUR = QColor("#7a7a7a")
NOW_COLOUR = QColor("#1f5fa8")

MARKER_SIZE = 13.0
_MARKER_IMAGE_SIZE = 24  # drawn large, scaled down to MARKER_SIZE by QtCharts

AREA_MIN_SCORE = -5
AREA_MAX_SCORE = 5

# The ChallengeState values (forandring_desktop.model.participants.ChallengeState), in the
# order the bars are shown.
CHALLENGE_STATES: tuple[str, ...] = ("unresolved", "partly", "fully")


def date_msecs(day: datetime.date) -> float:
    """A date as the date axis counts it: local midnight in msecs since the epoch."""
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0)).toMSecsSinceEpoch())


def _qdate(day: datetime.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def radar_polygon(
    scored: Sequence[tuple[float, float]],
    radial_min: float = AREA_MIN_SCORE,
) -> list[tuple[float, float]]:
    """The closed polygon through ``(angle, score)`` points, as a QPolarChart line series.

    ``scored`` is in increasing angle order (degrees in [0, 360), clockwise from the top);
    ``radial_min`` is the score at the pole. QPolarChart draws a segment as a straight line
    only while the angle moves less than 180°, and clips what lies past the axis' 360°, so:

    - when the closing segment runs forward across the top (0°), the polygon starts and
      ends on the top ray: at the first point itself (repeated at 360°) when it lies on
      the top ray, else at the point where the straight closing line crosses it;
    - when all points lie within half a turn, the closing segment runs backwards and the
      first point is simply repeated.

    One point is returned alone; none gives an empty list.
    """
    points = [(float(a), float(s)) for a, s in scored]
    if len(points) < 2:
        return points
    first_angle, first_score = points[0]
    last_angle, last_score = points[-1]
    if last_angle - first_angle <= 180.0:
        return [*points, (first_angle, first_score)]
    if first_angle == 0.0:
        return [*points, (360.0, first_score)]
    # Straight line from the last point forward to the first; where does it cross 0°?
    rho_last = last_score - radial_min
    rho_first = first_score - radial_min
    x_last = rho_last * math.sin(math.radians(last_angle))
    y_last = rho_last * math.cos(math.radians(last_angle))
    x_first = rho_first * math.sin(math.radians(first_angle))
    y_first = rho_first * math.cos(math.radians(first_angle))
    if math.isclose(x_last, x_first, abs_tol=1e-9):
        rho_cross = min(rho_last, rho_first)
    else:
        t = x_last / (x_last - x_first)
        rho_cross = y_last + t * (y_first - y_last)
    crossing = radial_min + max(0.0, rho_cross)
    return [(0.0, crossing), *points, (360.0, crossing)]


def _marker_image(shape: str, colour: QColor) -> QImage:
    """A point marker drawn as an image: 'circle', 'square' or 'diamond' (white rim)."""
    size = _MARKER_IMAGE_SIZE
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("white"), 2.0))
    painter.setBrush(colour)
    box = QRectF(1.0, 1.0, size - 2.0, size - 2.0)
    if shape == "circle":
        painter.drawEllipse(box)
    elif shape == "square":
        painter.drawRect(box.adjusted(2.0, 2.0, -2.0, -2.0))
    else:  # diamond
        path = QPainterPath()
        path.moveTo(box.center().x(), box.top())
        path.lineTo(box.right(), box.center().y())
        path.lineTo(box.center().x(), box.bottom())
        path.lineTo(box.left(), box.center().y())
        path.closeSubpath()
        painter.drawPath(path)
    painter.end()
    return image


def _line_series(
    name: str, colour: QColor, style: Qt.PenStyle, width: float, marker: str | None
) -> QLineSeries:
    series = QLineSeries()
    series.setName(name)
    pen = QPen(colour, width)
    pen.setStyle(style)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    series.setPen(pen)
    series.setColor(colour)
    if marker is not None:
        # The light marker replaces the round default markers; turning the default points
        # on as well would draw both (QPolarChart does).
        series.setMarkerSize(MARKER_SIZE)
        series.setPointsVisible(False)
        series.setLightMarker(_marker_image(marker, colour))
    return series


class _ChartViewBase(QChartView):
    """A chart view with antialiasing, a legend at the bottom and a way to clear itself."""

    def __init__(self, chart: QChart, parent: QWidget | None = None) -> None:
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().setVisible(True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().setMarkerShape(QLegend.MarkerShape.MarkerShapeFromSeries)

    def _clear_chart(self) -> None:
        """Remove (and delete) every series and axis the chart holds."""
        chart = self.chart()
        for series in chart.series():
            chart.removeSeries(series)
            series.deleteLater()
        for axis in chart.axes():
            chart.removeAxis(axis)
            axis.deleteLater()

    def _attach(self, series: QAbstractSeries, *axes: QAbstractAxis) -> None:
        self.chart().addSeries(series)
        for axis in axes:
            series.attachAxis(axis)


class LadderCurveChart(_ChartViewBase):
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
        self.x_axis = None
        self.y_axis = None
        self._step_labels = list(step_labels)
        chart = self.chart()
        chart.setTitle(title)
        if not step_labels:
            self.setAccessibleDescription(self.tr("Måltrappen har ingen trin."))
            return

        staff = _line_series(
            self.tr("Medarbejderens vurdering"),
            STAFF_COLOUR,
            Qt.PenStyle.SolidLine,
            2.5,
            "circle",
        )
        participant = _line_series(
            self.tr("Deltagerens egen vurdering"),
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
        x_axis.setRange(QDateTime(_qdate(first), QTime(0, 0)), QDateTime(_qdate(last), QTime(0, 0)))
        x_axis.setTickCount(min(8, max(2, (last - first).days + 1)))

        top = len(step_labels)
        y_axis = QCategoryAxis()
        y_axis.setTitleText(self.tr("Trin"))
        y_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        y_axis.setStartValue(0.5)
        for level in range(1, top + 1):
            y_axis.append(str(level), level)
        y_axis.setRange(0.5, top + 0.5)

        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)

        if goal_level is not None:
            goal = _line_series(self.tr("Mål"), GOAL_COLOUR, Qt.PenStyle.DashLine, 1.8, marker=None)
            goal.append(date_msecs(first), goal_level)
            goal.append(date_msecs(last), goal_level)
            self._attach(goal, x_axis, y_axis)
            self.goal_series = goal
        self._attach(staff, x_axis, y_axis)
        self._attach(participant, x_axis, y_axis)
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
        self._show_tip(self.tr("Medarbejderens vurdering"), point, state)

    def _show_participant_tip(self, point: QPointF, state: bool) -> None:
        self._show_tip(self.tr("Deltagerens egen vurdering"), point, state)

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


class AreaRadarChart(_ChartViewBase):
    """The spider chart of main areas (hovedområder): -5 … +5 at the start and now.

    Areas are evenly spaced clockwise from the top, the first at the top. A missing score
    leaves that area's point out of the series (the polygon joins its neighbours) instead
    of pretending 0; see ``radar_polygon`` for how the polygon is closed.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QPolarChart(), parent)
        self.setAccessibleName(self.tr("Hovedområder ved start og nu"))
        self.setMinimumSize(360, 340)
        self.chart().setTitle(self.tr("Hovedområder"))
        self.start_series: QLineSeries | None = None
        self.now_series: QLineSeries | None = None
        self.angular_axis: QCategoryAxis | None = None
        self.radial_axis: QValueAxis | None = None

    def polar_chart(self) -> QPolarChart:
        chart = self.chart()
        assert isinstance(chart, QPolarChart)
        return chart

    @staticmethod
    def angle_of(index: int, count: int) -> float:
        """The angle (degrees, clockwise from the top) of the index'th of count areas."""
        return 360.0 * index / count

    def set_data(
        self,
        areas: Sequence[str],
        start: Mapping[str, int | None],
        now: Mapping[str, int | None],
    ) -> None:
        """Show the areas' scores at the start and now; missing keys count as no score."""
        self._clear_chart()
        self.start_series = self.now_series = None
        self.angular_axis = None
        self.radial_axis = None
        chart = self.polar_chart()
        if not areas:
            self.setAccessibleDescription(self.tr("Ingen hovedområder."))
            return

        angular = QCategoryAxis()
        angular.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        angular.setStartValue(0.0)
        # Category labels must be unique; a repeated name gets an invisible suffix.
        labels: list[str] = []
        for area in areas:
            label = area
            while label in labels:
                label += "\u200b"
            labels.append(label)
        for index, label in enumerate(labels[1:], start=1):
            angular.append(label, self.angle_of(index, len(areas)))
        # The first area sits at 0° (= 360°): its label goes at the full turn.
        angular.append(labels[0], 360.0)
        angular.setRange(0.0, 360.0)

        radial = QValueAxis()
        radial.setRange(AREA_MIN_SCORE, AREA_MAX_SCORE)
        radial.setTickCount(AREA_MAX_SCORE - AREA_MIN_SCORE + 1)
        radial.setLabelFormat("%d")

        chart.addAxis(angular, QPolarChart.PolarOrientation.PolarOrientationAngular)
        chart.addAxis(radial, QPolarChart.PolarOrientation.PolarOrientationRadial)

        start_series = _line_series(
            self.tr("Ved start"), START_COLOUR, Qt.PenStyle.DashLine, 2.0, "square"
        )
        now_series = _line_series(self.tr("Nu"), NOW_COLOUR, Qt.PenStyle.SolidLine, 2.5, "circle")
        for series, scores in ((start_series, start), (now_series, now)):
            self._fill(series, areas, scores)
            self._attach(series, angular, radial)
        self.start_series = start_series
        self.now_series = now_series
        self.angular_axis = angular
        self.radial_axis = radial
        self.setAccessibleDescription(self._describe(areas, start, now))

    def _fill(
        self, series: QLineSeries, areas: Sequence[str], scores: Mapping[str, int | None]
    ) -> None:
        scored = [
            (self.angle_of(index, len(areas)), float(value))
            for index, area in enumerate(areas)
            if (value := scores.get(area)) is not None
        ]
        polygon = radar_polygon(scored)
        series.append([QPointF(angle, score) for angle, score in polygon])
        # Where the closing line crosses the top ray is no score: no marker there.
        real = set(scored)
        hidden = {QXYSeries.PointConfiguration.Visibility: False}
        for index, (angle, score) in enumerate(polygon):
            if (angle % 360.0, score) not in real:
                series.setPointConfiguration(index, hidden)

    def _describe(
        self,
        areas: Sequence[str],
        start: Mapping[str, int | None],
        now: Mapping[str, int | None],
    ) -> str:
        def word(score: int | None) -> str:
            return self.tr("ingen score") if score is None else f"{score:+d}"

        return "; ".join(
            self.tr("{area}: ved start {start}, nu {now}").format(
                area=area, start=word(start.get(area)), now=word(now.get(area))
            )
            for area in areas
        )


class ChallengeBarChart(_ChartViewBase):
    """How many intake challenges are unresolved, partly and fully resolved: start vs now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QChart(), parent)
        self.setAccessibleName(self.tr("Udfordringer ved start og nu"))
        self.setMinimumSize(360, 260)
        self.chart().setTitle(self.tr("Udfordringer"))
        self.chart().legend().setMarkerShape(QLegend.MarkerShape.MarkerShapeRectangle)
        self.start_set: QBarSet | None = None
        self.now_set: QBarSet | None = None
        self.bar_series: QBarSeries | None = None
        self.category_axis: QBarCategoryAxis | None = None
        self.value_axis: QValueAxis | None = None

    def category_labels(self) -> list[str]:
        return [self.tr("Uløst"), self.tr("Delvist løst"), self.tr("Løst")]

    def set_data(self, start: Mapping[str, int], now: Mapping[str, int]) -> None:
        """Counts per ChallengeState value ('unresolved', 'partly', 'fully'); missing = 0."""
        self._clear_chart()
        start_set = QBarSet(self.tr("Ved start"))
        start_set.setColor(START_COLOUR)
        start_set.setBrush(QBrush(START_COLOUR, Qt.BrushStyle.BDiagPattern))
        start_set.setBorderColor(START_COLOUR)
        now_set = QBarSet(self.tr("Nu"))
        now_set.setColor(NOW_COLOUR)
        now_set.setBorderColor(NOW_COLOUR)
        for bar_set, counts in ((start_set, start), (now_set, now)):
            bar_set.append([float(counts.get(state, 0)) for state in CHALLENGE_STATES])
            bar_set.setLabelColor(QColor("black"))

        series = QBarSeries()
        series.append(start_set)
        series.append(now_set)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")

        categories = QBarCategoryAxis()
        categories.append(self.category_labels())
        values = QValueAxis()
        all_counts = [c.get(state, 0) for c in (start, now) for state in CHALLENGE_STATES]
        highest = max([1, *all_counts])
        values.setRange(0, highest + max(1, math.ceil(highest * 0.15)))  # room for labels
        values.setTickType(QValueAxis.TickType.TicksDynamic)
        values.setTickAnchor(0)
        values.setTickInterval(max(1, math.ceil(highest / 6)))
        values.setLabelFormat("%d")
        values.setTitleText(self.tr("Antal"))

        chart = self.chart()
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        self._attach(series, categories, values)

        self.start_set = start_set
        self.now_set = now_set
        self.bar_series = series
        self.category_axis = categories
        self.value_axis = values
        labels = self.category_labels()
        self.setAccessibleDescription(
            "; ".join(
                self.tr("{state}: ved start {start}, nu {now}").format(
                    state=labels[i], start=start.get(state, 0), now=now.get(state, 0)
                )
                for i, state in enumerate(CHALLENGE_STATES)
            )
        )
