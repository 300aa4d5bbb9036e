"""What the board's and the staircase's projector modes share: the screen to show on (a
second screen when there is one), and the instruction line at a size a room can read."""

from __future__ import annotations

from PySide6.QtGui import QFont, QGuiApplication, QScreen
from PySide6.QtWidgets import QLabel, QWidget

from forandring_desktop.ui.widgets import text_label

PROJECTOR_LINE_SCALE = 1.6  # the instruction line on a projector, against the normal text


def projector_screen(window: QWidget) -> QScreen | None:
    """With a second screen (a projector beside the laptop), that one; else this one."""
    here = window.screen()
    others = [s for s in QGuiApplication.screens() if s is not here]
    return others[0] if others else here


def show_on_projector(projector: QWidget, beside: QWidget) -> None:
    """Show ``projector`` full screen on the projector's screen (see projector_screen)."""
    screen = projector_screen(beside.window())
    if screen is not None:
        projector.setScreen(screen)
        projector.setGeometry(screen.geometry())
    projector.showFullScreen()
    projector.activateWindow()


def projector_line(text: str) -> QLabel:
    """A line of instruction, large enough to read on the wall."""
    label = text_label(text, selectable=False)
    label.setAccessibleName(text)
    big = QFont(label.font())
    if big.pointSizeF() > 0:
        big.setPointSizeF(big.pointSizeF() * PROJECTOR_LINE_SCALE)
    else:
        big.setPixelSize(round(big.pixelSize() * PROJECTOR_LINE_SCALE))
    label.setFont(big)
    return label
