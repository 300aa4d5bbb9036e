"""The status summary's charts (reportlab's bar chart): mean steps moved per ladder, and
challenges in and out the door per target group. A value over each bar, fills and edges
that differ beyond colour, and names under the bars wrapped over up to three lines; with
too many bars for names, the bars are numbered and :func:`chart_key` names them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.lib import colors

from forandring_desktop.model.progression import ChallengeCount
from forandring_desktop.model.report_data import StatusReportData
from forandring_desktop.reports.charts import (
    SeriesLook,
    chart_drawing,
    chart_legend,
    label,
)
from forandring_desktop.reports.fonts import FONT, FONT_BOLD
from forandring_desktop.reports.numbers import da_number
from forandring_desktop.reports.status_columns import group_ids, group_name, ladder_ids, ladder_name
from forandring_desktop.reports.styles import ACCENT, GRID, INK, MUTED

CHART_HEIGHT = 230.0
LABEL_LINES = 3
MIN_NAMED = 42.0  # a bar group narrower than this is numbered, not named

# The bars differ in fill and in edge, and carry their value, so colour is not the only sign.
STEPS_LOOK = SeriesLook("Trin i gennemsnit pr. deltager", ACCENT, fill=ACCENT)
IN_LOOK = SeriesLook(
    "Udfordringer ind ad døren (gns.)", colors.HexColor("#8a4b00"), fill=colors.HexColor("#c25e00")
)
OUT_LOOK = SeriesLook(
    "Udfordringer ud af døren (gns.)", colors.HexColor("#1f5fa8"), fill=colors.HexColor("#cfe0f3")
)


def numbered(names: Sequence[str], width: float) -> bool:
    """Are the bars too narrow to carry their names?"""
    return bool(names) and (width - 48) / len(names) < MIN_NAMED


def _bar_chart(
    title: str,
    names: Sequence[str],
    series: Sequence[Sequence[float]],
    looks: Sequence[SeriesLook],
    width: float,
) -> Any:
    """A vertical bar chart with a value over each bar, wrapped names and a legend."""
    drawing = chart_drawing(width, CHART_HEIGHT)
    chart = VerticalBarChart()
    chart.x, chart.y = 36, 40 + LABEL_LINES * 9
    chart.width, chart.height = width - 48, CHART_HEIGHT - chart.y - 26
    chart.data = [list(values) for values in series]
    by_number = numbered(names, width)
    chart.categoryAxis.categoryNames = ["" for _n in names]  # drawn below, wrapped
    chart.groupSpacing = 12
    chart.barSpacing = 2
    for i, look in enumerate(looks):
        chart.bars[i].fillColor = look.fill
        chart.bars[i].strokeColor = look.colour
        chart.bars[i].strokeWidth = 0.8
    values = [v for row in series for v in row]
    low, high = min([0.0, *values]), max([0.0, *values])
    chart.valueAxis.valueMin = low if low < 0 else 0
    chart.valueAxis.valueMax = high * 1.15 + (0.5 if high <= 0 else 0)
    chart.valueAxis.labelTextFormat = lambda v: da_number(v, 1 if abs(v) < 10 else 0)
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = GRID
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.barLabelFormat = lambda v: da_number(v)
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.fillColor = INK
    chart.barLabels.nudge = 6
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = FONT
        axis.labels.fontSize = 7.5
        axis.labels.fillColor = INK
        axis.strokeColor = MUTED
    group = chart.width / max(len(names), 1)
    if group < 26:  # no room for a value over each bar; the tables hold them
        chart.barLabelFormat = None
    drawing.add(chart)
    for i, name in enumerate(names):
        x = chart.x + group * (i + 0.5)
        if by_number:  # every other number when even they are crowded
            if group >= 12 or i % 2 == 0:
                drawing.add(label(x, chart.y - 10, str(i + 1), anchor="middle", size=6.5))
            continue
        drawing.add(
            label(
                x,
                chart.y - 10,
                name,
                anchor="middle",
                width=group - 4,
                max_lines=LABEL_LINES,
                leading=9,
            )
        )
    drawing.add(label(0, CHART_HEIGHT - 12, title, font=FONT_BOLD, size=9, colour=ACCENT))
    drawing.add(chart_legend(looks, chart.x, 14))
    return drawing


def steps_chart(data: StatusReportData, width: float) -> Any | None:
    """Mean steps moved per ladder; None without ladders in the period."""
    ids = ladder_ids(data)
    if not ids:
        return None
    means = [data.figures.per_ladder[i].mean_steps_moved or 0.0 for i in ids]
    return _bar_chart(
        "Trin rykket i gennemsnit pr. måltrappe",
        [ladder_name(data, i) for i in ids],
        [means],
        [STEPS_LOOK],
        width,
    )


def door_groups(data: StatusReportData) -> list[Any]:
    counts = data.figures.challenges_per_target_group
    return [i for i in group_ids(data) if counts.get(i, ChallengeCount()).people]


def door_chart(data: StatusReportData, width: float) -> Any | None:
    """Challenges in and out the door (per person, on average) per target group; None
    without anyone in the period."""
    counts = data.figures.challenges_per_target_group
    ids = door_groups(data)
    if not ids:
        return None
    ins = [counts[i].mean_in or 0.0 for i in ids]
    outs = [counts[i].mean_out or 0.0 for i in ids]
    return _bar_chart(
        "Udfordringer ind ad døren og ud af døren pr. målgruppe",
        [group_name(data, i) for i in ids],
        [ins, outs],
        [IN_LOOK, OUT_LOOK],
        width,
    )
