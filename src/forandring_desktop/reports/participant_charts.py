"""The progression report's two charts: a ladder's development as a curve (seed 003:
"udviklingen tegnes i en kurve") and the main areas as a spider chart ("spindelvæv").

The main-area scores are already relative to the start (-5 setback … 0 status quo … +5
goal reached), so the spider shows the *first* and the *latest* scoring, each named by its
date, never a "change" between two relative scores. Its labels sit outside the outer ring,
wrapped over up to three lines, clear of the data; the scale's numbers sit between spokes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Polygon, String
from reportlab.lib import colors

from forandring_desktop.model.intake import LadderComparison
from forandring_desktop.model.ladder import Ladder
from forandring_desktop.model.participants import (
    Enrolment,
    Participant,
    area_scores_at,
    ladder_points,
    live_follow_ups,
)
from forandring_desktop.model.report_data import ParticipantReportData
from forandring_desktop.reports.charts import (
    SeriesLook,
    chart_drawing,
    chart_legend,
    label,
    label_lines,
    marker,
)
from forandring_desktop.reports.fonts import FONT, FONT_BOLD
from forandring_desktop.reports.numbers import da_date
from forandring_desktop.reports.styles import GRID, INK, MUTED, RULE

AREA_SCALE = (
    "Skala: -5 til -1 = tilbagegang ift. start · 0 = status quo · 1 til 4 = fremgang ift. "
    "start · 5 = målet er nået."
)
AREA_MIN, AREA_MAX = -5, 5

# Blue and orange stay apart for the common colour-vision deficiencies; the lines also
# differ in dash and marker, so a black-and-white copy still tells them apart.
STAFF_COLOUR = colors.HexColor("#1f5fa8")
OWN_COLOUR = colors.HexColor("#c25e00")
GOAL_COLOUR = colors.HexColor("#4a4a4a")
# The names of the lines and points; the overview's charts say the same (ui/chart_base.py
# translates each of them; a test keeps the two equal).
STAFF_RATING = "Medarbejderens vurdering"
OWN_RATING = "Deltagerens egen vurdering"
PERSONAL_GOAL = "Personligt mål"
FIRST_SCORING = "Første scoring"
LATEST_SCORING = "Seneste scoring"
STAFF = SeriesLook(STAFF_RATING, STAFF_COLOUR, None, "FilledCircle", 1.6)
OWN = SeriesLook(OWN_RATING, OWN_COLOUR, (4, 2.5), "FilledTriangle", 1.3)
GOAL = SeriesLook(PERSONAL_GOAL, GOAL_COLOUR, (1.2, 2.2), None, 1.2)
AREA_START = SeriesLook(FIRST_SCORING, OWN_COLOUR, (4, 2.5), "FilledSquare", 1.3)
AREA_NOW = SeriesLook(LATEST_SCORING, STAFF_COLOUR, None, "FilledCircle", 1.6)

CURVE_HEIGHT = 190.0
SPIDER_HEIGHT = 275.0
LABEL_WIDTH = 96.0  # a spoke's label, wrapped over at most three lines


def _day_label(value: float) -> str:
    return date.fromordinal(round(value)).strftime("%d.%m.%y")


def curve_chart(
    person: Participant,
    enrolment: Enrolment,
    ladder: Ladder,
    row: LadderComparison,
    width: float,
) -> Any | None:
    """The development on one ladder as a curve: the staff's ratings (solid, circles) and
    the participant's own (dashed, triangles) by date, the personal goal as a dotted line.
    None when there is nothing to draw."""
    count = len(ladder.live_steps())
    if count == 0:
        return None
    points = ladder_points(person, enrolment, ladder)
    first = person.start_date.toordinal()
    staff = [(float(first), float(row.start.level))] if row.start.level is not None else []
    staff += [(float(d.toordinal()), float(s)) for d, s, _o in points if s is not None]
    own = [(float(d.toordinal()), float(o)) for d, _s, o in points if o is not None]
    if not points and not staff:
        return None
    days = [round(x) for x, _y in staff + own]
    x0, x1 = min([first, *days]), max([first + 7, *days])
    data: list[list[tuple[float, float]]] = []
    looks: list[SeriesLook] = []
    for series, look in ((staff, STAFF), (own, OWN)):
        if series:
            data.append(sorted(series))
            looks.append(look)
    if row.goal is not None and row.goal.level is not None:
        level = float(row.goal.level)
        data.append([(float(x0), level), (float(x1), level)])
        looks.append(GOAL)
    if not data:
        return None

    drawing = chart_drawing(width, CURVE_HEIGHT)
    plot = LinePlot()
    plot.x, plot.y = 34, 52
    plot.width, plot.height = width - 44, CURVE_HEIGHT - 70
    plot.data = data
    plot.strokeColor = RULE
    plot.strokeWidth = 0.4
    for i, look in enumerate(looks):
        line = plot.lines[i]
        line.strokeColor = look.colour
        line.strokeWidth = look.width
        line.strokeDashArray = list(look.dash) if look.dash else None
        line.symbol = marker(look, 5.5)
    x_axis = plot.xValueAxis
    x_axis.valueMin, x_axis.valueMax = float(x0), float(x1)
    span = x1 - x0
    step = max(7, math.ceil(span / 6 / 7) * 7)
    x_axis.valueSteps = [float(d) for d in range(x0, x1 + 1, step)]
    x_axis.labelTextFormat = _day_label
    y_axis = plot.yValueAxis
    y_axis.valueMin, y_axis.valueMax = 0.5, count + 0.5
    y_step = max(1, math.ceil(count / 10))
    y_axis.valueSteps = [float(v) for v in range(1, count + 1, y_step)]
    y_axis.labelTextFormat = lambda v: str(round(v))
    y_axis.visibleGrid = 1
    y_axis.gridStrokeColor = GRID
    y_axis.gridStrokeWidth = 0.4
    for axis in (x_axis, y_axis):
        axis.labels.fontName = FONT
        axis.labels.fontSize = 7.5
        axis.labels.fillColor = INK
        axis.strokeColor = MUTED
        axis.strokeWidth = 0.6
    drawing.add(plot)
    drawing.add(
        String(4, plot.y + plot.height + 8, "Trin", fontName=FONT_BOLD, fontSize=8, fillColor=MUTED)
    )
    drawing.add(
        String(
            plot.x + plot.width,
            plot.y - 26,
            "Dato for opfølgningen",
            fontName=FONT,
            fontSize=7,
            fillColor=MUTED,
            textAnchor="end",
        )
    )
    drawing.add(chart_legend(looks, plot.x, 14))
    return drawing


# -- hovedområder ------------------------------------------------------------------------------


class _AreaSpider(SpiderChart):  # type: ignore[misc]
    """A spider chart on the fixed -5…+5 scale (reportlab scales to the largest value, and
    takes no negative numbers: the data come in shifted by +5)."""

    def normalizeData(self, outer: float = 0.0) -> list[list[float]]:
        self._norm = float(AREA_MAX - AREA_MIN)
        return [[value / self._norm for value in row] for row in self.data]


def area_rows(data: ParticipantReportData, person: Participant) -> list[tuple[str, int, int]]:
    """(area, first score, latest score) for each area scored, the organisation's main
    areas first, in their order."""
    first = area_scores_at(person, first=True)
    latest = area_scores_at(person, first=False)
    order = [a for a in data.organisation.main_areas if a in latest]
    order += [a for a in latest if a not in order]
    return [(area, first.get(area, latest[area]), latest[area]) for area in order]


def scoring_days(person: Participant) -> tuple[date | None, date | None]:
    """The dates of the first and the latest follow-up with a main-area score."""
    days = [f.date for f in live_follow_ups(person) if any(not a.is_deleted for a in f.area_scores)]
    return (days[0], days[-1]) if days else (None, None)


def _spoke_label(
    drawing: Any, cx: float, cy: float, radius: float, angle: float, text: str
) -> None:
    """An area's name just outside the outer ring, on its spoke's side, wrapped."""
    cos, sin = math.cos(angle), math.sin(angle)
    x, y = cx + (radius + 8) * cos, cy + (radius + 8) * sin
    anchor = "middle" if abs(cos) < 0.25 else "start" if cos > 0 else "end"
    lines = label_lines(text, LABEL_WIDTH, size=7.5)
    height = lines * 9.0
    if sin > 0.25:
        top = y + height - 2  # above the ring: grow upwards
    elif sin < -0.25:
        top = y - 6  # below it: grow downwards
    else:
        top = y + height / 2 - 6
    drawing.add(
        label(x, top, text, size=7.5, anchor=anchor, width=LABEL_WIDTH, max_lines=3, leading=9)
    )


def spider_chart(
    rows: Sequence[tuple[str, int, int]],
    width: float,
    days: tuple[date | None, date | None] = (None, None),
) -> Any | None:
    """Seed 003's 'spindelvæv': the main areas at the first scoring (dashed, squares) and
    the latest (solid, circles) on rings from -5 (the centre) to +5 (the edge). None under
    three areas."""
    if len(rows) < 3:
        return None
    drawing = chart_drawing(width, SPIDER_HEIGHT)
    size = min(SPIDER_HEIGHT - 74, width - 2 * (LABEL_WIDTH + 16))
    spider = _AreaSpider()
    spider.x, spider.y = (width - size) / 2, (SPIDER_HEIGHT - size) / 2 - 8
    spider.width = spider.height = size
    spider.data = [
        [float(start - AREA_MIN) for _a, start, _n in rows],
        [float(now - AREA_MIN) for _a, _s, now in rows],
    ]
    spider.labels = ["" for _row in rows]  # drawn below, wrapped, clear of the data
    spider.spokes.strokeColor = RULE
    spider.spokes.strokeWidth = 0.5
    spider.spokeLabels.fontName = FONT
    spider.strandLabels.fontName = FONT
    for i, look in enumerate((AREA_START, AREA_NOW)):
        strand = spider.strands[i]
        strand.strokeColor = look.colour
        strand.strokeWidth = look.width
        strand.strokeDashArray = list(look.dash) if look.dash else None
        strand.fillColor = None
        strand.symbol = marker(look, 6)
        strand.symbolSize = 6
    # Rings: one per score, the status quo (0) and the goal (+5) drawn stronger.
    cx, cy, radius = spider.x + size / 2, spider.y + size / 2, size / 2
    angles = [math.radians(90 - i * 360 / len(rows)) for i in range(len(rows))]
    for score in range(AREA_MIN + 1, AREA_MAX + 1):
        r = radius * (score - AREA_MIN) / (AREA_MAX - AREA_MIN)
        ring: list[float] = []
        for angle in angles:
            ring += [cx + r * math.cos(angle), cy + r * math.sin(angle)]
        strong = score in (0, AREA_MAX)
        drawing.add(
            Polygon(
                ring,
                fillColor=None,
                strokeColor=MUTED if strong else GRID,
                strokeWidth=0.7 if strong else 0.35,
            )
        )
    # The scale's numbers halfway between the first two spokes, where no point lies.
    between = (angles[0] + angles[1]) / 2
    for score in (AREA_MIN, 0, AREA_MAX):
        r = radius * (score - AREA_MIN) / (AREA_MAX - AREA_MIN)
        drawing.add(
            String(
                cx + r * math.cos(between) + 2,
                cy + r * math.sin(between) + 2,
                f"{score:+d}" if score else "0",
                fontName=FONT_BOLD,
                fontSize=6.5,
                fillColor=MUTED,
            )
        )
    drawing.add(spider)
    for (area, _s, _n), angle in zip(rows, angles, strict=True):
        _spoke_label(drawing, cx, cy, radius, angle, area)
    first, latest = days
    looks = (
        SeriesLook(f"{FIRST_SCORING} ({da_date(first)})", *_rest(AREA_START))
        if first
        else AREA_START,
        SeriesLook(f"{LATEST_SCORING} ({da_date(latest)})", *_rest(AREA_NOW))
        if latest
        else AREA_NOW,
    )
    drawing.add(chart_legend(looks, 0, SPIDER_HEIGHT - 4, columns=2))
    return drawing


def _rest(look: SeriesLook) -> tuple[Any, ...]:
    return (look.colour, look.dash, look.marker, look.width, look.fill)
