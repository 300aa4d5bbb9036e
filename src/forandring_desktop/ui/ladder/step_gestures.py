"""The ladder editor's step gestures: a step added above or below the current one, taken out
(retired: its ratings keep their meaning), moved up or down, merged with the one above, a
cell of the trin-tegn-handling table edited. Each is one undo command, saved at once.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from forandring_desktop.model import ForandringError, Ladder, LadderStep
from forandring_desktop.model.ladder_edit import (
    LadderHint,
    add_step,
    edit_step,
    merge_steps,
    move_step,
    remove_step,
)
from forandring_desktop.services.ladders import rating_counts
from forandring_desktop.ui.ladder.commands import LADDER_GESTURE, edit_command
from forandring_desktop.ui.ladder.words import ratings_text
from forandring_desktop.ui.operations import push
from forandring_desktop.ui.parts import WidgetPart

if TYPE_CHECKING:
    from forandring_desktop.ui.workspace import Workspace


def ask(parent: QWidget, title: str, text: str) -> bool:
    """A yes/no question; No is the default."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class LadderStepGestures(WidgetPart):
    """The step gestures of the ladder editor: not a widget of its own, a part of
    :class:`~forandring_desktop.ui.ladder.editor.LadderEditor` (its texts keep that context)."""

    if TYPE_CHECKING:  # what this part uses of the editor it belongs to
        workspace: Workspace
        ladder: Ladder | None
        _current: uuid.UUID | None

        def current_step(self) -> LadderStep | None: ...

        def current_index(self) -> int | None: ...

        def current_hint(self) -> LadderHint | None: ...

    def _push_edit(self, text: str, new: Ladder, step_after: uuid.UUID | None) -> bool:
        old = self.ladder
        if old is None:
            return False
        before = self._current
        return push(
            edit_command(self.workspace, text, old, new, step_after=step_after, step_before=before)
        )

    def add_above(self) -> None:
        """'Tilføj trin over': a new, empty step above the current one (on top if none)."""
        if self.ladder is None:
            return
        index = self.current_index()
        position = len(self.ladder.live_steps()) if index is None else index + 1
        self._add(position)

    def insert_below(self) -> None:
        """'Indsæt trin under': a new, empty step under the current one."""
        if self.ladder is None:
            return
        index = self.current_index()
        self._add(0 if index is None else index)

    def _add(self, position: int) -> None:
        assert self.ladder is not None
        try:
            new, step = add_step(self.ladder, position)
        except ForandringError as exc:  # e.g. more steps than a ladder can hold
            self.workspace.report_failure(exc, LADDER_GESTURE)
            return
        self._push_edit(QCoreApplication.translate("LadderEditor", "nyt trin"), new, step.id)

    def delete_step(self) -> None:
        """Take the current step out of the ladder. It is retired, never destroyed: the
        ratings that point at it keep their meaning, and undo puts it back."""
        step = self.current_step()
        ladder = self.ladder
        if step is None or ladder is None:
            return
        count = rating_counts(self.workspace.store, ladder.id).get(step.id, 0)
        if count and not ask(
            self,
            QCoreApplication.translate("LadderEditor", "Slet trin"),
            QCoreApplication.translate(
                "LadderEditor",
                "Trinnet har {ratings}; det tages ud af trappen, men vurderingerne "
                "bevares.\n\nVil du tage trinnet ud af trappen?",
            ).format(ratings=ratings_text(count)),
        ):
            return
        live = [s.id for s in ladder.live_steps()]
        position = live.index(step.id)
        rest = [i for i in live if i != step.id]
        after = rest[min(position, len(rest) - 1)] if rest else None
        self._push_edit(
            QCoreApplication.translate("LadderEditor", "sletning af trin"),
            remove_step(ladder, step.id),
            after,
        )

    def move_up(self) -> None:
        self._move(+1)

    def move_down(self) -> None:
        self._move(-1)

    def _move(self, delta: int) -> None:
        step = self.current_step()
        index = self.current_index()
        if step is None or index is None or self.ladder is None:
            return
        target = index + delta
        if not 0 <= target < len(self.ladder.live_steps()):
            return
        self._push_edit(
            QCoreApplication.translate("LadderEditor", "flytning af trin"),
            move_step(self.ladder, step.id, target),
            step.id,
        )

    def merge_with_above(self) -> None:
        """Fold the step above into the current one (the guide: merge steps you cannot
        tell apart). The step above is retired; its ratings are kept."""
        index = self.current_index()
        if self.ladder is None or index is None:
            return
        live = self.ladder.live_steps()
        if index + 1 >= len(live):
            return
        self._merge(live[index].id, live[index + 1].id)

    def merge_hint(self) -> None:
        hint = self.current_hint()
        if hint is None or not hint.suggest_merge or len(hint.step_ids) != 2:
            return
        self._merge(hint.step_ids[0], hint.step_ids[1])

    def _merge(self, keep: uuid.UUID, gone: uuid.UUID) -> None:
        ladder = self.ladder
        if ladder is None:
            return
        count = rating_counts(self.workspace.store, ladder.id).get(gone, 0)
        if count and not ask(
            self,
            QCoreApplication.translate("LadderEditor", "Slå trin sammen"),
            QCoreApplication.translate(
                "LadderEditor",
                "Trinnet, der lægges ind i det andet, har {ratings}; det tages ud af "
                "trappen, men vurderingerne bevares.\n\nVil du slå trinnene sammen?",
            ).format(ratings=ratings_text(count)),
        ):
            return
        try:
            new = merge_steps(ladder, keep, gone)
        except ForandringError as exc:  # the joined texts too long for one step
            self.workspace.report_failure(exc, LADDER_GESTURE)
            return
        self._push_edit(
            QCoreApplication.translate("LadderEditor", "sammenlægning af trin"), new, keep
        )

    def edit_cell(self, step_id: object, field: str, value: str) -> None:
        """A cell of the trin-tegn-handling table was edited: one undo step."""
        ladder = self.ladder
        if ladder is None or not isinstance(step_id, uuid.UUID):
            return
        try:
            new = edit_step(ladder, step_id, **{field: value})
        except ForandringError as exc:  # e.g. a text longer than a step can hold
            self.workspace.report_failure(exc, LADDER_GESTURE)
            return
        self._push_edit(QCoreApplication.translate("LadderEditor", "ændring af trin"), new, step_id)
