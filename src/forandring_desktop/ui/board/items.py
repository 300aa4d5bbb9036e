"""A post-it on the board (the connectors and the lane highlight are in ``links``).

Items only draw and report what the mouse did to their scene (:class:`BoardScene`); they
never change data. One item per post-it, all drawing in ``paint`` (no child items), the
wrapped text laid out once and cached, and a plain drawing when zoomed far out, so a sheet
with thousands of notes opens and drags quickly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QPainter,
    QPainterPath,
    QPen,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyle,
    QStyleOptionGraphicsItem,
    QWidget,
)

from forandring_desktop.model import Colour, DoorNote
from forandring_desktop.model.board import BOARD_WIDTH, TOP, clamp
from forandring_desktop.model.door import BOARD_LIMIT
from forandring_desktop.ui.board.note_text import fit_text
from forandring_desktop.ui.board.style import (
    FILL,
    FOCUS,
    GRIP,
    LINK,
    MAX_NOTE_HEIGHT,
    MAX_NOTE_WIDTH,
    MIN_NOTE_HEIGHT,
    MIN_NOTE_WIDTH,
    MUTED,
    NOTE_HEADER,
    NOTE_HEADER_PX,
    NOTE_PAD,
    NOTE_TEXT_PX,
    STRONG,
    TEXT,
    font,
    paint_shape,
)

if TYPE_CHECKING:
    from forandring_desktop.ui.board.scene import BoardScene

NOTE_Z = 0.0  # Qt's default: nothing to set on thousands of notes
RAISED_Z = 20.0  # notes being dragged
OUTLINE = 7.0  # room around a note for the selection and focus outlines

FAR_AWAY = 0.32  # below this zoom a note is drawn without its text
VERY_FAR = 0.12  # below this, without its shape too (it is a few pixels wide)

# Looked up once: PySide's enum attribute access is slow in a method called thousands of
# times while a sheet loads or a note is dragged.
_POSITION_CHANGE = QGraphicsItem.GraphicsItemChange.ItemPositionChange
_POSITION_HAS_CHANGED = QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged
_NOTE_FLAGS = (
    QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
    | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
    | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
    | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
)
_DRAFT_FLAGS = (
    QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
    | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
)
_SELECTED = QStyle.StateFlag.State_Selected
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus


class NoteItem(QGraphicsItem):
    """One post-it. Position and size are board coordinates, as stored."""

    def __init__(self, board: BoardScene, note: DoorNote, *, draft: bool = False) -> None:
        super().__init__()
        self.board = board
        self.note = note
        self.note_id = note.id
        self.draft = draft  # a new note being written, not saved yet
        self.w = note.width
        self.h = note.height
        self.pair_number: int | None = None
        self.editing = False
        self._layout: QTextLayout | None = None
        self._elided = False
        self._layout_key: tuple[object, ...] = ()
        self._press_scene: QPointF | None = None
        self._dragging = False
        self._resize_from: tuple[float, float, QPointF] | None = None
        self._grip_cursor = False
        self._tooltip_stale = True  # written when the mouse first comes over the note
        self.setPos(note.x, note.y)
        self.setFlags(_DRAFT_FLAGS if draft else _NOTE_FLAGS)
        if not draft:
            self.setAcceptHoverEvents(True)
            # Drawn once into a pixmap at the current zoom and reused while other notes are
            # dragged over it or the view scrolls; redrawn after update() or a zoom.
            self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    # --- Data ---------------------------------------------------------------------------

    def set_note(self, note: DoorNote) -> None:
        """Show a new version of the note."""
        old = self.note
        self.note = note
        if (note.width, note.height) != (self.w, self.h):
            self.prepareGeometryChange()
            self.w, self.h = note.width, note.height
            self._layout = None
        if (note.x, note.y) != (self.x(), self.y()):
            self.setPos(note.x, note.y)
        if note.text != old.text or note.colour != old.colour:
            self._tooltip_stale = True
        self.update()

    def refresh_tooltip(self) -> None:
        """The note in words as its tooltip (its text, colour and meaning, side, pair)."""
        self.setToolTip(self.board.describe(self.note, with_text=True))
        self._tooltip_stale = False

    def mark_tooltip_stale(self) -> None:
        self._tooltip_stale = True

    def set_live_size(self, width: float, height: float) -> None:
        """Size while the resize grip is dragged (stored on release)."""
        width = clamp(width, MIN_NOTE_WIDTH, MAX_NOTE_WIDTH)
        height = clamp(height, MIN_NOTE_HEIGHT, MAX_NOTE_HEIGHT)
        if (width, height) == (self.w, self.h):
            return
        self.prepareGeometryChange()
        self.w, self.h = width, height
        self._layout = None
        self.board.note_geometry_changed(self)

    def rect(self) -> QRectF:
        return QRectF(0, 0, self.w, self.h)

    def scene_rect(self) -> QRectF:
        return QRectF(self.x(), self.y(), self.w, self.h)

    def text_box(self) -> QRectF:
        return QRectF(
            NOTE_PAD,
            NOTE_HEADER,
            max(10.0, self.w - 2 * NOTE_PAD),
            max(10.0, self.h - NOTE_HEADER - NOTE_PAD / 2),
        )

    def invalidate_text(self) -> None:
        self._layout = None
        self.update()

    # --- Drawing ------------------------------------------------------------------------

    def boundingRect(self) -> QRectF:
        return QRectF(-OUTLINE, -OUTLINE, self.w + 2 * OUTLINE, self.h + 2 * OUTLINE)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.rect())
        return path

    def text_pixel_size(self) -> float:
        """The size its text is drawn at, in board units (never below NOTE_TEXT_PX)."""
        return NOTE_TEXT_PX * max(1.0, self.board.text_scale)

    def _text_layout(self) -> QTextLayout:
        box = self.text_box()
        key = (self.note.text, box.width(), box.height(), self.board.text_scale)
        if self._layout is None or key != self._layout_key:
            self._layout, self._elided = fit_text(
                self.note.text, box.width(), box.height(), self.text_pixel_size()
            )
            self._layout_key = key
        return self._layout

    @property
    def elided(self) -> bool:
        """Its text ends in '…' (the tooltip and the status line have all of it)."""
        self._text_layout()
        return self._elided

    def drawn_pixel_size(self) -> int:
        """The pixel size of the font its text is laid out in (board units)."""
        return self._text_layout().font().pixelSize()

    def shown_text(self) -> str:
        """The text as drawn (ending in '…' when the whole text does not fit)."""
        layout = self._text_layout()
        return layout.text().replace("\u2028", "\n")

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        colour = self.note.colour
        rect = self.rect()
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        painter.setPen(QPen(STRONG[colour], 2.0))
        painter.setBrush(FILL[colour])
        painter.drawRect(rect)
        if lod < VERY_FAR:
            pass  # a coloured rectangle: all there is room for
        elif lod < FAR_AWAY:
            side = min(self.w, self.h) * 0.55
            centre = rect.center()
            paint_shape(
                painter,
                colour,
                QRectF(centre.x() - side / 2, centre.y() - side / 2, side, side),
            )
        else:
            self._paint_header(painter, colour)
            if not self.editing:
                painter.setPen(TEXT)
                self._text_layout().draw(painter, self.text_box().topLeft())
        state = option.state
        if self.draft or state & _SELECTED:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(FOCUS, 3.5))
            painter.drawRect(rect.adjusted(-2, -2, 2, 2))
            if not self.draft:
                self._paint_grip(painter)
        if state & _HAS_FOCUS:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            pen = QPen(FOCUS, 2.0, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(-5.5, -5.5, 5.5, 5.5))

    def _paint_header(self, painter: QPainter, colour: Colour) -> None:
        size = NOTE_HEADER - 10
        paint_shape(painter, colour, QRectF(NOTE_PAD - 2, 5, size, size))
        painter.setPen(MUTED)
        painter.setFont(font(NOTE_HEADER_PX * min(self.board.text_scale, 1.2), bold=True))
        word_box = QRectF(NOTE_PAD + size + 4, 3, self.w - NOTE_PAD * 2 - size, size + 4)
        painter.drawText(
            word_box,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.board.colour_words[colour],
        )
        if self.pair_number is not None:
            label = self.board.pair_label(self.pair_number)
            metrics = painter.fontMetrics()
            width = metrics.horizontalAdvance(label) + 12
            pill = QRectF(self.w - width - 6, 5, width, size)
            painter.setPen(QPen(LINK, 1.2))
            painter.setBrush(QColor("#ffffff"))
            painter.drawRoundedRect(pill, size / 2, size / 2)
            painter.setPen(LINK)
            painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), label)

    def _paint_grip(self, painter: QPainter) -> None:
        painter.setPen(QPen(FOCUS, 1.6))
        right, bottom = self.w - 3, self.h - 3
        for offset in (4.0, 8.0, 12.0):
            painter.drawLine(QPointF(right - offset, bottom), QPointF(right, bottom - offset))

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()  # the dashed focus ring (the cached drawing does not know of it)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    # --- Mouse --------------------------------------------------------------------------

    def _in_grip(self, pos: QPointF) -> bool:
        return pos.x() >= self.w - GRIP and pos.y() >= self.h - GRIP

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        if self._tooltip_stale:
            self.refresh_tooltip()
        super().hoverEnterEvent(event)

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        grip = self.isSelected() and self._in_grip(event.pos())
        if grip != self._grip_cursor:
            self._grip_cursor = grip
            if grip:
                self.setCursor(Qt.CursorShape.SizeFDiagCursor)
            else:
                self.unsetCursor()
        super().hoverMoveEvent(event)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.draft:
            event.accept()
            return
        left = event.button() == Qt.MouseButton.LeftButton
        if left and self.board.pairing_source is not None:
            self.board.pick_partner(self.note_id)
            event.accept()
            return
        if left and self.isSelected() and self._in_grip(event.pos()):
            self._resize_from = (self.w, self.h, event.scenePos())
            event.accept()
            return
        self._press_scene = event.scenePos() if left else None
        self._dragging = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._resize_from is not None:
            width, height, start = self._resize_from
            delta = event.scenePos() - start
            self.set_live_size(width + delta.x(), height + delta.y())
            return
        if self._press_scene is None:
            return
        if not self._dragging:
            travelled = (event.scenePos() - self._press_scene).manhattanLength()
            view_scale = self.board.view_scale()
            if travelled * view_scale < QApplication.startDragDistance():
                return  # a click with a shaky hand is not a move
            self._dragging = True
            self.board.begin_drag(self)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._resize_from is not None:
            self._resize_from = None
            self.board.finish_resize(self)
            event.accept()
            return
        super().mouseReleaseEvent(event)
        self._press_scene = None
        if self._dragging:
            self._dragging = False
            self.board.finish_drag()

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and not self.draft:
            self.board.edit_requested.emit(self.note_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == _POSITION_CHANGE:
            # The centre stays on the board; notes stay below the headings.
            x, y = value.x(), value.y()
            half = self.w / 2
            if x < 1 - half or x > BOARD_WIDTH - half - 1 or y < TOP or y > BOARD_LIMIT - self.h:
                x = clamp(x, 1 - half, BOARD_WIDTH - half - 1)
                y = clamp(y, TOP, BOARD_LIMIT - self.h)
                return QPointF(x, y)
        elif change == _POSITION_HAS_CHANGED:
            self.board.note_geometry_changed(self)
        return value  # what QGraphicsItem.itemChange does, without the call
