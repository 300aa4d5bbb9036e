"""Drawing the staircase (a part of :class:`~forandring_desktop.ui.ladder.staircase.StaircaseView`):
the change goal above, the instruction in the free corner, each step's sub-goal on its
tread, its signs under it and its name under the stairs, all at the zoom's readable size."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)

from forandring_desktop.model import Ladder, LadderStep
from forandring_desktop.ui.ladder.stair_text import (
    HINT_MARK,
    MARGIN,
    PAD,
    StairFonts,
    StepGeometry,
    draw_lines,
    fit_lines,
)
from forandring_desktop.ui.ladder.words import step_label
from forandring_desktop.ui.parts import WidgetPart


class StaircasePainting(WidgetPart):
    """The staircase's drawing: not a widget of its own, a part of the StaircaseView."""

    if TYPE_CHECKING:  # what this part uses of the view it belongs to
        _ladder: Ladder | None
        _steps: list[LadderStep]
        _current: uuid.UUID | None
        _hinted: set[uuid.UUID]
        _goal_label: str

        def _fonts(self) -> StairFonts: ...

        def _frame(self) -> tuple[QRectF, float, float, float]: ...

        def _geometry(self) -> list[StepGeometry]: ...

        def _corner(self) -> tuple[QRectF, list[str]]: ...

        def _goal_height(self) -> float: ...

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        text_colour = palette.color(QPalette.ColorRole.Text)
        muted = QColor(text_colour)
        muted.setAlpha(140)
        fonts = self._fonts()
        base_font, bold, small, label_font = fonts.base, fonts.bold, fonts.small, fonts.label
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
                QCoreApplication.translate(
                    "StaircaseView", "Ingen trin endnu. Tryk Ins for at tilføje det første trin."
                ),
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
                placeholder = QCoreApplication.translate("StaircaseView", "(skriv delmålet)")
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
                    fit_lines(
                        QCoreApplication.translate("StaircaseView", "(tegn?)"),
                        italic,
                        g.body.width(),
                        g.body.height(),
                    ),
                    italic,
                )
            # UDGANGSPUNKTET / DELMÅL / MÅLET under the stairs.
            painter.setPen(text_colour)
            # On two lines before it is cut (the tooltip has it whole).
            label = step_label(g.level, count)
            lines = fit_lines(label, label_font, g.label.width(), g.label.height())
            draw_lines(painter, g.label, lines, label_font)
            if current and self.hasFocus():
                pen = QPen(text_colour, 1.0, Qt.PenStyle.DashLine)
                painter.setPen(pen)
                top = g.body.top() - PAD - rise + 2
                painter.drawRect(QRectF(g.column.left() + 2, top, width - 4, base - 2 - top))
        painter.end()
