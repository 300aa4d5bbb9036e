"""The post-it board for one door sheet: the view, its toolbar and legend, and every
gesture turned into one undo command that saves at once.

Mouse and keyboard reach the same gestures: each is a method here, computing the changed
notes with a pure function from ``model.board`` and pushing a :class:`NotesCommand`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Sequence
from functools import partial, wraps

from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QContextMenuEvent,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QScreen,
)
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import (
    COLOUR_MEANING,
    Colour,
    DoorNote,
    DoorSheet,
    ForandringError,
    Side,
    utcnow,
)
from forandring_desktop.model import board as rules
from forandring_desktop.model.board import (
    BOARD_WIDTH,
    LANES,
    NOTE_HEIGHT,
    ROW,
    TOP,
    Lane,
    lane,
    lane_at,
)
from forandring_desktop.model.door import BOARD_LIMIT
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.services.door import get_door_sheet
from forandring_desktop.ui.board.commands import BoardGesture, notes_edit
from forandring_desktop.ui.board.items import clamp
from forandring_desktop.ui.board.scene import LANE_INDEX, BoardScene, Direction
from forandring_desktop.ui.board.style import (
    MAX_NOTE_HEIGHT,
    MAX_NOTE_WIDTH,
    MIN_NOTE_HEIGHT,
    MIN_NOTE_WIDTH,
    PROJECTOR_TEXT_SCALE,
    shape_icon,
)
from forandring_desktop.ui.board.view import BoardView
from forandring_desktop.ui.dialogs import short_error_text
from forandring_desktop.ui.operations import push
from forandring_desktop.ui.widgets import COLOUR_ORDER, ErrorLabel, colour_word, text_label
from forandring_desktop.ui.workspace import Workspace

NUDGE = 10.0  # Alt+arrow
RESIZE_STEP = 10.0  # Alt+Shift+arrow
COLOUR_KEYS: dict[Colour, str] = {
    Colour.GREEN: "1",
    Colour.YELLOW: "2",
    Colour.RED: "3",
    Colour.UNSORTED: "0",
}
ARROWS: dict[int, Direction] = {
    Qt.Key.Key_Left: "left",
    Qt.Key.Key_Right: "right",
    Qt.Key.Key_Up: "up",
    Qt.Key.Key_Down: "down",
}
PLACEHOLDER = "…"  # the text of a draft post-it until something is written on it


def _refusing(method: Callable[..., None]) -> Callable[..., None]:
    """A gesture the model refuses (its rules say no) shows why, instead of raising."""

    @wraps(method)
    def gesture(self: BoardWidget, *args: object, **kwargs: object) -> None:
        try:
            method(self, *args, **kwargs)
        except ForandringError as exc:
            self._refused(exc)

    return gesture


class Legend(QWidget):
    """The guide's meaning of each colour, with its shape and word."""

    def __init__(self, parent: QWidget | None = None, *, large: bool = False) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Farvernes betydning"))
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 2, 4, 2)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        size = 28 if large else 20
        columns = 2
        for index, colour in enumerate(COLOUR_ORDER):
            row, column = divmod(index, columns)
            icon = QLabel(self)
            icon.setPixmap(shape_icon(colour).pixmap(size, size))
            icon.setAccessibleName(colour_word(colour))
            word = text_label(colour_word(colour), bold=True, selectable=False)
            meaning = text_label(COLOUR_MEANING[colour], selectable=False)
            meaning.setAccessibleName(
                self.tr("{colour}: {meaning}").format(
                    colour=colour_word(colour), meaning=COLOUR_MEANING[colour]
                )
            )
            if large:
                for label in (word, meaning):
                    f = label.font()
                    f.setPointSizeF(max(f.pointSizeF(), 9.0) * 1.3)
                    label.setFont(f)
            grid.addWidget(icon, row, column * 3)
            grid.addWidget(word, row, column * 3 + 1)
            grid.addWidget(meaning, row, column * 3 + 2)
            grid.setColumnStretch(column * 3 + 2, 1)


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
        hint = text_label(self.tr("Esc eller F11: tilbage"), selectable=False)
        hint.setAccessibleName(self.tr("Esc eller F11: tilbage"))
        bottom.addWidget(hint)
        layout.addLayout(bottom)
        self._closing_from_board = False

    def close_from_board(self) -> None:
        self._closing_from_board = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if not self._closing_from_board:
            self.board.projector_action.setChecked(False)


class BoardWidget(QWidget):
    """The board for one door sheet (see the module docstring)."""

    shows = frozenset({DoorNote})
    ladder_requested = Signal(object, object)  # (sheet id, in-note id): make a ladder of a pair

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.scene = BoardScene(self)
        self.view = BoardView(self.scene, self, self)
        self.view.setObjectName("board_view")
        self.view.setAccessibleName(self.tr("Post-it-tavle"))
        self.projector: ProjectorWindow | None = None
        self._message = ""
        self._message_sticky = False
        self._message_for: uuid.UUID | None = None
        self._last_lane: Lane = lane(Side.IN, Colour.UNSORTED)

        self._create_actions()
        self.view.addActions(self.view_actions())

        self.toolbar = QToolBar(self)
        self.toolbar.setAccessibleName(self.tr("Værktøjer til tavlen"))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addAction(self.new_action)
        self.toolbar.addAction(self.edit_action)
        self.toolbar.addSeparator()
        for action in self.colour_actions.values():
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.other_side_action)
        self.toolbar.addAction(self.pair_action)
        self.toolbar.addAction(self.ladder_action)
        self.toolbar.addAction(self.delete_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.zoom_out_action)
        self.zoom_label = QLabel("100 %", self)
        self.zoom_label.setAccessibleName(self.tr("Zoom"))
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
            if isinstance(button, QToolButton):
                button.setAccessibleName(action.text().replace("&", ""))

        self.error_label = ErrorLabel(self)
        self.status = QLabel(self)
        self.status.setObjectName("board_status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName(self.tr("Tavlens status"))
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.legend = Legend(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.error_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.legend)

        scene = self.scene
        scene.notes_dragged.connect(self._on_dragged)
        scene.note_resized.connect(self._on_resized)
        scene.edit_requested.connect(self.edit_note)
        scene.create_requested.connect(self.create_at)
        scene.edit_finished.connect(self._on_edit_finished)
        scene.draft_finished.connect(self._on_draft_finished)
        scene.partner_picked.connect(self.pick_partner)
        scene.pairing_cancelled.connect(self.cancel_pairing)
        scene.selection_settled.connect(self._update_actions)
        scene.current_changed.connect(self._update_actions)
        scene.editing_changed.connect(self._on_editing_changed)
        scene.drag_lane_changed.connect(self._on_drag_lane)
        self.view.zoom_changed.connect(self._on_zoom)
        workspace.add_failure_handler(self._gesture_failed, owner=self)
        self._update_actions()

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
            self.tr("Ny seddel"),
            self.new_note,
            ["N", "Ins"],
            tip=self.tr("Ny seddel i samme bane som den valgte"),
        )
        self.edit_action = self._action(self.tr("Skriv"), self.edit_current, ["F2"])
        self.edit_action.setToolTip(self.tr("Skriv på den valgte seddel (Enter eller F2)"))
        self.colour_actions: dict[Colour, QAction] = {}
        for colour in COLOUR_ORDER:
            self.colour_actions[colour] = self._action(
                colour_word(colour),
                partial(self.set_colour, colour),
                [COLOUR_KEYS[colour]],
                icon=shape_icon(colour),
                tip=self.tr("Sortér som {colour}: {meaning}").format(
                    colour=colour_word(colour), meaning=COLOUR_MEANING[colour]
                ),
            )
        self.other_side_action = self._action(
            self.tr("Anden side"),
            self.move_to_other_side,
            ["S"],
            tip=self.tr("Flyt til den anden side af døren"),
        )
        self.pair_action = self._action(
            self.tr("Par med …"),
            self.start_pairing,
            ["P"],
            tip=self.tr("Par en seddel ind ad døren med en seddel ud af døren"),
        )
        self.unpair_action = self._action(self.tr("Fjern parret"), self.unpair, ["U"])
        self.ladder_action = self._action(
            self.tr("Lav måltrappe af parret"),
            self.make_ladder,
            ["M"],
            tip=self.tr(
                "En måltrappe fra parret: sedlen ind ad døren bliver udgangspunktet, "
                "sedlen ud af døren målet"
            ),
        )
        self.delete_action = self._action(
            self.tr("Slet"), self.delete_selected, [QKeySequence.StandardKey.Delete, "Backspace"]
        )
        self.select_all_action = self._action(
            self.tr("Markér alle"), self.scene.select_all, [QKeySequence.StandardKey.SelectAll]
        )
        self.zoom_in_action = self._action(
            self.tr("Zoom ind"), self.zoom_in, [QKeySequence.StandardKey.ZoomIn]
        )
        self.zoom_out_action = self._action(
            self.tr("Zoom ud"), self.zoom_out, [QKeySequence.StandardKey.ZoomOut]
        )
        self.fit_action = self._action(self.tr("Tilpas"), self.fit_all, ["Ctrl+0"])
        self.fit_action.setToolTip(self.tr("Vis alle sedler i vinduet (Ctrl+0)"))
        self.projector_action = self._action(
            self.tr("Projektor"),
            lambda: None,
            ["F11"],
            tip=self.tr("Fuld skærm med stor tekst til projektoren"),
        )
        self.projector_action.setCheckable(True)
        self.projector_action.toggled.connect(self.set_projector)
        self.help_action = self._action(
            self.tr("Genveje"), self.toggle_help, ["F1"], tip=self.tr("Vis tastaturgenvejene")
        )
        self.context_menu_action = self._action(
            self.tr("Menu for sedlen"), self.context_menu_for_current, ["Shift+F10"]
        )

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
        self.other_side_action.setEnabled(any_notes)
        self.delete_action.setEnabled(any_notes)
        self.select_all_action.setEnabled(loaded and bool(self.scene.note_items))
        sides = {self.scene.note_items[i].note.side for i in ids}
        self.pair_action.setEnabled(len(ids) == 1 or (len(ids) == 2 and len(sides) == 2))
        self.unpair_action.setEnabled(any(self.scene.partner_of(i) is not None for i in ids))
        self.ladder_action.setEnabled(len(ids) == 1 and self.scene.partner_of(ids[0]) is not None)
        self._show_status()

    # --- Loading ------------------------------------------------------------------------

    @property
    def sheet(self) -> DoorSheet | None:
        return self.scene.sheet

    def load(self, sheet: DoorSheet | None, header: str = "") -> None:
        """Show ``sheet``: every live note as a post-it, the view fitted to the width."""
        self.error_label.clear_message()
        self._message = ""
        self.scene.load(sheet, header)
        self.view.fit_width()
        if self.projector is not None:
            self.projector.view.fit_width()
        title = sheet.title if sheet is not None and sheet.title else ""
        self.view.setAccessibleName(
            self.tr("Post-it-tavle: {title}").format(title=title)
            if title
            else self.tr("Post-it-tavle")
        )
        self._update_actions()

    # --- Changes (from this board's gestures, an undo, or another laptop) ----------------

    def apply_change(self, change: ChangeSet) -> None:
        """Show the notes ``change`` touched on the sheet on the board, if any."""
        sheet = self.scene.sheet
        part = change.of(DoorNote)
        if sheet is None or sheet.id not in part.parents or not part.ids:
            return
        notes = [n for n in change.saved_entities(DoorNote) if isinstance(n, DoorNote)]
        if {n.id for n in notes} != part.ids:  # ids only (from elsewhere): read them
            stored = get_door_sheet(self.workspace.store, sheet.id)
            notes = [n for n in stored.notes if n.id in part.ids]
        self.scene.apply_notes(notes)
        self.error_label.clear_message()
        self._update_actions()

    def show_note(self, note_id: uuid.UUID | None) -> None:
        """Focus a note an undo or redo changed (after the page showed its sheet)."""
        if note_id is not None and note_id in self.scene.note_items:
            self.scene.set_current(note_id)

    def _gesture_failed(self, exc: Exception, source: Hashable) -> bool:
        if not isinstance(source, BoardGesture):
            return False
        if self.scene.sheet is not None and self.scene.sheet.id == source.sheet_id:
            self.scene.resync(source.ids)  # back to what is stored
        if not isinstance(exc, ForandringError):
            return False  # the window shows unexpected errors with their details
        self.error_label.show_message(short_error_text(exc))
        return True

    def _push(
        self,
        changed: Sequence[DoorNote],
        text: str,
        *,
        new: Sequence[DoorNote] = (),
        merge_key: object = None,
        focus: uuid.UUID | None = None,
    ) -> None:
        """One gesture: ``changed`` existing notes and ``new`` notes, as one undo step."""
        sheet = self.scene.sheet
        if sheet is None or not (changed or new):
            return
        old = [self.scene.notes[n.id] for n in changed]
        old += [n.changed(deleted_at=utcnow()) for n in new]  # undo = tombstone
        keep = self.scene.current_id
        target = focus if focus is not None else keep
        command = notes_edit(
            self.workspace,
            sheet.id,
            old,
            [*changed, *new],
            text,
            merge_key=merge_key,
            focus=target,
            undo_focus=keep,
        )
        if push(command):
            self.show_note(target)

    def _ids_text(self, ids: Sequence[uuid.UUID], one: str, many: str) -> str:
        return one if len(ids) == 1 else many.format(n=len(ids))

    # --- Gestures -----------------------------------------------------------------------

    def create_at(self, x: float, y: float) -> None:
        """A new post-it in the lane double-clicked, at the height clicked; write on it."""
        if self.scene.sheet is None:
            return
        self._start_draft(lane_at(x).note_x, max(TOP, y - NOTE_HEIGHT / 2))

    def new_note(self) -> None:
        """A new post-it in the focused note's lane (or the last one used), at its end."""
        if self.scene.sheet is None:
            return
        current = self.scene.current_item()
        target = lane_at(current.x() + current.w / 2) if current is not None else self._last_lane
        y = rules.next_free_y(self.scene.live_notes(), target)
        self._start_draft(target.note_x, y)

    def _start_draft(self, x: float, y: float) -> None:
        self.cancel_pairing()
        draft = rules.add_note(self.scene.model_sheet(), PLACEHOLDER, x=x, y=y)
        self._last_lane = lane(draft.side, draft.colour)
        self.scene.begin_draft(draft)

    def _on_draft_finished(self, draft: DoorNote, text: str) -> None:
        if not text or text == PLACEHOLDER:
            self._say(self.tr("Sedlen var tom og blev ikke oprettet."))
            return
        try:
            note = draft.changed(text=text, created_at=utcnow())
        except ForandringError as exc:
            self._refused(exc)
            self.scene.begin_draft(draft, text)  # nothing typed is lost: fix it and go on
            return
        self._push([], self.tr("Ny seddel"), new=[note], focus=note.id)

    def edit_current(self) -> None:
        current = self.scene.current_item()
        if current is not None:
            self.edit_note(current.note_id)

    def edit_note(self, note_id: uuid.UUID) -> None:
        self.cancel_pairing()
        self.scene.begin_edit(note_id)

    def _on_edit_finished(self, note_id: uuid.UUID, text: str) -> None:
        if not text:
            self._say(self.tr("En seddel skal have tekst. Brug Slet for at fjerne sedlen."))
            return
        try:
            changed = rules.edit_text(self.scene.model_sheet(), note_id, text)
        except ForandringError as exc:
            self._refused(exc)
            self.scene.begin_edit(note_id, text)  # nothing typed is lost: fix it and go on
            return
        self._push(changed, self.tr("Ret tekst på seddel"), focus=note_id)

    def _on_dragged(self, positions: dict[uuid.UUID, tuple[float, float]]) -> None:
        try:
            changed = rules.move_notes(self.scene.model_sheet(), positions)
        except ForandringError as exc:
            self._refused(exc)
            self.scene.resync(positions)
            return
        ids = list(positions)
        self._push(changed, self._ids_text(ids, self.tr("Flyt seddel"), self.tr("Flyt {n} sedler")))

    @_refusing
    def _on_resized(self, note_id: uuid.UUID, width: float, height: float) -> None:
        changed = rules.resize_note(self.scene.model_sheet(), note_id, width, height)
        self._push(changed, self.tr("Ændr størrelse på seddel"), focus=note_id)

    @_refusing
    def set_colour(self, colour: Colour) -> None:
        ids = self.scene.gesture_ids()
        if not ids:
            return
        changed = rules.set_colour(self.scene.model_sheet(), ids, colour)
        if not changed:
            self._say(self.tr("Allerede sorteret som {colour}.").format(colour=colour_word(colour)))
            return
        self._push(changed, self.tr("Sortér som {colour}").format(colour=colour_word(colour)))
        self._reselect(ids)

    @_refusing
    def move_to_other_side(self) -> None:
        ids = self.scene.gesture_ids()
        if not ids:
            return
        changed = rules.move_to_other_side(self.scene.model_sheet(), ids)
        self._push(
            changed,
            self._ids_text(
                ids,
                self.tr("Flyt seddel til den anden side"),
                self.tr("Flyt {n} sedler til den anden side"),
            ),
        )
        self._reselect(ids)

    @_refusing
    def delete_selected(self) -> None:
        ids = self.scene.gesture_ids()
        if not ids:
            return
        after = self._neighbour_after(ids)
        changed = rules.delete_notes(self.scene.model_sheet(), ids)
        self._push(
            changed,
            self._ids_text(ids, self.tr("Slet seddel"), self.tr("Slet {n} sedler")),
            focus=after,
        )
        if after is None:
            self.scene.set_current(None)
        self._say(
            self._ids_text(
                ids,
                self.tr("Sedlen er slettet. Fortryd (Ctrl+Z) henter den tilbage."),
                self.tr("{n} sedler er slettet. Fortryd (Ctrl+Z) henter dem tilbage."),
            )
        )

    def _neighbour_after(self, ids: Sequence[uuid.UUID]) -> uuid.UUID | None:
        """The note to focus once ``ids`` are gone: the next in reading order."""
        gone = set(ids)
        order = self.scene.reading_order()
        current = self.scene.current_item()
        start = order.index(current) if current is not None and current in order else 0
        for item in order[start:] + order[:start][::-1]:
            if item.note_id not in gone:
                return item.note_id
        return None

    def _reselect(self, ids: Sequence[uuid.UUID]) -> None:
        """Keep the notes a gesture moved selected (they may have jumped lanes)."""
        live = [i for i in ids if i in self.scene.note_items]
        if not live:
            return
        keep = self.scene.current_id if self.scene.current_id in live else live[0]
        self.scene.select_only(live)
        self.scene.set_current(keep, select="keep")

    # --- Pairs --------------------------------------------------------------------------

    def start_pairing(self) -> None:
        ids = self.scene.gesture_ids()
        if len(ids) == 2:
            self._pair(ids[0], ids[1])
            return
        if len(ids) != 1:
            self._say(self.tr("Vælg én seddel for at parre den."))
            return
        source = self.scene.note_items[ids[0]]
        self.scene.set_current(source.note_id)
        self.scene.start_pairing(source.note_id)
        other = Side.OUT if source.note.side is Side.IN else Side.IN
        candidate = self._nearest_on_side(source.scene_rect().center(), other)
        if candidate is not None:
            self.scene.set_current(candidate)
        self._say(
            self.tr(
                "Vælg sedlen på den anden side af døren: klik på den, eller gå til den med "
                "piletasterne og tryk Enter. Esc afbryder."
            ),
            sticky=True,
        )
        self._update_actions()

    def _nearest_on_side(self, point: QPointF, side: Side) -> uuid.UUID | None:
        best: tuple[float, uuid.UUID] | None = None
        for item in self.scene.note_items.values():
            if item.note.side is not side:
                continue
            centre = item.scene_rect().center()
            distance = abs(centre.x() - point.x()) + 3 * abs(centre.y() - point.y())
            if best is None or distance < best[0]:
                best = (distance, item.note_id)
        return best[1] if best is not None else None

    def pick_partner(self, note_id: uuid.UUID) -> None:
        source = self.scene.pairing_source
        if source is None:
            return
        if note_id == source:
            return
        if self.scene.note_items[note_id].note.side is self.scene.note_items[source].note.side:
            self._say(
                self.tr("Vælg en seddel på den anden side af døren (eller Esc for at afbryde)."),
                sticky=True,
            )
            return
        self.scene.stop_pairing()
        self._pair(source, note_id)

    @_refusing
    def _pair(self, first: uuid.UUID, second: uuid.UUID) -> None:
        try:
            changed = rules.pair_notes(self.scene.model_sheet(), first, second)
        except ValueError:
            self._say(self.tr("Et par er én seddel ind ad døren og én ud af døren."))
            return
        if not changed:
            self._say(self.tr("De to sedler er allerede et par."))
            return
        self._say("")
        self._push(changed, self.tr("Par sedler"), focus=second)

    def cancel_pairing(self) -> None:
        if self.scene.pairing_source is not None:
            source = self.scene.pairing_source
            self.scene.stop_pairing()
            self._say(self.tr("Parring afbrudt."))
            if source in self.scene.note_items:
                self.scene.set_current(source)

    @_refusing
    def unpair(self) -> None:
        sheet = self.scene.model_sheet() if self.scene.sheet is not None else None
        if sheet is None:
            return
        changed: dict[uuid.UUID, DoorNote] = {}
        for note_id in self.scene.gesture_ids():
            for note in rules.unpair(sheet, note_id):
                changed[note.id] = note
        if changed:
            self._push(list(changed.values()), self.tr("Fjern par"))

    def make_ladder(self) -> None:
        """Ask for a ladder made of the chosen note's pair (the page does the rest)."""
        sheet = self.scene.sheet
        ids = self.scene.gesture_ids()
        if sheet is None or len(ids) != 1:
            return
        partner = self.scene.partner_of(ids[0])
        if partner is None:
            self._say(self.tr("Sedlen er ikke parret. Par den først (P)."))
            return
        note = self.scene.note_items[ids[0]].note
        in_note = ids[0] if note.side is Side.IN else partner
        self.ladder_requested.emit(sheet.id, in_note)

    # --- Keyboard moves -----------------------------------------------------------------

    def _positions(self) -> dict[uuid.UUID, tuple[float, float]]:
        return {
            i: (self.scene.note_items[i].x(), self.scene.note_items[i].y())
            for i in self.scene.gesture_ids()
        }

    def nudge(self, dx: float, dy: float) -> None:
        positions = {i: (x + dx, y + dy) for i, (x, y) in self._positions().items()}
        self._move_by_keys(positions, self.tr("Skub seddel"), merge=True)

    def move_lane(self, step: int) -> None:
        """One lane left or right (across the door from green to green)."""
        positions: dict[uuid.UUID, tuple[float, float]] = {}
        moving = set(self.scene.gesture_ids())
        for note_id in moving:
            item = self.scene.note_items[note_id]
            here = lane_at(item.x() + item.w / 2)
            index = LANE_INDEX[here] + step
            if not 0 <= index < len(LANES):
                self._say(self.tr("Sedlen står allerede i den yderste bane."))
                return
            target = LANES[index]
            x = target.left + (item.x() - here.left)
            y = self._free_y(target, item.y(), item.h, moving)
            positions[note_id] = (x, y)
        self._move_by_keys(positions, self.tr("Flyt seddel en bane"))

    def move_row(self, step: int) -> None:
        positions = {i: (x, y + step * ROW) for i, (x, y) in self._positions().items()}
        self._move_by_keys(positions, self.tr("Flyt seddel en række"))

    def _free_y(self, target: Lane, y: float, height: float, skip: set[uuid.UUID]) -> float:
        """``y``, or the first place below it in ``target`` where no other note lies."""
        others = sorted(
            (item.y(), item.y() + item.h)
            for item in self.scene.note_items.values()
            if item.note_id not in skip and lane_at(item.x() + item.w / 2) == target
        )
        for top, bottom in others:
            if top < y + height and y < bottom:
                y = bottom + (ROW - NOTE_HEIGHT)
        return y

    @_refusing
    def _move_by_keys(
        self, positions: dict[uuid.UUID, tuple[float, float]], text: str, *, merge: bool = False
    ) -> None:
        if not positions:
            return
        ids = list(positions)
        for note_id, (x, y) in positions.items():
            item = self.scene.note_items[note_id]
            positions[note_id] = (
                clamp(x, 1 - item.w / 2, BOARD_WIDTH - item.w / 2 - 1),
                clamp(y, TOP, BOARD_LIMIT - item.h),
            )
        changed = rules.move_notes(self.scene.model_sheet(), positions)
        merge_key = ("keys-move", tuple(sorted(ids))) if merge else None
        self._push(changed, text, merge_key=merge_key)
        self._reselect(ids)

    @_refusing
    def resize_by(self, dw: float, dh: float) -> None:
        current = self.scene.current_item()
        if current is None:
            return
        width = clamp(current.w + dw, MIN_NOTE_WIDTH, MAX_NOTE_WIDTH)
        height = clamp(current.h + dh, MIN_NOTE_HEIGHT, MAX_NOTE_HEIGHT)
        if (width, height) == (current.w, current.h):
            return
        changed = rules.resize_note(self.scene.model_sheet(), current.note_id, width, height)
        self._push(
            changed,
            self.tr("Ændr størrelse på seddel"),
            merge_key=("keys-resize", current.note_id),
            focus=current.note_id,
        )

    # --- Keys (called by the views) -----------------------------------------------------

    def handle_tab(self, view: BoardView, forward: bool) -> bool:
        target = self.scene.step(forward)
        if target is None:
            return False
        self.scene.set_current(target)
        return True

    def view_focused(self, view: BoardView, reason: Qt.FocusReason) -> None:
        if self.scene.editing:
            return
        current = self.scene.current_item()
        if current is not None:
            current.setFocus(Qt.FocusReason.OtherFocusReason)
        elif reason in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            first = self.scene.first_or_last(last=reason == Qt.FocusReason.BacktabFocusReason)
            if first is not None:
                self.scene.set_current(first)

    def handle_key(self, view: BoardView, event: QKeyEvent) -> bool:
        if self.scene.editing:
            return False
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        alt = bool(modifiers & Qt.KeyboardModifier.AltModifier)
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        text = event.text()

        if key == Qt.Key.Key_Escape:
            return self._escape(view)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (ctrl or alt):
            if self.scene.pairing_source is not None:
                if self.scene.current_id is not None:
                    self.pick_partner(self.scene.current_id)
                return True
            self.edit_current()
            return True
        if key in ARROWS:
            return self._arrow(ARROWS[Qt.Key(key)], ctrl=ctrl, alt=alt, shift=shift)
        if key == Qt.Key.Key_Space and not (ctrl or alt):
            current = self.scene.current_item()
            if current is not None:
                current.setSelected(not current.isSelected())
            return True
        if key in (Qt.Key.Key_Home, Qt.Key.Key_End) and not (ctrl or alt):
            target = self.scene.first_or_last(last=key == Qt.Key.Key_End)
            if target is not None:
                self.scene.set_current(target)
            return True
        if not (ctrl or alt):
            if text in ("+", "="):
                self.zoom_in()
                return True
            if text in ("-", "−"):
                self.zoom_out()
                return True
            if text == "?":
                self.toggle_help()
                return True
        return False

    def _escape(self, view: BoardView) -> bool:
        if self.scene.pairing_source is not None:
            self.cancel_pairing()
            return True
        if view.help.isVisible():
            view.help.hide()
            return True
        if self.projector is not None:
            self.projector_action.setChecked(False)
            return True
        if self.scene.selectedItems():
            self.scene.clearSelection()
            return True
        return False

    def _arrow(self, direction: Direction, *, ctrl: bool, alt: bool, shift: bool) -> bool:
        dx = {"left": -1, "right": 1}.get(direction, 0)
        dy = {"up": -1, "down": 1}.get(direction, 0)
        if self.scene.pairing_source is None and (ctrl or alt):
            if alt and shift:
                self.resize_by(dx * RESIZE_STEP, dy * RESIZE_STEP)
            elif alt:
                self.nudge(dx * NUDGE, dy * NUDGE)
            elif dx:
                self.move_lane(dx)
            else:
                self.move_row(dy)
            return True
        target = self.scene.neighbour(direction)
        if target is not None:
            self.scene.set_current(target, select="add" if shift else "only")
        return True

    # --- Menus --------------------------------------------------------------------------

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
        menu.setAccessibleName(self.tr("Menu for tavlen"))
        if note_id is not None and note_id in self.scene.note_items:
            item = self.scene.note_items[note_id]
            self.scene.set_current(note_id, select="keep" if item.isSelected() else "only")
            self._update_actions()
            menu.addAction(self.edit_action)
            menu.addSeparator()
            for colour, action in self.colour_actions.items():
                if item.note.colour is colour:
                    action.setText(self.tr("{colour} (nu)").format(colour=colour_word(colour)))
                else:
                    action.setText(colour_word(colour))
                menu.addAction(action)
            menu.addSeparator()
            menu.addAction(self.other_side_action)
            menu.addAction(self.pair_action)
            menu.addAction(self.unpair_action)
            menu.addAction(self.ladder_action)
            menu.addSeparator()
            menu.addAction(self.delete_action)
        else:
            here = QAction(self.tr("Ny seddel her"), menu)
            here.triggered.connect(lambda: self.create_at(scene_pos.x(), scene_pos.y()))
            here.setEnabled(self.scene.sheet is not None)
            menu.addAction(here)
            menu.addSeparator()
            menu.addAction(self.select_all_action)
            menu.addAction(self.fit_action)
            menu.addAction(self.zoom_in_action)
            menu.addAction(self.zoom_out_action)
        return menu

    # --- View ---------------------------------------------------------------------------

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
            self.projector = ProjectorWindow(self)
            self.scene.set_text_scale(PROJECTOR_TEXT_SCALE)
            screen = self._projector_screen()
            if screen is not None:
                self.projector.setScreen(screen)
                self.projector.setGeometry(screen.geometry())
            self.projector.showFullScreen()
            self.projector.view.fit_width()
            self.projector.activateWindow()
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

    def _projector_screen(self) -> QScreen | None:
        """With a second screen (a projector beside the laptop), that one; else this one."""
        here = self.window().screen()
        others = [s for s in QGuiApplication.screens() if s is not here]
        return others[0] if others else here

    def _on_zoom(self, zoom: float) -> None:
        self.zoom_label.setText(f"{round(zoom * 100)} %")

    # --- Status line --------------------------------------------------------------------

    def _refused(self, exc: ForandringError) -> None:
        self.error_label.show_message(short_error_text(exc))

    def _say(self, message: str, *, sticky: bool = False) -> None:
        """A message in the status line until the focused note changes (or, if sticky,
        until the next message)."""
        self._message = message
        self._message_sticky = sticky
        self._message_for = self.scene.current_id
        self._show_status()

    def _show_status(self) -> None:
        scene = self.scene
        if scene.editing:
            text = self.tr(
                "Skriv på sedlen. Enter gemmer, Skift+Enter giver en ny linje, Esc fortryder."
            )
        elif self._message and (self._message_sticky or self._message_for == scene.current_id):
            text = self._message
        elif scene.sheet is None:
            text = self.tr("Vælg eller opret et ark.")
        else:
            current = scene.current_item()
            selected = len(scene.selected_notes())
            hint = self.tr(
                "N ny seddel · Enter skriv · 1/2/3/0 farve · S anden side · P par · "
                "Delete slet · ? alle genveje"
            )
            if current is None:
                text = (
                    self.tr("Dobbeltklik på tavlen eller tryk N for en ny seddel. {hint}").format(
                        hint=hint
                    )
                    if not scene.note_items
                    else hint
                )
            else:
                prefix = self.tr("{n} sedler markeret. ").format(n=selected) if selected > 1 else ""
                words = current.note.text.replace("\n", " ")
                if len(words) > 50:
                    words = words[:49] + "…"
                described = scene.describe(current.note).replace("\n", " · ")
                text = f"{prefix}»{words}« – {described}"
                self.view.setAccessibleDescription(scene.describe(current.note, with_text=True))
        self.status.setText(text)

    def _on_editing_changed(self, editing: bool) -> None:
        if not editing:
            self.error_label.clear_message()  # shown again if what was written is refused
            if not self._message_sticky:
                self._message = ""
        self._update_actions()

    def _on_drag_lane(self, target: Lane | None) -> None:
        if target is None:
            self._show_status()
            return
        self.status.setText(
            self.tr("Slip for at lægge sedlen i {lane}: {meaning}").format(
                lane=self.scene.lane_words(target), meaning=COLOUR_MEANING[target.colour]
            )
        )
