"""The måltrappe-ark: a staircase drawn as the guide draws it.

Steps rise left to right from UDGANGSPUNKTET (bottom left) through DELMÅL to MÅLET (top
right); the change goal (FORANDRINGSMÅL) stands above the stairs and the guide's three-line
instruction in the free corner top left. Each step has its sub-goal written on top of it and
its signs (TEGN) written under it, inside the stairs.

The view shows a Ladder and a current step; it never edits. Keys: Left/Down and Right/Up go
down and up the stairs, Home/End to the bottom/top, Enter or F2 (or just typing) asks to edit
the current step's sub-goal. The page adds Ins, Del, Alt+Up/Down and the rest as actions.
"""

from __future__ import annotations

import math
import uuid

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from forandring_desktop.model import Ladder, LadderStep
from forandring_desktop.model.ladder import LADDER_INSTRUCTIONS
from forandring_desktop.ui.ladder.stair_paint import StaircasePainting
from forandring_desktop.ui.ladder.stair_text import (
    MARGIN,
    PAD,
    StairFonts,
    StepGeometry,
    fit_lines,
    stair_fonts,
)
from forandring_desktop.ui.ladder.words import plain_tooltip, step_label, step_name

MIN_COLUMN = 96.0  # at 100 %; narrower steps would cut most of their words
HINT_COLUMN = 170.0
MIN_RISE = 40.0
HINT_RISE = 90.0
NATURAL_EXTRA = 120.0  # the change goal and the steps' names, roughly, at 100 %
MIN_ZOOM = 0.6
MAX_ZOOM = 3.0
ZOOM_STEP = 1.2
DEFAULT_MAX_ZOOM = 1.5


class StaircaseView(StaircasePainting, QWidget):
    """The staircase of one ladder, with a current (selected) step."""

    current_changed = Signal(object)  # the step id the user moved to
    edit_requested = Signal(str)  # text typed to start editing ("" for Enter/F2/double-click)
    zoom_changed = Signal(float)
    shown_changed = Signal()  # another ladder, step or hint shown (a projector follows)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Måltrappe"))
        self.setMouseTracking(False)
        self._ladder: Ladder | None = None
        self._steps: list[LadderStep] = []
        self._current: uuid.UUID | None = None
        self._hinted: set[uuid.UUID] = set()
        self._goal_label = self.tr("FORANDRINGSMÅL")
        self._instructions = [f"{i}. {text}" for i, text in enumerate(LADDER_INSTRUCTIONS, 1)]
        self._zoom: float | None = None  # None: fitted to the room it has
        self._zoom_shown = 1.0
        self.text_scale = 1.0  # larger on a projector
        self._update_description()

    # --- Showing ---------------------------------------------------------------------------

    def set_ladder(self, ladder: Ladder | None, hinted: set[uuid.UUID] | None = None) -> None:
        old_count = len(self._steps)
        self._ladder = ladder
        self._steps = ladder.live_steps() if ladder is not None else []
        self._hinted = set(hinted or ())
        if self._current not in {s.id for s in self._steps}:
            self._current = None
        if len(self._steps) != old_count:
            self.updateGeometry()
        self._update_description()
        self.update()
        self.shown_changed.emit()

    def ladder(self) -> Ladder | None:
        return self._ladder

    def hinted(self) -> set[uuid.UUID]:
        return set(self._hinted)

    def set_current(self, step_id: uuid.UUID | None) -> None:
        """Select a step (no signal: the page calls this to follow the other views)."""
        if step_id not in {s.id for s in self._steps}:
            step_id = None
        if step_id != self._current:
            self._current = step_id
            self._update_description()
            self.update()
            self.shown_changed.emit()

    def current(self) -> uuid.UUID | None:
        return self._current

    def steps(self) -> list[LadderStep]:
        return list(self._steps)

    def step_rect(self, step_id: uuid.UUID) -> QRectF | None:
        """Where a step is drawn (its sub-goal, tread and signs), for scrolling to it."""
        for geometry in self._geometry():
            if geometry.step.id == step_id:
                return geometry.text.united(geometry.body)
        return None

    def _update_description(self) -> None:
        count = len(self._steps)
        level = self._level_of(self._current)
        if level is None:
            description = (
                self.tr("Måltrappen har {n} trin.").format(n=count)
                if count
                else self.tr("Måltrappen har ingen trin endnu. Tryk Ins for at tilføje et trin.")
            )
        else:
            step = self._steps[level - 1]
            description = self.tr("Trin {level} af {count}, {name}: {text}. Tegn: {signs}").format(
                level=level,
                count=count,
                name=step_name(level, count),
                text=step.text or self.tr("intet delmål"),
                signs=step.signs or self.tr("ingen"),
            )
            if step.id in self._hinted:
                description += " " + self.tr("Der er et råd fra guiden til trinnet.")
        self.setAccessibleDescription(description)

    def _level_of(self, step_id: uuid.UUID | None) -> int | None:
        for level, step in enumerate(self._steps, start=1):
            if step.id == step_id:
                return level
        return None

    # --- Size and geometry -----------------------------------------------------------------

    def zoom(self) -> float:
        """The zoom in use: chosen (Ctrl++, Ctrl+-, Ctrl+wheel), or else fitted to the room."""
        return self._zoom if self._zoom is not None else self._fitted_zoom()

    def set_zoom(self, zoom: float | None) -> None:
        """Zoom to ``zoom`` (None: back to fitting the room, Ctrl+0)."""
        if zoom is not None:
            zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self._zoom = zoom
        self._zoom_shown = self.zoom()
        self.updateGeometry()
        self.update()
        self.zoom_changed.emit(self.zoom())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def _room(self) -> QSize:
        """The room it is shown in (a scroll area's viewport, a projector window)."""
        parent = self.parentWidget()
        return parent.size() if parent is not None else self.size()

    def _fitted_zoom(self) -> float:
        """As large as the room allows for the steps at their natural size, from 100 %
        (readable) to DEFAULT_MAX_ZOOM; a small room scrolls rather than shrinks."""
        count = max(len(self._steps), 2)
        room = self._room()
        across = room.width() / (count * HINT_COLUMN + 2 * MARGIN)
        down = room.height() / ((count + 1) * HINT_RISE + NATURAL_EXTRA)
        return max(1.0, min(DEFAULT_MAX_ZOOM, across, down))

    def _fonts(self) -> StairFonts:
        return stair_fonts(self.font(), self.zoom() * self.text_scale)

    def _goal_height(self) -> float:
        return QFontMetricsF(self._fonts().bold).lineSpacing() * 2 + 2 * PAD

    def _label_height(self) -> float:
        """Two lines: a long name wraps before it is cut."""
        return QFontMetricsF(self._fonts().label).lineSpacing() * 2 + 2 * PAD

    def sizeHint(self) -> QSize:
        count = max(len(self._steps), 2)
        zoom = self.zoom()
        width = count * HINT_COLUMN * zoom + 2 * MARGIN
        height = (
            self._goal_height() + (count + 1) * HINT_RISE * zoom + self._label_height() + 2 * MARGIN
        )
        return QSize(math.ceil(width), math.ceil(height))

    def minimumSizeHint(self) -> QSize:
        count = max(len(self._steps), 2)
        zoom = self.zoom()
        width = count * MIN_COLUMN * zoom + 2 * MARGIN
        height = (
            self._goal_height() + (count + 1) * MIN_RISE * zoom + self._label_height() + 2 * MARGIN
        )
        return QSize(math.ceil(width), math.ceil(height))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._zoom is None and abs(self.zoom() - self._zoom_shown) > 1e-3:
            self._zoom_shown = self.zoom()  # the room changed the fitted zoom
            self.updateGeometry()
            self.zoom_changed.emit(self._zoom_shown)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom() * (1.15**steps))
            event.accept()
            return
        super().wheelEvent(event)  # ignored: the scroll area scrolls

    def _frame(self) -> tuple[QRectF, float, float, float]:
        """(the stairs' area, column width, rise, base line y)."""
        count = max(len(self._steps), 1)
        top = MARGIN + self._goal_height()
        base = self.height() - MARGIN - self._label_height()
        area = QRectF(MARGIN, top, self.width() - 2 * MARGIN, base - top)
        return area, area.width() / count, area.height() / (count + 1), base

    def _corner(self) -> tuple[QRectF, list[str]]:
        """The free corner top left and the instruction lines that fit in it."""
        area, width, rise, _base = self._frame()
        count = len(self._steps)
        columns = max(1, math.ceil(count / 2))
        corner = QRectF(area.left() + PAD, area.top() + PAD, columns * width - 2 * PAD, 0.0)
        if count == 0:
            corner.setWidth(area.width() - 2 * PAD)
        free = (count - columns) * rise if count > 1 else rise
        small = self._fonts().small
        lines: list[str] = []
        for line in self._instructions:
            lines += fit_lines(line, small, corner.width(), max(free - 2 * PAD, 1.0))
        height = len(lines) * QFontMetricsF(small).lineSpacing()
        if height > free - 2 * PAD:
            lines = []  # no room on a very low ladder: the tooltip has it
            height = 0.0
        corner.setHeight(height)
        return corner, lines

    def _geometry(self) -> list[StepGeometry]:
        area, width, rise, base = self._frame()
        corner, _lines = self._corner()
        count = len(self._steps)
        result = []
        for index, step in enumerate(self._steps):
            left = area.left() + index * width
            tread = base - (index + 1) * rise
            # The sub-goal is written just above the tread; it may use two rises of room,
            # not the top step's (the goal is above it) nor the instruction's corner.
            top = max(tread - (2 if index < count - 1 else 1) * rise, area.top())
            if corner.height() and left < corner.right():
                top = max(top, corner.bottom() + PAD)
            top = min(top, tread - rise)
            result.append(
                StepGeometry(
                    step=step,
                    level=index + 1,
                    column=QRectF(left, area.top(), width, base - area.top()),
                    text=QRectF(left + PAD, top + PAD, width - 2 * PAD, tread - top - 2 * PAD),
                    body=QRectF(left + PAD, tread + PAD, width - 2 * PAD, base - tread - 2 * PAD),
                    label=QRectF(left + PAD, base + PAD / 2, width - 2 * PAD, self._label_height()),
                )
            )
        return result

    def _step_at(self, x: float) -> uuid.UUID | None:
        for geometry in self._geometry():
            if geometry.column.left() <= x < geometry.column.right():
                return geometry.step.id
        return None

    # --- Input -----------------------------------------------------------------------------

    def _move_to(self, step_id: uuid.UUID | None) -> None:
        if step_id is None or step_id == self._current:
            return
        self.set_current(step_id)
        self.current_changed.emit(step_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        level = self._level_of(self._current)
        plain = modifiers == Qt.KeyboardModifier.NoModifier
        if plain and key in (Qt.Key.Key_Right, Qt.Key.Key_Up):
            index = 0 if level is None else min(level, len(self._steps) - 1)
            if self._steps:
                self._move_to(self._steps[index].id)
            return
        if plain and key in (Qt.Key.Key_Left, Qt.Key.Key_Down):
            index = 0 if level is None else max(level - 2, 0)
            if self._steps:
                self._move_to(self._steps[index].id)
            return
        if plain and key == Qt.Key.Key_Home and self._steps:
            self._move_to(self._steps[0].id)
            return
        if plain and key == Qt.Key.Key_End and self._steps:
            self._move_to(self._steps[-1].id)
            return
        if plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            if self._current is not None:
                self.edit_requested.emit("")
            return
        text = event.text()
        if (
            self._current is not None
            and text
            and text.isprintable()
            and not text.isspace()
            and not modifiers
            & (
                Qt.KeyboardModifier.ControlModifier
                | Qt.KeyboardModifier.AltModifier
                | Qt.KeyboardModifier.MetaModifier
            )
        ):
            self.edit_requested.emit(text)
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self._move_to(self._step_at(event.position().x()))
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._step_at(event.position().x()):
            self._move_to(self._step_at(event.position().x()))
            self.edit_requested.emit("")
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self._current is None and self._steps:
            self._move_to(self._steps[0].id)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def step_tooltip(self, step_id: uuid.UUID) -> str:
        """A step in full: its name, sub-goal, signs and action (what hovering shows)."""
        level = self._level_of(step_id)
        if level is None:
            return ""
        step = self._steps[level - 1]
        parts = [step_label(level, len(self._steps)), step.text or self.tr("(intet delmål)")]
        if step.signs:
            parts.append(self.tr("Tegn: {signs}").format(signs=step.signs))
        if step.action:
            parts.append(self.tr("Handling: {action}").format(action=step.action))
        return "\n".join(parts)

    def label_lines(self, step_id: uuid.UUID) -> list[str]:
        """The step's name under the stairs as drawn: wrapped, '…' only past two lines."""
        for g in self._geometry():
            if g.step.id == step_id:
                label = step_label(g.level, len(self._steps))
                return fit_lines(label, self._fonts().label, g.label.width(), g.label.height())
        return []

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            step_id = self._step_at(event.pos().x())
            # Between or above the steps: the guide's instruction.
            instructions = "\n".join(self._instructions)
            text = instructions if step_id is None else self.step_tooltip(step_id)
            QToolTip.showText(event.globalPos(), plain_tooltip(text), self)
            return True
        return super().event(event)
