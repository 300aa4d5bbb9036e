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
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
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
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from forandring_desktop.model import Ladder, LadderStep
from forandring_desktop.model.ladder import LADDER_INSTRUCTIONS
from forandring_desktop.ui.ladder.words import plain_tooltip, step_label, step_name

MARGIN = 10.0
PAD = 6.0
MIN_COLUMN = 72.0
HINT_COLUMN = 170.0
FULL_FONT_COLUMN = 140.0  # narrower steps get smaller text
MIN_RISE = 36.0
HINT_RISE = 90.0
HINT_MARK = "ℹ"  # U+2139: in DejaVu Sans (bundled); U+24D8 ⓘ is in few fonts


def fit_lines(text: str, font: QFont, width: float, max_height: float) -> list[str]:
    """``text`` word-wrapped to ``width``; cut to the lines that fit, the last one ending '…'."""
    metrics = QFontMetricsF(font)
    max_lines = max(1, int(max_height // metrics.lineSpacing()))
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(width, 1.0))
            lines.append(paragraph[line.textStart() : line.textStart() + line.textLength()])
        layout.endLayout()
        if len(lines) > max_lines:
            break
    lines = [line.rstrip() for line in lines]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and metrics.horizontalAdvance(last + " …") > width:
            last = last[:-1]
        lines[-1] = (last.rstrip() + " …").lstrip()
    return lines


def draw_lines(painter: QPainter, rect: QRectF, lines: list[str], font: QFont) -> None:
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    y = rect.top() + metrics.ascent()
    for line in lines:
        if y - metrics.ascent() + metrics.height() > rect.bottom() + 0.5:
            break
        painter.drawText(QPointF(rect.left(), y), line)
        y += metrics.lineSpacing()


@dataclass(frozen=True, slots=True)
class StepGeometry:
    step: LadderStep
    level: int  # 1-based
    column: QRectF  # the whole column, goal band excluded
    text: QRectF  # the sub-goal, on top of the step
    body: QRectF  # the signs, under the tread inside the stairs
    label: QRectF  # "3 · DELMÅL", under the stairs


class StaircaseView(QWidget):
    """The staircase of one ladder, with a current (selected) step."""

    current_changed = Signal(object)  # the step id the user moved to
    edit_requested = Signal(str)  # text typed to start editing ("" for Enter/F2/double-click)

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

    def set_current(self, step_id: uuid.UUID | None) -> None:
        """Select a step (no signal: the page calls this to follow the other views)."""
        if step_id not in {s.id for s in self._steps}:
            step_id = None
        if step_id != self._current:
            self._current = step_id
            self._update_description()
            self.update()

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

    def _fonts(self) -> tuple[QFont, QFont, QFont, QFont]:
        """The fonts, a little smaller on narrow steps (many steps on a small screen)."""
        base = QFont(self.font())
        column = (self.width() - 2 * MARGIN) / max(len(self._steps), 1)
        scale = min(max(column / FULL_FONT_COLUMN, 0.8), 1.0)
        if base.pointSizeF() > 0 and scale < 1.0:
            base.setPointSizeF(base.pointSizeF() * scale)
        bold = QFont(base)
        bold.setBold(True)
        small = QFont(base)
        if small.pointSizeF() > 0:
            small.setPointSizeF(small.pointSizeF() * 0.9)
        label = QFont(small)
        label.setBold(True)
        return base, bold, small, label

    def _goal_height(self) -> float:
        _base, bold, _small, _label = self._fonts()
        return QFontMetricsF(bold).lineSpacing() * 2 + 2 * PAD

    def _label_height(self) -> float:
        _base, _bold, _small, label = self._fonts()
        return QFontMetricsF(label).lineSpacing() + 2 * PAD

    def sizeHint(self) -> QSize:
        count = max(len(self._steps), 2)
        width = count * HINT_COLUMN + 2 * MARGIN
        height = self._goal_height() + (count + 1) * HINT_RISE + self._label_height() + 2 * MARGIN
        return QSize(math.ceil(width), math.ceil(height))

    def minimumSizeHint(self) -> QSize:
        count = max(len(self._steps), 2)
        width = count * MIN_COLUMN + 2 * MARGIN
        height = self._goal_height() + (count + 1) * MIN_RISE + self._label_height() + 2 * MARGIN
        return QSize(math.ceil(width), math.ceil(height))

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
        _base_font, _bold, small, _label = self._fonts()
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

    # --- Painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        text_colour = palette.color(QPalette.ColorRole.Text)
        muted = QColor(text_colour)
        muted.setAlpha(140)
        base_font, bold, small, label_font = self._fonts()
        area, width, rise, base = self._frame()
        geometry = self._geometry()

        # FORANDRINGSMÅL above everything.
        goal_rect = QRectF(MARGIN, MARGIN, self.width() - 2 * MARGIN, self._goal_height() - PAD)
        goal = self._ladder.change_goal if self._ladder is not None else ""
        painter.setPen(text_colour)
        draw_lines(
            painter,
            goal_rect,
            fit_lines(f"{self._goal_label}: {goal}", bold, goal_rect.width(), goal_rect.height()),
            bold,
        )

        # The guide's instruction in the free corner top left.
        count = len(self._steps)
        corner, instructions = self._corner()
        painter.setPen(muted)
        draw_lines(painter, corner, instructions, small)

        if not geometry:
            painter.setPen(muted)
            painter.setFont(base_font)
            painter.drawText(
                area,
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.tr("Ingen trin endnu. Tryk Ins for at tilføje det første trin."),
            )
            painter.end()
            return

        # The stairs: one outline from the bottom left, up and right step by step.
        path = QPainterPath(QPointF(area.left(), base))
        for g in geometry:
            tread = g.body.top() - PAD
            path.lineTo(QPointF(g.column.left(), tread))
            path.lineTo(QPointF(g.column.right(), tread))
        path.lineTo(QPointF(geometry[-1].column.right(), base))
        path.closeSubpath()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.fillPath(path, palette.color(QPalette.ColorRole.AlternateBase))

        highlight = palette.color(QPalette.ColorRole.Highlight)
        for g in geometry:
            if g.step.id == self._current:
                fill = QColor(highlight)
                fill.setAlpha(55)
                painter.fillRect(
                    QRectF(g.column.left(), g.body.top() - PAD, width, base - g.body.top() + PAD),
                    fill,
                )

        stairs_line = QColor(text_colour)
        stairs_line.setAlpha(210)
        painter.setPen(QPen(stairs_line, 2.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        # The risers between the steps, as on the sheet.
        painter.setPen(QPen(stairs_line, 1.0))
        for g in geometry[1:]:
            painter.drawLine(
                QPointF(g.column.left(), g.body.top() - PAD), QPointF(g.column.left(), base)
            )

        for g in geometry:
            step = g.step
            current = step.id == self._current
            if current:
                painter.setPen(QPen(highlight, 4.0))
                tread = g.body.top() - PAD
                painter.drawLine(QPointF(g.column.left(), tread), QPointF(g.column.right(), tread))
            # The sub-goal on top of the step.
            text_rect = QRectF(g.text)
            if step.id in self._hinted:
                mark_width = QFontMetricsF(bold).horizontalAdvance(HINT_MARK) + PAD
                painter.setPen(palette.color(QPalette.ColorRole.Link))
                painter.setFont(bold)
                painter.drawText(
                    QRectF(text_rect.right() - mark_width, text_rect.top(), mark_width, 40),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                    HINT_MARK,
                )
                text_rect.setRight(text_rect.right() - mark_width)
            if step.text.strip():
                painter.setPen(text_colour)
                lines = fit_lines(step.text, bold, text_rect.width(), text_rect.height())
                # Written just above the tread, as on the sheet.
                used = len(lines) * QFontMetricsF(bold).lineSpacing()
                text_rect.setTop(max(text_rect.top(), text_rect.bottom() - used))
                draw_lines(painter, text_rect, lines, bold)
            else:
                painter.setPen(muted)
                italic = QFont(base_font)
                italic.setItalic(True)
                placeholder = self.tr("(skriv delmålet)")
                lines = fit_lines(placeholder, italic, text_rect.width(), text_rect.height())
                text_rect.setTop(text_rect.bottom() - QFontMetricsF(italic).lineSpacing())
                draw_lines(painter, text_rect, lines, italic)
            # The signs under it.
            if step.signs.strip():
                painter.setPen(text_colour)
                draw_lines(
                    painter,
                    g.body,
                    fit_lines(step.signs, small, g.body.width(), g.body.height()),
                    small,
                )
            else:
                painter.setPen(muted)
                italic = QFont(small)
                italic.setItalic(True)
                draw_lines(
                    painter,
                    g.body,
                    fit_lines(self.tr("(tegn?)"), italic, g.body.width(), g.body.height()),
                    italic,
                )
            # UDGANGSPUNKTET / DELMÅL / MÅLET under the stairs.
            painter.setPen(text_colour)
            label = step_label(g.level, count)
            metrics = QFontMetricsF(label_font)
            painter.setFont(label_font)
            painter.drawText(
                QPointF(g.label.left(), g.label.top() + metrics.ascent()),
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, g.label.width()),
            )
            if current and self.hasFocus():
                pen = QPen(text_colour, 1.0, Qt.PenStyle.DashLine)
                painter.setPen(pen)
                top = g.body.top() - PAD - rise + 2
                painter.drawRect(QRectF(g.column.left() + 2, top, width - 4, base - 2 - top))
        painter.end()

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

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            step_id = self._step_at(event.pos().x())
            level = self._level_of(step_id)
            if level is None:
                # Between or above the steps: the guide's instruction.
                QToolTip.showText(
                    event.globalPos(), plain_tooltip("\n".join(self._instructions)), self
                )
                return True
            step = self._steps[level - 1]
            parts = [
                f"{step_label(level, len(self._steps))}",
                step.text or self.tr("(intet delmål)"),
            ]
            if step.signs:
                parts.append(self.tr("Tegn: {signs}").format(signs=step.signs))
            if step.action:
                parts.append(self.tr("Handling: {action}").format(action=step.action))
            QToolTip.showText(event.globalPos(), plain_tooltip("\n".join(parts)), self)
            return True
        return super().event(event)
