"""A post-it's text: wrapped at one readable size, never shrunk; a note grows when written
on (up to a cap) and past that its text ends in '…' (the full text is in the tooltip and
the board's status line).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QTextLayout, QTextOption

from forandring_desktop.model import DoorNote
from forandring_desktop.model.board import lane_of_note
from forandring_desktop.model.door import BOARD_LIMIT
from forandring_desktop.ui.board.style import (
    GROWN_NOTE_HEIGHT,
    NOTE_HEADER,
    NOTE_PAD,
    NOTE_TEXT_PX,
    font,
)

ELLIPSIS = "…"


def wrap_text(text: str, text_font: QFont, width: float) -> tuple[QTextLayout, float]:
    """``text`` wrapped to ``width``; returns the layout and the height it takes."""
    layout = QTextLayout(text.replace("\n", "\u2028"), text_font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.setCacheEnabled(True)
    y = 0.0
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, y))
        y += line.height()
    layout.endLayout()
    return layout, y


def fit_text(text: str, width: float, height: float, pixel_size: float) -> tuple[QTextLayout, bool]:
    """The text laid out in the box at ``pixel_size`` (never smaller: it must stay readable),
    cut off with '…' when it does not fit; returns the layout and whether it was cut."""
    text_font = font(pixel_size)
    layout, used = wrap_text(text, text_font, width)
    if used <= height:
        return layout, False
    best, _used = wrap_text(ELLIPSIS, text_font, width)
    low, high = 0, len(text)
    while low < high:  # the longest start of the text that fits with '…' after it
        middle = (low + high + 1) // 2
        candidate, used = wrap_text(text[:middle].rstrip() + ELLIPSIS, text_font, width)
        if used <= height:
            low, best = middle, candidate
        else:
            high = middle - 1
    return best, True


def grown_height(text: str, width: float, height: float) -> float:
    """The height a note of ``width`` × ``height`` takes to show ``text`` whole at the normal
    size: taller when needed, up to GROWN_NOTE_HEIGHT; never lower than it is."""
    text_width = max(10.0, width - 2 * NOTE_PAD)
    _layout, used = wrap_text(text, font(NOTE_TEXT_PX), text_width)
    needed = math.ceil(NOTE_HEADER + used + NOTE_PAD / 2 + 2)
    return max(height, min(float(needed), max(height, GROWN_NOTE_HEIGHT)))


def grown(note: DoorNote) -> DoorNote:
    """``note`` grown to show its text whole (see grown_height), or as it is."""
    height = grown_height(note.text, note.width, note.height)
    return note if height == note.height else note.changed(height=height)


def grown_in_lane(notes: Iterable[DoorNote], note: DoorNote) -> list[DoorNote]:
    """``note`` grown (see grown), and the notes below it in its lane moved down as far as it
    grew, so the taller note covers none of them; all as one gesture's changes."""
    tall = grown(note)
    growth = tall.height - note.height
    if growth <= 0:
        return [tall]
    here = lane_of_note(note)
    changed = [tall]
    for other in notes:
        if (
            other.id != note.id
            and not other.is_deleted
            and other.y >= note.y + note.height - 1
            and other.y + other.height + growth <= BOARD_LIMIT
            and lane_of_note(other) == here
        ):
            changed.append(other.changed(y=other.y + growth))
    return changed
