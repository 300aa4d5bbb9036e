"""The participant overview's charts: ladder curve, main-area radar and challenge bars."""

from __future__ import annotations

import datetime
import itertools
import math
from typing import TypeVar

import pytest
from PySide6.QtCharts import (
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QDateTimeAxis,
    QLineSeries,
    QXYSeries,
)
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from forandring_desktop.model.participants import ChallengeState
from forandring_desktop.ui.charts import (
    PARTICIPANT_COLOUR,
    STAFF_COLOUR,
    AreaRadarChart,
    ChallengeBarChart,
    LadderCurveChart,
    radar_polygon,
)

D = datetime.date
STEPS = ["UDGANGSPUNKTET", "Møder op", "Møder til tiden", "Arbejder 2 timer", "Praktik", "MÅLET"]
START = D(2025, 1, 6)
POINTS: list[tuple[datetime.date, int | None, int | None]] = [
    (D(2025, 2, 3), 2, 3),
    (D(2025, 3, 3), None, 3),
    (D(2025, 4, 7), 3, None),
    (D(2025, 5, 5), 4, 5),
]
AREAS = ["Bolig", "Økonomi", "Helbred", "Netværk", "Arbejde"]


def msecs(day: datetime.date) -> float:
    """The date axis' x for a date, computed here independently of the module."""
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0)).toMSecsSinceEpoch())


def xy(series: QLineSeries) -> list[tuple[float, float]]:
    return [(p.x(), p.y()) for p in series.points()]


def has_colour(image: QImage, colour: QColor, tolerance: int = 10) -> bool:
    """Whether any pixel is (nearly) the colour: the series was really painted."""
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if (
                abs(pixel.red() - colour.red()) <= tolerance
                and abs(pixel.green() - colour.green()) <= tolerance
                and abs(pixel.blue() - colour.blue()) <= tolerance
            ):
                return True
    return False


ChartT = TypeVar("ChartT", bound=QWidget)


def sized(qtbot: QtBot, chart: ChartT, width: int, height: int) -> ChartT:
    """``chart`` at a fixed size, closed after the test."""
    qtbot.addWidget(chart)
    chart.resize(width, height)
    return chart


def check_common(widget: QWidget) -> None:
    assert widget.accessibleName()
    assert widget.minimumWidth() >= 300
    assert widget.minimumHeight() >= 200


# --- LadderCurveChart ---------------------------------------------------------------------


@pytest.fixture
def ladder(qtbot: QtBot) -> LadderCurveChart:
    return sized(qtbot, LadderCurveChart(), 480, 320)


def test_ladder_series_skip_missing_levels(ladder: LadderCurveChart) -> None:
    ladder.set_data("Arbejde", STEPS, START, 1, 5, POINTS)

    assert ladder.staff_series is not None
    assert ladder.participant_series is not None
    assert xy(ladder.staff_series) == [
        (msecs(START), 1.0),
        (msecs(D(2025, 2, 3)), 2.0),
        (msecs(D(2025, 4, 7)), 3.0),  # 3 March had no staff rating
        (msecs(D(2025, 5, 5)), 4.0),
    ]
    assert xy(ladder.participant_series) == [
        (msecs(START), 1.0),
        (msecs(D(2025, 2, 3)), 3.0),
        (msecs(D(2025, 3, 3)), 3.0),  # 7 April had no own rating
        (msecs(D(2025, 5, 5)), 5.0),
    ]
    assert ladder.staff_series.name() == "Medarbejderens vurdering"
    assert ladder.participant_series.name() == "Deltagerens egen vurdering"
    assert ladder.chart().title().startswith("Arbejde<br>")
    assert "trin 4" in ladder.accessibleDescription()


def test_ladder_goal_line_spans_the_dates_at_the_goal(ladder: LadderCurveChart) -> None:
    ladder.set_data("Arbejde", STEPS, START, 1, 5, POINTS)

    goal = ladder.goal_series
    assert goal is not None
    assert goal.name() == "Personligt mål"  # as in the printed report
    assert goal.pen().style() == Qt.PenStyle.DashLine
    assert [p.y() for p in goal.points()] == [5.0, 5.0]
    left, right = goal.points()[0].x(), goal.points()[-1].x()
    assert left <= msecs(START)
    assert right >= msecs(D(2025, 5, 5))
    x_axis = ladder.x_axis
    assert isinstance(x_axis, QDateTimeAxis)
    assert x_axis.min().toMSecsSinceEpoch() == left
    assert x_axis.max().toMSecsSinceEpoch() == right
    assert len(ladder.chart().series()) == 4  # goal, staff, own and the start point


def test_ladder_without_goal_has_no_goal_line(ladder: LadderCurveChart) -> None:
    ladder.set_data("Arbejde", STEPS, START, 2, None, POINTS)

    assert ladder.goal_series is None
    assert len(ladder.chart().series()) == 3
    assert ladder.staff_series is not None
    assert ladder.staff_series.points()[0].y() == 2.0


def test_ladder_axes(ladder: LadderCurveChart) -> None:
    ladder.set_data("Arbejde", STEPS, START, 1, 5, POINTS)

    x_axis, y_axis = ladder.x_axis, ladder.y_axis
    assert isinstance(x_axis, QDateTimeAxis)
    assert x_axis.format() == "d/M"
    assert isinstance(y_axis, QCategoryAxis)
    assert y_axis.titleText() == "Trin"
    assert y_axis.categoriesLabels() == [f"{n}. {text}" for n, text in enumerate(STEPS, 1)]
    assert [y_axis.endValue(label) for label in y_axis.categoriesLabels()] == [1, 2, 3, 4, 5, 6]
    assert y_axis.min() < 1
    assert y_axis.max() > 6
    assert ladder.step_text(1) == "UDGANGSPUNKTET"
    assert ladder.step_text(6) == "MÅLET"
    assert ladder.step_text(7) == ""


def test_ladder_lines_differ_beyond_colour(ladder: LadderCurveChart) -> None:
    ladder.set_data("Arbejde", STEPS, START, 1, 5, POINTS)

    staff, own = ladder.staff_series, ladder.participant_series
    assert staff is not None
    assert own is not None
    assert staff.pen().style() == Qt.PenStyle.SolidLine
    assert own.pen().style() == Qt.PenStyle.DashDotLine
    assert staff.color() != own.color()
    assert not staff.lightMarker().isNull()
    assert not own.lightMarker().isNull()
    assert staff.lightMarker() != own.lightMarker()  # circle vs diamond


def test_ladder_paints_both_lines(ladder: LadderCurveChart) -> None:
    check_common(ladder)
    assert ladder.renderHints() & QPainter.RenderHint.Antialiasing
    assert ladder.chart().legend().isVisible()
    ladder.set_data("Arbejde", STEPS, START, 1, 5, POINTS)

    image = ladder.grab().toImage()
    assert has_colour(image, STAFF_COLOUR)
    assert has_colour(image, PARTICIPANT_COLOUR)


def test_ladder_set_data_twice_replaces(ladder: LadderCurveChart) -> None:
    ladder.set_data("Arbejde", STEPS, START, 1, 5, POINTS)
    ladder.set_data("Bolig", STEPS[:3], START, 1, None, [(D(2025, 2, 1), 2, 2)])

    chart = ladder.chart()
    assert chart.title().startswith("Bolig<br>")
    assert len(chart.series()) == 3
    assert len(chart.axes()) == 2
    assert ladder.goal_series is None
    assert ladder.staff_series is not None
    assert ladder.participant_series is not None
    assert ladder.staff_series.count() == 2
    assert ladder.participant_series.count() == 2
    assert isinstance(ladder.y_axis, QCategoryAxis)
    assert ladder.y_axis.categoriesLabels() == [f"{n}. {t}" for n, t in enumerate(STEPS[:3], 1)]


def test_ladder_only_the_start_pads_the_date_range(ladder: LadderCurveChart) -> None:
    ladder.set_data("Arbejde", STEPS, START, 1, 6, [])

    assert ladder.staff_series is not None
    assert ladder.participant_series is not None
    assert xy(ladder.staff_series) == [(msecs(START), 1.0)]
    assert xy(ladder.participant_series) == [(msecs(START), 1.0)]
    x_axis = ladder.x_axis
    assert isinstance(x_axis, QDateTimeAxis)
    day = 24 * 3600 * 1000
    assert x_axis.min().toMSecsSinceEpoch() <= msecs(START) - 2 * day
    assert x_axis.max().toMSecsSinceEpoch() >= msecs(START) + 2 * day
    assert ladder.goal_series is not None
    assert [p.y() for p in ladder.goal_series.points()] == [6.0, 6.0]
    ladder.grab()  # paints without Qt warnings


def test_ladder_follow_up_on_the_start_day(ladder: LadderCurveChart) -> None:
    ladder.set_data("Arbejde", STEPS, START, 1, None, [(START, 2, None)])

    assert ladder.staff_series is not None
    assert xy(ladder.staff_series) == [(msecs(START), 1.0), (msecs(START), 2.0)]
    assert isinstance(ladder.x_axis, QDateTimeAxis)
    assert ladder.x_axis.min() < ladder.x_axis.max()


def test_ladder_without_steps_shows_only_the_title(ladder: LadderCurveChart) -> None:
    ladder.set_data("Arbejde", STEPS, START, 1, 5, POINTS)
    ladder.set_data("Tom trappe", [], START, 1, None, POINTS)

    chart = ladder.chart()
    assert chart.title() == "Tom trappe"
    assert chart.series() == []
    assert chart.axes() == []
    assert ladder.staff_series is None
    assert ladder.participant_series is None
    assert ladder.goal_series is None
    ladder.grab()


# --- AreaRadarChart -----------------------------------------------------------------------


@pytest.fixture
def radar(qtbot: QtBot) -> AreaRadarChart:
    return sized(qtbot, AreaRadarChart(), 420, 420)


START_SCORES: dict[str, int | None] = {
    "Bolig": -2,
    "Økonomi": 0,
    "Helbred": 1,
    "Netværk": -1,
    "Arbejde": -3,
}
NOW_SCORES: dict[str, int | None] = {
    "Bolig": 3,
    "Økonomi": 2,
    "Helbred": None,
    "Netværk": 2,
    "Arbejde": 1,
}


def test_radar_closed_polygon_evenly_spaced(radar: AreaRadarChart) -> None:
    check_common(radar)
    radar.set_data(AREAS, START_SCORES, NOW_SCORES)

    series = radar.start_series
    assert series is not None
    assert series.name() == "Første scoring"
    assert xy(series) == [
        (0.0, -2.0),
        (72.0, 0.0),
        (144.0, 1.0),
        (216.0, -3.0 + 2.0),  # Netværk
        (288.0, -3.0),
        (360.0, -2.0),  # the first point again, one full turn later
    ]
    angles = [p.x() for p in series.points()]
    assert {round(b - a, 9) for a, b in itertools.pairwise(angles)} == {72.0}


def test_radar_skips_missing_scores(radar: AreaRadarChart) -> None:
    radar.set_data(AREAS, START_SCORES, NOW_SCORES)

    series = radar.now_series
    assert series is not None
    assert series.name() == "Seneste scoring"
    # Helbred (144°) has no score now: no point there, not a 0.
    assert xy(series) == [(0.0, 3.0), (72.0, 2.0), (216.0, 2.0), (288.0, 1.0), (360.0, 3.0)]


def test_radar_axes_one_label_per_area(radar: AreaRadarChart) -> None:
    radar.set_data(AREAS, START_SCORES, NOW_SCORES)

    angular, radial = radar.angular_axis, radar.radial_axis
    assert angular is not None
    assert radial is not None
    ends = {label: angular.endValue(label) for label in angular.categoriesLabels()}
    assert ends == {
        "Økonomi": 72.0,
        "Helbred": 144.0,
        "Netværk": 216.0,
        "Arbejde": 288.0,
        "Bolig": 360.0,  # the top, where 0° is
    }
    assert (angular.min(), angular.max()) == (0.0, 360.0)
    assert (radial.min(), radial.max()) == (-5.0, 5.0)
    image = radar.grab().toImage()
    assert not image.isNull()


def test_radar_missing_first_area_closes_across_the_top(radar: AreaRadarChart) -> None:
    scores: dict[str, int | None] = {"Økonomi": 0, "Helbred": 2, "Netværk": 2, "Arbejde": 0}
    radar.set_data(AREAS, scores, {})

    series = radar.start_series
    assert series is not None
    points = xy(series)
    # Bolig has no score: the polygon is closed where the straight line from Arbejde
    # (288°, 0) to Økonomi (72°, 0) crosses the top ray: radius 5·cos 72° from the pole.
    crossing = -5 + 5 * math.cos(math.radians(72))
    assert [points[0][0], points[-1][0]] == [0.0, 360.0]
    assert [points[0][1], points[-1][1]] == pytest.approx([crossing, crossing])
    assert points[1:-1] == [(72.0, 0.0), (144.0, 2.0), (216.0, 2.0), (288.0, 0.0)]
    # No marker where there is no score.
    visibility = QXYSeries.PointConfiguration.Visibility
    assert series.pointConfiguration(0).get(visibility) is False
    assert series.pointConfiguration(len(points) - 1).get(visibility) is False
    assert visibility not in series.pointConfiguration(1)
    # Nothing scored now: an empty series, no crash.
    assert radar.now_series is not None
    assert radar.now_series.count() == 0


def test_radar_few_areas(radar: AreaRadarChart) -> None:
    radar.set_data(["Bolig", "Arbejde"], {"Bolig": 1, "Arbejde": -1}, {"Bolig": 4})
    assert radar.start_series is not None
    assert radar.now_series is not None
    assert xy(radar.start_series) == [(0.0, 1.0), (180.0, -1.0), (0.0, 1.0)]
    assert xy(radar.now_series) == [(0.0, 4.0)]
    radar.grab()

    radar.set_data(["Bolig"], {"Bolig": 2}, {"Bolig": 3})
    assert radar.start_series is not None
    assert xy(radar.start_series) == [(0.0, 2.0)]
    radar.grab()

    radar.set_data([], {}, {})
    assert radar.chart().series() == []
    assert radar.start_series is None
    assert radar.now_series is None
    radar.grab()


def test_radar_set_data_twice_replaces(radar: AreaRadarChart) -> None:
    radar.set_data(AREAS, START_SCORES, NOW_SCORES)
    radar.set_data(AREAS[:4], {"Bolig": 1}, {"Bolig": 2, "Helbred": 3})

    chart = radar.chart()
    assert len(chart.series()) == 2
    assert len(chart.axes()) == 2
    assert radar.angular_axis is not None
    assert len(radar.angular_axis.categoriesLabels()) == 4
    assert radar.now_series is not None
    assert xy(radar.now_series) == [(0.0, 2.0), (180.0, 3.0), (0.0, 2.0)]


def test_radar_polygon_helper() -> None:
    assert radar_polygon([]) == []
    assert radar_polygon([(90.0, 1.0)]) == [(90.0, 1.0)]
    # All within half a turn: back to the first point.
    assert radar_polygon([(90.0, 1.0), (180.0, 2.0)]) == [(90.0, 1.0), (180.0, 2.0), (90.0, 1.0)]
    # Around the top from the first point at 0°: repeat it at 360°.
    square = [(0.0, 1.0), (90.0, 1.0), (180.0, 1.0), (270.0, 1.0)]
    assert radar_polygon(square) == [*square, (360.0, 1.0)]
    # A triangle at 60°, 180° and 300°, radius 6 from the pole (score 1): the closing line
    # from 300° to 60° crosses the top ray at 6·cos 60° = 3 from the pole, i.e. score -2.
    triangle = [(60.0, 1.0), (180.0, 1.0), (300.0, 1.0)]
    closed = radar_polygon(triangle)
    assert closed[1:-1] == triangle
    assert [closed[0][0], closed[-1][0]] == [0.0, 360.0]
    assert [closed[0][1], closed[-1][1]] == pytest.approx([-2.0, -2.0])
    # The pole itself (score -5) on both ends of the closing line.
    assert radar_polygon([(60.0, -5.0), (300.0, -5.0)])[0] == (0.0, -5.0)


# --- ChallengeBarChart --------------------------------------------------------------------


@pytest.fixture
def bars(qtbot: QtBot) -> ChallengeBarChart:
    return sized(qtbot, ChallengeBarChart(), 420, 300)


def values(bar_set: QBarSet | None) -> list[float]:
    assert bar_set is not None
    return [bar_set.at(i) for i in range(bar_set.count())]


def test_bars_counts_per_state(bars: ChallengeBarChart) -> None:
    check_common(bars)
    bars.set_data(
        {ChallengeState.UNRESOLVED: 6, ChallengeState.PARTLY: 1},
        {"unresolved": 2, "partly": 3, "fully": 2},
    )

    assert bars.start_set is not None
    assert bars.now_set is not None
    assert bars.start_set.label() == "Ved start"
    assert bars.now_set.label() == "Nu"
    assert values(bars.start_set) == [6.0, 1.0, 0.0]  # a missing state counts 0
    assert values(bars.now_set) == [2.0, 3.0, 2.0]
    assert bars.category_axis is not None
    assert bars.category_axis.categories() == ["Uløst", "Delvist løst", "Løst"]
    assert bars.value_axis is not None
    assert bars.value_axis.min() == 0
    assert bars.value_axis.max() >= 6
    # Told apart by fill pattern, not only colour.
    assert bars.start_set.brush().style() != bars.now_set.brush().style()
    bars.grab()


def test_bars_set_data_twice_replaces(bars: ChallengeBarChart) -> None:
    bars.set_data({"unresolved": 6}, {"fully": 6})
    bars.set_data({"unresolved": 1}, {"partly": 1})

    chart = bars.chart()
    assert len(chart.series()) == 1
    assert len(chart.axes()) == 2
    series = chart.series()[0]
    assert isinstance(series, QBarSeries)
    assert series.count() == 2
    assert values(bars.start_set) == [1.0, 0.0, 0.0]
    assert values(bars.now_set) == [0.0, 1.0, 0.0]
    assert "Delvist løst: ved start 0, nu 1" in bars.accessibleDescription()
