"""An editable list of short texts on the persona sheet (BAGGRUND, VIGTIGSTE PROBLEMER):
type and press Enter to add, F2 to edit, Del to remove, Alt+arrows to reorder; each change
is handed to a save function as the whole new list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.ui.sheet_helpers import list_action
from forandring_desktop.ui.widgets import ErrorLabel, text_label, use_window_undo


class ItemListEditor(QWidget):
    """One column of the sheet: a heading, the guide's instruction and an editable list.

    Keys in the list: Ins (write a new item), Enter or F2 (edit), Del (remove),
    Alt+Up / Alt+Down (move). ``on_change(items)`` saves a new list and says if it worked.
    """

    def __init__(
        self,
        title: str,
        instruction: str,
        accessible: str,
        on_change: Callable[[list[str]], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_change = on_change
        self._showing = False
        self._pending: list[str] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.heading = text_label(title, bold=True, selectable=False)
        layout.addWidget(self.heading)
        self.instruction = text_label(instruction)
        layout.addWidget(self.instruction)

        self.list = QListWidget(self)
        self.list.setAccessibleName(accessible)
        self.list.setAccessibleDescription(instruction)
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setMinimumHeight(160)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.list.itemChanged.connect(self._item_edited)
        self.heading.setBuddy(self.list)
        layout.addWidget(self.list)

        self.add_edit = QLineEdit(self)
        self.add_edit.setMaxLength(2_000)
        self.add_edit.setAccessibleName(self.tr("Nyt punkt: {what}").format(what=accessible))
        self.add_edit.setPlaceholderText(self.tr("Skriv et nyt punkt og tryk Enter"))
        self.add_edit.returnPressed.connect(self.add_typed)
        use_window_undo(self.add_edit)  # Ctrl+Z takes back the last saved step, as elsewhere
        layout.addWidget(self.add_edit)

        buttons = QHBoxLayout()
        self.add_button = self._button(buttons, self.tr("Tilføj"), self.tr("Tilføj punktet"))
        self.add_button.clicked.connect(self.add_typed)
        self.edit_button = self._button(buttons, self.tr("Ret"), self.tr("Ret punktet (F2)"))
        self.edit_button.clicked.connect(self.edit_current)
        self.remove_button = self._button(buttons, self.tr("Fjern"), self.tr("Fjern punktet (Del)"))
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button = self._button(buttons, self.tr("Op"), self.tr("Flyt punktet op (Alt+Op)"))
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button = self._button(
            buttons, self.tr("Ned"), self.tr("Flyt punktet ned (Alt+Ned)")
        )
        self.down_button.clicked.connect(lambda: self.move_current(1))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)

        # Their texts name the keys in Hjælp ▸ Tastaturgenveje.
        list_action(self.list, [QKeySequence(Qt.Key.Key_Insert)], self.add_edit.setFocus).setText(
            self.tr("Nyt punkt")
        )
        list_action(
            self.list,
            [QKeySequence(Qt.Key.Key_Delete), QKeySequence(Qt.Key.Key_Backspace)],
            self.remove_current,
        ).setText(self.tr("Slet punktet"))
        list_action(
            self.list,
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)],
            self.edit_current,
        ).setText(self.tr("Ret punktet"))
        list_action(self.list, [QKeySequence("Alt+Up")], lambda: self.move_current(-1)).setText(
            self.tr("Flyt punktet op")
        )
        list_action(self.list, [QKeySequence("Alt+Down")], lambda: self.move_current(1)).setText(
            self.tr("Flyt punktet ned")
        )
        self.list.currentRowChanged.connect(self._update_buttons)
        self._update_buttons()

    def _button(self, row: QHBoxLayout, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setMinimumWidth(44)  # five buttons share a column beside another one
        button.setAccessibleName(f"{tip} – {self.list.accessibleName()}")
        button.setToolTip(tip)
        row.addWidget(button)
        return button

    # --- Showing ------------------------------------------------------------------------

    def items(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    def set_items(self, items: Sequence[str]) -> None:
        """Show ``items`` (keeping the current row) unless they are shown already."""
        if self.list.state() == QAbstractItemView.State.EditingState:
            # Not while the item editor is committing; once it has closed.
            self._pending = list(items)
            QTimer.singleShot(0, self._show_pending)
            return
        self._pending = None
        if self.items() == list(items):
            return
        row = self.list.currentRow()
        self._showing = True
        try:
            self.list.clear()
            for text in items:
                item = QListWidgetItem(text)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self.list.addItem(item)
        finally:
            self._showing = False
        if items:
            self.list.setCurrentRow(min(max(row, 0), len(items) - 1))
        self._update_buttons()

    def _show_pending(self) -> None:
        if self._pending is not None:
            self.set_items(self._pending)

    def set_enabled(self, enabled: bool) -> None:
        for widget in (self.list, self.add_edit, self.add_button):
            widget.setEnabled(enabled)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.list.currentRow()
        has = self.list.isEnabled() and 0 <= row < self.list.count()
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)
        self.up_button.setEnabled(has and row > 0)
        self.down_button.setEnabled(has and row < self.list.count() - 1)

    # --- Gestures -----------------------------------------------------------------------

    def add_typed(self) -> None:
        text = self.add_edit.text()
        if not text.strip():
            return
        items = self.items()
        if self._on_change([*items, text]):
            self.add_edit.clear()
            self.list.setCurrentRow(self.list.count() - 1)

    def edit_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.editItem(item)

    def remove_current(self) -> None:
        row = self.list.currentRow()
        items = self.items()
        if not 0 <= row < len(items):
            return
        if self._on_change(items[:row] + items[row + 1 :]) and self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))

    def move_current(self, step: int) -> None:
        row = self.list.currentRow()
        items = self.items()
        target = row + step
        if not (0 <= row < len(items) and 0 <= target < len(items)):
            return
        items[row], items[target] = items[target], items[row]
        if self._on_change(items):
            self.list.setCurrentRow(target)

    def _item_edited(self, _item: QListWidgetItem) -> None:
        if self._showing:
            return
        self._on_change(self.items())
