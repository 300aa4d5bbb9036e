"""Shared steps for the ladder editor tests (not a test module: no test functions)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from forandring_desktop.model import Ladder
from forandring_desktop.ui.ladder.editor import LadderEditor
from forandring_desktop.ui.ladder.table_model import LadderTableModel
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.ladders import LaddersPage

from .helpers import activate


def open_ladders(window: MainWindow, qtbot: QtBot) -> LaddersPage:
    """The ladders page, shown, in the active window (so keys and focus behave as for a user)."""
    activate(window, qtbot)
    window.show_page("ladders")
    page = window.pages["ladders"]
    assert isinstance(page, LaddersPage)
    return page


def insert_ladder(page: LaddersPage, qtbot: QtBot) -> None:
    """'Ny måltrappe' by keyboard: Ins in the library."""
    page.library.setFocus()
    qtbot.keyClick(page.library, Qt.Key.Key_Insert)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


LadderReader = Callable[[uuid.UUID], Ladder]  # a ladder by id, as it is on disk


def current_ladder_id(editor: LadderEditor) -> uuid.UUID:
    """The id of the ladder the editor shows; the test fails if it shows none."""
    assert editor.ladder is not None
    return editor.ladder.id


def live_texts(ladder: Ladder) -> list[str]:
    return [s.text for s in ladder.live_steps()]


def table_rows(model: LadderTableModel) -> list[tuple[str, str, str, str]]:
    """What the trin-tegn-handling table shows, top row first: (label, step, signs, action)."""
    rows = []
    for row in range(model.rowCount()):
        label = str(model.headerData(row, Qt.Orientation.Vertical))
        cells = [str(model.index(row, c).data()) for c in range(3)]
        rows.append((label, cells[0], cells[1], cells[2]))
    return rows


def staircase_rows(editor: LadderEditor) -> list[tuple[str, str, str]]:
    """What the staircase draws, top step first: (sub-goal, signs, action)."""
    return [(s.text, s.signs, s.action) for s in reversed(editor.staircase.steps())]


def type_in_staircase(editor: LadderEditor, qtbot: QtBot, text: str) -> None:
    """Type a sub-goal on the current step from the staircase: the first key moves to the
    step's field, the rest is typed there; Esc goes back to the staircase."""
    qtbot.keyClick(editor.staircase, text[0])
    assert focused() is editor.step_edits["text"]
    qtbot.keyClicks(focused(), text[1:])
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert focused() is editor.staircase


def edit_cell(editor: LadderEditor, qtbot: QtBot, row: int, column: int, text: str) -> None:
    """Select a cell of the table, type over it and press Enter, as a user does."""
    editor.tabs.setCurrentIndex(1)
    table = editor.table
    table.setFocus()
    table.setCurrentIndex(editor.model.index(row, column))
    qtbot.keyClick(table, text[0])
    editor_widget = focused()
    assert editor_widget is not table  # the cell's editor is open
    qtbot.keyClicks(editor_widget, text[1:])
    qtbot.keyClick(editor_widget, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is table)


def answer_questions(monkeypatch: object, answer: QMessageBox.StandardButton) -> list[str]:
    """Answer every QMessageBox.question with ``answer``; returns the questions asked."""
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)  # type: ignore[attr-defined]
    return asked


def row_of_text(model: LadderTableModel, text: str) -> int:
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == text:
            return row
    raise AssertionError(f"no row {text!r}")
