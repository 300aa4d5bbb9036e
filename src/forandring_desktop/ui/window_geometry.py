"""Where the main window opens: on a first start centred on the screen at about 85 % of
it (at least 1200×800 where the screen has room); later where it was, but moved back onto
a screen that is still there (a second monitor unplugged, a smaller laptop screen)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QSize

SHARE = 0.85
MIN_SIZE = QSize(1200, 800)


def first_geometry(available: QRect) -> QRect:
    """The window's rectangle on a first start, within ``available`` (a screen's free area)."""
    width = max(int(available.width() * SHARE), MIN_SIZE.width())
    height = max(int(available.height() * SHARE), MIN_SIZE.height())
    size = QSize(min(width, available.width()), min(height, available.height()))
    rect = QRect(available.topLeft(), size)
    rect.moveCenter(available.center())
    return rect


def onto_screens(frame: QRect, screens: Sequence[QRect]) -> QRect:
    """``frame`` as it is when it lies mostly on one of ``screens``; otherwise shrunk to fit
    and moved onto the screen it overlaps most (the first screen when it overlaps none)."""
    if not screens:
        return frame

    def overlap(screen: QRect) -> int:
        common = frame.intersected(screen)
        return common.width() * common.height() if not common.isEmpty() else 0

    best = max(screens, key=overlap)
    if overlap(best) == 0:
        best = screens[0]
    if best.contains(frame):
        return frame
    size = QSize(min(frame.width(), best.width()), min(frame.height(), best.height()))
    rect = QRect(frame.topLeft(), size)
    rect.moveLeft(min(max(rect.left(), best.left()), best.right() - size.width() + 1))
    rect.moveTop(min(max(rect.top(), best.top()), best.bottom() - size.height() + 1))
    return rect
