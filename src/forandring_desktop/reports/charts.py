"""The look of the reports' charts (reportlab graphics): series looks that never rely on
colour alone, markers, legends, and labels in any alphabet that wrap instead of being cut."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import reportlab
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.validators import Auto

from forandring_desktop.reports.fonts import FONT, register_fonts
from forandring_desktop.reports.styles import INK
from forandring_desktop.reports.text import plain, runs, string_width, wrap_lines

# Our charts are built by code with fixed types; reportlab's per-attribute type checks on
# every graphics object cost a third of a progression report's time.
reportlab.rl_config.shapeChecking = 0


@dataclass(frozen=True)
class SeriesLook:
    """How one series of a chart is drawn. Colour is never the only signal: a line also
    has its dash pattern and marker shape, a bar set its fill and edge, and the legend
    shows all of it."""

    name: str
    colour: colors.Color
    dash: tuple[float, ...] | None = None  # None: a solid line
    marker: str | None = None  # a reportlab marker kind, e.g. "FilledCircle"
    width: float = 1.4
    fill: colors.Color | None = None  # bars and areas; None: no fill


def marker(look: SeriesLook, size: float = 6) -> Any:
    """The look's marker as a reportlab widget (None without one)."""
    if look.marker is None:
        return None
    return makeMarker(
        look.marker, size=size, fillColor=look.colour, strokeColor=look.colour, strokeWidth=0.6
    )


def chart_drawing(width: float, height: float) -> Any:
    """An empty reportlab Drawing (a flowable) whose initial font is our embedded one, so
    the drawing never references a standard font (reportlab's default is Helvetica)."""
    register_fonts()
    drawing = Drawing(width, height)
    drawing.initialFontName = FONT
    drawing.initialFontSize = 8
    return drawing


def label(
    x: float,
    y: float,
    text: str,
    *,
    font: str = FONT,
    size: float = 7.5,
    anchor: str = "start",
    colour: colors.Color = INK,
    width: float | None = None,
    max_lines: int = 1,
    leading: float | None = None,
) -> Group:
    """A chart label at (x, y) (the first line's baseline): shaped and ordered for any
    alphabet, each run in a font that has it, wrapped into at most ``max_lines`` lines of
    ``width`` (the last shortened with "…"), never cut off."""
    line_gap = leading if leading is not None else size * 1.2
    shown = plain(text, font)
    lines = wrap_lines(shown, font, size, width, max_lines) if width else [shown]
    group = Group()
    for n, line in enumerate(lines):
        total = string_width(line, font, size)
        left = x - total if anchor == "end" else x - total / 2 if anchor == "middle" else x
        for name, piece in runs(line, font):
            group.add(
                String(
                    left, y - n * line_gap, piece, fontName=name, fontSize=size, fillColor=colour
                )
            )
            left += string_width(piece, name, size)
    return group


def label_lines(
    text: str, width: float, *, font: str = FONT, size: float = 7.5, most: int = 3
) -> int:
    """How many lines :func:`label` needs for ``text`` at ``width``."""
    return len(wrap_lines(plain(text, font), font, size, width, most))


class _Swatches:
    """What reportlab's Legend asks a chart for (``Auto(obj=...)``): a swatch per series."""

    def __init__(self, looks: Sequence[SeriesLook]) -> None:
        self.looks = list(looks)
        self._seriesCount = len(self.looks)

    def getSeriesName(self, index: int, default: str | None = None) -> str:
        return self.looks[index].name

    def makeSwatchSample(self, index: int, x: float, y: float, width: float, height: float) -> Any:
        look = self.looks[index]
        group = Group()
        middle = y + height / 2
        if look.fill is not None:
            group.add(
                Rect(
                    x,
                    y,
                    width,
                    height,
                    fillColor=look.fill,
                    strokeColor=look.colour,
                    strokeWidth=0.8,
                )
            )
        else:
            line = Line(x, middle, x + width, middle, strokeColor=look.colour)
            line.strokeWidth = look.width
            if look.dash:
                line.strokeDashArray = list(look.dash)
            group.add(line)
        symbol = marker(look)
        if symbol is not None:
            symbol.x, symbol.y = x + width / 2, middle
            group.add(symbol)
        return group


def chart_legend(
    looks: Sequence[SeriesLook], x: float, y: float, *, font_size: float = 8, columns: int = 0
) -> Any:
    """A reportlab Legend for ``looks`` with its top-left corner at (x, y): side by side
    (``columns`` 0) or in columns of at most ``columns`` entries."""
    legend = Legend()
    legend.colorNamePairs = Auto(obj=_Swatches(looks))
    legend.fontName = FONT
    legend.fontSize = font_size
    legend.fillColor = INK
    legend.x, legend.y = x, y
    legend.boxAnchor = "nw"
    legend.alignment = "right"
    legend.dx, legend.dy = 22, 8
    legend.dxTextSpace = 4
    legend.deltax = 0  # no fixed column width …
    legend.variColumn = 1  # … each column as wide as its text
    legend.autoXPadding = 14
    legend.deltay = 11
    legend.columnMaximum = columns or 1
    legend.strokeWidth = 0
    legend.strokeColor = None
    return legend
