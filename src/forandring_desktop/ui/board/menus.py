"""The board's actions (each with its keys, in the views and on the toolbar), its toolbar and
its context menus (on a note, on a selection, on the empty board; Shift+F10 from the keyboard).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QActionGroup, QContextMenuEvent, QIcon, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QToolBar, QToolButton

from forandring_desktop.model import COLOUR_MEANING, Colour
from forandring_desktop.ui.board.style import shape_icon
from forandring_desktop.ui.board.view import BoardView
from forandring_desktop.ui.parts import WidgetPart
from forandring_desktop.ui.widgets import COLOUR_ORDER, colour_word

if TYPE_CHECKING:
    from forandring_desktop.ui.board.scene import BoardScene

COLOUR_KEYS: dict[Colour, str] = {
    Colour.GREEN: "1",
    Colour.YELLOW: "2",
    Colour.RED: "3",
    Colour.UNSORTED: "0",
}


class BoardMenus(WidgetPart):
    """The actions and menus of one board: not a widget of its own, a part of
    :class:`~forandring_desktop.ui.board.widget.BoardWidget` (its texts keep that context)."""

    if TYPE_CHECKING:  # what this part uses of the board it belongs to
        scene: BoardScene

        def _show_status(self) -> None: ...

        def _focused_view(self) -> BoardView: ...

        def new_note(self) -> None: ...

        def create_at(self, x: float, y: float) -> None: ...

        def edit_current(self) -> None: ...

        def set_colour(self, colour: Colour) -> None: ...

        def move_to_other_side(self) -> None: ...

        def start_pairing(self) -> None: ...

        def unpair(self) -> None: ...

        def make_ladder(self) -> None: ...

        def delete_selected(self) -> None: ...

        def zoom_in(self) -> None: ...

        def zoom_out(self) -> None: ...

        def fit_all(self) -> None: ...

        def toggle_help(self) -> None: ...

        def set_projector(self, on: bool) -> None: ...

    # --- Actions ------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        keys: Sequence[QKeySequence | QKeySequence.StandardKey | str] = (),
        icon: QIcon | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if icon is not None:
            action.setIcon(icon)
        sequences = [k if isinstance(k, QKeySequence) else QKeySequence(k) for k in keys]
        sequences = [s for s in sequences if not s.isEmpty()]
        if sequences:
            action.setShortcuts(sequences)
            # Plain keys (N, 1, Delete) act on the board only, never while typing elsewhere.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shown = sequences[0].toString(QKeySequence.SequenceFormat.NativeText) if sequences else ""
        action.setToolTip(f"{tip or text.replace('&', '')} ({shown})" if shown else tip or text)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _create_actions(self) -> None:
        self.new_action = self._action(
            QCoreApplication.translate("BoardWidget", "Ny seddel"),
            self.new_note,
            ["N", "Ins"],
            tip=QCoreApplication.translate("BoardWidget", "Ny seddel i samme bane som den valgte"),
        )
        self.edit_action = self._action(
            QCoreApplication.translate("BoardWidget", "Skriv"), self.edit_current, ["F2"]
        )
        self.edit_action.setToolTip(
            QCoreApplication.translate("BoardWidget", "Skriv på den valgte seddel (Enter eller F2)")
        )
        self.colour_actions: dict[Colour, QAction] = {}
        # The colour the chosen notes have is shown checked, not by changing the texts
        # ("Gul (nu)"): a text that changes makes every toolbar button after it jump.
        self.colour_group = QActionGroup(self)
        self.colour_group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        for colour in COLOUR_ORDER:
            self.colour_actions[colour] = self._action(
                colour_word(colour),
                partial(self.set_colour, colour),
                [COLOUR_KEYS[colour]],
                icon=shape_icon(colour),
                tip=QCoreApplication.translate(
                    "BoardWidget", "Sortér som {colour}: {meaning}"
                ).format(colour=colour_word(colour), meaning=COLOUR_MEANING[colour]),
            )
            self.colour_actions[colour].setCheckable(True)
            self.colour_group.addAction(self.colour_actions[colour])
        self.other_side_action = self._action(
            QCoreApplication.translate("BoardWidget", "Anden side"),
            self.move_to_other_side,
            ["S"],
            tip=QCoreApplication.translate("BoardWidget", "Flyt til den anden side af døren"),
        )
        self.pair_action = self._action(
            QCoreApplication.translate("BoardWidget", "Par med …"),
            self.start_pairing,
            ["P"],
            tip=QCoreApplication.translate(
                "BoardWidget", "Par en seddel ind ad døren med en seddel ud af døren"
            ),
        )
        self.unpair_action = self._action(
            QCoreApplication.translate("BoardWidget", "Fjern parret"), self.unpair, ["U"]
        )
        self.ladder_action = self._action(
            QCoreApplication.translate("BoardWidget", "Lav måltrappe af parret"),
            self.make_ladder,
            ["M"],
            tip=QCoreApplication.translate(
                "BoardWidget",
                "En måltrappe fra parret: sedlen ind ad døren bliver udgangspunktet, "
                "sedlen ud af døren målet",
            ),
        )
        self.delete_action = self._action(
            QCoreApplication.translate("BoardWidget", "Slet"),
            self.delete_selected,
            [QKeySequence.StandardKey.Delete, "Backspace"],
        )
        self.select_all_action = self._action(
            QCoreApplication.translate("BoardWidget", "Markér alle"),
            self.scene.select_all,
            [QKeySequence.StandardKey.SelectAll],
        )
        self.zoom_in_action = self._action(
            QCoreApplication.translate("BoardWidget", "Zoom ind"),
            self.zoom_in,
            [QKeySequence.StandardKey.ZoomIn],
        )
        self.zoom_out_action = self._action(
            QCoreApplication.translate("BoardWidget", "Zoom ud"),
            self.zoom_out,
            [QKeySequence.StandardKey.ZoomOut],
        )
        self.fit_action = self._action(
            QCoreApplication.translate("BoardWidget", "Tilpas"), self.fit_all, ["Ctrl+0"]
        )
        self.fit_action.setToolTip(
            QCoreApplication.translate("BoardWidget", "Vis alle sedler i vinduet (Ctrl+0)")
        )
        self.projector_action = self._action(
            QCoreApplication.translate("BoardWidget", "Projektor"),
            lambda: None,
            ["F11"],
            tip=QCoreApplication.translate(
                "BoardWidget", "Fuld skærm med stor tekst til projektoren"
            ),
        )
        self.projector_action.setCheckable(True)
        self.projector_action.toggled.connect(self.set_projector)
        self.help_action = self._action(
            QCoreApplication.translate("BoardWidget", "Genveje"),
            self.toggle_help,
            # No F1 here: F1 opens the user guide at the board's section (main window);
            # "?" on the board (keys.py) toggles this list.
            tip=QCoreApplication.translate("BoardWidget", "Vis tastaturgenvejene (?)"),
        )
        self.context_menu_action = self._action(
            QCoreApplication.translate("BoardWidget", "Menu for sedlen"),
            self.context_menu_for_current,
            ["Shift+F10"],
        )

    def _create_toolbar(self) -> None:
        """The toolbar: the main actions, and the zoom between zoom out and zoom in."""
        self.toolbar = QToolBar(self)
        self.toolbar.setAccessibleName(
            QCoreApplication.translate("BoardWidget", "Værktøjer til tavlen")
        )
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addAction(self.new_action)
        self.toolbar.addSeparator()
        for action in self.colour_actions.values():
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.pair_action)
        # What has a key of its own or is used now and then waits behind one menu button,
        # so the bar fits a 1280 px screen beside the sheet list (F1 in sight); every
        # action keeps its key and tooltip.
        self.more_menu = QMenu(self)
        self.more_menu.addActions([self.edit_action, self.other_side_action])
        self.more_menu.addSeparator()
        self.more_menu.addActions([self.ladder_action, self.unpair_action])
        self.more_menu.addSeparator()
        self.more_menu.addActions([self.select_all_action, self.delete_action])
        self.more_button = QToolButton(self)
        self.more_button.setText(QCoreApplication.translate("BoardWidget", "Mere"))
        self.more_button.setToolTip(
            QCoreApplication.translate(
                "BoardWidget",
                "Flere handlinger: skriv, anden side, måltrappe af parret, fjern parret, slet …",
            )
        )
        self.more_button.setMenu(self.more_menu)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.toolbar.addWidget(self.more_button)
        self.toolbar.addSeparator()
        # Short labels on the bar; the menus and tooltips keep the full words.
        self.zoom_out_action.setIconText("−")
        self.zoom_in_action.setIconText("+")
        self.toolbar.addAction(self.zoom_out_action)
        self.zoom_label = QLabel("100 %", self)
        self.zoom_label.setAccessibleName(QCoreApplication.translate("BoardWidget", "Zoom"))
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.toolbar.addWidget(self.zoom_label)
        self.toolbar.addAction(self.zoom_in_action)
        self.toolbar.addAction(self.fit_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.projector_action)
        self.toolbar.addAction(self.help_action)
        for action in self.toolbar.actions():
            button = self.toolbar.widgetForAction(action)
            if isinstance(button, QToolButton) and button is not self.more_button:
                button.setAccessibleName(action.text().replace("&", ""))
        self.more_button.setAccessibleName(self.more_button.text())

    def view_actions(self) -> list[QAction]:
        """The actions whose keys work while a board view has focus."""
        return [
            self.new_action,
            self.edit_action,
            *self.colour_actions.values(),
            self.other_side_action,
            self.pair_action,
            self.unpair_action,
            self.ladder_action,
            self.delete_action,
            self.select_all_action,
            self.zoom_in_action,
            self.zoom_out_action,
            self.fit_action,
            self.projector_action,
            self.help_action,
            self.context_menu_action,
        ]

    def _update_actions(self) -> None:
        loaded = self.scene.sheet is not None and not self.scene.editing
        ids = self.scene.gesture_ids() if loaded else []
        any_notes = bool(ids)
        self.new_action.setEnabled(loaded)
        self.edit_action.setEnabled(loaded and self.scene.current_item() is not None)
        for action in self.colour_actions.values():
            action.setEnabled(any_notes)
        self._show_current_colour(ids)
        self.other_side_action.setEnabled(any_notes)
        self.delete_action.setEnabled(any_notes)
        self.select_all_action.setEnabled(loaded and bool(self.scene.note_items))
        sides = {self.scene.note_items[i].note.side for i in ids}
        self.pair_action.setEnabled(len(ids) == 1 or (len(ids) == 2 and len(sides) == 2))
        self.unpair_action.setEnabled(any(self.scene.partner_of(i) is not None for i in ids))
        self.ladder_action.setEnabled(len(ids) == 1 and self.scene.partner_of(ids[0]) is not None)
        self._show_status()

    def _show_current_colour(self, ids: Sequence[uuid.UUID]) -> None:
        """Check the colour the notes acted on share (none when they differ or there are
        none)."""
        colours = {self.scene.note_items[i].note.colour for i in ids if i in self.scene.note_items}
        shared = next(iter(colours)) if len(colours) == 1 else None
        for colour, action in self.colour_actions.items():
            action.setChecked(colour is shared)

    # --- Context menus -------------------------------------------------------------------------

    def show_context_menu(self, view: BoardView, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            self.context_menu_for_current(view)
            return
        scene_pos = view.mapToScene(event.pos())
        item = self.scene.note_at(scene_pos)
        menu = self.build_context_menu(item.note_id if item is not None else None, scene_pos)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def context_menu_for_current(self, view: BoardView | None = None) -> None:
        view = view if view is not None else self._focused_view()
        current = self.scene.current_item()
        if current is not None:
            centre = current.scene_rect().center()
            where = view.viewport().mapToGlobal(view.mapFromScene(centre))
            menu = self.build_context_menu(current.note_id, centre)
        else:
            where = view.viewport().mapToGlobal(QPoint(40, 40))
            menu = self.build_context_menu(None, view.mapToScene(QPoint(40, 40)))
        menu.exec(where)
        menu.deleteLater()

    def build_context_menu(self, note_id: uuid.UUID | None, scene_pos: QPointF) -> QMenu:
        """The menu for a right-click on a note (acting on it, or on the selection it is
        part of) or on the empty board."""
        menu = QMenu(self)
        menu.setAccessibleName(QCoreApplication.translate("BoardWidget", "Menu for tavlen"))
        if note_id is not None and note_id in self.scene.note_items:
            item = self.scene.note_items[note_id]
            self.scene.set_current(note_id, select="keep" if item.isSelected() else "only")
            self._update_actions()
            menu.addAction(self.edit_action)
            menu.addSeparator()
            for action in self.colour_actions.values():
                menu.addAction(action)
            menu.addSeparator()
            menu.addAction(self.other_side_action)
            menu.addAction(self.pair_action)
            menu.addAction(self.unpair_action)
            menu.addAction(self.ladder_action)
            menu.addSeparator()
            menu.addAction(self.delete_action)
        else:
            here = QAction(QCoreApplication.translate("BoardWidget", "Ny seddel her"), menu)
            here.triggered.connect(lambda: self.create_at(scene_pos.x(), scene_pos.y()))
            here.setEnabled(self.scene.sheet is not None)
            menu.addAction(here)
            menu.addSeparator()
            menu.addAction(self.select_all_action)
            menu.addAction(self.fit_action)
            menu.addAction(self.zoom_in_action)
            menu.addAction(self.zoom_out_action)
        return menu
