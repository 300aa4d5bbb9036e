"""The rows of the reports page: the three buttons every printable thing has (Vis…,
Udskriv…, Gem som PDF…), and a worksheet kind with its item picker and blank or filled.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QWidget,
)

from forandring_desktop.reports import SheetKind
from forandring_desktop.services.printing import Choice
from forandring_desktop.ui.pages.report_jobs import blank_job, filled_job
from forandring_desktop.ui.printing import PrintJob
from forandring_desktop.ui.widgets import text_label

if TYPE_CHECKING:
    from forandring_desktop.ui.pages.reports import ReportsPage


def _buddy(text: str, field: QWidget, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setBuddy(field)
    return label


class _Actions(QWidget):
    """The three buttons every printable thing has: Vis…, Udskriv…, Gem som PDF…."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.show_button = self._button(self.tr("Vis…"), what)
        self.print_button = self._button(self.tr("Udskriv…"), what)
        self.save_button = self._button(self.tr("Gem som PDF…"), what)
        for button in (self.show_button, self.print_button, self.save_button):
            layout.addWidget(button)

    def _button(self, text: str, what: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(f"{what}: {text.rstrip('…')}")
        return button


class SheetRow(QObject):
    """One worksheet kind on the page: item picker, blank or filled, and the actions."""

    def __init__(self, sheet: SheetKind, page: ReportsPage, grid: QGridLayout, row: int) -> None:
        super().__init__(page)
        self.sheet = sheet
        self.page = page
        parent = grid.parentWidget()
        label = text_label(sheet.label, bold=True, selectable=False)
        grid.addWidget(label, row, 0)

        self.items = QComboBox(parent)
        self.items.setAccessibleName(self.tr("{sheet}: vælg").format(sheet=sheet.label))
        self.items.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        if sheet.item is None:
            self.items.hide()
        else:
            grid.addWidget(self.items, row, 1)

        choice = QWidget(parent)
        choice_layout = QHBoxLayout(choice)
        choice_layout.setContentsMargins(0, 0, 0, 0)
        self.blank = QRadioButton(self.tr("Blankt"), choice)
        self.blank.setAccessibleName(self.tr("{sheet}: blankt").format(sheet=sheet.label))
        self.filled = QRadioButton(self.tr("Udfyldt"), choice)
        self.filled.setAccessibleName(self.tr("{sheet}: udfyldt").format(sheet=sheet.label))
        self.group = QButtonGroup(self)
        self.group.addButton(self.blank)
        self.group.addButton(self.filled)
        choice_layout.addWidget(self.blank)
        choice_layout.addWidget(self.filled)
        grid.addWidget(choice, row, 2)
        self.blank.setEnabled(sheet.has_blank)
        (self.blank if sheet.has_blank else self.filled).setChecked(True)
        self.items.activated.connect(lambda _index: self.filled.setChecked(True))

        self.actions = _Actions(sheet.label, parent)
        grid.addWidget(self.actions, row, 3)
        self.actions.show_button.clicked.connect(lambda: page.preview(self.job()))
        self.actions.print_button.clicked.connect(lambda: page.print_job(self.job()))
        self.actions.save_button.clicked.connect(lambda: page.save_job(self.job()))

    def set_choices(self, found: Sequence[Choice], default: uuid.UUID | None = None) -> None:
        """Fill the picker, keeping the item picked (else ``default``, e.g. the chosen
        mission draft)."""
        if self.sheet.item is None:
            return
        current = self.items.currentData() or default
        self.items.blockSignals(True)
        self.items.clear()
        for choice in found:
            self.items.addItem(choice.name, choice.id)
        if not found:
            self.items.addItem(self.tr("(ingen endnu)"), None)
        index = self.items.findData(current)
        self.items.setCurrentIndex(max(index, 0))
        self.items.blockSignals(False)
        can_fill = bool(found)
        self.filled.setEnabled(can_fill)
        if not can_fill and self.filled.isChecked():
            self.blank.setChecked(True)
        self.items.setEnabled(can_fill)  # picking an item chooses "Udfyldt"

    def chosen(self) -> Choice | None:
        item_id = self.items.currentData()
        if self.sheet.item is None or item_id is None:
            return None
        return Choice(item_id, self.items.currentText())

    def job(self) -> PrintJob:
        if self.blank.isChecked():
            return blank_job(self.sheet, self.page.document)
        return filled_job(self.page.workspace.store, self.sheet, self.chosen())
