"""The board scene: one door sheet's post-its in their lanes, as the guide draws the sheet.

The scene shows a sheet and reports gestures (a drag ended, a note was resized, a text was
written) as signals; it never saves. :class:`~forandring_desktop.ui.board.widget.BoardWidget`
turns each gesture into one undo command, and the command tells the scene the new versions
of the changed notes (:meth:`BoardScene.apply_notes`). Beside it: dragging and resizing
(``dragging``), writing on a note (``writing``), the reading order and the arrow keys'
neighbours (``navigation``), and the lanes, headings and door behind the notes (``backdrop``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Literal

from PySide6.QtCore import QLineF, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPixmapCache, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QWidget,
)

from forandring_desktop.model import COLOUR_MEANING, Colour, DoorNote, DoorSheet, Side
from forandring_desktop.model.board import (
    BOARD_WIDTH,
    ROW,
    TOP,
    Lane,
)
from forandring_desktop.ui.board import navigation
from forandring_desktop.ui.board.backdrop import HEADER_SPACE, paint_background
from forandring_desktop.ui.board.dragging import SceneDragging
from forandring_desktop.ui.board.editor import NoteEditor
from forandring_desktop.ui.board.items import NoteItem
from forandring_desktop.ui.board.links import LaneHighlight, PairLink, PairPreview
from forandring_desktop.ui.board.navigation import Direction
from forandring_desktop.ui.board.writing import SceneWriting
from forandring_desktop.ui.widgets import colour_word

PIXMAP_CACHE_KIB = 64 * 1024  # room for a screenful of post-its drawn at a high zoom
SIDE_MARGIN = 40.0
MIN_BOARD_HEIGHT = 8 * ROW
SelectMode = Literal["only", "add", "keep"]


class BoardScene(SceneDragging, SceneWriting, QGraphicsScene):
    edit_requested = Signal(object)  # note id (double-click on a note)
    create_requested = Signal(float, float)  # double-click on the empty board, board x and y
    partner_picked = Signal(object)  # note id clicked or chosen while pairing
    pairing_cancelled = Signal()
    current_changed = Signal()  # the note with keyboard focus, or its data, changed
    selection_settled = Signal()  # the selection changed (once per batch of changes)
    # The parts' signals too (a part is a plain mixin; Qt signals belong to the Qt class).
    notes_dragged = Signal(object)  # {note id: (x, y)} when a drag of one or more notes ends
    note_resized = Signal(object, float, float)  # note id, width, height
    drag_lane_changed = Signal(object)  # the Lane under a dragged note, or None when dropped
    edit_finished = Signal(object, str)  # note id, the text written (an edit session ended)
    draft_finished = Signal(object, str)  # the draft note, its text ("" when dropped)
    editing_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Mostly still notes, found by position while painting and clicking: a BSP tree.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        if QPixmapCache.cacheLimit() < PIXMAP_CACHE_KIB:
            QPixmapCache.setCacheLimit(PIXMAP_CACHE_KIB)  # the notes' cached drawings
        self.sheet: DoorSheet | None = None
        self.notes: dict[uuid.UUID, DoorNote] = {}  # all versions shown, tombstones too
        self.note_items: dict[uuid.UUID, NoteItem] = {}  # live notes only
        self.links: dict[uuid.UUID, PairLink] = {}  # by in-note id
        self._link_of: dict[uuid.UUID, PairLink] = {}  # by either note's id
        self.current_id: uuid.UUID | None = None
        self.text_scale = 1.0
        self.header = ""
        self.pairing_source: uuid.UUID | None = None
        self.colour_words = {c: colour_word(c) for c in Colour}
        self._drag_start: dict[NoteItem, QPointF] = {}
        self._drag_grabber: NoteItem | None = None
        self._editor: NoteEditor | None = None
        self._editing_item: NoteItem | None = None
        self._trash: list[NoteItem] = []  # finished drafts, removed on the next turn
        self._selection_batch = 0
        self._selection_dirty = False
        self._add_helpers()
        self.focusItemChanged.connect(self._on_focus_item_changed)
        self.selectionChanged.connect(self._on_selection_changed)
        self._update_scene_rect()

    def _add_helpers(self) -> None:
        self.highlight = LaneHighlight()
        self.addItem(self.highlight)
        self.preview = PairPreview()
        self.addItem(self.preview)

    # --- Loading and updating -----------------------------------------------------------

    def load(self, sheet: DoorSheet | None, header: str = "") -> None:
        """Show ``sheet`` (all its notes, tombstoned ones are kept for undo)."""
        self.stop_pairing()
        if self._editor is not None:
            self._editor.finish(False)
        self.note_items = {}
        self.links = {}
        self._link_of = {}
        with self.selection_batch():
            self.clear()  # deletes every item at once (C++), far faster than one by one
        self._add_helpers()
        self._drag_start = {}
        self._drag_grabber = None
        self._editor = None
        self._editing_item = None
        self._trash = []  # deleted by clear() too
        self.current_id = None
        self.header = header
        self.sheet = sheet
        self.notes = {}
        if sheet is not None:
            for note in sheet.notes:
                self.notes[note.id] = note
                if not note.is_deleted:
                    item = NoteItem(self, note)
                    self.addItem(item)
                    self.note_items[note.id] = item
        self._sync_links()
        self._update_scene_rect()
        self.invalidate(self.sceneRect(), QGraphicsScene.SceneLayer.BackgroundLayer)  # header
        self.current_changed.emit()

    def set_header(self, header: str) -> None:
        if header != self.header:
            self.header = header
            self.invalidate(
                QRectF(-SIDE_MARGIN, -HEADER_SPACE, BOARD_WIDTH + 2 * SIDE_MARGIN, 80),
                QGraphicsScene.SceneLayer.BackgroundLayer,
            )

    def set_sheet_meta(self, sheet: DoorSheet) -> None:
        """A new title or owner of the sheet shown (the notes stay)."""
        if self.sheet is not None and sheet.id == self.sheet.id:
            self.sheet = sheet

    def apply_notes(self, notes: Iterable[DoorNote]) -> None:
        """Show new versions of some notes (saved, or restored by undo)."""
        with self.selection_batch():
            self._apply_notes(notes)

    def _apply_notes(self, notes: Iterable[DoorNote]) -> None:
        pairs_changed = False
        touched: list[NoteItem] = []
        for note in notes:
            old = self.notes.get(note.id)
            self.notes[note.id] = note
            if old is None or old.pair_id != note.pair_id or old.is_deleted != note.is_deleted:
                pairs_changed = True
            item = self.note_items.get(note.id)
            if note.is_deleted:
                if item is not None:
                    self._remove_item(item)
            elif item is None:
                item = NoteItem(self, note)
                self.addItem(item)
                self.note_items[note.id] = item
                touched.append(item)
            else:
                item.set_note(note)
                touched.append(item)
        if pairs_changed:
            self._sync_links()
        for item in touched:
            link = self._link_of.get(item.note_id)
            if link is not None:
                link.refresh()
        self._update_scene_rect()
        self.current_changed.emit()

    def resync(self, ids: Iterable[uuid.UUID]) -> None:
        """Put items back where their stored notes say (after a gesture failed to save)."""
        self.apply_notes([self.notes[i] for i in ids if i in self.notes])

    def _remove_item(self, item: NoteItem) -> None:
        if self._editing_item is item and self._editor is not None:
            self._editor.finish(False)
        if self.current_id == item.note_id:
            self.current_id = None
        if self.pairing_source == item.note_id:
            self.stop_pairing()
        self._drag_start.pop(item, None)
        del self.note_items[item.note_id]
        self.removeItem(item)

    def model_sheet(self) -> DoorSheet:
        """The sheet as shown, for the pure gesture functions in ``model.board``."""
        assert self.sheet is not None
        return self.sheet.model_copy(update={"notes": list(self.notes.values())})

    def live_notes(self) -> list[DoorNote]:
        return [item.note for item in self.note_items.values()]

    def set_text_scale(self, scale: float) -> None:
        """Larger text for projector mode (every post-it re-wraps its text)."""
        if scale == self.text_scale:
            return
        self.text_scale = scale
        for item in self.note_items.values():
            item.invalidate_text()
        self.update()

    # --- Pairs --------------------------------------------------------------------------

    def _sync_links(self) -> None:
        wanted: dict[uuid.UUID, uuid.UUID] = {}
        for note_id, item in self.note_items.items():
            pair_id = item.note.pair_id
            if pair_id is not None and pair_id in self.note_items:
                wanted[note_id] = pair_id
        for in_id, link in list(self.links.items()):
            source = self.note_items.get(in_id)
            if wanted.get(in_id) != link.target.note_id or link.source is not source:
                self.removeItem(link)
                del self.links[in_id]
        for in_id, out_id in wanted.items():
            if in_id not in self.links:
                link = PairLink(self.note_items[in_id], self.note_items[out_id])
                self.addItem(link)
                self.links[in_id] = link
        self._link_of = {}
        numbers: dict[uuid.UUID, int] = {}
        for number, in_id in enumerate(sorted(self.links), start=1):
            link = self.links[in_id]
            self._link_of[link.source.note_id] = link
            self._link_of[link.target.note_id] = link
            numbers[link.source.note_id] = number
            numbers[link.target.note_id] = number
            if link.highlighted or link.source.isSelected() or link.target.isSelected():
                link.set_highlighted(link.source.isSelected() or link.target.isSelected())
        for note_id, item in self.note_items.items():
            shown = numbers.get(note_id)
            if item.pair_number != shown:
                item.pair_number = shown
                item.mark_tooltip_stale()  # "Parret med: …"
                item.update()

    def partner_of(self, note_id: uuid.UUID) -> uuid.UUID | None:
        link = self._link_of.get(note_id)
        if link is None:
            return None
        return link.target.note_id if link.source.note_id == note_id else link.source.note_id

    def pair_label(self, number: int) -> str:
        return self.tr("Par {n}").format(n=number)

    def start_pairing(self, source_id: uuid.UUID) -> None:
        self.pairing_source = source_id
        self._update_preview()

    def stop_pairing(self) -> None:
        self.pairing_source = None
        self.preview.hide()

    def pick_partner(self, note_id: uuid.UUID) -> None:
        self.partner_picked.emit(note_id)

    def _update_preview(self, towards: QPointF | None = None) -> None:
        source = self.note_items.get(self.pairing_source) if self.pairing_source else None
        if source is None:
            self.preview.hide()
            return
        if towards is None:
            target = self.note_items.get(self.current_id) if self.current_id else None
            if target is None or target is source:
                self.preview.hide()
                return
            towards = target.scene_rect().center()
        self.preview.set_line(QLineF(source.scene_rect().center(), towards))
        self.preview.show()

    # --- Focus, selection and keyboard navigation ---------------------------------------

    def set_current(self, note_id: uuid.UUID | None, select: SelectMode = "only") -> None:
        item = self.note_items.get(note_id) if note_id is not None else None
        if item is None:
            self.current_id = None
            self.current_changed.emit()
            return
        if select == "only":
            self.clearSelection()
            item.setSelected(True)
        elif select == "add":
            item.setSelected(True)
        self.current_id = item.note_id
        item.setFocus(Qt.FocusReason.OtherFocusReason)
        view = self.active_view()
        if view is not None:
            view.ensureVisible(item.sceneBoundingRect(), 40, 40)
        if self.pairing_source is not None:
            self._update_preview()
        self.current_changed.emit()

    def active_view(self) -> QGraphicsView | None:
        views = [v for v in self.views() if v.isVisible()]
        focused = [v for v in views if v.hasFocus()]
        chosen = focused or views
        return chosen[0] if chosen else None

    def current_item(self) -> NoteItem | None:
        return self.note_items.get(self.current_id) if self.current_id is not None else None

    def selected_notes(self) -> list[NoteItem]:
        return sorted(
            (i for i in self.selectedItems() if isinstance(i, NoteItem)), key=navigation.order_key
        )

    def gesture_ids(self) -> list[uuid.UUID]:
        """The notes a key or menu gesture acts on: the selection, else the focused note."""
        selected = self.selected_notes()
        if selected:
            return [item.note_id for item in selected]
        current = self.current_item()
        return [current.note_id] if current is not None else []

    def select_all(self) -> None:
        with self.selection_batch():
            for item in self.note_items.values():
                item.setSelected(True)

    def select_only(self, ids: Iterable[uuid.UUID]) -> None:
        with self.selection_batch():
            self.clearSelection()
            for note_id in ids:
                item = self.note_items.get(note_id)
                if item is not None:
                    item.setSelected(True)

    def reading_order(self) -> list[NoteItem]:
        """Lane by lane from the left, top to bottom in each lane."""
        return navigation.reading_order(self.note_items.values())

    def step(self, forward: bool) -> uuid.UUID | None:
        """The next (or previous) note in reading order; None past either end."""
        return navigation.step(self.reading_order(), self.current_item(), forward)

    def first_or_last(self, last: bool) -> uuid.UUID | None:
        return navigation.first_or_last(self.reading_order(), last)

    def neighbour(self, direction: Direction) -> uuid.UUID | None:
        """The nearest note in ``direction`` from the focused one (arrow keys)."""
        return navigation.neighbour(self.note_items.values(), self.current_item(), direction)

    def _on_focus_item_changed(
        self,
        new: QGraphicsItem | None,
        old: QGraphicsItem | None,
        reason: Qt.FocusReason,
    ) -> None:
        if (
            isinstance(new, NoteItem)
            and not new.draft
            and new.note_id in self.note_items
            and self.current_id != new.note_id
        ):
            self.current_id = new.note_id
            if self.pairing_source is not None:
                self._update_preview()
            self.current_changed.emit()

    @contextmanager
    def selection_batch(self) -> Iterator[None]:
        """Many selection changes, handled once at the end (Qt reports each one)."""
        self._selection_batch += 1
        try:
            yield
        finally:
            self._selection_batch -= 1
            if self._selection_batch == 0 and self._selection_dirty:
                self._selection_dirty = False
                self._selection_settled()

    def _on_selection_changed(self) -> None:
        if self._selection_batch:
            self._selection_dirty = True
        else:
            self._selection_settled()

    def _selection_settled(self) -> None:
        for link in self.links.values():
            link.set_highlighted(link.source.isSelected() or link.target.isSelected())
        self.selection_settled.emit()

    # --- Mouse on the empty board -------------------------------------------------------

    def note_at(self, pos: QPointF) -> NoteItem | None:
        view = self.active_view()
        transform = view.transform() if view is not None else QTransform()
        for item in self.items(
            pos,
            Qt.ItemSelectionMode.IntersectsItemShape,
            Qt.SortOrder.DescendingOrder,
            transform,
        ):
            if isinstance(item, NoteItem) and not item.draft:
                return item
        return None

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if (
            self.pairing_source is not None
            and event.button() == Qt.MouseButton.LeftButton
            and self.note_at(event.scenePos()) is None
        ):
            self.stop_pairing()
            self.pairing_cancelled.emit()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.pairing_source is not None and event.buttons() == Qt.MouseButton.NoButton:
            target = self.note_at(event.scenePos())
            self._update_preview(
                target.scene_rect().center() if target is not None else event.scenePos()
            )
        super().mouseMoveEvent(event)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if (
            event.button() == Qt.MouseButton.LeftButton
            and not self.editing
            and self.sheet is not None
            and self.note_at(event.scenePos()) is None
        ):
            pos = event.scenePos()
            self.create_requested.emit(pos.x(), pos.y())
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    # --- Words --------------------------------------------------------------------------

    def side_words(self, side: Side) -> str:
        return self.tr("ind ad døren") if side is Side.IN else self.tr("ud af døren")

    def lane_words(self, lane: Lane) -> str:
        return self.tr("{colour}, {side}").format(
            colour=self.colour_words[lane.colour], side=self.side_words(lane.side)
        )

    def describe(self, note: DoorNote, *, with_text: bool = False) -> str:
        """A note in words (tooltip, status line, screen readers): colour, side, pair."""
        parts = [
            self.tr("{colour} ({meaning}) – {side}").format(
                colour=self.colour_words[note.colour],
                meaning=COLOUR_MEANING[note.colour].rstrip("."),
                side=self.side_words(note.side),
            )
        ]
        if with_text:
            parts.insert(0, note.text)
        partner = self.partner_of(note.id) if note.id in self.note_items else None
        if partner is not None:
            other = self.notes[partner].text.replace("\n", " ")
            short = other if len(other) <= 60 else other[:59] + "…"
            parts.append(self.tr("Parret med: {text}").format(text=short))
        return "\n".join(parts)

    # --- Geometry and background --------------------------------------------------------

    def _update_scene_rect(self) -> None:
        bottom = TOP + MIN_BOARD_HEIGHT
        for item in self.note_items.values():
            bottom = max(bottom, item.y() + item.h + ROW)
        rect = QRectF(
            -SIDE_MARGIN,
            -HEADER_SPACE,
            BOARD_WIDTH + 2 * SIDE_MARGIN,
            bottom + HEADER_SPACE + SIDE_MARGIN,
        )
        if rect != self.sceneRect():
            self.setSceneRect(rect)

    def content_rect(self) -> QRectF:
        """The headings and every note: what 'fit to window' shows."""
        bottom = TOP + 2 * ROW
        for item in self.note_items.values():
            bottom = max(bottom, item.y() + item.h + 20)
        return QRectF(-SIDE_MARGIN / 2, -HEADER_SPACE, BOARD_WIDTH + SIDE_MARGIN, bottom + 70)

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        paint_background(painter, rect, self.header, self.colour_words)
