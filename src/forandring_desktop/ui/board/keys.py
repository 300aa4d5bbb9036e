"""The board's keyboard path: the keys a board view hands over (arrows, Enter, Esc, Home,
End, Space, Tab) and the keyboard moves (a note one lane or one row further, nudged or
resized), each one undo step. Where the notes go is worked out by ``model.board``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeyEvent

from forandring_desktop.model import DoorNote
from forandring_desktop.model import board as rules
from forandring_desktop.model.board import Place, Positions, clamp
from forandring_desktop.ui.board.commands import refusing
from forandring_desktop.ui.board.navigation import Direction
from forandring_desktop.ui.board.style import (
    MAX_NOTE_HEIGHT,
    MAX_NOTE_WIDTH,
    MIN_NOTE_HEIGHT,
    MIN_NOTE_WIDTH,
)
from forandring_desktop.ui.board.view import BoardView
from forandring_desktop.ui.parts import WidgetPart

if TYPE_CHECKING:
    from forandring_desktop.ui.board.projector import ProjectorWindow
    from forandring_desktop.ui.board.scene import BoardScene

NUDGE = 10.0  # Alt+arrow
RESIZE_STEP = 10.0  # Alt+Shift+arrow
ARROWS: dict[int, Direction] = {
    Qt.Key.Key_Left: "left",
    Qt.Key.Key_Right: "right",
    Qt.Key.Key_Up: "up",
    Qt.Key.Key_Down: "down",
}


class BoardKeys(WidgetPart):
    """The keys of one board: not a widget of its own, a part of
    :class:`~forandring_desktop.ui.board.widget.BoardWidget` (its texts keep that context)."""

    if TYPE_CHECKING:  # what this part uses of the board it belongs to
        scene: BoardScene
        projector: ProjectorWindow | None
        projector_action: QAction

        def _say(self, message: str, *, sticky: bool = False) -> None: ...

        def _push(
            self,
            changed: Sequence[DoorNote],
            text: str,
            *,
            new: Sequence[DoorNote] = (),
            merge_key: object = None,
            focus: uuid.UUID | None = None,
        ) -> None: ...

        def _reselect(self, ids: Sequence[uuid.UUID]) -> None: ...

        def edit_current(self) -> None: ...

        def pick_partner(self, note_id: uuid.UUID) -> None: ...

        def cancel_pairing(self) -> None: ...

        def zoom_in(self) -> None: ...

        def zoom_out(self) -> None: ...

        def toggle_help(self) -> None: ...

    def handle_tab(self, view: BoardView, forward: bool) -> bool:
        target = self.scene.step(forward)
        if target is None:
            return False
        self.scene.set_current(target)
        return True

    def view_focused(self, view: BoardView, reason: Qt.FocusReason) -> None:
        if self.scene.editing:
            return
        current = self.scene.current_item()
        if current is not None:
            current.setFocus(Qt.FocusReason.OtherFocusReason)
        elif reason in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            first = self.scene.first_or_last(last=reason == Qt.FocusReason.BacktabFocusReason)
            if first is not None:
                self.scene.set_current(first)

    def handle_key(self, view: BoardView, event: QKeyEvent) -> bool:
        if self.scene.editing:
            return False
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        alt = bool(modifiers & Qt.KeyboardModifier.AltModifier)
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        text = event.text()

        if key == Qt.Key.Key_Escape:
            return self._escape(view)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (ctrl or alt):
            if self.scene.pairing_source is not None:
                if self.scene.current_id is not None:
                    self.pick_partner(self.scene.current_id)
                return True
            self.edit_current()
            return True
        if key in ARROWS:
            return self._arrow(ARROWS[Qt.Key(key)], ctrl=ctrl, alt=alt, shift=shift)
        if key == Qt.Key.Key_Space and not (ctrl or alt):
            current = self.scene.current_item()
            if current is not None:
                current.setSelected(not current.isSelected())
            return True
        if key in (Qt.Key.Key_Home, Qt.Key.Key_End) and not (ctrl or alt):
            target = self.scene.first_or_last(last=key == Qt.Key.Key_End)
            if target is not None:
                self.scene.set_current(target)
            return True
        if not (ctrl or alt):
            if text in ("+", "="):
                self.zoom_in()
                return True
            if text in ("-", "−"):
                self.zoom_out()
                return True
            if text == "?":
                self.toggle_help()
                return True
        return False

    def _escape(self, view: BoardView) -> bool:
        if self.scene.pairing_source is not None:
            self.cancel_pairing()
            return True
        if view.help.isVisible():
            view.help.hide()
            return True
        if self.projector is not None:
            self.projector_action.setChecked(False)
            return True
        if self.scene.selectedItems():
            self.scene.clearSelection()
            return True
        return False

    def _arrow(self, direction: Direction, *, ctrl: bool, alt: bool, shift: bool) -> bool:
        dx = {"left": -1, "right": 1}.get(direction, 0)
        dy = {"up": -1, "down": 1}.get(direction, 0)
        if self.scene.pairing_source is None and (ctrl or alt):
            if alt and shift:
                self.resize_by(dx * RESIZE_STEP, dy * RESIZE_STEP)
            elif alt:
                self.nudge(dx * NUDGE, dy * NUDGE)
            elif dx:
                self.move_lane(dx)
            else:
                self.move_row(dy)
            return True
        target = self.scene.neighbour(direction)
        if target is not None:
            self.scene.set_current(target, select="add" if shift else "only")
        return True

    # --- Keyboard moves -----------------------------------------------------------------

    def _places(self, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Place]:
        """Where the notes ``ids`` lie as shown (in the order given)."""
        items = self.scene.note_items
        return {i: Place(items[i].x(), items[i].y(), items[i].w, items[i].h) for i in ids}

    def nudge(self, dx: float, dy: float) -> None:
        positions = rules.nudged(self._places(self.scene.gesture_ids()), dx, dy)
        self._move_by_keys(
            positions, QCoreApplication.translate("BoardWidget", "Skub seddel"), merge=True
        )

    def move_lane(self, step: int) -> None:
        """One lane left or right (across the door from green to green)."""
        moving = set(self.scene.gesture_ids())
        others = [p for i, p in self._places(self.scene.note_items).items() if i not in moving]
        positions = rules.moved_lanes(self._places(moving), others, step)
        if positions is None:
            self._say(
                QCoreApplication.translate(
                    "BoardWidget", "Sedlen står allerede i den yderste bane."
                )
            )
            return
        self._move_by_keys(
            positions, QCoreApplication.translate("BoardWidget", "Flyt seddel en bane")
        )

    def move_row(self, step: int) -> None:
        positions = rules.moved_rows(self._places(self.scene.gesture_ids()), step)
        self._move_by_keys(
            positions, QCoreApplication.translate("BoardWidget", "Flyt seddel en række")
        )

    @refusing
    def _move_by_keys(self, positions: Positions, text: str, *, merge: bool = False) -> None:
        if not positions:
            return
        ids = list(positions)
        changed = rules.move_notes(self.scene.model_sheet(), positions)
        merge_key = ("keys-move", tuple(sorted(ids))) if merge else None
        self._push(changed, text, merge_key=merge_key)
        self._reselect(ids)

    @refusing
    def resize_by(self, dw: float, dh: float) -> None:
        current = self.scene.current_item()
        if current is None:
            return
        width = clamp(current.w + dw, MIN_NOTE_WIDTH, MAX_NOTE_WIDTH)
        height = clamp(current.h + dh, MIN_NOTE_HEIGHT, MAX_NOTE_HEIGHT)
        if (width, height) == (current.w, current.h):
            return
        changed = rules.resize_note(self.scene.model_sheet(), current.note_id, width, height)
        self._push(
            changed,
            QCoreApplication.translate("BoardWidget", "Ændr størrelse på seddel"),
            merge_key=("keys-resize", current.note_id),
            focus=current.note_id,
        )
