"""The overview's charts name what they show: the ladder curve's Y axis gives the steps'
texts (shortened, whole on hover), every line and point is named with the printed report's
words, and labels stay clear of the data and of the chart's edges."""

from __future__ import annotations

import datetime
import math

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.reports.participant_charts import (
    FIRST_SCORING,
    LATEST_SCORING,
    OWN_RATING,
    PERSONAL_GOAL,
    STAFF_RATING,
)
from forandring_desktop.ui.area_charts import AreaRadarChart, ChallengeBarChart
from forandring_desktop.ui.charts import AXIS_LABEL_CHARS, LadderCurveChart
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.participants import ParticipantsPage

D = datetime.date
LONG = "Kan selv tage kontakt til en arbejdsgiver og aftale en praktik"
STEPS = ["UDGANGSPUNKTET", "Møder op", "Møder til tiden", LONG, "MÅLET"]
AREAS = ["Social", "Sundhed", "Beskæftigelse"]


def shown(qtbot: QtBot, widget: QWidget, width: int, height: int) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_the_curve_names_its_steps_and_shows_the_whole_text_on_hover(qtbot: QtBot) -> None:
    chart = LadderCurveChart()
    chart.set_data("Arbejde", STEPS, D(2025, 1, 6), 1, 4, [(D(2025, 2, 3), 2, 3)])
    shown(qtbot, chart, 640, 320)
    assert chart.y_axis is not None
    labels = chart.y_axis.categoriesLabels()
    assert labels[:3] == ["1. UDGANGSPUNKTET", "2. Møder op", "3. Møder til tiden"]
    assert labels[3].startswith("4. Kan selv tage")
    assert labels[3].endswith("…")
    assert len(labels[3]) <= len("4. ") + AXIS_LABEL_CHARS
    # Over the axis at level 4: the whole step text.
    plot = chart.chart().plotArea()
    assert chart.staff_series is not None
    at = chart.chart().mapToPosition(QPointF(plot.left(), 4), chart.staff_series)
    view_point = chart.mapFromScene(chart.chart().mapToScene(QPointF(plot.left() - 30, at.y())))
    assert chart.axis_tip_at(view_point) == f"Trin 4: {LONG}"
    assert chart.axis_tip_at(QPoint(int(plot.center().x()), int(plot.center().y()))) == ""


def test_the_curve_says_what_each_line_and_point_is(qtbot: QtBot) -> None:
    chart = LadderCurveChart()
    chart.set_data("Arbejde", STEPS, D(2025, 1, 6), 2, 4, [(D(2025, 2, 3), 3, 3)])
    shown(qtbot, chart, 640, 320)
    assert chart.staff_series is not None
    assert chart.participant_series is not None
    assert chart.goal_series is not None
    assert chart.start_series is not None
    # The printed report's words, from the same constants.
    assert chart.staff_series.name() == STAFF_RATING == "Medarbejderens vurdering"
    assert chart.participant_series.name() == OWN_RATING
    assert chart.goal_series.name() == PERSONAL_GOAL
    legend = chart.chart().legend()
    named = [m.label() for m in legend.markers() if m.isVisible()]
    assert named == [PERSONAL_GOAL, STAFF_RATING, OWN_RATING]
    # The start point is explained in the title's second line, by its date.
    assert [p.y() for p in chart.start_series.points()] == [2.0]  # the start step
    assert "startrinnet" in chart.chart().title()
    assert "06.01.2025" in chart.chart().title()


def test_the_spider_scale_sits_between_spokes_and_names_fit(qtbot: QtBot) -> None:
    radar = AreaRadarChart()
    radar.set_data(
        AREAS,
        {"Social": 1, "Sundhed": -2, "Beskæftigelse": 0},
        {"Social": 5, "Sundhed": 2, "Beskæftigelse": 4},
        (D(2024, 10, 13), D(2025, 1, 12)),
    )
    shown(qtbot, radar, 330, 560)
    assert radar.start_series is not None
    assert radar.now_series is not None
    assert radar.start_series.name() == FIRST_SCORING
    assert radar.now_series.name() == LATEST_SCORING
    assert "13.10.2024" in radar.chart().title()
    assert radar.radial_axis is not None
    assert not radar.radial_axis.labelsVisible()  # Qt's own would sit on the top spoke
    positions = radar.scale_positions()
    assert [text for text, _p in positions] == ["-5", "-3", "-1", "+1", "+3", "+5"]
    chart = radar.chart()
    centre = chart.plotArea().center()
    spokes = [radar.angle_of(i, len(AREAS)) for i in range(len(AREAS))]
    for text, point in positions[1:]:  # -5 is the centre itself
        angle = math.degrees(math.atan2(point.x() - centre.x(), centre.y() - point.y())) % 360
        gap = min(min(abs(angle - s), 360 - abs(angle - s)) for s in spokes)
        assert gap >= 45, f"{text} at {angle:.0f}° is on a spoke"
    # The widest name fits between the rings and the chart's edge on either side.
    widest = max(radar.fontMetrics().horizontalAdvance(a) for a in AREAS)
    margins = chart.margins()
    plot = chart.plotArea()
    assert plot.left() - widest >= 0
    assert plot.right() + widest <= radar.width()
    assert margins.left() >= widest // 2


def test_the_challenge_states_are_never_cut(qtbot: QtBot) -> None:
    bars = ChallengeBarChart()
    bars.set_data({"unresolved": 3}, {"unresolved": 1, "partly": 1, "fully": 1})
    shown(qtbot, bars, 260, 300)
    assert bars.category_axis is not None
    assert not bars.category_axis.truncateLabels()
    assert bars.category_axis.categories() == ["Uløst", "Delvist løst", "Løst"]


def test_the_overview_curves_name_the_participants_ladder_steps(
    qtbot: QtBot, window: MainWindow, demo_doc: OrganisationDocument
) -> None:
    window.show_page("participants")
    page = window.pages["participants"]
    assert isinstance(page, ParticipantsPage)
    person = next(p for p in demo_doc.participants if p.is_active and p.enrolments)
    page.select(person.id)
    ladders = {lad.id: lad for lad in demo_doc.ladders}
    curves = page.overview.curves
    assert len(curves) == len([e for e in person.enrolments if not e.is_deleted])
    for enrolment, curve in zip(person.enrolments, curves, strict=True):
        steps = ladders[enrolment.ladder_id].live_steps()
        assert curve.y_axis is not None
        labels = curve.y_axis.categoriesLabels()
        assert len(labels) == len(steps)
        for level, (label, step) in enumerate(zip(labels, steps, strict=True), start=1):
            short = label.removeprefix(f"{level}. ").removesuffix("…")
            assert step.text.startswith(short), (label, step.text)
            assert curve.step_text(level) == step.text
