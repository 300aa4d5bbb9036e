"""Trin-tegn-handling: the ladder as the guide's table, top step (MÅLET) first.

Columns TRIN PÅ MÅLTRAPPEN / TEGN / HANDLING. The model shows a Ladder and never changes
it: an edited cell is announced with :attr:`LadderTableModel.edit_requested`, the page
turns it into an undo command, saves it, and hands the saved ladder back through
:meth:`LadderTableModel.set_ladder`. A single inserted, removed or moved step becomes the
matching insert/remove/move signals, so the current cell and the selection survive.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

from forandring_desktop.model import Ladder, LadderStep
from forandring_desktop.ui.ladder.words import plain_tooltip, step_label
from forandring_desktop.ui.widgets import PlainTextField

STEP_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


def _content(step: LadderStep) -> tuple[str, str, str]:
    return (step.text, step.signs, step.action)


class LadderTableModel(QAbstractTableModel):
    """The live steps of one ladder, top (MÅLET) to bottom (UDGANGSPUNKTET)."""

    STEP, SIGNS, ACTION = range(3)
    FIELDS = ("text", "signs", "action")

    # step id, field name ("text" / "signs" / "action"), the new value
    edit_requested = Signal(object, str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ladder: Ladder | None = None
        self._steps: list[LadderStep] = []  # top first
        # The guide's trin-tegn-handling-ark: the heading, and its explanation under it.
        self._headers = [
            self.tr("TRIN PÅ MÅLTRAPPEN"),
            self.tr("TEGN\n(det der står ‘under måltrappen’)"),
            self.tr("HANDLING\n(hvad skal der sættes ind med nu?)"),
        ]
        self._header_help = [
            self.tr("Delmålet: det, personen er nået til på dette trin"),
            self.tr("Hvordan kan man se på en person, at han eller hun er på dette trin?"),
            self.tr("Hvad skal der sættes ind med nu for at hjælpe personen et trin op?"),
        ]

    # --- Showing a ladder -----------------------------------------------------------------

    @property
    def ladder(self) -> Ladder | None:
        return self._ladder

    def set_ladder(self, ladder: Ladder | None) -> None:
        new_steps = list(reversed(ladder.live_steps())) if ladder is not None else []
        same_ladder = (
            ladder is not None and self._ladder is not None and ladder.id == self._ladder.id
        )
        old_steps = self._steps
        old_ids = [s.id for s in old_steps]
        new_ids = [s.id for s in new_steps]
        self._ladder = ladder
        if not same_ladder:
            self.beginResetModel()
            self._steps = new_steps
            self.endResetModel()
            return
        if old_ids == new_ids:
            self._steps = new_steps
            self._changed_rows(old_steps, new_steps)
            return
        # First the rows move (each keeping its old content), then the content changes:
        # a merge is one row removed and then another row's text changed.
        old_by_id = {s.id: s for s in old_steps}
        interim = [old_by_id.get(s.id, s) for s in new_steps]
        if not self._structural_change(old_ids, new_ids, interim):
            self.beginResetModel()
            self._steps = new_steps
            self.endResetModel()
            return
        self._steps = new_steps
        self._changed_rows(interim, new_steps)
        if self._steps:
            # The level numbers and the names (MÅLET, DELMÅL ...) move with the rows.
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._steps) - 1)

    def _structural_change(
        self, old_ids: list[uuid.UUID], new_ids: list[uuid.UUID], new_steps: list[LadderStep]
    ) -> bool:
        """Apply one insert, removal or move with its signals; False if it is not one."""
        root = QModelIndex()
        first = next(
            (i for i, (a, b) in enumerate(zip(old_ids, new_ids, strict=False)) if a != b),
            min(len(old_ids), len(new_ids)),
        )
        if len(new_ids) == len(old_ids) + 1 and new_ids[:first] + new_ids[first + 1 :] == old_ids:
            self.beginInsertRows(root, first, first)
            self._steps = new_steps
            self.endInsertRows()
            return True
        if len(old_ids) == len(new_ids) + 1 and old_ids[:first] + old_ids[first + 1 :] == new_ids:
            self.beginRemoveRows(root, first, first)
            self._steps = new_steps
            self.endRemoveRows()
            return True
        if len(old_ids) != len(new_ids) or sorted(map(str, old_ids)) != sorted(map(str, new_ids)):
            return False
        last = max(i for i in range(len(old_ids)) if old_ids[i] != new_ids[i])
        if old_ids[first] == new_ids[last] and old_ids[first + 1 : last + 1] == new_ids[first:last]:
            # The row at ``first`` went down to ``last``.
            self.beginMoveRows(root, first, first, root, last + 1)
        elif (
            old_ids[last] == new_ids[first] and old_ids[first:last] == new_ids[first + 1 : last + 1]
        ):
            # The row at ``last`` went up to ``first``.
            self.beginMoveRows(root, last, last, root, first)
        else:
            return False
        self._steps = new_steps
        self.endMoveRows()
        return True

    def _changed_rows(self, old_steps: list[LadderStep], new_steps: list[LadderStep]) -> None:
        last_column = self.columnCount() - 1
        for row, (old, new) in enumerate(zip(old_steps, new_steps, strict=True)):
            if _content(old) != _content(new):
                self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))

    # --- Looking up ------------------------------------------------------------------------

    def step_at(self, row: int) -> LadderStep | None:
        return self._steps[row] if 0 <= row < len(self._steps) else None

    def row_of(self, step_id: uuid.UUID | None) -> int:
        for row, step in enumerate(self._steps):
            if step.id == step_id:
                return row
        return -1

    # --- QAbstractItemModel ------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._steps)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._steps):
            return None
        step = self._steps[index.row()]
        value = _content(step)[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(value) or None
        if role == STEP_ID_ROLE:
            return step.id
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return value or self.tr("(tom)")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._headers):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._header_help[section]
            return None
        if not 0 <= section < len(self._steps):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            count = len(self._steps)
            return step_label(count - section, count)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        step = self.step_at(index.row())
        if step is None or not isinstance(value, str):
            return False
        field = self.FIELDS[index.column()]
        if getattr(step, field) != value:
            self.edit_requested.emit(step.id, field, value)
        return True


class MultiLineDelegate(QStyledItemDelegate):
    """Cells edited in a multi-line field: Enter saves, Shift+Enter starts a new line,
    Esc cancels, Tab saves and goes to the next cell. The text is selected when editing
    starts, so typing over a cell replaces it (as in a spreadsheet)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        editor = PlainTextField(parent)
        header = str(index.model().headerData(index.column(), Qt.Orientation.Horizontal))
        editor.setAccessibleName(header.split("\n")[0])
        editor.setFrameShape(PlainTextField.Shape.NoFrame)
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        if isinstance(editor, PlainTextField):
            editor.setPlainText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.selectAll()
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        if isinstance(editor, PlainTextField):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, PlainTextField)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.commitData.emit(watched)
            self.closeEditor.emit(watched, QStyledItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(watched, event)
