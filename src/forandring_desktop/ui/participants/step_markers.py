"""A small staircase of one ladder with two markers: the staff's step and the participant's.

The steps rise left to right from the starting point to the top, as on the guide's
måltrappe-ark and in the ladder editor, numbered under the stairs; the goal step (the
participant's own goal, else the top) is marked "Mål". The staff's marker is a filled
circle, the participant's an outlined diamond (the shapes of the progression curve), and
the two lines under the stairs name both steps in words, so colour is never needed.

Keys: Up/Right and Down/Left move the staff's marker, with Shift the participant's;
Home/End go to the bottom/top (with Shift: the participant's); "=" (or S) puts the
participant's marker on the staff's step; Delete or Backspace clears the participant's
marker (not asked this time). The mouse: a left click sets the staff's step, a right click
or Shift+click the participant's. A person can move down as well as up.

Signals report changes made by the user only; the setters are silent.
"""

from __future__ import annotations

import math
import uuid

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from forandring_desktop.model import Ladder, LadderStep
from forandring_desktop.ui.charts import PARTICIPANT_COLOUR, STAFF_COLOUR
from forandring_desktop.ui.ladder.words import plain_tooltip

MARGIN = 6.0
MIN_COLUMN = 30.0
HINT_COLUMN = 64.0
MIN_RISE = 12.0
HINT_RISE = 18.0
MAX_RADIUS = 8.0  # of a marker
MARKER_ROOM = 2 * MAX_RADIUS + 4  # above the top tread, for its markers
WORDS_MAX = 90  # characters of a step's sub-goal in the accessible description


def _short(text: str, limit: int = WORDS_MAX) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _diamond(centre: QPointF, radius: float) -> QPainterPath:
    path = QPainterPath()
    path.moveTo(centre.x(), centre.y() - radius)
    path.lineTo(centre.x() + radius, centre.y())
    path.lineTo(centre.x(), centre.y() + radius)
    path.lineTo(centre.x() - radius, centre.y())
    path.closeSubpath()
    return path


class StepMarkers(QWidget):
    """One ladder's steps with the staff's and the participant's marker."""

    staff_changed = Signal(object)  # step id (uuid.UUID) or None
    participant_changed = Signal(object)  # step id (uuid.UUID) or None

    def __init__(
        self,
        ladder: Ladder | None = None,
        *,
        staff: uuid.UUID | None = None,
        participant: uuid.UUID | None = None,
        goal: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._ladder: Ladder | None = None
        self._kept: set[uuid.UUID] = set()  # retired steps shown because a marker was there
        self._steps: list[LadderStep] = []
        self._staff: uuid.UUID | None = None
        self._participant: uuid.UUID | None = None
        self._goal: uuid.UUID | None = None
        self.setToolTip(
            plain_tooltip(
                self.tr(
                    "↑/↓: medarbejderens trin. Shift+↑/↓: deltagerens eget trin. "
                    "=: deltageren på samme trin. Delete: deltageren ikke spurgt. "
                    "Klik: medarbejderens trin; højreklik eller Shift+klik: deltagerens."
                )
            )
        )
        self.set_ladder(ladder, staff=staff, participant=participant, goal=goal)

    # --- State -----------------------------------------------------------------------------

    def set_ladder(
        self,
        ladder: Ladder | None,
        *,
        staff: uuid.UUID | None = None,
        participant: uuid.UUID | None = None,
        goal: uuid.UUID | None = None,
    ) -> None:
        """Show ``ladder`` with both markers and the goal (None: the top step)."""
        self._ladder = ladder
        self._kept = set()
        self._goal = goal
        self._staff = self._participant = None
        self._refresh_steps()
        self._staff = self._accept(staff)
        self._participant = self._accept(participant)
        title = (ladder.title or ladder.change_goal) if ladder is not None else ""
        self.setAccessibleName(self.tr("Trin på måltrappen {title}").format(title=_short(title)))
        self.updateGeometry()
        self._changed()

    def ladder(self) -> Ladder | None:
        return self._ladder

    def staff(self) -> uuid.UUID | None:
        return self._staff

    def participant(self) -> uuid.UUID | None:
        return self._participant

    def goal(self) -> uuid.UUID | None:
        """The step marked "Mål": the goal given, else the top step."""
        ids = {s.id for s in self._steps}
        if self._goal in ids:
            return self._goal
        live = [s for s in self._steps if not s.is_deleted]
        return live[-1].id if live else None

    def set_staff(self, step_id: uuid.UUID | None) -> None:
        self._staff = self._accept(step_id)
        self._changed()

    def set_participant(self, step_id: uuid.UUID | None) -> None:
        self._participant = self._accept(step_id)
        self._changed()

    def shown_steps(self) -> list[LadderStep]:
        """The steps drawn, bottom first: the live ones and any retired one a marker was on."""
        return list(self._steps)

    def level_of(self, step_id: uuid.UUID | None) -> int | None:
        """A live step's 1-based number on the ladder (None for retired or unknown)."""
        return self._ladder.level_of(step_id) if self._ladder and step_id else None

    def step_words(self, step_id: uuid.UUID | None) -> str:
        """A step in words: "trin 3 – Møder til tiden", "udgået trin – …" or "ikke vurderet"."""
        step = next((s for s in self._steps if s.id == step_id), None)
        if step is None:
            return self.tr("ikke vurderet")
        text = _short(step.text) or self.tr("intet delmål")
        level = self.level_of(step.id)
        if level is None:
            return self.tr("udgået trin – {text}").format(text=text)
        return self.tr("trin {n} – {text}").format(n=level, text=text)

    def _refresh_steps(self) -> None:
        ladder = self._ladder
        self._steps = (
            [s for s in ladder.steps if not s.is_deleted or s.id in self._kept]
            if ladder is not None
            else []
        )

    def _accept(self, step_id: uuid.UUID | None) -> uuid.UUID | None:
        """``step_id`` if the ladder has it; a retired step is kept on show from now on."""
        if step_id is None or self._ladder is None:
            return None
        step = next((s for s in self._ladder.steps if s.id == step_id), None)
        if step is None:
            return None
        if step.is_deleted and step_id not in self._kept:
            self._kept.add(step_id)
            self._refresh_steps()
            self.updateGeometry()
        return step_id

    def _changed(self) -> None:
        description = self.tr("Medarbejder: {staff}; Deltager: {own}").format(
            staff=self.step_words(self._staff), own=self.step_words(self._participant)
        )
        goal_level = self.level_of(self.goal())
        if goal_level is not None:
            description += "; " + self.tr("Mål: trin {n}").format(n=goal_level)
        self.setAccessibleDescription(description)
        self.update()

    # --- Moving ----------------------------------------------------------------------------

    def _index_of(self, step_id: uuid.UUID | None) -> int | None:
        return next((i for i, s in enumerate(self._steps) if s.id == step_id), None)

    def _moved(self, step_id: uuid.UUID | None, delta: int, start: uuid.UUID | None) -> uuid.UUID:
        """``delta`` steps up (+) or down (-) from ``step_id``, stopping at the ends.

        From no step, one step lands on ``start`` (or the bottom step) and a jump (Home,
        End) on the bottom or the top.
        """
        index = self._index_of(step_id)
        if index is None:
            if abs(delta) > 1:
                return self._steps[0 if delta < 0 else -1].id
            index = self._index_of(start)
            return self._steps[index if index is not None else 0].id
        index = max(0, min(len(self._steps) - 1, index + delta))
        return self._steps[index].id

    def _user_set_staff(self, step_id: uuid.UUID | None) -> None:
        if step_id == self._staff:
            return
        self._staff = self._accept(step_id)
        self._changed()
        self.staff_changed.emit(self._staff)

    def _user_set_participant(self, step_id: uuid.UUID | None) -> None:
        if step_id == self._participant:
            return
        self._participant = self._accept(step_id)
        self._changed()
        self.participant_changed.emit(self._participant)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        shift = modifiers == Qt.KeyboardModifier.ShiftModifier
        plain = modifiers == Qt.KeyboardModifier.NoModifier
        if not self._steps or not (plain or shift):
            super().keyPressEvent(event)
            return
        deltas = {
            Qt.Key.Key_Up: 1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Down: -1,
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Home: -len(self._steps),
            Qt.Key.Key_End: len(self._steps),
        }
        if key in deltas:
            delta = deltas[Qt.Key(key)]
            if shift:
                # From "not asked", the first press puts the marker on the staff's step.
                start = self._staff
                self._user_set_participant(self._moved(self._participant, delta, start))
            else:
                self._user_set_staff(self._moved(self._staff, delta, None))
            event.accept()
            return
        if event.text() == "=" or (plain and key == Qt.Key.Key_S) or key == Qt.Key.Key_Equal:
            if self._staff is not None:
                self._user_set_participant(self._staff)
            event.accept()
            return
        if plain and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._user_set_participant(None)
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        step_id = self._step_at(event.position())
        button = event.button()
        if step_id is None or button not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if button == Qt.MouseButton.RightButton or shift:
            self._user_set_participant(step_id)
        else:
            self._user_set_staff(step_id)
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        event.accept()  # the right button sets the participant's step; no menu

    # --- Geometry --------------------------------------------------------------------------

    def _fonts(self) -> tuple[QFont, QFont]:
        base = QFont(self.font())
        small = QFont(base)
        if small.pointSizeF() > 0:
            small.setPointSizeF(small.pointSizeF() * 0.9)
        return base, small

    def _line(self) -> float:
        return QFontMetricsF(self._fonts()[0]).lineSpacing()

    def _fixed_height(self) -> float:
        """Everything but the stairs: the goal row, the numbers and the two word lines."""
        return (
            2 * MARGIN
            + self._line()
            + QFontMetricsF(self._fonts()[1]).lineSpacing()
            + (2 * self._line() + MARGIN)
        )

    def sizeHint(self) -> QSize:
        count = max(len(self._steps), 2)
        return QSize(
            math.ceil(count * HINT_COLUMN + 2 * MARGIN),
            math.ceil(self._fixed_height() + count * HINT_RISE),
        )

    def minimumSizeHint(self) -> QSize:
        count = max(len(self._steps), 2)
        return QSize(
            math.ceil(count * MIN_COLUMN + 2 * MARGIN),
            math.ceil(self._fixed_height() + count * MIN_RISE),
        )

    def _frame(self) -> tuple[QRectF, float, float]:
        """(the stairs' area, column width, rise)."""
        count = max(len(self._steps), 1)
        top = MARGIN + self._line() + MARKER_ROOM
        bottom = (
            self.height()
            - MARGIN
            - 2 * self._line()
            - MARGIN
            - QFontMetricsF(self._fonts()[1]).lineSpacing()
        )
        area = QRectF(MARGIN, top, self.width() - 2 * MARGIN, max(bottom - top, 1.0))
        return area, area.width() / count, area.height() / count

    def _step_at(self, position: QPointF) -> uuid.UUID | None:
        area, width, _rise = self._frame()
        if not self._steps or not area.left() <= position.x() < area.right():
            return None
        index = int((position.x() - area.left()) // width)
        return self._steps[max(0, min(index, len(self._steps) - 1))].id

    # --- Painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        text_colour = palette.color(QPalette.ColorRole.Text)
        muted = QColor(text_colour)
        muted.setAlpha(140)
        base_font, small = self._fonts()
        area, width, rise = self._frame()
        line = self._line()

        if not self._steps:
            painter.setPen(muted)
            painter.setFont(base_font)
            painter.drawText(
                area, Qt.AlignmentFlag.AlignCenter, self.tr("Måltrappen har ingen trin.")
            )
            self._paint_focus(painter)
            painter.end()
            return

        base = area.bottom()
        path = QPainterPath(QPointF(area.left(), base))
        for index in range(len(self._steps)):
            tread = base - (index + 1) * rise
            path.lineTo(QPointF(area.left() + index * width, tread))
            path.lineTo(QPointF(area.left() + (index + 1) * width, tread))
        path.lineTo(QPointF(area.right(), base))
        path.closeSubpath()
        painter.fillPath(path, palette.color(QPalette.ColorRole.AlternateBase))
        painter.setPen(QPen(text_colour, 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)

        goal = self.goal()
        metrics = QFontMetricsF(small)
        radius = max(4.0, min(width / 5, rise * 0.45, MAX_RADIUS))
        for index, step in enumerate(self._steps):
            left = area.left() + index * width
            tread = base - (index + 1) * rise
            column = QRectF(left, tread, width, base - tread)
            if step.is_deleted:
                # A retired step: hatched, and "udg." instead of its number.
                painter.fillRect(
                    column, QColor(text_colour.red(), text_colour.green(), text_colour.blue(), 40)
                )
                painter.fillRect(column, Qt.BrushStyle.BDiagPattern)
            level = self.level_of(step.id)
            number = str(level) if level is not None else self.tr("udg.")
            painter.setPen(text_colour)
            painter.setFont(small)
            painter.drawText(
                QRectF(left, base + 2, width, metrics.lineSpacing()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                number,
            )
            if step.id == goal:
                bold = QFont(base_font)
                bold.setBold(True)
                painter.setFont(bold)
                painter.drawText(
                    QRectF(left, max(tread - 2 * radius - line - 4, 0.0), width, line),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    self.tr("Mål"),
                )
            both = step.id == self._staff and step.id == self._participant
            centre_y = tread - radius - 2
            if step.id == self._staff:
                x = left + width / 2 - (radius + 1 if both else 0)
                self._paint_staff(painter, QPointF(x, centre_y), radius)
            if step.id == self._participant:
                x = left + width / 2 + (radius + 1 if both else 0)
                self._paint_participant(painter, QPointF(x, centre_y), radius)

        # The two markers in words, which doubles as the legend.
        words_top = base + metrics.lineSpacing() + MARGIN
        self._paint_words(
            painter,
            QRectF(MARGIN, words_top, self.width() - 2 * MARGIN, line),
            "staff",
            self.tr("Medarbejder: {step}").format(step=self.step_words(self._staff)),
            base_font,
        )
        self._paint_words(
            painter,
            QRectF(MARGIN, words_top + line, self.width() - 2 * MARGIN, line),
            "participant",
            self.tr("Deltager: {step}").format(step=self.step_words(self._participant)),
            base_font,
        )
        self._paint_focus(painter)
        painter.end()

    def _paint_staff(self, painter: QPainter, centre: QPointF, radius: float) -> None:
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Text), 1.2))
        painter.setBrush(STAFF_COLOUR)
        painter.drawEllipse(centre, radius, radius)

    def _paint_participant(self, painter: QPainter, centre: QPointF, radius: float) -> None:
        painter.setPen(QPen(PARTICIPANT_COLOUR.darker(130), 2.2))
        painter.setBrush(self.palette().color(QPalette.ColorRole.Base))
        painter.drawPath(_diamond(centre, radius + 1))

    def _paint_words(
        self, painter: QPainter, rect: QRectF, marker: str, text: str, font: QFont
    ) -> None:
        radius = min(rect.height() * 0.3, 6.0)
        centre = QPointF(rect.left() + radius + 1, rect.center().y())
        if marker == "staff":
            self._paint_staff(painter, centre, radius)
        else:
            self._paint_participant(painter, centre, radius)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        painter.setFont(font)
        text_rect = rect.adjusted(2 * radius + 6, 0, 0, 0)
        painter.drawText(
            text_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, text_rect.width()),
        )

    def _paint_focus(self, painter: QPainter) -> None:
        if self.hasFocus():
            painter.setPen(
                QPen(self.palette().color(QPalette.ColorRole.Highlight), 2.0, Qt.PenStyle.DashLine)
            )
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            step_id = self._step_at(QPointF(event.pos()))
            step = next((s for s in self._steps if s.id == step_id), None)
            if step is None:
                return super().event(event)
            parts = [self.step_words(step.id)]
            if step.signs:
                parts.append(self.tr("Tegn: {signs}").format(signs=step.signs))
            if step.action:
                parts.append(self.tr("Handling: {action}").format(action=step.action))
            QToolTip.showText(event.globalPos(), plain_tooltip("\n".join(parts)), self)
            return True
        return super().event(event)
