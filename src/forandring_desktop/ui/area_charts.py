"""The overview's main-area spider chart and the challenges at the start and now."""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QLegend,
    QLineSeries,
    QPolarChart,
    QValueAxis,
    QXYSeries,
)
from PySide6.QtCore import QMargins, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import QWidget

from forandring_desktop.reports.participant_charts import FIRST_SCORING, LATEST_SCORING
from forandring_desktop.ui.chart_base import (
    AREA_MAX_SCORE,
    AREA_MIN_SCORE,
    CHALLENGE_STATES,
    NOW_COLOUR,
    START_COLOUR,
    ChartViewBase,
    chart_word,
    line_series,
)
from forandring_desktop.ui.dates import date_text


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


class AreaRadarChart(ChartViewBase):
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
        days: tuple[datetime.date | None, datetime.date | None] = (None, None),
    ) -> None:
        """Show the areas' scores at the first and the latest scoring (on ``days``);
        missing keys count as no score."""
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
        angular.setTruncateLabels(False)  # a long name ("Beskæftigelse") is shown whole
        # QPolarChart under-counts the room a name beside the rings needs, so a long one
        # was cut by the chart's edge: keep that room free at both sides.
        widest = max(self.fontMetrics().horizontalAdvance(label) for label in labels)
        side = max(8, widest // 2)
        chart.setMargins(QMargins(side, 8, side, 8))

        radial = QValueAxis()
        radial.setRange(AREA_MIN_SCORE, AREA_MAX_SCORE)
        radial.setTickCount(AREA_MAX_SCORE - AREA_MIN_SCORE + 1)
        radial.setLabelFormat("%d")
        # QPolarChart writes the scale along the top spoke, under the first area's markers;
        # drawForeground writes it between the first two spokes instead (as on paper).
        radial.setLabelsVisible(False)

        chart.addAxis(angular, QPolarChart.PolarOrientation.PolarOrientationAngular)
        chart.addAxis(radial, QPolarChart.PolarOrientation.PolarOrientationRadial)

        # Named as in the printed report: the first and the latest scoring, with their days.
        # The days go in the title's second line: the legend has room for the names only.
        first_name, latest_name = chart_word(FIRST_SCORING), chart_word(LATEST_SCORING)
        title = self.tr("Hovedområder")
        if days[0] is not None and days[1] is not None:
            title += (
                "<br><small>"
                + self.tr("første {day1} · seneste {day2}").format(
                    day1=date_text(days[0]), day2=date_text(days[1])
                )
                + "</small>"
            )
        chart.setTitle(title)
        start_series = line_series(first_name, START_COLOUR, Qt.PenStyle.DashLine, 2.0, "square")
        now_series = line_series(latest_name, NOW_COLOUR, Qt.PenStyle.SolidLine, 2.5, "circle")
        for series, scores in ((start_series, start), (now_series, now)):
            self._fill(series, areas, scores)
            self._attach(series, angular, radial)
        self.start_series = start_series
        self.now_series = now_series
        self.angular_axis = angular
        self.radial_axis = radial
        self.setAccessibleDescription(self._describe(areas, start, now))

    def scale_angle(self) -> float:
        """Where the scale's numbers go: half-way between the first two spokes."""
        count = len(self.angular_axis.categoriesLabels()) if self.angular_axis else 1
        return 180.0 / max(count, 1)

    def scale_positions(self) -> list[tuple[str, QPointF]]:
        """Each scale number and where it is drawn (scene coordinates), clear of the
        spokes and so of every marker."""
        if self.now_series is None or self.radial_axis is None:
            return []
        chart = self.polar_chart()
        angle = self.scale_angle()
        step = 2  # -5, -3, -1, 1, 3, 5: every other ring, so the numbers stay apart
        return [
            (
                f"{value:+d}" if value else "0",
                chart.mapToPosition(QPointF(angle, value), self.now_series),
            )
            for value in range(AREA_MIN_SCORE, AREA_MAX_SCORE + 1, step)
        ]

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        super().drawForeground(painter, rect)
        positions = self.scale_positions()
        if not positions:
            return
        painter.save()
        font = painter.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
        painter.setFont(font)
        painter.setPen(QColor("#555555"))
        metrics = painter.fontMetrics()
        for text, point in positions:
            width = metrics.horizontalAdvance(text)
            painter.drawText(QPointF(point.x() - width / 2, point.y() + metrics.ascent() / 2), text)
        painter.restore()

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


class ChallengeBarChart(ChartViewBase):
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
        categories.setTruncateLabels(False)  # "Delvist løst" whole, never "Delvist l…"
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
