""" "Roller og ansvar" of a method description as a table: Aktør / Intern eller ekstern /
Ansvar (hvad) / Hvornår.

The model never changes the description: an edited cell is announced with
:attr:`RoleTableModel.roles_edited` as the whole new list of roles; the page saves it as
one undo step and hands the saved roles back through :meth:`set_roles`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from forandring_desktop.model import Role

_Index = QModelIndex | QPersistentModelIndex


class RoleTableModel(QAbstractTableModel):
    ACTOR, EXTERNAL, RESPONSIBILITY, WHEN = range(4)
    FIELDS = ("actor", "external", "responsibility", "when")

    roles_edited = Signal(object)  # the whole new list[Role]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._roles: list[Role] = []
        self._headers = [
            self.tr("Aktør"),
            self.tr("Intern eller ekstern"),
            self.tr("Ansvar: hvad"),
            self.tr("Hvornår"),
        ]

    def side_word(self, external: bool) -> str:
        return self.tr("Ekstern") if external else self.tr("Intern")

    def set_roles(self, roles: Sequence[Role]) -> None:
        if len(roles) == len(self._roles):
            self._roles = list(roles)
            if roles:
                self.dataChanged.emit(self.index(0, 0), self.index(len(roles) - 1, 3))
            return
        self.beginResetModel()
        self._roles = list(roles)
        self.endResetModel()

    def roles(self) -> list[Role]:
        return list(self._roles)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._roles)

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
        if not index.isValid() or not 0 <= index.row() < len(self._roles):
            return None
        item = self._roles[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.EXTERNAL:
                return self.side_word(item.external)
            return str(getattr(item, self.FIELDS[column]))
        if role == Qt.ItemDataRole.EditRole:
            value = getattr(item, self.FIELDS[column])
            return value if column == self.EXTERNAL else str(value)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row, column = index.row(), index.column()
        if not 0 <= row < len(self._roles):
            return False
        field = self.FIELDS[column]
        new: Any = bool(value) if column == self.EXTERNAL else str(value)
        if getattr(self._roles[row], field) == new:
            return False
        roles = list(self._roles)
        roles[row] = roles[row].model_copy(update={field: new})
        self.roles_edited.emit(roles)
        return True


class RoleDelegate(QStyledItemDelegate):
    """A choice of Intern / Ekstern for the actor's side; text editors for the rest."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        model = index.model()
        if index.column() == RoleTableModel.EXTERNAL and isinstance(model, RoleTableModel):
            combo = QComboBox(parent)
            combo.setAccessibleName(self.tr("Intern eller ekstern"))
            combo.addItem(model.side_word(False), False)
            combo.addItem(model.side_word(True), True)
            return combo
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(1 if index.data(Qt.ItemDataRole.EditRole) else 0)
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentIndex() == 1)
        else:
            super().setModelData(editor, model, index)
