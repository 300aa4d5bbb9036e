"""The actions of one group of the action plan as a table: Hvad / Hvem / Hvornår / Status /
Tjener (the ladder it serves), and the follow-up list (overdue first).

Like the ladder table, the model never changes an action: an edited cell is announced with
:attr:`ActionTableModel.edit_requested` (action id, field, new value); the page turns it
into an undo command and hands the saved actions back through :meth:`set_actions`. The
same ids in the same order only refresh the cells (an editor being closed keeps its index).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from forandring_desktop.model import ActionStatus, ActionTarget, PlanAction, TargetKind
from forandring_desktop.model.base import SHORT_TEXT_MAX
from forandring_desktop.ui.dates import DATE_FORMAT, date_text
from forandring_desktop.ui.plan.words import area_word, overdue_word, status_word

ACTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NO_DATE = QDate(2000, 1, 1)  # the date editor's minimum, shown as "ingen dato"

_Index = QModelIndex | QPersistentModelIndex


def _qdate(day: datetime.date | None) -> QDate:
    return QDate(day.year, day.month, day.day) if day is not None else NO_DATE


def _pydate(day: QDate) -> datetime.date | None:
    if not day.isValid() or day <= NO_DATE:
        return None
    return datetime.date(day.year(), day.month(), day.day())


class ActionTableModel(QAbstractTableModel):
    """The live actions of one group (one of the seed's four questions)."""

    WHAT, WHO, DUE, STATUS, TARGET = range(5)
    FIELDS = ("what", "who", "due", "status", "target")

    edit_requested = Signal(object, str, object)  # action id, field, new value

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actions: list[PlanAction] = []
        self._ladders: dict[uuid.UUID, str] = {}
        self._headers = [
            self.tr("Hvad"),
            self.tr("Hvem"),
            self.tr("Hvornår"),
            self.tr("Status"),
            self.tr("Tjener"),
        ]

    # --- Feeding ----------------------------------------------------------------------

    def set_actions(self, actions: Sequence[PlanAction], ladders: dict[uuid.UUID, str]) -> None:
        ids = [a.id for a in actions]
        same = ids == [a.id for a in self._actions]
        self._ladders = dict(ladders)
        if same:
            self._actions = list(actions)
            if ids:
                last = self.index(len(ids) - 1, self.columnCount() - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self._actions = list(actions)
        self.endResetModel()

    def actions(self) -> list[PlanAction]:
        return list(self._actions)

    def action_at(self, row: int) -> PlanAction | None:
        return self._actions[row] if 0 <= row < len(self._actions) else None

    def row_of(self, action_id: uuid.UUID) -> int:
        return next((i for i, a in enumerate(self._actions) if a.id == action_id), -1)

    def ladder_choices(self) -> list[tuple[str, uuid.UUID | None]]:
        return [(self.tr("(ingen)"), None), *((n, i) for i, n in self._ladders.items())]

    def target_text(self, target: ActionTarget | None) -> str:
        if target is None:
            return ""
        name = self._ladders.get(target.id)
        return name if name is not None else self.tr("(slettet måltrappe)")

    # --- Qt model -----------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._actions)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.FIELDS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        action = self.action_at(index.row()) if index.isValid() else None
        if action is None:
            return None
        column = index.column()
        if role == ACTION_ID_ROLE:
            return str(action.id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(action, column)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(action, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self._headers[column]}: {self._display(action, column)}"
        return None

    def _display(self, action: PlanAction, column: int) -> str:
        if column == self.WHAT:
            return action.what
        if column == self.WHO:
            return action.who
        if column == self.DUE:
            return date_text(action.due)
        if column == self.STATUS:
            return status_word(action.status)
        return self.target_text(action.target)

    def _edit_value(self, action: PlanAction, column: int) -> Any:
        if column == self.DUE:
            return _qdate(action.due)
        if column == self.STATUS:
            return action.status.value
        if column == self.TARGET:
            return str(action.target.id) if action.target is not None else ""
        return self._display(action, column)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        action = self.action_at(index.row()) if index.isValid() else None
        if action is None or role != Qt.ItemDataRole.EditRole:
            return False
        column = index.column()
        new: Any
        if column == self.DUE:
            new = _pydate(value) if isinstance(value, QDate) else None
        elif column == self.STATUS:
            new = ActionStatus(str(value))
        elif column == self.TARGET:
            new = ActionTarget(kind=TargetKind.LADDER, id=uuid.UUID(value)) if value else None
        else:
            new = str(value)
        if new == getattr(action, self.FIELDS[column]):
            return False
        self.edit_requested.emit(action.id, self.FIELDS[column], new)
        return True


class ActionDelegate(QStyledItemDelegate):
    """Editors for the action table: a dd.MM.yyyy date, the status and the ladder served."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        column = index.column()
        model = index.model()
        if column == ActionTableModel.DUE:
            edit = QDateEdit(parent)
            edit.setDisplayFormat(DATE_FORMAT)
            edit.setCalendarPopup(True)
            edit.setMinimumDate(NO_DATE)
            edit.setSpecialValueText(self.tr("ingen dato"))
            edit.setAccessibleName(self.tr("Hvornår"))
            return edit
        if column in (ActionTableModel.STATUS, ActionTableModel.TARGET):
            combo = QComboBox(parent)
            if column == ActionTableModel.STATUS:
                combo.setAccessibleName(self.tr("Status"))
                for status in ActionStatus:
                    combo.addItem(status_word(status), status.value)
            elif isinstance(model, ActionTableModel):
                combo.setAccessibleName(self.tr("Tjener måltrappen"))
                for name, ladder_id in model.ladder_choices():
                    combo.addItem(name, str(ladder_id) if ladder_id is not None else "")
            return combo
        editor = super().createEditor(parent, option, index)
        if hasattr(editor, "setMaxLength") and column == ActionTableModel.WHO:
            editor.setMaxLength(SHORT_TEXT_MAX)
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QDateEdit):
            editor.setDate(value if isinstance(value, QDate) and value > NO_DATE else NO_DATE)
            if editor.date() == NO_DATE:
                editor.setDate(QDate.currentDate())  # start from today, not from year 2000
            return
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        if isinstance(editor, QDateEdit):
            model.setData(index, editor.date())
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        else:
            super().setModelData(editor, model, index)


class FollowUpModel(QAbstractTableModel):
    """'Opfølgning': every action of the plan, overdue first (read only)."""

    DEADLINE, WHAT, WHO, DUE, STATUS, AREA = range(6)

    def __init__(self, today: Callable[[], datetime.date], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self._actions: list[PlanAction] = []
        self._day = today()
        self._headers = [
            self.tr("Frist"),
            self.tr("Hvad"),
            self.tr("Hvem"),
            self.tr("Hvornår"),
            self.tr("Status"),
            self.tr("Spørgsmål"),
        ]

    def set_actions(self, actions: Sequence[PlanAction]) -> None:
        """``actions`` already in follow-up order (``model.action_plan.follow_up_order``)."""
        self.beginResetModel()
        self._actions = list(actions)
        self._day = self.today()
        self.endResetModel()

    def action_at(self, row: int) -> PlanAction | None:
        return self._actions[row] if 0 <= row < len(self._actions) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._actions)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        action = self.action_at(index.row()) if index.isValid() else None
        if action is None:
            return None
        column = index.column()
        overdue = action.is_overdue(self._day)
        if role == ACTION_ID_ROLE:
            return str(action.id)
        if role == Qt.ItemDataRole.DecorationRole and column == self.DEADLINE and overdue:
            style = QApplication.style()
            return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.FontRole and overdue:
            font = QApplication.font()
            font.setBold(True)
            return font
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            texts = {
                self.DEADLINE: overdue_word() if overdue else "",
                self.WHAT: action.what,
                self.WHO: action.who,
                self.DUE: date_text(action.due),
                self.STATUS: status_word(action.status),
                self.AREA: area_word(action.area),
            }
            return texts[column]
        return None
