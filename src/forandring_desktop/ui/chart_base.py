"""What the participant charts share: colours, markers, line series and a chart view that
clears itself.

Colour is never the only signal: the staff's and the participant's lines also differ in
pen style and marker shape, and the bar sets differ in fill pattern, so a grey-scale print
still tells them apart.
"""

from __future__ import annotations

import datetime

from PySide6.QtCharts import (
    QAbstractAxis,
    QAbstractSeries,
    QChart,
    QChartView,
    QLegend,
    QLineSeries,
)
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QRectF, Qt, QTime
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from forandring_desktop.reports.participant_charts import (
    FIRST_SCORING,
    LATEST_SCORING,
    OWN_RATING,
    PERSONAL_GOAL,
    STAFF_RATING,
)

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


def chart_word(word: str) -> str:
    """The translation of one of the printed report's names for a line or a point (as
    reports.participant_charts spells it; a word the report no longer has is a KeyError)."""
    words = {
        STAFF_RATING: QCoreApplication.translate("ChartWords", "Medarbejderens vurdering"),
        OWN_RATING: QCoreApplication.translate("ChartWords", "Deltagerens egen vurdering"),
        PERSONAL_GOAL: QCoreApplication.translate("ChartWords", "Personligt mål"),
        FIRST_SCORING: QCoreApplication.translate("ChartWords", "Første scoring"),
        LATEST_SCORING: QCoreApplication.translate("ChartWords", "Seneste scoring"),
    }
    return words[word]


def date_msecs(day: datetime.date) -> float:
    """A date as the date axis counts it: local midnight in msecs since the epoch."""
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0)).toMSecsSinceEpoch())


def qdate(day: datetime.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def marker_image(shape: str, colour: QColor) -> QImage:
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


def line_series(
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
        series.setLightMarker(marker_image(marker, colour))
    return series


class ChartViewBase(QChartView):
    """A chart view with antialiasing, a legend at the bottom and a way to clear itself."""

    def __init__(self, chart: QChart, parent: QWidget | None = None) -> None:
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().setVisible(True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().setMarkerShape(QLegend.MarkerShape.MarkerShapeFromSeries)
        chart.legend().setShowToolTips(True)  # a name cut short is whole on hover

    def _clear_chart(self) -> None:
        """Remove (and delete) every series and axis the chart holds."""
        chart = self.chart()
        for series in chart.series():
            chart.removeSeries(series)
            series.deleteLater()
        for axis in chart.axes():
            axis.setVisible(False)
            chart.removeAxis(axis)
            axis.deleteLater()

    def _attach(self, series: QAbstractSeries, *axes: QAbstractAxis) -> None:
        self.chart().addSeries(series)
        for axis in axes:
            series.attachAxis(axis)
