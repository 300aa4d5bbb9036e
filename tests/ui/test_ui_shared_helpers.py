"""The small shared UI helpers: explained boxes, OK/Cancel, filter fields, headed tables,
showing a problem and waiting in a dialog."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from forandring_desktop.model import ForandringError
from forandring_desktop.ui.dialogs import show_problem, wait_in_dialog
from forandring_desktop.ui.table_base import HeadedTableModel, Index
from forandring_desktop.ui.widgets import (
    ErrorLabel,
    explained_box,
    explained_layout,
    filter_combo,
    ok_cancel_buttons,
    search_field,
)


def test_explained_layout_opens_with_the_explanation(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    layout = explained_layout(host, "Hvad det er til")
    item = layout.itemAt(0)
    assert item is not None
    label = item.widget()
    assert isinstance(label, QLabel)
    assert label.text() == "Hvad det er til"
    assert label.textFormat() == Qt.TextFormat.PlainText


def test_explained_box_has_title_parent_and_explanation(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    box, layout = explained_box("Titel", "Forklaring", parent)
    assert box.title() == "Titel"
    assert box.parent() is parent
    assert box.layout() is layout
    item = layout.itemAt(0)
    assert item is not None
    label = item.widget()
    assert isinstance(label, QLabel)
    assert label.text() == "Forklaring"


def test_ok_cancel_buttons_name_and_wire_the_buttons(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    buttons, ok, cancel = ok_cancel_buttons(dialog)
    assert ok is buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert cancel is buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert ok.accessibleName() == ok.text()
    assert cancel.accessibleName() == cancel.text()
    dialog.show()
    ok.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    dialog.show()
    cancel.click()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_search_field_calls_typed_and_entered(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    calls: list[str] = []
    field = search_field(
        parent,
        "Søg",
        "Del af koden",
        typed=lambda: calls.append("typed"),
        entered=lambda: calls.append("entered"),
    )
    assert field.accessibleName() == "Søg"
    assert field.placeholderText() == "Del af koden"
    assert field.isClearButtonEnabled()
    field.setText("IG")
    assert calls == ["typed"]
    field.returnPressed.emit()
    assert calls == ["typed", "entered"]


def test_filter_combo_does_not_filter_while_it_is_filled(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    calls: list[int] = []
    combo = filter_combo(
        parent, "Status", lambda: calls.append(1), [("Alle", None), ("Aktive", "active")]
    )
    assert combo.accessibleName() == "Status"
    assert [combo.itemText(i) for i in range(combo.count())] == ["Alle", "Aktive"]
    assert combo.itemData(1) == "active"
    assert calls == []
    combo.setCurrentIndex(1)
    assert calls == [1]


class _Two(HeadedTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._headers = ["A", "B"]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0


def test_headed_table_model_headers_and_columns() -> None:
    model = _Two()
    assert model.columnCount() == 2
    assert model.headerData(0, Qt.Orientation.Horizontal) == "A"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "B"
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None


def test_show_problem_enables_ok_and_speaks_only_once_started(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    ok = QPushButton("OK", parent)
    errors = ErrorLabel(parent)
    show_problem(ok, errors, "For kort", started=False)
    assert not ok.isEnabled()
    assert errors.message() == ""
    show_problem(ok, errors, "For kort", started=True)
    assert errors.message() == "For kort"
    show_problem(ok, errors, None, started=True)
    assert ok.isEnabled()
    assert errors.message() == ""


def test_wait_in_dialog_returns_the_result_or_shows_the_error(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    errors = ErrorLabel(dialog)
    assert wait_in_dialog(dialog, lambda: 42, text="Arbejder …", errors=errors) == (True, 42)

    def fail() -> object:
        raise ForandringError("Det gik galt.")

    assert wait_in_dialog(dialog, fail, text="Arbejder …", errors=errors) == (False, None)
    assert errors.message() == "Det gik galt."
