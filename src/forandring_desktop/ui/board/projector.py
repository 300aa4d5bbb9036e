"""The board's views and its projector: zoom, fit and help act on the view that has focus;
F11 shows the board full screen with large text in a window of its own, on a second screen
if there is one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from forandring_desktop.ui.board.legend import Legend
from forandring_desktop.ui.board.style import PROJECTOR_TEXT_SCALE
from forandring_desktop.ui.board.view import BoardView
from forandring_desktop.ui.parts import WidgetPart
from forandring_desktop.ui.projection import projector_line, show_on_projector

if TYPE_CHECKING:
    from forandring_desktop.ui.board.scene import BoardScene
    from forandring_desktop.ui.board.widget import BoardWidget


class ProjectorWindow(QWidget):
    """The board full screen with large text, for a workshop's projector (F11, Esc)."""

    def __init__(self, board: BoardWidget) -> None:
        # A window of its own, owned by the board: it goes when the main window goes.
        super().__init__(board, Qt.WindowType.Window)
        self.board = board
        self.setObjectName("board_projector")
        self.setWindowTitle(self.tr("Projektor-visning – Forandring Desktop"))
        self.setAccessibleName(self.tr("Projektor-visning af tavlen"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.view = BoardView(board.scene, board, self)
        self.view.setAccessibleName(self.tr("Post-it-tavle (projektor)"))
        self.view.addActions(board.view_actions())
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(Legend(self, large=True), 1)
        # The instruction line, as large as the legend beside it.
        self.hint = projector_line(self.tr("Esc eller F11: tilbage"))
        bottom.addWidget(self.hint)
        layout.addLayout(bottom)
        self._closing_from_board = False

    def close_from_board(self) -> None:
        self._closing_from_board = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if not self._closing_from_board:
            self.board.projector_action.setChecked(False)


class BoardViews(WidgetPart):
    """The views of one board (its own, and the projector's while it is shown): not a widget
    of its own, a part of :class:`~forandring_desktop.ui.board.widget.BoardWidget`."""

    projector: ProjectorWindow | None

    if TYPE_CHECKING:  # what this part uses of the board it belongs to
        scene: BoardScene
        view: BoardView
        zoom_label: QLabel

    def _views(self) -> list[BoardView]:
        views = [self.view]
        if self.projector is not None:
            views.append(self.projector.view)
        return views

    def _focused_view(self) -> BoardView:
        focus = QApplication.focusWidget()
        for view in self._views():
            if focus is not None and (focus is view or view.isAncestorOf(focus)):
                return view
        return self.projector.view if self.projector is not None else self.view

    def zoom_in(self) -> None:
        self._focused_view().zoom_in()

    def zoom_out(self) -> None:
        self._focused_view().zoom_out()

    def fit_all(self) -> None:
        self._focused_view().fit_all()

    def toggle_help(self) -> None:
        self._focused_view().help.toggle()

    def set_projector(self, on: bool) -> None:
        """Full screen with large text (F11); Esc or F11 again returns."""
        if on and self.projector is None:
            self.scene.finish_editing()
            self.projector = ProjectorWindow(cast("BoardWidget", self))
            self.scene.set_text_scale(PROJECTOR_TEXT_SCALE)
            show_on_projector(self.projector, self)
            self.projector.view.fit_width()
            self.projector.view.setFocus(Qt.FocusReason.OtherFocusReason)
        elif not on and self.projector is not None:
            self.scene.finish_editing()
            projector, self.projector = self.projector, None
            projector.close_from_board()
            projector.deleteLater()
            self.scene.set_text_scale(1.0)
            self.window().activateWindow()
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self._on_zoom(self._focused_view().zoom())

    def _on_zoom(self, zoom: float) -> None:
        self.zoom_label.setText(f"{round(zoom * 100)} %")
