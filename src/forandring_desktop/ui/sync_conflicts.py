"""Filer ▸ Synkronisering ▸ Konflikter: the values that lost when two laptops changed the
same thing since they last synced; one click restores the other value, or dismisses it.

Restoring goes through the workspace (one service call, one transaction), so the open
pages update from its change set like after any gesture; the restored value is a new
local change that syncs to the other laptops.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import ForandringError
from forandring_desktop.services import sync_conflicts
from forandring_desktop.services.sync_conflicts import ConflictEntry
from forandring_desktop.ui.dates import date_time_text
from forandring_desktop.ui.dialogs import show_error
from forandring_desktop.ui.table_base import HeadedTableModel
from forandring_desktop.ui.workspace import Workspace

Index = QModelIndex | QPersistentModelIndex


class ConflictTableModel(HeadedTableModel):
    """The open conflicts, oldest first: what, the value kept, the value lost, when, where."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers = [
            self.tr("Hvad"),
            self.tr("Beholdt"),
            self.tr("Tabt"),
            self.tr("Tabt værdi skrevet"),
            self.tr("Tabt værdi fra"),
        ]
        self.entries: list[ConflictEntry] = []

    def set_entries(self, entries: list[ConflictEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def _value(self, entry: ConflictEntry, value: Any) -> str:
        if entry.kind == "deleted":
            return self.tr("Ikke slettet") if value is None else self.tr("Slettet")
        if value is None or value == "":
            return self.tr("(tom)")
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.summary
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return entry.summary
        if column == 1:
            return self._value(entry, entry.kept_value)
        if column == 2:
            return self._value(entry, entry.lost_value)
        if column == 3:
            return date_time_text(entry.lost_at.astimezone())
        if column == 4:
            where = self.tr("denne computer") if entry.lost_here else self.tr("en anden computer")
            if entry.lost_by:
                return self.tr("{name} på {where}").format(name=entry.lost_by, where=where)
            return where
        return None


class ConflictsDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle(self.tr("Konflikter fra synkroniseringen"))
        self.resize(900, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Når to computere har ændret det samme, siden de sidst synkroniserede, "
                "beholdes den seneste ændring. Den anden står her: gendan den, eller afvis "
                "den for at beholde det, der står nu."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.empty_label = QLabel(self.tr("Der er ingen konflikter."))
        layout.addWidget(self.empty_label)
        self.model = ConflictTableModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Konflikter"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # The two values share what is left; what, when and where fit their titles.
        header = self.view.horizontalHeader()
        for column, mode in enumerate(
            (
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.Stretch,
                QHeaderView.ResizeMode.Stretch,
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.ResizeToContents,
            )
        ):
            header.setSectionResizeMode(column, mode)
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton(self.tr("&Gendan den tabte værdi"), self)
        self.restore_button.setAccessibleName(self.tr("Gendan den tabte værdi"))
        self.dismiss_button = QPushButton(self.tr("&Afvis (behold det, der står nu)"), self)
        self.dismiss_button.setAccessibleName(self.tr("Afvis konflikten"))
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.dismiss_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.restore_button.clicked.connect(self.restore_selected)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.reload()

    def reload(self) -> None:
        try:
            entries = sync_conflicts.list_conflicts(self.workspace.store)
        except ForandringError as exc:
            show_error(self, exc)
            entries = []
        self.model.set_entries(entries)
        self.empty_label.setVisible(not entries)
        if entries:
            self.view.selectRow(0)
        self._update_buttons()

    def selected(self) -> ConflictEntry | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.entries[rows[0].row()]

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.restore_button.setEnabled(chosen)
        self.dismiss_button.setEnabled(chosen)

    def restore_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        try:
            self.workspace.run(lambda store: sync_conflicts.restore_conflict(store, entry.id))
        except ForandringError as exc:
            show_error(self, exc)
        self.reload()

    def dismiss_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        try:
            sync_conflicts.dismiss_conflict(self.workspace.store, entry.id)
        except ForandringError as exc:
            show_error(self, exc)
        self.reload()
