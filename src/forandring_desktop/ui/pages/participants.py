"""Participants, pseudonymous: codes only, never names."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.ui.models import SORT_ROLE, ParticipantTableModel
from forandring_desktop.ui.pages.base import Page
from forandring_desktop.ui.widgets import heading, text_label
from forandring_desktop.ui.workspace import Workspace


class ParticipantsPage(Page):
    shows = frozenset({"Participant", "FollowUp", "TargetGroup"})

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Deltagere")))
        layout.addWidget(
            text_label(
                self.tr(
                    "Deltagerne vises kun med deres kode. Navne står i den krypterede fil, "
                    "men vises ikke i listen."
                )
            )
        )
        self.note = text_label(
            self.tr("Registrering af deltagere og opfølgninger kommer i næste version.")
        )
        layout.addWidget(self.note)

        self.search = QLineEdit(self)
        self.search.setAccessibleName(self.tr("Søg på kode"))
        self.search.setPlaceholderText(self.tr("Skriv en del af koden"))
        self.search.setClearButtonEnabled(True)
        form = QFormLayout()
        form.addRow(self.tr("&Søg på kode:"), self.search)
        layout.addLayout(form)

        self.model = ParticipantTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(ParticipantTableModel.CODE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.search.textChanged.connect(self._update_count)

        self.table = QTableView(self)
        self.table.setAccessibleName(self.tr("Deltagere"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ParticipantTableModel.CODE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(
            ParticipantTableModel.TARGET_GROUP, QHeaderView.ResizeMode.Stretch
        )
        layout.addWidget(self.table, 1)

        self.count_label = text_label()
        layout.addWidget(self.count_label)

    def refresh(self, doc: OrganisationDocument) -> None:
        self.model.set_document(doc)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            text = self.tr("{n} deltagere").format(n=total)
        else:
            text = self.tr("{shown} af {n} deltagere").format(shown=shown, n=total)
        self.count_label.setText(text)
