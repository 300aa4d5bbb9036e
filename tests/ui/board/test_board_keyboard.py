"""Everything on the board without a mouse: focus moves between post-its, keys create, edit,
sort, move, pair, select, delete, zoom and start the projector. No mouse event is sent in
this file. What the keys did is checked on disk after closing and reopening the file."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from forandring_desktop.model import Colour, Side
from forandring_desktop.model.board import ROW, TOP, lane
from forandring_desktop.storage import Store
from forandring_desktop.ui.board.style import PROJECTOR_TEXT_SCALE
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.door import DoorSheetsPage
from tests.ui.test_board_helpers import (
    ALT,
    CTRL,
    SHIFT,
    Fixture,
    item,
    key,
    notes_on_reopening,
    stored,
    stored_by_text,
)

Reader = Callable[..., Store]
K = Qt.Key


def current_text(page: DoorSheetsPage) -> str:
    current = page.board.scene.current_item()
    assert current is not None
    return current.note.text


def test_focus_moves_between_notes(page: DoorSheetsPage, qtbot: QtBot) -> None:
    board = page.board
    assert board.scene.current_id is None
    key(qtbot, board, K.Key_Tab)  # reading order: lane by lane from the left
    assert current_text(page) == "Umotiveret"
    key(qtbot, board, K.Key_Tab)
    assert current_text(page) == "Ustabilt fremmøde"
    key(qtbot, board, K.Key_Right)  # across the door, at the same height
    assert current_text(page) == "Stabilt fremmøde"
    key(qtbot, board, K.Key_Right)
    assert current_text(page) == "Motiveret"
    key(qtbot, board, K.Key_Backtab)
    assert current_text(page) == "Stabilt fremmøde"
    key(qtbot, board, K.Key_Home)
    assert current_text(page) == "Umotiveret"
    key(qtbot, board, K.Key_End)
    assert current_text(page) == "Motiveret"
    assert [i.note.text for i in board.scene.selected_notes()] == ["Motiveret"]
    # The focused note is described in words for the status line and screen readers.
    assert "Gul" in board.status.text()
    assert "ud af døren" in board.status.text()
    assert "Motiveret" in board.view.accessibleDescription()


def test_tab_past_the_last_note_leaves_the_board(page: DoorSheetsPage, qtbot: QtBot) -> None:
    board = page.board
    key(qtbot, board, K.Key_End)
    key(qtbot, board, K.Key_Tab)
    assert not board.view.hasFocus()


def test_everything_by_keyboard(
    page: DoorSheetsPage,
    window: MainWindow,
    qtbot: QtBot,
    fixture: Fixture,
    open_store: Reader,
    passphrase: str,
) -> None:
    board = page.board
    steps = window.undo_stack

    # Create: N writes a new note in the focused note's lane, below it.
    key(qtbot, board, K.Key_Tab)
    assert current_text(page) == "Umotiveret"
    key(qtbot, board, K.Key_N)
    assert board.scene.editing
    qtbot.keyClicks(board.view, "Har ingen struktur")
    key(qtbot, board, K.Key_Return)
    new = stored_by_text(open_store, fixture)["Har ingen struktur"]
    assert (new.side, new.colour, new.y) == (Side.IN, Colour.UNSORTED, TOP + ROW)
    assert board.scene.current_id == new.id
    assert steps.count() == 1

    # Sort: 2 is yellow.
    key(qtbot, board, K.Key_2)
    note = stored(open_store, fixture)[new.id]
    assert (note.colour, note.x) == (Colour.YELLOW, lane(Side.IN, Colour.YELLOW).note_x)

    # Edit: Enter opens the text, Enter keeps it.
    key(qtbot, board, K.Key_Return)
    assert board.scene.editing
    key(qtbot, board, K.Key_End)
    qtbot.keyClicks(board.view, " i hverdagen")
    key(qtbot, board, K.Key_Return)
    assert stored(open_store, fixture)[new.id].text == "Har ingen struktur i hverdagen"

    # Across the door: S keeps the colour and mirrors the lane.
    key(qtbot, board, K.Key_S)
    note = stored(open_store, fixture)[new.id]
    assert (note.side, note.colour) == (Side.OUT, Colour.YELLOW)
    assert steps.count() == 4

    # Pair: P on an in-note, the nearest out-note gets the focus, arrows choose, Enter pairs.
    key(qtbot, board, K.Key_Home)
    assert current_text(page) == "Umotiveret"
    key(qtbot, board, K.Key_P)
    assert board.scene.pairing_source == fixture.ids["Umotiveret"]
    assert current_text(page) == "Stabilt fremmøde"
    key(qtbot, board, K.Key_Right)
    assert current_text(page) == "Motiveret"
    key(qtbot, board, K.Key_Return)
    assert board.scene.pairing_source is None
    notes = stored(open_store, fixture)
    assert notes[fixture.ids["Umotiveret"]].pair_id == fixture.ids["Motiveret"]
    assert steps.count() == 5

    # Esc leaves pairing without a change.
    key(qtbot, board, K.Key_P)
    assert board.scene.pairing_source is not None
    key(qtbot, board, K.Key_Escape)
    assert board.scene.pairing_source is None
    assert steps.count() == 5

    # Move: Ctrl+arrow moves a lane (and sorts), Alt+arrow nudges (one step while held).
    key(qtbot, board, K.Key_Home)
    key(qtbot, board, K.Key_Right, CTRL)
    moved = stored(open_store, fixture)[fixture.ids["Umotiveret"]]
    assert (moved.side, moved.colour) == (Side.IN, Colour.RED)
    assert moved.pair_id == fixture.ids["Motiveret"]  # same side: the pair stays
    before = moved.y
    for _ in range(3):
        key(qtbot, board, K.Key_Down, ALT)
    assert stored(open_store, fixture)[moved.id].y == before + 30
    assert steps.count() == 7  # three nudges, one step

    # Resize: Alt+Shift+arrows, also one step.
    key(qtbot, board, K.Key_Right, ALT | SHIFT)
    key(qtbot, board, K.Key_Right, ALT | SHIFT)
    key(qtbot, board, K.Key_Down, ALT | SHIFT)
    resized = stored(open_store, fixture)[moved.id]
    assert (resized.width, resized.height) == (200, 120)
    assert steps.count() == 8

    # Select several (Shift+arrow) and delete them.
    key(qtbot, board, K.Key_End)
    assert current_text(page) == "Har ingen struktur i hverdagen"
    key(qtbot, board, K.Key_Up, SHIFT)
    assert {i.note.text for i in board.scene.selected_notes()} == {
        "Har ingen struktur i hverdagen",
        "Motiveret",
    }
    key(qtbot, board, K.Key_Delete)
    notes = stored_by_text(open_store, fixture)
    assert notes["Har ingen struktur i hverdagen"].deleted_at is not None
    assert notes["Motiveret"].deleted_at is not None
    assert notes["Umotiveret"].pair_id is None
    assert board.scene.current_item() is not None  # the focus went on to a neighbour

    # Undo and redo with the window's keys.
    key(qtbot, board, K.Key_Z, CTRL)
    notes = stored_by_text(open_store, fixture)
    assert notes["Motiveret"].deleted_at is None
    assert notes["Umotiveret"].pair_id == fixture.ids["Motiveret"]
    key(qtbot, board, K.Key_Z, CTRL | SHIFT)
    assert stored_by_text(open_store, fixture)["Motiveret"].deleted_at is not None

    # Space adds and removes the focused note from the selection; Ctrl+A selects all.
    key(qtbot, board, K.Key_Home)
    key(qtbot, board, K.Key_Space)
    assert not item(board, fixture.ids["Umotiveret"]).isSelected()
    key(qtbot, board, K.Key_A, CTRL)
    assert len(board.scene.selected_notes()) == len(board.scene.note_items) == 3
    key(qtbot, board, K.Key_Escape)
    assert board.scene.selected_notes() == []

    window.close()
    notes = {n.text: n for n in notes_on_reopening(fixture, passphrase)}
    umotiveret = notes["Umotiveret"]
    assert (umotiveret.side, umotiveret.colour, umotiveret.pair_id) == (Side.IN, Colour.RED, None)
    assert (umotiveret.width, umotiveret.height, umotiveret.y) == (200, 120, before + 30)
    assert notes["Har ingen struktur i hverdagen"].deleted_at is not None
    assert notes["Ustabilt fremmøde"].pair_id == fixture.ids["Stabilt fremmøde"]


def test_context_menu_by_keyboard(page: DoorSheetsPage, qtbot: QtBot, fixture: Fixture) -> None:
    board = page.board
    key(qtbot, board, K.Key_Tab)
    current = board.scene.current_item()
    assert current is not None
    menu = board.build_context_menu(fixture.ids["Umotiveret"], current.pos())
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[:5] == ["Skriv", "Grøn", "Gul", "Rød", "Usorteret"]
    assert [a.text() for a in menu.actions() if a.isChecked()] == ["Usorteret"]  # its colour
    shortcuts = {a.text(): a.shortcut().toString() for a in menu.actions()}
    assert shortcuts["Grøn"] == "1"
    assert shortcuts["Anden side"] == "S"
    assert shortcuts["Slet"] != ""


def test_zoom_fit_help_and_projector(
    page: DoorSheetsPage, window: MainWindow, qtbot: QtBot
) -> None:
    board = page.board
    view = board.view
    start = view.zoom()
    key(qtbot, board, K.Key_Plus)
    assert view.zoom() == pytest.approx(start * 1.2)
    key(qtbot, board, K.Key_Minus)
    key(qtbot, board, K.Key_Minus)
    assert view.zoom() == pytest.approx(start / 1.2)
    assert board.zoom_label.text() == f"{round(view.zoom() * 100)} %"
    key(qtbot, board, K.Key_0, CTRL)
    content = board.scene.content_rect()
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(content.adjusted(2, 2, -2, -2))

    qtbot.keyClick(view, "?")  # F1 is the guide; "?" the board's own list
    assert view.help.isVisible()
    key(qtbot, board, K.Key_Escape)
    assert not view.help.isVisible()

    key(qtbot, board, K.Key_F11)
    projector = board.projector
    assert projector is not None
    qtbot.waitUntil(projector.isVisible)
    assert projector.isFullScreen()
    assert board.scene.text_scale == PROJECTOR_TEXT_SCALE
    qtbot.waitUntil(projector.view.hasFocus)
    key(qtbot, board, K.Key_Tab)  # the keys work in the projector window too
    qtbot.keyClick(projector.view, K.Key_3)
    current = board.scene.current_item()
    assert current is not None
    assert current.note.colour is Colour.RED
    qtbot.keyClick(projector.view, K.Key_Escape)
    assert board.projector is None
    assert board.scene.text_scale == 1.0
    assert not board.projector_action.isChecked()
    QApplication.processEvents()
    assert window.undo_stack.count() == 1
