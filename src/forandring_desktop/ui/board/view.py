"""The view on the board: zoom, fit, panning, and handing keys and menus to the board."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsView,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model.board import BOARD_WIDTH, lane_at
from forandring_desktop.ui.board.scene import SIDE_MARGIN, BoardScene

MIN_ZOOM = 0.05
MAX_ZOOM = 4.0
ZOOM_STEP = 1.2
DEFAULT_MIN_ZOOM = 0.8  # how far a sheet opens zoomed out: 15 px text is 12 px on screen
DEFAULT_MAX_ZOOM = 1.5


def used_span(board: BoardScene) -> tuple[float, float]:
    """From the left of the leftmost lane holding a note to the right of the rightmost (with
    a margin); the whole board when it is empty."""
    items = list(board.note_items.values())
    if not items:
        return -SIDE_MARGIN, BOARD_WIDTH + SIDE_MARGIN
    lanes = {lane_at(item.x() + item.w / 2) for item in items}
    left = min(min(lane.left for lane in lanes), min(item.x() for item in items))
    right = max(max(lane.right for lane in lanes), max(item.x() + item.w for item in items))
    return left - SIDE_MARGIN / 2, right + SIDE_MARGIN / 2


class KeyHandler(Protocol):
    def handle_key(self, view: BoardView, event: QKeyEvent) -> bool: ...

    def handle_tab(self, view: BoardView, forward: bool) -> bool: ...

    def show_context_menu(self, view: BoardView, event: QContextMenuEvent) -> None: ...

    def view_focused(self, view: BoardView, reason: Qt.FocusReason) -> None: ...


class BoardView(QGraphicsView):
    zoom_changed = Signal(float)

    def __init__(self, scene: BoardScene, keys: KeyHandler, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.board = scene
        self._keys = keys
        self._pan_from: QPoint | None = None
        self.auto_fit = True  # keep the sheet's width in the window until someone zooms
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        # The lanes and headings are drawn once per zoom and scrolled as a picture.
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.help = ShortcutHelp(self)
        self.help.hide()

    # --- Zoom ---------------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, scale: float, *, under_mouse: bool = False) -> None:
        scale = max(MIN_ZOOM, min(MAX_ZOOM, scale))
        self.auto_fit = False
        factor = scale / self.zoom()
        if abs(factor - 1.0) < 1e-6:
            return
        anchor = self.transformationAnchor()
        if not under_mouse:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.scale(factor, factor)
        self.setTransformationAnchor(anchor)
        self.zoom_changed.emit(self.zoom())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def fit_all(self) -> None:
        """Every note and the headings in the window."""
        self.fitInView(self.board.content_rect(), Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > MAX_ZOOM or self.zoom() < MIN_ZOOM:
            self.set_zoom(self.zoom())
        self.zoom_changed.emit(self.zoom())

    def fit_width(self, *, to_top: bool = True) -> None:
        """The lanes in use across the window (how a sheet opens), from the top: the empty
        lanes at the sides may lie outside it, and the zoom stays between DEFAULT_MIN_ZOOM
        (the notes' text still readable) and DEFAULT_MAX_ZOOM."""
        left, right = used_span(self.board)
        width = max(100, self.viewport().width() - 8)
        scale = max(DEFAULT_MIN_ZOOM, min(DEFAULT_MAX_ZOOM, width / (right - left)))
        middle = self.mapToScene(self.viewport().rect().center()).y()
        self.auto_fit = True
        self.resetTransform()
        self.scale(scale, scale)
        if to_top:
            self.centerOn((left + right) / 2, 0)
            self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())
        else:
            self.centerOn((left + right) / 2, middle)
        self.zoom_changed.emit(self.zoom())

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom() * (1.15**steps), under_mouse=True)
            event.accept()
            return
        super().wheelEvent(event)

    # --- Keys, focus and menus ----------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            plain = not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            )
            if plain and key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not self.board.editing:
                forward = key == Qt.Key.Key_Tab and not (
                    event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                )
                if not self._keys.handle_tab(self, forward):
                    QWidget.focusNextPrevChild(self, forward)  # leave the board
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._keys.handle_key(self, event):
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._keys.view_focused(self, event.reason())

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.board.editing:
            super().contextMenuEvent(event)  # the text editor's own menu
            return
        self._keys.show_context_menu(self, event)

    # --- Panning with the middle mouse button ---------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            here = event.position().toPoint()
            delta = here - self._pan_from
            self._pan_from = here
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None and event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.auto_fit and event.size().width() != event.oldSize().width():
            self.fit_width(to_top=False)
        self.help.place()


class ShortcutHelp(QFrame):
    """The board's keys, over the top-right corner of the board (?)."""

    def __init__(self, view: BoardView) -> None:
        super().__init__(view)
        self.setObjectName("board_shortcut_help")
        self.setAccessibleName(self.tr("Tastaturgenveje for tavlen"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "#board_shortcut_help { background: #fdfdfd; border: 2px solid #1351b4;"
            " border-radius: 6px; }"
        )
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Tastaturgenveje"), self)
        title_font = title.font()
        title_font.setBold(True)
        title.setFont(title_font)
        layout.addWidget(title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        rows = [
            (self.tr("Tab / Skift+Tab, piletaster"), self.tr("Gå til næste seddel")),
            (self.tr("Skift+piletast, Mellemrum"), self.tr("Markér flere sedler")),
            (self.tr("N eller Insert"), self.tr("Ny seddel (i samme bane)")),
            (self.tr("Enter eller F2"), self.tr("Skriv på sedlen")),
            (self.tr("Enter / Skift+Enter / Esc"), self.tr("Gem teksten / ny linje / fortryd")),
            (self.tr("1 / 2 / 3 / 0"), self.tr("Grøn / Gul / Rød / Usorteret")),
            (self.tr("S"), self.tr("Flyt til den anden side af døren")),
            (self.tr("Ctrl+piletast"), self.tr("Flyt en bane til siden / en række op eller ned")),
            (self.tr("Alt+piletast"), self.tr("Skub sedlen lidt")),
            (self.tr("Alt+Skift+piletast"), self.tr("Gør sedlen større eller mindre")),
            (self.tr("P, så piletast og Enter"), self.tr("Par med en seddel på den anden side")),
            (self.tr("U"), self.tr("Fjern parret")),
            (self.tr("Delete"), self.tr("Slet de markerede sedler")),
            (self.tr("Ctrl+A / Esc"), self.tr("Markér alle / fjern markeringen")),
            (self.tr("+ / − / Ctrl+hjul"), self.tr("Zoom")),
            (self.tr("Ctrl+0"), self.tr("Tilpas til vinduet")),
            (self.tr("F11"), self.tr("Projektor-visning (Esc afslutter)")),
            (self.tr("Ctrl+Z / Ctrl+Skift+Z"), self.tr("Fortryd / gentag")),
            (self.tr("?"), self.tr("Vis eller skjul denne hjælp")),
            (self.tr("F1"), self.tr("Vejledningen om tavlen")),
            (self.tr("Dobbeltklik"), self.tr("Ny seddel på tavlen / skriv på en seddel")),
            (self.tr("Træk"), self.tr("Flyt sedler (slip i en farvebane for at sortere)")),
            (self.tr("Træk på tom tavle"), self.tr("Markér flere sedler med en ramme")),
            (self.tr("Træk i hjørnet"), self.tr("Gør den markerede seddel større eller mindre")),
            (self.tr("Højreklik, Menu-tast"), self.tr("Menu for sedlen")),
            (self.tr("Midterste museknap"), self.tr("Flyt udsnittet")),
        ]
        for row, (keys, meaning) in enumerate(rows):
            key_label = QLabel(keys, self)
            key_font = key_label.font()
            key_font.setBold(True)
            key_label.setFont(key_font)
            grid.addWidget(key_label, row, 0)
            grid.addWidget(QLabel(meaning, self), row, 1)
        layout.addLayout(grid)
        self.rows = rows

    def place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        self.adjustSize()
        self.move(max(0, parent.width() - self.width() - 24), 12)

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
        else:
            self.place()
            self.show()
            self.raise_()
