"""What the board draws between and behind its post-its: the connector of a pair, the
dashed line while a partner is chosen, and the lane a dragged note will land in.

A connector always lies behind the notes (also when one of its notes is selected, then
drawn stronger): it never crosses another note's text.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from forandring_desktop.model.board import LANE_WIDTH, TOP, Lane
from forandring_desktop.ui.board.items import NoteItem
from forandring_desktop.ui.board.style import FOCUS, LANE_TINT, LINK, STRONG

LINK_Z = -1.0  # behind the notes
LINK_SELECTED_Z = -0.5  # in front of other connectors, still behind every note
PREVIEW_Z = 30.0  # the line to a partner-to-be, over everything while it is chosen
HIGHLIGHT_Z = -2.0


class PairLink(QGraphicsItem):
    """The connector from an in-note to the out-note it turns into (an arrow over the door)."""

    def __init__(self, source: NoteItem, target: NoteItem) -> None:
        super().__init__()
        self.source = source
        self.target = target
        self.highlighted = False
        self._curve = QPainterPath()
        self._arrow = QPolygonF()
        self._bounds = QRectF()
        self.setZValue(LINK_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.refresh()

    def set_highlighted(self, on: bool) -> None:
        if on != self.highlighted:
            self.highlighted = on
            self.setZValue(LINK_SELECTED_Z if on else LINK_Z)
            self.refresh()

    def refresh(self) -> None:
        """Follow the two notes (called while either is dragged or resized)."""
        a = self.source.scene_rect()
        b = self.target.scene_rect()
        forward = a.center().x() <= b.center().x()
        start = QPointF(a.right(), a.center().y()) if forward else QPointF(a.left(), a.center().y())
        end = QPointF(b.left(), b.center().y()) if forward else QPointF(b.right(), b.center().y())
        direction = 1.0 if forward else -1.0
        reach = max(40.0, abs(end.x() - start.x()) / 2)
        curve = QPainterPath(start)
        curve.cubicTo(
            QPointF(start.x() + direction * reach, start.y()),
            QPointF(end.x() - direction * reach, end.y()),
            end,
        )
        size = 14.0 if self.highlighted else 11.0
        tip = end
        back = QPointF(end.x() - direction * size, end.y())
        arrow = QPolygonF(
            [
                tip,
                QPointF(back.x(), back.y() - size * 0.55),
                QPointF(back.x(), back.y() + size * 0.55),
            ]
        )
        self.prepareGeometryChange()
        self._curve = curve
        self._arrow = arrow
        self._bounds = curve.boundingRect().united(arrow.boundingRect()).adjusted(-8, -8, 8, 8)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(8)
        return stroker.createStroke(self._curve)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        colour = FOCUS if self.highlighted else LINK
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.highlighted:  # a white halo sets it off the lanes and other connectors
            painter.setPen(QPen(QColor(255, 255, 255, 220), 8.0))
            painter.drawPath(self._curve)
        painter.setPen(QPen(colour, 4.0 if self.highlighted else 2.5))
        painter.drawPath(self._curve)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(self._arrow)


class PairPreview(QGraphicsItem):
    """The dashed line from a note to its partner-to-be while a pair is being chosen."""

    def __init__(self) -> None:
        super().__init__()
        self._line = QLineF()
        self.setZValue(PREVIEW_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.hide()

    def set_line(self, line: QLineF) -> None:
        self.prepareGeometryChange()
        self._line = line
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(self._line.p1(), self._line.p2()).normalized().adjusted(-6, -6, 6, 6)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(FOCUS, 3.0, Qt.PenStyle.DashLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(self._line)
        painter.setBrush(FOCUS)
        painter.drawEllipse(self._line.p2(), 5, 5)


class LaneHighlight(QGraphicsItem):
    """The lane a dragged note will be sorted into when it is let go."""

    def __init__(self) -> None:
        super().__init__()
        self.lane: Lane | None = None
        self._height = 1000.0
        self.setZValue(HIGHLIGHT_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.hide()

    def show_lane(self, lane: Lane, height: float) -> None:
        if lane == self.lane and height == self._height and self.isVisible():
            return
        self.prepareGeometryChange()
        self.lane = lane
        self._height = height
        self.setPos(lane.left, TOP - 6)
        self.show()
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, LANE_WIDTH, self._height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        if self.lane is None:
            return
        strong = QColor(STRONG[self.lane.colour])
        tint = QColor(LANE_TINT[self.lane.colour]).darker(106)
        painter.setBrush(QBrush(tint))
        pen = QPen(strong, 4.0, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRect(self.boundingRect().adjusted(2, 2, -2, -2))
