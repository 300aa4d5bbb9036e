"""How the board looks: colours, the shape drawn for each colour, fonts and sizes.

Colour is never the only signal. Every colour also has its own *shape* (a circle with a
tick for green, a triangle with an exclamation mark for yellow, an octagon with a cross
for red, a hollow circle with a question mark for unsorted) and its *word*, so staff who
cannot tell the hues apart, or a washed-out projector, still show which is which.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QIcon,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)

from forandring_desktop.model import Colour
from forandring_desktop.ui.widgets import COLOUR_HEX

# Strong colours (borders, shapes) come from widgets.COLOUR_HEX, shared with other pages.
STRONG: dict[Colour, QColor] = {c: QColor(h) for c, h in COLOUR_HEX.items()}
STRONG[Colour.UNSORTED] = QColor("#7a7a7a")  # darker than the list icon: a border on white

# Light post-it fills: dark text on them has a contrast ratio above 10:1.
FILL: dict[Colour, QColor] = {
    Colour.GREEN: QColor("#cdebd0"),
    Colour.YELLOW: QColor("#fff0a6"),
    Colour.RED: QColor("#f6cdc9"),
    Colour.UNSORTED: QColor("#f3f3f3"),
}

# Lane backgrounds: a faint tint of the lane's colour.
LANE_TINT: dict[Colour, QColor] = {
    Colour.GREEN: QColor("#eef7ef"),
    Colour.YELLOW: QColor("#fffae6"),
    Colour.RED: QColor("#fcefed"),
    Colour.UNSORTED: QColor("#f6f6f6"),
}

TEXT = QColor("#1d1d1d")
MUTED = QColor("#555555")
FOCUS = QColor("#1351b4")  # selection and keyboard focus
LINK = QColor("#37474f")  # pair connectors
DOOR = QColor("#5d4037")
BOARD_BG = QColor("#ffffff")

NOTE_PAD = 10.0  # inner padding of a post-it
NOTE_HEADER = 28.0  # the colour shape and word at the top of a post-it
GRIP = 16.0  # the resize grip in the bottom-right corner
MIN_NOTE_WIDTH = 100.0
MIN_NOTE_HEIGHT = 64.0
MAX_NOTE_WIDTH = 640.0
MAX_NOTE_HEIGHT = 480.0
GROWN_NOTE_HEIGHT = 250.0  # a long text grows its note this far, then ends in '…'

# Post-it text, in board units (pixels at 100 % zoom). Never drawn smaller: with the
# lowest default zoom (80 %) it is still 12 device pixels.
NOTE_TEXT_PX = 15
NOTE_HEADER_PX = 12
LANE_HEADER_PX = 15
HEADING_PX = 21

PROJECTOR_TEXT_SCALE = 1.35  # "large text" in projector mode


def font(pixel_size: float, *, bold: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(max(1, round(pixel_size)))
    f.setBold(bold)
    return f


def _regular_polygon(centre: QPointF, radius: float, sides: int, rotation: float) -> QPainterPath:
    path = QPainterPath()
    for i in range(sides):
        angle = rotation + 2 * math.pi * i / sides
        point = QPointF(
            centre.x() + radius * math.cos(angle), centre.y() + radius * math.sin(angle)
        )
        if i == 0:
            path.moveTo(point)
        else:
            path.lineTo(point)
    path.closeSubpath()
    return path


def paint_shape(painter: QPainter, colour: Colour, rect: QRectF) -> None:
    """The colour's own shape and mark inside ``rect`` (a square works best)."""
    size = min(rect.width(), rect.height())
    c = rect.center()
    r = size / 2
    stroke = max(1.0, size / 9)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    strong = STRONG[colour]
    outline = QPen(strong.darker(140), max(1.0, size / 16))
    mark = QPen(QColor("#ffffff"), stroke, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    mark.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if colour is Colour.GREEN:  # a disc with a tick: "we can do it ourselves"
        painter.setPen(outline)
        painter.setBrush(strong)
        painter.drawEllipse(c, r * 0.92, r * 0.92)
        painter.setPen(mark)
        tick = QPainterPath(QPointF(c.x() - r * 0.45, c.y() + r * 0.02))
        tick.lineTo(QPointF(c.x() - r * 0.12, c.y() + r * 0.35))
        tick.lineTo(QPointF(c.x() + r * 0.48, c.y() - r * 0.35))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(tick)
    elif colour is Colour.YELLOW:  # a triangle with "!": "we can start it, others decide"
        painter.setPen(outline)
        painter.setBrush(strong)
        painter.drawPath(_regular_polygon(QPointF(c.x(), c.y() + r * 0.12), r, 3, -math.pi / 2))
        dark = QPen(QColor("#3a2f00"), stroke, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(dark)
        painter.drawLine(QPointF(c.x(), c.y() - r * 0.35), QPointF(c.x(), c.y() + r * 0.18))
        painter.drawPoint(QPointF(c.x(), c.y() + r * 0.45))
    elif colour is Colour.RED:  # an octagon with a cross: "outside our control"
        painter.setPen(outline)
        painter.setBrush(strong)
        painter.drawPath(_regular_polygon(c, r * 0.98, 8, math.pi / 8))
        painter.setPen(mark)
        d = r * 0.36
        painter.drawLine(QPointF(c.x() - d, c.y() - d), QPointF(c.x() + d, c.y() + d))
        painter.drawLine(QPointF(c.x() - d, c.y() + d), QPointF(c.x() + d, c.y() - d))
    else:  # a hollow dashed circle with "?": "not sorted yet"
        pen = QPen(strong, max(1.0, size / 10), Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QBrush(QColor("#ffffff")))
        painter.drawEllipse(c, r * 0.85, r * 0.85)
        painter.setPen(QPen(strong.darker(130)))
        painter.setFont(font(size * 0.62, bold=True))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "?")
    painter.restore()


_icons: dict[Colour, QIcon] = {}


def shape_icon(colour: Colour) -> QIcon:
    """The colour's shape as an icon (toolbar, menus, legend)."""
    icon = _icons.get(colour)
    if icon is None:
        icon = QIcon()
        for size in (16, 24, 32, 48):
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            paint_shape(painter, colour, QRectF(0, 0, size, size))
            painter.end()
            icon.addPixmap(pixmap)
        _icons[colour] = icon
    return icon
