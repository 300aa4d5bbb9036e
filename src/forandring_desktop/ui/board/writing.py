"""Writing on a post-it on the board: an editor over the note (or over a new draft note),
and when writing ends, what was written reported as a signal (the scene never saves).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, QTimer, Signal

from forandring_desktop.model import DoorNote
from forandring_desktop.ui.board.editor import NoteEditor
from forandring_desktop.ui.board.items import RAISED_Z, NoteItem
from forandring_desktop.ui.board.style import NOTE_TEXT_PX
from forandring_desktop.ui.parts import ScenePart

if TYPE_CHECKING:
    from forandring_desktop.ui.board.scene import BoardScene, SelectMode


class SceneWriting(ScenePart):
    """Writing on the notes of one board: not a scene of its own, a part of
    :class:`~forandring_desktop.ui.board.scene.BoardScene`."""

    _editor: NoteEditor | None
    _editing_item: NoteItem | None
    _trash: list[NoteItem]  # finished drafts, removed on the next turn

    if TYPE_CHECKING:  # what this part uses of the scene it belongs to (its signals too)
        edit_finished = Signal(object, str)
        draft_finished = Signal(object, str)
        editing_changed = Signal(bool)
        note_items: dict[uuid.UUID, NoteItem]
        text_scale: float

        def set_current(self, note_id: uuid.UUID | None, select: SelectMode = "only") -> None: ...

        def stop_pairing(self) -> None: ...

    @property
    def editing(self) -> bool:
        return self._editor is not None

    @property
    def editor(self) -> NoteEditor | None:
        return self._editor

    def begin_edit(self, note_id: uuid.UUID, text: str | None = None) -> None:
        """Write on a note; ``text`` to start from other than its own (after a refusal)."""
        item = self.note_items.get(note_id)
        if item is not None:
            self._start_editor(item, item.note.text if text is None else text)

    def begin_draft(self, note: DoorNote, text: str = "") -> None:
        """A new post-it to write on; it is saved (``draft_finished``) when writing ends."""
        item = NoteItem(cast("BoardScene", self), note, draft=True)
        item.setZValue(RAISED_Z)
        self.addItem(item)
        self._start_editor(item, text)

    def _empty_trash(self) -> None:
        trash, self._trash = self._trash, []
        for item in trash:
            if item.scene() is self:
                self.removeItem(item)

    def finish_editing(self, keep: bool = True) -> None:
        if self._editor is not None:
            self._editor.finish(keep)

    def _start_editor(self, item: NoteItem, text: str) -> None:
        self.finish_editing()
        self.stop_pairing()
        item.editing = True
        item.update()
        box = item.text_box()
        editor = NoteEditor(item, text, NOTE_TEXT_PX * self.text_scale, box.topLeft(), box.width())
        self._editor = editor
        self._editing_item = item
        editor.finished.connect(lambda keep: self._end_edit(item, editor, keep))
        self.clearSelection()
        if not item.draft:
            item.setSelected(True)
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        for view in self.views():
            if view.isVisible():
                view.ensureVisible(item.sceneBoundingRect(), 30, 30)
        self.editing_changed.emit(True)

    def _end_edit(self, item: NoteItem, editor: NoteEditor, keep: bool) -> None:
        text = editor.text().strip() if keep else ""
        self._editor = None
        self._editing_item = None
        item.editing = False
        editor.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        editor.hide()  # removed once its own key or focus event has returned
        editor.deleteLater()
        item.update()
        if item.draft:
            # Removed once the editor's own key or focus event (still running) has returned.
            item.hide()
            self._trash.append(item)
            QTimer.singleShot(0, self._empty_trash)
            self.editing_changed.emit(False)
            self.draft_finished.emit(item.note, text)
            return
        self.editing_changed.emit(False)
        if item.note_id in self.note_items:
            self.set_current(item.note_id)
            if keep and text != item.note.text:
                self.edit_finished.emit(item.note_id, text)
