"""Zoom and projector mode for the staircase, as on the board: Ctrl++ / Ctrl+- / Ctrl+0
(and Ctrl+wheel on the staircase itself), and F11 for the staircase full screen with large
text in a window of its own, on a second screen if there is one (Esc or F11 returns).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from forandring_desktop.ui.ladder.staircase import StaircaseView
from forandring_desktop.ui.projection import projector_line, show_on_projector

PROJECTOR_TEXT_SCALE = 1.35  # as the board's "large text"


class StaircaseProjector(QWidget):
    """A copy of the staircase full screen, following the editor's ladder and step."""

    def __init__(self, source: StaircaseView, zoom: StaircaseZoom) -> None:
        super().__init__(source, Qt.WindowType.Window)  # goes when the editor goes
        self.source = source
        self._zoom = zoom
        self._closing_from_editor = False
        self.setObjectName("staircase_projector")
        self.setWindowTitle(self.tr("Projektor-visning – Forandring Desktop"))
        self.setAccessibleName(self.tr("Projektor-visning af måltrappen"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        self.view = StaircaseView(self)
        self.view.setAccessibleName(self.tr("Måltrappe (projektor)"))
        self.view.text_scale = PROJECTOR_TEXT_SCALE
        zoom.add_keys(self.view)
        layout.addWidget(self.view, 1)
        self.hint = projector_line(
            self.tr("Pil op og ned: trin · Ctrl++ / Ctrl+−: zoom · Esc eller F11: tilbage")
        )
        layout.addWidget(self.hint)
        source.shown_changed.connect(self.follow)
        self.view.current_changed.connect(self._moved_here)
        self.follow()

    def follow(self) -> None:
        """Show what the editor's staircase shows."""
        self.view.set_ladder(self.source.ladder(), self.source.hinted())
        self.view.set_current(self.source.current())

    def _moved_here(self, step_id: object) -> None:
        if step_id != self.source.current():
            self.source.set_current(step_id)  # type: ignore[arg-type]
            self.source.current_changed.emit(step_id)  # the editor follows, as for a key

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self._zoom.set_projector(False)
            event.accept()
            return
        super().keyPressEvent(event)

    def close_from_editor(self) -> None:
        self._closing_from_editor = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if not self._closing_from_editor:
            self._zoom.projector_action.setChecked(False)


class StaircaseZoom(QObject):
    """The zoom and projector actions of one staircase, and the projector while shown."""

    def __init__(self, staircase: StaircaseView) -> None:
        super().__init__(staircase)
        self.staircase = staircase
        self.projector: StaircaseProjector | None = None
        self.zoom_in_action = self._action(
            self.tr("Zoom ind"),
            self.zoom_in,
            QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn),
        )
        self.zoom_out_action = self._action(
            self.tr("Zoom ud"),
            self.zoom_out,
            QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomOut),
        )
        self.fit_action = self._action(self.tr("Tilpas"), self.fit, [QKeySequence("Ctrl+0")])
        self.fit_action.setToolTip(self.tr("Tilpas måltrappen til vinduet (Ctrl+0)"))
        self.projector_action = self._action(
            self.tr("Projektor-visning"), None, [QKeySequence(Qt.Key.Key_F11)]
        )
        self.projector_action.setCheckable(True)
        self.projector_action.setToolTip(
            self.tr("Måltrappen i fuld skærm med stor tekst (F11; Esc afslutter)")
        )
        self.projector_action.toggled.connect(self.set_projector)
        self.add_keys(staircase)
        self.zoom_label = QLabel()
        self.zoom_label.setAccessibleName(self.tr("Zoom"))
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        staircase.zoom_changed.connect(self._show_zoom)
        self._show_zoom(staircase.zoom())

    def _action(self, text: str, slot: object, keys: list[QKeySequence]) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(keys)
        # Only while a staircase has focus: the board and the story cards have F11 too.
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        if callable(slot):
            action.triggered.connect(slot)
        return action

    def actions(self) -> list[QAction]:
        return [self.zoom_out_action, self.zoom_in_action, self.fit_action, self.projector_action]

    def add_keys(self, view: StaircaseView) -> None:
        view.addActions(self.actions())

    def bar(self, parent: QWidget) -> QHBoxLayout:
        """Buttons for the actions, with the zoom between zoom out and zoom in."""
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for action in self.actions():
            button = QToolButton(parent)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            row.addWidget(button)
            if action is self.zoom_out_action:
                self.zoom_label.setParent(parent)
                row.addWidget(self.zoom_label)
        row.addStretch(1)
        return row

    def _view(self) -> StaircaseView:
        """The staircase the keys act on: the projector's while it is shown."""
        return self.projector.view if self.projector is not None else self.staircase

    def zoom_in(self) -> None:
        self._view().zoom_in()

    def zoom_out(self) -> None:
        self._view().zoom_out()

    def fit(self) -> None:
        self._view().set_zoom(None)

    def _show_zoom(self, zoom: float) -> None:
        self.zoom_label.setText(f"{round(zoom * 100)} %")

    def set_projector(self, on: bool) -> None:
        """Full screen with large text (F11); Esc or F11 again returns."""
        if on and self.projector is None:
            self.projector = StaircaseProjector(self.staircase, self)
            show_on_projector(self.projector, self.staircase)
            self.projector.view.setFocus(Qt.FocusReason.OtherFocusReason)
        elif not on and self.projector is not None:
            projector, self.projector = self.projector, None
            self.staircase.shown_changed.disconnect(projector.follow)
            projector.close_from_editor()
            projector.deleteLater()
            self.staircase.window().activateWindow()
            self.staircase.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.projector_action.isChecked() != on:
            self.projector_action.setChecked(on)
