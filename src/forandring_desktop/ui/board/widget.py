"""The post-it board for one door sheet: the view, its toolbar and legend, and every
gesture turned into one undo command that saves at once.

Mouse and keyboard reach the same gestures: each is a method here, computing the changed
notes with a pure function from ``model.board`` and pushing one notes edit
(:func:`~forandring_desktop.ui.board.commands.notes_edit`). The board's other parts live
beside it: its actions and menus (``menus``), its keys and keyboard moves (``keys``), its
views and the projector (``projector``).
"""

from __future__ import annotations

import uuid
from collections.abc import Hashable, Sequence

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

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
from forandring_desktop.model.board import Lane, lane, lane_at
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.services.door import get_door_sheet
from forandring_desktop.ui.board.commands import BoardGesture, notes_edit, refusing
from forandring_desktop.ui.board.keys import BoardKeys
from forandring_desktop.ui.board.legend import Legend
from forandring_desktop.ui.board.menus import BoardMenus
from forandring_desktop.ui.board.note_text import grown, grown_in_lane
from forandring_desktop.ui.board.projector import BoardViews, ProjectorWindow
from forandring_desktop.ui.board.scene import BoardScene
from forandring_desktop.ui.board.view import BoardView
from forandring_desktop.ui.dialogs import short_error_text
from forandring_desktop.ui.operations import push
from forandring_desktop.ui.widgets import ErrorLabel, colour_word
from forandring_desktop.ui.workspace import Workspace

__all__ = ["BoardWidget", "Legend", "ProjectorWindow"]

PLACEHOLDER = "…"  # the text of a draft post-it until something is written on it


class BoardWidget(BoardMenus, BoardKeys, BoardViews, QWidget):
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

        self._create_toolbar()

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
        """A new post-it in the lane double-clicked, stacked below its last note (not where
        clicked: no gaps); write on it."""
        if self.scene.sheet is None:
            return
        target = lane_at(x)
        self._start_draft(target.note_x, rules.next_free_y(self.scene.live_notes(), target))

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
            note = grown(draft.changed(text=text, created_at=utcnow()))
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
            edited = rules.edit_text(self.scene.model_sheet(), note_id, text)[0]
            changed = grown_in_lane(self.scene.live_notes(), edited)
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

    @refusing
    def _on_resized(self, note_id: uuid.UUID, width: float, height: float) -> None:
        changed = rules.resize_note(self.scene.model_sheet(), note_id, width, height)
        self._push(changed, self.tr("Ændr størrelse på seddel"), focus=note_id)

    @refusing
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

    @refusing
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

    @refusing
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

    @refusing
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

    @refusing
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
                # The whole text: a long note shows only its start (the line wraps).
                words = current.note.text.replace("\n", " ")
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
