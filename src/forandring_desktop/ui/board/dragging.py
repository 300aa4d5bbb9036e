"""Dragging and resizing post-its on the board, as the notes report it: the lane under a
dragged note lights up, a note let go across a lane border slides into the lane under its
centre, and the notes' new places (or a note's new size) are reported as a signal.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Signal

from forandring_desktop.model.board import LANE_WIDTH, TOP, clamp, lane_at
from forandring_desktop.ui.board.items import NOTE_Z, RAISED_Z, NoteItem
from forandring_desktop.ui.board.links import LaneHighlight, PairLink
from forandring_desktop.ui.parts import ScenePart


class SceneDragging(ScenePart):
    """Dragging and resizing the notes of one board: not a scene of its own, a part of
    :class:`~forandring_desktop.ui.board.scene.BoardScene`."""

    _drag_start: dict[NoteItem, QPointF]
    _drag_grabber: NoteItem | None

    if TYPE_CHECKING:  # what this part uses of the scene it belongs to (its signals too)
        notes_dragged = Signal(object)
        note_resized = Signal(object, float, float)
        drag_lane_changed = Signal(object)
        highlight: LaneHighlight
        _link_of: dict[uuid.UUID, PairLink]

    def view_scale(self) -> float:
        views = self.views()
        if not views:
            return 1.0
        view = next((v for v in views if v.hasFocus()), views[0])
        return view.transform().m11() or 1.0

    def begin_drag(self, grabber: NoteItem) -> None:
        self._drag_grabber = grabber
        self._drag_start = {}
        for item in self.selectedItems():
            if isinstance(item, NoteItem):
                self._drag_start[item] = item.pos()
                item.setZValue(RAISED_Z)
        if grabber not in self._drag_start:
            self._drag_start[grabber] = grabber.pos()
            grabber.setZValue(RAISED_Z)
        self._show_drop_lane(grabber)

    def note_geometry_changed(self, item: NoteItem) -> None:
        link = self._link_of.get(item.note_id)
        if link is not None:
            link.refresh()
        if item is self._drag_grabber:
            self._show_drop_lane(item)

    def _show_drop_lane(self, item: NoteItem) -> None:
        lane = lane_at(item.x() + item.w / 2)
        if lane != self.highlight.lane or not self.highlight.isVisible():
            self.highlight.show_lane(lane, self.sceneRect().bottom() - TOP)
            self.drag_lane_changed.emit(lane)

    def finish_drag(self) -> None:
        positions: dict[uuid.UUID, tuple[float, float]] = {}
        for item, start in self._drag_start.items():
            item.setZValue(NOTE_Z)
            settled = QPointF(self._settle_x(item), item.y())
            if settled != item.pos():
                item.setPos(settled)
            if item.pos() != start:
                positions[item.note_id] = (item.x(), item.y())
        self._drag_start = {}
        self._drag_grabber = None
        self.highlight.hide()
        self.highlight.lane = None
        self.drag_lane_changed.emit(None)
        if positions:
            self.notes_dragged.emit(positions)

    @staticmethod
    def _settle_x(item: NoteItem) -> float:
        """A note let go across a lane border slides into the lane under its centre."""
        lane = lane_at(item.x() + item.w / 2)
        if item.w > LANE_WIDTH - 8:
            return item.x()
        return clamp(item.x(), lane.left + 4, lane.right - 4 - item.w)

    def finish_resize(self, item: NoteItem) -> None:
        if (item.w, item.h) != (item.note.width, item.note.height):
            self.note_resized.emit(item.note_id, item.w, item.h)
