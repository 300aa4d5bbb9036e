"""Text on the staircase: wrapped into a box, cut with '…' only when even that does not fit,
and the fonts at a readable size that follows the staircase's zoom."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QFontInfo, QFontMetricsF, QPainter, QTextLayout, QTextOption

from forandring_desktop.model import LadderStep

MARGIN = 10.0
PAD = 6.0
HINT_MARK = "ℹ"  # U+2139: in DejaVu Sans (bundled); U+24D8 ⓘ is in few fonts
READABLE_PX = 13  # the steps' text at 100 % zoom, at least (pixels)
SMALL_READABLE_PX = 12  # signs, labels and the instruction: never smaller at 100 %


@dataclass(frozen=True, slots=True)
class StairFonts:
    base: QFont  # placeholders
    bold: QFont  # the change goal and the sub-goals
    small: QFont  # the signs and the instruction
    label: QFont  # "3 · DELMÅL"


def stair_fonts(widget_font: QFont, zoom: float) -> StairFonts:
    """The staircase's fonts at ``zoom``: the widget's own size, but never below the
    readable minimum (a narrow step does not shrink its text: it wraps, then elides)."""
    own = QFontInfo(widget_font).pixelSize()
    base = QFont(widget_font)
    base.setPixelSize(round(max(own, READABLE_PX) * zoom))
    bold = QFont(base)
    bold.setBold(True)
    small = QFont(widget_font)
    small.setPixelSize(round(max(own - 1, SMALL_READABLE_PX) * zoom))
    label = QFont(small)
    label.setBold(True)
    return StairFonts(base, bold, small, label)


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
