"""The board's background, drawn as the guide draws the sheet: a tinted column per lane,
the door between the halves (a dashed line down the board), and above the lanes the two
headings, each lane's shape and colour word, and the door itself.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from forandring_desktop.model import Colour, Side
from forandring_desktop.model.board import (
    BOARD_WIDTH,
    DOOR_GAP,
    HALF_WIDTH,
    LANE_WIDTH,
    LANES,
    TOP,
)
from forandring_desktop.ui.board.style import (
    BOARD_BG,
    DOOR,
    HEADING_PX,
    LANE_HEADER_PX,
    LANE_TINT,
    MUTED,
    STRONG,
    TEXT,
    font,
    paint_shape,
)

HEADER_SPACE = 70.0  # above the board: the persona's name, gender and age


def paint_background(
    painter: QPainter, rect: QRectF | QRect, header: str, colour_words: Mapping[Colour, str]
) -> None:
    """The part ``rect`` of the board's background: lanes, door, and the headings when
    ``rect`` reaches them (``header`` above them: the persona's name, gender and age)."""
    rect = QRectF(rect)
    painter.fillRect(rect, BOARD_BG)
    top = max(rect.top(), 44.0)
    bottom = rect.bottom()
    if bottom > top:
        for lane in LANES:
            if lane.right < rect.left() or lane.left > rect.right():
                continue
            painter.fillRect(
                QRectF(lane.left + 2, top, LANE_WIDTH - 4, bottom - top), LANE_TINT[lane.colour]
            )
        door = QRectF(HALF_WIDTH, top, DOOR_GAP, bottom - top)
        if door.intersects(rect):
            pen = QPen(DOOR, 3.0, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            x = HALF_WIDTH + DOOR_GAP / 2
            painter.drawLine(QPointF(x, max(top, TOP)), QPointF(x, bottom))
    if rect.top() < TOP:
        _paint_headings(painter, header, colour_words)


def _paint_headings(painter: QPainter, header: str, colour_words: Mapping[Colour, str]) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if header:
        painter.setPen(TEXT)
        painter.setFont(font(LANE_HEADER_PX * 1.1, bold=True))
        painter.drawText(
            QRectF(0, -HEADER_SPACE + 8, BOARD_WIDTH, 34),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            header,
        )
    painter.setFont(font(HEADING_PX, bold=True))
    painter.setPen(TEXT)
    for side, left in ((Side.IN, 0.0), (Side.OUT, HALF_WIDTH + DOOR_GAP)):
        box = QRectF(left, -4, HALF_WIDTH, 40)
        text = (
            QCoreApplication.translate("BoardScene", "SITUATION IND AD DØREN")
            if side is Side.IN
            else QCoreApplication.translate("BoardScene", "SITUATION UD AF DØREN")
        )
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.setPen(QPen(TEXT, 2.0))
        painter.drawLine(QPointF(left + 8, 38), QPointF(left + HALF_WIDTH - 8, 38))
    _paint_door(painter)
    painter.setFont(font(LANE_HEADER_PX, bold=True))
    for lane in LANES:
        box = QRectF(lane.left + 2, 44, LANE_WIDTH - 4, TOP - 52)
        painter.fillRect(box, QColor(STRONG[lane.colour]).lighter(150))
        word = colour_words[lane.colour]
        metrics = painter.fontMetrics()
        shape = 22.0
        total = shape + 8 + metrics.horizontalAdvance(word)
        x = lane.left + (LANE_WIDTH - total) / 2
        paint_shape(painter, lane.colour, QRectF(x, box.center().y() - shape / 2, shape, shape))
        painter.setPen(TEXT)
        painter.drawText(
            QRectF(x + shape + 8, box.top(), total, box.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            word,
        )
    painter.restore()


def _paint_door(painter: QPainter) -> None:
    """A door between the halves: the changes in the green lanes meet here."""
    frame = QRectF(HALF_WIDTH + 16, 2, DOOR_GAP - 32, TOP - 10)
    painter.setPen(QPen(DOOR, 2.5))
    painter.setBrush(QColor("#d7ccc8"))
    painter.drawRect(frame)
    painter.setBrush(DOOR)
    painter.drawEllipse(QPointF(frame.right() - 9, frame.center().y() + 6), 3.5, 3.5)
    painter.setPen(MUTED)
    painter.setFont(font(11, bold=True))
    painter.drawText(
        QRectF(frame.left(), frame.top() + 4, frame.width(), 16),
        int(Qt.AlignmentFlag.AlignCenter),
        QCoreApplication.translate("BoardScene", "DØR"),
    )
