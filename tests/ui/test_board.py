"""The post-it board driven with the mouse through its real widgets: create, edit, drag
across the door, sort by drag, key and context menu, pair, rubber-band select and delete,
resize. After each gesture, its undo and its redo, what is on disk is read back through a
newly opened Store (as if the file were reopened)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from forandring_desktop.model import Colour, Side
from forandring_desktop.model.board import NOTE_HEIGHT, TOP, lane
from forandring_desktop.services.door import get_door_sheet
from forandring_desktop.services.files import open_organisation
from forandring_desktop.storage import Store
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.door import DoorSheetsPage

from .test_board_helpers import (
    CTRL,
    LEFT,
    NO,
    Fixture,
    centre,
    double_click,
    drag,
    item,
    key,
    make_board_file,
    open_door_page,
    stored,
    stored_by_text,
    viewport_point,
)

Reader = Callable[..., Store]


@pytest.fixture
def fixture(tmp_path: Path, passphrase: str) -> Fixture:
    return make_board_file(tmp_path / "tavle.forandring", passphrase)


@pytest.fixture
def window(make_window: Callable[..., MainWindow], fixture: Fixture) -> MainWindow:
    return make_window(fixture.path)


@pytest.fixture
def page(window: MainWindow, qtbot: QtBot) -> DoorSheetsPage:
    return open_door_page(window, qtbot)


def click(page: DoorSheetsPage, point: QPoint, modifier: Qt.KeyboardModifier = NO) -> None:
    QTest.mouseClick(page.board.view.viewport(), LEFT, modifier, point)


def test_the_board_shows_the_sheet_like_the_guide(page: DoorSheetsPage, fixture: Fixture) -> None:
    board = page.board
    assert page.sheet_list.count() == 2
    assert "Persona: Natasha" in page.sheet_title.text()
    assert board.scene.header == "NAVN: Natasha      KØN: Kvinde      ALDER: 23"
    assert {i.note.text for i in board.scene.note_items.values()} == set(fixture.ids)
    # The pair is drawn as a connector and numbered on both notes.
    [link] = board.scene.links.values()
    assert link.source is item(board, fixture.ids["Ustabilt fremmøde"])
    assert link.target is item(board, fixture.ids["Stabilt fremmøde"])
    assert item(board, fixture.ids["Ustabilt fremmøde"]).pair_number == 1
    assert item(board, fixture.ids["Stabilt fremmøde"]).pair_number == 1
    # Colour is never the only signal: the word (and the guide's meaning) is there too.
    QTest.mouseMove(board.view.viewport(), centre(board, fixture.ids["Motiveret"]))
    tip = item(board, fixture.ids["Motiveret"]).toolTip()  # written when hovered
    assert "Gul (Forandringer, I kan sætte i gang" in tip
    assert "ud af døren" in tip
    legend = board.legend.findChildren(type(board.status))
    texts = [label.text() for label in legend]
    assert "Grøn" in texts
    assert "Forandringer, det er realistisk for jer at skabe selv." in texts
    for colour in Colour:
        assert board.colour_actions[colour].icon().isNull() is False


def test_double_click_creates_a_note_and_undo_redo(
    page: DoorSheetsPage, window: MainWindow, qtbot: QtBot, fixture: Fixture, open_store: Reader
) -> None:
    board = page.board
    target = lane(Side.OUT, Colour.YELLOW)
    spot = QPointF(target.left + 110, TOP + 300)
    double_click(board, viewport_point(board, spot))
    assert board.scene.editing
    qtbot.keyClicks(board.view, "Har et arbejde")
    key(qtbot, board, Qt.Key.Key_Return)
    assert not board.scene.editing

    new = stored_by_text(open_store, fixture)["Har et arbejde"]
    assert (new.side, new.colour, new.deleted_at) == (Side.OUT, Colour.YELLOW, None)
    assert new.x == target.note_x
    assert new.y == pytest.approx(spot.y() - NOTE_HEIGHT / 2, abs=3)
    assert window.undo_stack.count() == 1
    assert board.scene.current_id == new.id  # the new note has the focus

    window.undo_action.trigger()
    assert stored(open_store, fixture)[new.id].deleted_at is not None
    assert new.id not in board.scene.note_items
    window.redo_action.trigger()
    assert stored(open_store, fixture)[new.id].deleted_at is None
    assert item(board, new.id).note.text == "Har et arbejde"


def test_an_empty_new_note_is_not_created(
    page: DoorSheetsPage, window: MainWindow, qtbot: QtBot, fixture: Fixture, open_store: Reader
) -> None:
    board = page.board
    spot = QPointF(lane(Side.IN, Colour.RED).left + 100, TOP + 500)
    double_click(board, viewport_point(board, spot))
    assert board.scene.editing
    key(qtbot, board, Qt.Key.Key_Return)
    assert not board.scene.editing
    assert window.undo_stack.count() == 0
    assert len(stored(open_store, fixture)) == 4
    assert "tom" in board.status.text()


def test_edit_in_place_is_one_step_and_escape_cancels(
    page: DoorSheetsPage, window: MainWindow, qtbot: QtBot, fixture: Fixture, open_store: Reader
) -> None:
    board = page.board
    note_id = fixture.ids["Umotiveret"]
    double_click(board, centre(board, note_id))
    editor = board.scene.editor
    assert editor is not None
    assert editor.text() == "Umotiveret"
    key(qtbot, board, Qt.Key.Key_A, CTRL)  # select all, in the editor (not all notes)
    qtbot.keyClicks(board.view, "Ikke motiveret for noget")
    key(qtbot, board, Qt.Key.Key_Return)

    assert stored(open_store, fixture)[note_id].text == "Ikke motiveret for noget"
    assert window.undo_stack.count() == 1  # 24 keystrokes, one step

    key(qtbot, board, Qt.Key.Key_F2)  # the note still has the focus
    assert board.scene.editor is not None
    qtbot.keyClicks(board.view, " xyz")
    key(qtbot, board, Qt.Key.Key_Escape)
    assert not board.scene.editing
    assert stored(open_store, fixture)[note_id].text == "Ikke motiveret for noget"
    assert item(board, note_id).note.text == "Ikke motiveret for noget"
    assert window.undo_stack.count() == 1

    window.undo_action.trigger()
    assert stored(open_store, fixture)[note_id].text == "Umotiveret"
    assert item(board, note_id).note.text == "Umotiveret"
    window.redo_action.trigger()
    assert stored(open_store, fixture)[note_id].text == "Ikke motiveret for noget"


def test_a_refused_text_keeps_what_was_typed(
    page: DoorSheetsPage, window: MainWindow, qtbot: QtBot, fixture: Fixture, open_store: Reader
) -> None:
    board = page.board
    note_id = fixture.ids["Motiveret"]
    double_click(board, centre(board, note_id))
    editor = board.scene.editor
    assert editor is not None
    editor.textCursor().insertText(" \x07")  # a control character, e.g. pasted
    key(qtbot, board, Qt.Key.Key_Return)
    assert "ugyldigt kontroltegn" in board.error_label.text()
    assert board.scene.editor is not None  # open again, with what was typed
    assert board.scene.editor.text() == "Motiveret \x07"
    assert stored(open_store, fixture)[note_id].text == "Motiveret"
    assert window.undo_stack.count() == 0
    key(qtbot, board, Qt.Key.Key_Backspace)
    key(qtbot, board, Qt.Key.Key_Return)
    assert stored(open_store, fixture)[note_id].text == "Motiveret"  # trailing space dropped
    assert window.undo_stack.count() == 0
    assert not board.error_label.isVisibleTo(board)


def test_clicking_elsewhere_keeps_what_was_written(
    page: DoorSheetsPage, qtbot: QtBot, fixture: Fixture, open_store: Reader
) -> None:
    board = page.board
    note_id = fixture.ids["Motiveret"]
    double_click(board, centre(board, note_id))
    qtbot.keyClicks(board.view, " til at lære")
    click(page, viewport_point(board, QPointF(lane(Side.IN, Colour.RED).left + 100, TOP + 600)))
    assert not board.scene.editing
    assert stored(open_store, fixture)[note_id].text == "Motiveret til at lære"


def test_drag_across_the_door_drops_the_pair(
    page: DoorSheetsPage, window: MainWindow, fixture: Fixture, open_store: Reader
) -> None:
    board = page.board
    in_id, out_id = fixture.ids["Ustabilt fremmøde"], fixture.ids["Stabilt fremmøde"]
    before = stored(open_store, fixture)[in_id]
    target = lane(Side.OUT, Colour.RED)
    drop = QPointF(target.left + 110, TOP + 400)
    drag(board, centre(board, in_id), viewport_point(board, drop))

    moved = stored(open_store, fixture)[in_id]
    assert (moved.side, moved.colour, moved.pair_id) == (Side.OUT, Colour.RED, None)
    assert moved.x + moved.width / 2 == pytest.approx(drop.x(), abs=4)
    assert moved.y + moved.height / 2 == pytest.approx(drop.y(), abs=4)
    assert not board.scene.links  # the connector is gone with the pair
    assert window.undo_stack.count() == 1

    window.undo_action.trigger()
    back = stored(open_store, fixture)[in_id]
    assert (back.side, back.colour, back.pair_id) == (Side.IN, Colour.GREEN, out_id)
    assert (back.x, back.y) == (before.x, before.y)
    assert len(board.scene.links) == 1
    assert item(board, in_id).pos() == QPointF(before.x, before.y)

    window.redo_action.trigger()
    again = stored(open_store, fixture)[in_id]
    assert (again.side, again.colour, again.pair_id) == (Side.OUT, Colour.RED, None)
    assert (again.x, again.y) == (moved.x, moved.y)


def test_drag_into_a_colour_lane_sorts_the_note(
    page: DoorSheetsPage, window: MainWindow, fixture: Fixture, open_store: Reader
) -> None:
    board = page.board
    note_id = fixture.ids["Umotiveret"]
    red = lane(Side.IN, Colour.RED)
    # Let go across the border of the red lane: it slides into the lane under its centre.
    drop = QPointF(red.left + 60, TOP + 250)
    drag(board, centre(board, note_id), viewport_point(board, drop))
    note = stored(open_store, fixture)[note_id]
    assert (note.side, note.colour) == (Side.IN, Colour.RED)
    assert red.left <= note.x
    assert note.x + note.width <= red.right

    window.undo_action.trigger()
    assert stored(open_store, fixture)[note_id].colour is Colour.UNSORTED
    window.redo_action.trigger()
    assert stored(open_store, fixture)[note_id].colour is Colour.RED


def test_a_click_with_a_shaky_hand_moves_nothing(
    page: DoorSheetsPage, window: MainWindow, fixture: Fixture
) -> None:
    board = page.board
    start = centre(board, fixture.ids["Motiveret"])
    drag(board, start, start + QPoint(2, 1), steps=2)
    assert window.undo_stack.count() == 0
    assert item(board, fixture.ids["Motiveret"]).isSelected()


def test_dragging_many_selected_notes_is_one_step(
    page: DoorSheetsPage, window: MainWindow, fixture: Fixture, open_store: Reader
) -> None:
    board = page.board
    a, b = fixture.ids["Stabilt fremmøde"], fixture.ids["Motiveret"]
    click(page, centre(board, a))
    click(page, centre(board, b), CTRL)
    assert {i.note_id for i in board.scene.selected_notes()} == {a, b}
    before = stored(open_store, fixture)
    drag(board, centre(board, b), centre(board, b) + QPoint(0, 120))

    after = stored(open_store, fixture)
    dy = after[b].y - before[b].y
    assert dy > 100
    assert after[a].y - before[a].y == pytest.approx(dy)
    assert window.undo_stack.count() == 1
    window.undo_action.trigger()
    undone = stored(open_store, fixture)
    assert (undone[a].y, undone[b].y) == (before[a].y, before[b].y)


def test_recolour_by_keys(
    page: DoorSheetsPage, window: MainWindow, qtbot: QtBot, fixture: Fixture, open_store: Reader
) -> None:
    board = page.board
    note_id = fixture.ids["Umotiveret"]
    click(page, centre(board, note_id))
    key(qtbot, board, Qt.Key.Key_3)
    note = stored(open_store, fixture)[note_id]
    red = lane(Side.IN, Colour.RED)
    assert (note.side, note.colour, note.x) == (Side.IN, Colour.RED, red.note_x)
    key(qtbot, board, Qt.Key.Key_1)
    note = stored(open_store, fixture)[note_id]
    assert (note.colour, note.x) == (Colour.GREEN, lane(Side.IN, Colour.GREEN).note_x)
    assert note.y > TOP  # below the green note already there
    assert item(board, note_id).isSelected()  # it is still the one being sorted
    assert window.undo_stack.count() == 2

    window.undo_action.trigger()
    assert stored(open_store, fixture)[note_id].colour is Colour.RED
    window.undo_action.trigger()
    assert stored(open_store, fixture)[note_id].colour is Colour.UNSORTED
    window.redo_action.trigger()
    assert stored(open_store, fixture)[note_id].colour is Colour.RED


def test_recolour_many_by_context_menu(
    page: DoorSheetsPage, window: MainWindow, fixture: Fixture, open_store: Reader
) -> None:
    board = page.board
    a, b = fixture.ids["Umotiveret"], fixture.ids["Motiveret"]
    click(page, centre(board, a))
    click(page, centre(board, b), CTRL)
    menu = board.build_context_menu(b, QPointF())
    actions = {action.text(): action for action in menu.actions()}
    assert "Gul (nu)" in actions  # the note right-clicked is yellow already
    actions["Rød"].trigger()

    notes = stored(open_store, fixture)
    assert (notes[a].side, notes[a].colour) == (Side.IN, Colour.RED)
    assert (notes[b].side, notes[b].colour) == (Side.OUT, Colour.RED)
    assert window.undo_stack.count() == 1
    window.undo_action.trigger()
    notes = stored(open_store, fixture)
    assert (notes[a].colour, notes[b].colour) == (Colour.UNSORTED, Colour.YELLOW)
    window.redo_action.trigger()
    notes = stored(open_store, fixture)
    assert (notes[a].colour, notes[b].colour) == (Colour.RED, Colour.RED)


def test_pair_with_the_mouse(
    page: DoorSheetsPage, window: MainWindow, fixture: Fixture, open_store: Reader
) -> None:
    board = page.board
    in_id, out_id = fixture.ids["Umotiveret"], fixture.ids["Motiveret"]
    click(page, centre(board, in_id))
    menu = board.build_context_menu(in_id, QPointF())
    [pair] = [a for a in menu.actions() if a.text() == "Par med …"]
    pair.trigger()
    assert board.scene.pairing_source == in_id
    click(page, centre(board, fixture.ids["Ustabilt fremmøde"]))  # same side: refused
    assert board.scene.pairing_source == in_id
    assert "anden side" in board.status.text()
    click(page, centre(board, out_id))

    assert stored(open_store, fixture)[in_id].pair_id == out_id
    assert board.scene.pairing_source is None
    assert len(board.scene.links) == 2
    assert item(board, out_id).pair_number is not None
    window.undo_action.trigger()
    assert stored(open_store, fixture)[in_id].pair_id is None
    assert len(board.scene.links) == 1
    window.redo_action.trigger()
    assert stored(open_store, fixture)[in_id].pair_id == out_id


def test_pairing_an_already_paired_note_moves_the_pair(
    page: DoorSheetsPage, window: MainWindow, qtbot: QtBot, fixture: Fixture, open_store: Reader
) -> None:
    board = page.board
    in_id = fixture.ids["Ustabilt fremmøde"]
    click(page, centre(board, in_id))
    click(page, centre(board, fixture.ids["Motiveret"]), CTRL)
    key(qtbot, board, Qt.Key.Key_P)  # two notes on either side selected: paired at once
    assert stored(open_store, fixture)[in_id].pair_id == fixture.ids["Motiveret"]
    window.undo_action.trigger()
    assert stored(open_store, fixture)[in_id].pair_id == fixture.ids["Stabilt fremmøde"]


def test_unpair(
    page: DoorSheetsPage, window: MainWindow, qtbot: QtBot, fixture: Fixture, open_store: Reader
) -> None:
    board = page.board
    click(page, centre(board, fixture.ids["Stabilt fremmøde"]))  # the out-note of the pair
    key(qtbot, board, Qt.Key.Key_U)
    assert stored(open_store, fixture)[fixture.ids["Ustabilt fremmøde"]].pair_id is None
    window.undo_action.trigger()
    in_note = stored(open_store, fixture)[fixture.ids["Ustabilt fremmøde"]]
    assert in_note.pair_id == fixture.ids["Stabilt fremmøde"]


def test_rubber_band_select_and_delete_many(
    page: DoorSheetsPage, window: MainWindow, qtbot: QtBot, fixture: Fixture, open_store: Reader
) -> None:
    board = page.board
    green, yellow = lane(Side.OUT, Colour.GREEN), lane(Side.OUT, Colour.YELLOW)
    start = viewport_point(board, QPointF(green.left + 6, TOP + NOTE_HEIGHT + 14))
    end = viewport_point(board, QPointF(yellow.right - 6, TOP + 30))
    drag(board, start, end)
    selected = {i.note.text for i in board.scene.selected_notes()}
    assert selected == {"Stabilt fremmøde", "Motiveret"}
    key(qtbot, board, Qt.Key.Key_Delete)

    notes = stored_by_text(open_store, fixture)
    assert notes["Stabilt fremmøde"].deleted_at is not None
    assert notes["Motiveret"].deleted_at is not None
    assert notes["Ustabilt fremmøde"].pair_id is None  # its partner is gone
    assert notes["Umotiveret"].deleted_at is None
    left = {fixture.ids["Umotiveret"], fixture.ids["Ustabilt fremmøde"]}
    assert set(board.scene.note_items) == left
    assert window.undo_stack.count() == 1

    window.undo_action.trigger()
    notes = stored_by_text(open_store, fixture)
    assert notes["Stabilt fremmøde"].deleted_at is None
    assert notes["Motiveret"].deleted_at is None
    assert notes["Ustabilt fremmøde"].pair_id == fixture.ids["Stabilt fremmøde"]
    assert len(board.scene.note_items) == 4
    assert len(board.scene.links) == 1

    window.redo_action.trigger()
    notes = stored_by_text(open_store, fixture)
    assert notes["Stabilt fremmøde"].deleted_at is not None
    assert notes["Motiveret"].deleted_at is not None


def test_resize_with_the_grip(
    page: DoorSheetsPage, window: MainWindow, fixture: Fixture, open_store: Reader
) -> None:
    board = page.board
    note_id = fixture.ids["Motiveret"]
    click(page, centre(board, note_id))
    rect = item(board, note_id).scene_rect()
    grip = rect.bottomRight() - QPointF(4, 4)
    drag(board, viewport_point(board, grip), viewport_point(board, grip + QPointF(60, 40)))

    note = stored(open_store, fixture)[note_id]
    assert note.width == pytest.approx(240, abs=4)
    assert note.height == pytest.approx(150, abs=4)
    assert (note.x, note.y) == (rect.x(), rect.y())
    window.undo_action.trigger()
    note = stored(open_store, fixture)[note_id]
    assert (note.width, note.height) == (rect.width(), rect.height())
    assert item(board, note_id).w == rect.width()


def test_changes_survive_closing_and_reopening(
    page: DoorSheetsPage,
    window: MainWindow,
    qtbot: QtBot,
    fixture: Fixture,
    passphrase: str,
) -> None:
    board = page.board
    note_id = fixture.ids["Umotiveret"]
    target = lane(Side.OUT, Colour.GREEN)
    drop = QPointF(target.left + 110, TOP + 500)
    drag(board, centre(board, note_id), viewport_point(board, drop))
    key(qtbot, board, Qt.Key.Key_F2)
    key(qtbot, board, Qt.Key.Key_End)
    qtbot.keyClicks(board.view, " ved start")
    key(qtbot, board, Qt.Key.Key_Return)
    window.close()

    store = open_organisation(fixture.path, passphrase)
    try:
        notes = {n.id: n for n in get_door_sheet(store, fixture.sheet_id).notes}
    finally:
        store.engine.dispose()
    note = notes[note_id]
    assert note.text == "Umotiveret ved start"
    assert (note.side, note.colour) == (Side.OUT, Colour.GREEN)
    assert note.y + note.height / 2 == pytest.approx(drop.y(), abs=4)
