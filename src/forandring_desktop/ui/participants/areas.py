"""The organisation's main areas (hovedområder): what a follow-up may score -5..+5."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from forandring_desktop.model import InvalidDataError, Organisation
from forandring_desktop.model.mission import DEFAULT_MAIN_AREAS
from forandring_desktop.ui.widgets import explained_layout


class MainAreasDialog(QDialog):
    """Edit the list in place: F2 renames, Insert adds, Delete removes, Alt+Up/Down moves."""

    def __init__(self, organisation: Organisation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.organisation = organisation
        self.setWindowTitle(self.tr("Hovedområder"))
        layout = explained_layout(
            self,
            self.tr(
                "Ved hver opfølgning kan I give en score fra -5 (tilbageskridt) over 0 "
                "(status quo) til +5 (mål nået) for hvert hovedområde. Et nyt navn "
                "gælder fremover; scorer, der allerede er givet, beholder det gamle navn."
            ),
        )
        grid = QGridLayout()
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Hovedområder"))
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        for area in organisation.main_areas:
            self._add_item(area)
        grid.addWidget(self.list, 0, 0, 5, 1)
        self.add_button = QPushButton(self.tr("&Tilføj"), self)
        self.add_button.clicked.connect(self.add_area)
        self.remove_button = QPushButton(self.tr("&Fjern"), self)
        self.remove_button.clicked.connect(self.remove_area)
        self.up_button = QPushButton(self.tr("Flyt &op"), self)
        self.up_button.clicked.connect(lambda: self.move_area(-1))
        self.down_button = QPushButton(self.tr("Flyt &ned"), self)
        self.down_button.clicked.connect(lambda: self.move_area(1))
        self.default_button = QPushButton(self.tr("&Standardområder"), self)
        self.default_button.setToolTip(self.tr("Socialt, Helbred og Beskæftigelse"))
        self.default_button.clicked.connect(lambda: self.set_areas(DEFAULT_MAIN_AREAS))
        for row, button in enumerate(
            (
                self.add_button,
                self.remove_button,
                self.up_button,
                self.down_button,
                self.default_button,
            )
        ):
            grid.addWidget(button, row, 1)
        layout.addLayout(grid)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #a00000")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.list.setCurrentRow(0)

    def _add_item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text, self.list)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def areas(self) -> list[str]:
        return [self.list.item(row).text().strip() for row in range(self.list.count())]

    def set_areas(self, areas: Sequence[str]) -> None:
        self.list.clear()
        for area in areas:
            self._add_item(area)
        self.list.setCurrentRow(0)

    def add_area(self) -> None:
        item = self._add_item(self.tr("Nyt hovedområde"))
        self.list.setCurrentItem(item)
        self.list.editItem(item)

    def remove_area(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)

    def move_area(self, delta: int) -> None:
        row = self.list.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if event.key() == Qt.Key.Key_Insert:
            self.add_area()
        elif event.key() == Qt.Key.Key_Delete and self.list.hasFocus():
            self.remove_area()
        elif alt and event.key() == Qt.Key.Key_Up:
            self.move_area(-1)
        elif alt and event.key() == Qt.Key.Key_Down:
            self.move_area(1)
        else:
            super().keyPressEvent(event)

    def result_organisation(self) -> Organisation:
        return self.organisation.changed(main_areas=[a for a in self.areas() if a])

    def accept(self) -> None:
        try:
            self.result_organisation()
        except InvalidDataError as exc:
            self.error_label.setText(
                "\n".join(problem.message for problem in exc.problems) or str(exc)
            )
            self.error_label.show()
            return
        super().accept()
