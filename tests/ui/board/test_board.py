"""The post-it board driven with the mouse through its real widgets: create, edit, drag
across the door, sort by drag, key and context menu, pair, rubber-band select and delete,
resize. After each gesture, its undo and its redo, what is on disk is read back through a
newly opened Store (as if the file were reopened)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from forandring_desktop.model import Colour, Side
from forandring_desktop.model.board import NOTE_HEIGHT, TOP, lane, next_free_y
from forandring_desktop.storage import Store
from forandring_desktop.ui.board.widget import BoardWidget
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.door import DoorSheetsPage
from tests.ui.test_board_helpers import (
    CTRL,
    LEFT,
    NO,
    Fixture,
    OnDisk,
    centre,
    double_click,
    drag,
    edit_note,
    item,
    key,
    notes_on_reopening,
    stored_by_text,
    viewport_point,
)

Reader = Callable[..., Store]


def click(board: BoardWidget, point: QPoint, modifier: Qt.KeyboardModifier = NO) -> None:
    QTest.mouseClick(board.view.viewport(), LEFT, modifier, point)


def select(board: BoardWidget, *note_ids: uuid.UUID) -> None:
    """Click the first note and Ctrl+click the others, as a user selects several."""
    first, *others = note_ids
    click(board, centre(board, first))
    for note_id in others:
        click(board, centre(board, note_id), CTRL)


def test_the_board_shows_the_sheet_like_the_guide(
    page: DoorSheetsPage, board: BoardWidget, fixture: Fixture
) -> None:
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
    board: BoardWidget,
    window: MainWindow,
    qtbot: QtBot,
    fixture: Fixture,
    open_store: Reader,
    on_disk: OnDisk,
) -> None:
    target = lane(Side.OUT, Colour.YELLOW)
    spot = QPointF(target.left + 110, TOP + 300)
    stacked = next_free_y(board.scene.live_notes(), target)  # below the lane's last note
    assert stacked < spot.y() - NOTE_HEIGHT  # not where clicked: no gap above it
    double_click(board, viewport_point(board, spot))
    assert board.scene.editing
    qtbot.keyClicks(board.view, "Har et arbejde")
    key(qtbot, board, Qt.Key.Key_Return)
    assert not board.scene.editing

    new = stored_by_text(open_store, fixture)["Har et arbejde"]
    assert (new.side, new.colour, new.deleted_at) == (Side.OUT, Colour.YELLOW, None)
    assert new.x == target.note_x
    assert new.y == stacked
    assert window.undo_stack.count() == 1
    assert board.scene.current_id == new.id  # the new note has the focus

    window.undo_action.trigger()
    assert on_disk()[new.id].deleted_at is not None
    assert new.id not in board.scene.note_items
    window.redo_action.trigger()
    assert on_disk()[new.id].deleted_at is None
    assert item(board, new.id).note.text == "Har et arbejde"


def test_an_empty_new_note_is_not_created(
    board: BoardWidget, window: MainWindow, qtbot: QtBot, on_disk: OnDisk
) -> None:
    spot = QPointF(lane(Side.IN, Colour.RED).left + 100, TOP + 500)
    double_click(board, viewport_point(board, spot))
    assert board.scene.editing
    key(qtbot, board, Qt.Key.Key_Return)
    assert not board.scene.editing
    assert window.undo_stack.count() == 0
    assert len(on_disk()) == 4
    assert "tom" in board.status.text()


def test_edit_in_place_is_one_step_and_escape_cancels(
    board: BoardWidget, window: MainWindow, qtbot: QtBot, fixture: Fixture, on_disk: OnDisk
) -> None:
    note_id = fixture.ids["Umotiveret"]
    editor = edit_note(board, note_id)
    assert editor.text() == "Umotiveret"
    key(qtbot, board, Qt.Key.Key_A, CTRL)  # select all, in the editor (not all notes)
    qtbot.keyClicks(board.view, "Ikke motiveret for noget")
    key(qtbot, board, Qt.Key.Key_Return)

    assert on_disk()[note_id].text == "Ikke motiveret for noget"
    assert window.undo_stack.count() == 1  # 24 keystrokes, one step

    key(qtbot, board, Qt.Key.Key_F2)  # the note still has the focus
    assert board.scene.editor is not None
    qtbot.keyClicks(board.view, " xyz")
    key(qtbot, board, Qt.Key.Key_Escape)
    assert not board.scene.editing
    assert on_disk()[note_id].text == "Ikke motiveret for noget"
    assert item(board, note_id).note.text == "Ikke motiveret for noget"
    assert window.undo_stack.count() == 1

    window.undo_action.trigger()
    assert on_disk()[note_id].text == "Umotiveret"
    assert item(board, note_id).note.text == "Umotiveret"
    window.redo_action.trigger()
    assert on_disk()[note_id].text == "Ikke motiveret for noget"


def test_a_refused_text_keeps_what_was_typed(
    board: BoardWidget, window: MainWindow, qtbot: QtBot, fixture: Fixture, on_disk: OnDisk
) -> None:
    note_id = fixture.ids["Motiveret"]
    editor = edit_note(board, note_id)
    editor.textCursor().insertText(" \x07")  # a control character, e.g. pasted
    key(qtbot, board, Qt.Key.Key_Return)
    assert "ugyldigt kontroltegn" in board.error_label.text()
    assert board.scene.editor is not None  # open again, with what was typed
    assert board.scene.editor.text() == "Motiveret \x07"
    assert on_disk()[note_id].text == "Motiveret"
    assert window.undo_stack.count() == 0
    key(qtbot, board, Qt.Key.Key_Backspace)
    key(qtbot, board, Qt.Key.Key_Return)
    assert on_disk()[note_id].text == "Motiveret"  # trailing space dropped
    assert window.undo_stack.count() == 0
    assert not board.error_label.isVisibleTo(board)


def test_clicking_elsewhere_keeps_what_was_written(
    board: BoardWidget, qtbot: QtBot, fixture: Fixture, on_disk: OnDisk
) -> None:
    note_id = fixture.ids["Motiveret"]
    double_click(board, centre(board, note_id))
    qtbot.keyClicks(board.view, " til at lære")
    click(board, viewport_point(board, QPointF(lane(Side.IN, Colour.RED).left + 100, TOP + 600)))
    assert not board.scene.editing
    assert on_disk()[note_id].text == "Motiveret til at lære"


def test_drag_across_the_door_drops_the_pair(
    board: BoardWidget, window: MainWindow, fixture: Fixture, on_disk: OnDisk
) -> None:
    in_id, out_id = fixture.ids["Ustabilt fremmøde"], fixture.ids["Stabilt fremmøde"]
    before = on_disk()[in_id]
    target = lane(Side.OUT, Colour.RED)
    drop = QPointF(target.left + 110, TOP + 400)
    drag(board, centre(board, in_id), viewport_point(board, drop))

    moved = on_disk()[in_id]
    assert (moved.side, moved.colour, moved.pair_id) == (Side.OUT, Colour.RED, None)
    assert moved.x + moved.width / 2 == pytest.approx(drop.x(), abs=4)
    assert moved.y + moved.height / 2 == pytest.approx(drop.y(), abs=4)
    assert not board.scene.links  # the connector is gone with the pair
    assert window.undo_stack.count() == 1

    window.undo_action.trigger()
    back = on_disk()[in_id]
    assert (back.side, back.colour, back.pair_id) == (Side.IN, Colour.GREEN, out_id)
    assert (back.x, back.y) == (before.x, before.y)
    assert len(board.scene.links) == 1
    assert item(board, in_id).pos() == QPointF(before.x, before.y)

    window.redo_action.trigger()
    again = on_disk()[in_id]
    assert (again.side, again.colour, again.pair_id) == (Side.OUT, Colour.RED, None)
    assert (again.x, again.y) == (moved.x, moved.y)


def test_drag_into_a_colour_lane_sorts_the_note(
    board: BoardWidget, window: MainWindow, fixture: Fixture, on_disk: OnDisk
) -> None:
    note_id = fixture.ids["Umotiveret"]
    red = lane(Side.IN, Colour.RED)
    # Let go across the border of the red lane: it slides into the lane under its centre.
    drop = QPointF(red.left + 60, TOP + 250)
    drag(board, centre(board, note_id), viewport_point(board, drop))
    note = on_disk()[note_id]
    assert (note.side, note.colour) == (Side.IN, Colour.RED)
    assert red.left <= note.x
    assert note.x + note.width <= red.right

    window.undo_action.trigger()
    assert on_disk()[note_id].colour is Colour.UNSORTED
    window.redo_action.trigger()
    assert on_disk()[note_id].colour is Colour.RED


def test_a_click_with_a_shaky_hand_moves_nothing(
    board: BoardWidget, window: MainWindow, fixture: Fixture
) -> None:
    start = centre(board, fixture.ids["Motiveret"])
    drag(board, start, start + QPoint(2, 1), steps=2)
    assert window.undo_stack.count() == 0
    assert item(board, fixture.ids["Motiveret"]).isSelected()


def test_dragging_many_selected_notes_is_one_step(
    board: BoardWidget, window: MainWindow, fixture: Fixture, on_disk: OnDisk
) -> None:
    a, b = fixture.ids["Stabilt fremmøde"], fixture.ids["Motiveret"]
    select(board, a, b)
    assert {i.note_id for i in board.scene.selected_notes()} == {a, b}
    before = on_disk()
    drag(board, centre(board, b), centre(board, b) + QPoint(0, 120))

    after = on_disk()
    dy = after[b].y - before[b].y
    assert dy > 100
    assert after[a].y - before[a].y == pytest.approx(dy)
    assert window.undo_stack.count() == 1
    window.undo_action.trigger()
    undone = on_disk()
    assert (undone[a].y, undone[b].y) == (before[a].y, before[b].y)


def test_recolour_by_keys(
    board: BoardWidget, window: MainWindow, qtbot: QtBot, fixture: Fixture, on_disk: OnDisk
) -> None:
    note_id = fixture.ids["Umotiveret"]
    click(board, centre(board, note_id))
    key(qtbot, board, Qt.Key.Key_3)
    note = on_disk()[note_id]
    red = lane(Side.IN, Colour.RED)
    assert (note.side, note.colour, note.x) == (Side.IN, Colour.RED, red.note_x)
    key(qtbot, board, Qt.Key.Key_1)
    note = on_disk()[note_id]
    assert (note.colour, note.x) == (Colour.GREEN, lane(Side.IN, Colour.GREEN).note_x)
    assert note.y > TOP  # below the green note already there
    assert item(board, note_id).isSelected()  # it is still the one being sorted
    assert window.undo_stack.count() == 2

    window.undo_action.trigger()
    assert on_disk()[note_id].colour is Colour.RED
    window.undo_action.trigger()
    assert on_disk()[note_id].colour is Colour.UNSORTED
    window.redo_action.trigger()
    assert on_disk()[note_id].colour is Colour.RED


def test_recolour_many_by_context_menu(
    board: BoardWidget, window: MainWindow, fixture: Fixture, on_disk: OnDisk
) -> None:
    a, b = fixture.ids["Umotiveret"], fixture.ids["Motiveret"]
    select(board, a, b)
    menu = board.build_context_menu(b, QPointF())
    actions = {action.text(): action for action in menu.actions()}
    shared = {item(board, a).note.colour, item(board, b).note.colour}
    checked = [text for text, action in actions.items() if action.isChecked()]
    assert checked == (["Gul"] if shared == {Colour.YELLOW} else [])  # only a shared colour
    actions["Rød"].trigger()
    assert [c for c, action in board.colour_actions.items() if action.isChecked()] == [Colour.RED]

    notes = on_disk()
    assert (notes[a].side, notes[a].colour) == (Side.IN, Colour.RED)
    assert (notes[b].side, notes[b].colour) == (Side.OUT, Colour.RED)
    assert window.undo_stack.count() == 1
    window.undo_action.trigger()
    notes = on_disk()
    assert (notes[a].colour, notes[b].colour) == (Colour.UNSORTED, Colour.YELLOW)
    window.redo_action.trigger()
    notes = on_disk()
    assert (notes[a].colour, notes[b].colour) == (Colour.RED, Colour.RED)


def test_pair_with_the_mouse(
    board: BoardWidget, window: MainWindow, fixture: Fixture, on_disk: OnDisk
) -> None:
    in_id, out_id = fixture.ids["Umotiveret"], fixture.ids["Motiveret"]
    click(board, centre(board, in_id))
    menu = board.build_context_menu(in_id, QPointF())
    [pair] = [a for a in menu.actions() if a.text() == "Par med …"]
    pair.trigger()
    assert board.scene.pairing_source == in_id
    click(board, centre(board, fixture.ids["Ustabilt fremmøde"]))  # same side: refused
    assert board.scene.pairing_source == in_id
    assert "anden side" in board.status.text()
    click(board, centre(board, out_id))

    assert on_disk()[in_id].pair_id == out_id
    assert board.scene.pairing_source is None
    assert len(board.scene.links) == 2
    assert item(board, out_id).pair_number is not None
    window.undo_action.trigger()
    assert on_disk()[in_id].pair_id is None
    assert len(board.scene.links) == 1
    window.redo_action.trigger()
    assert on_disk()[in_id].pair_id == out_id


def test_pairing_an_already_paired_note_moves_the_pair(
    board: BoardWidget, window: MainWindow, qtbot: QtBot, fixture: Fixture, on_disk: OnDisk
) -> None:
    in_id = fixture.ids["Ustabilt fremmøde"]
    select(board, in_id, fixture.ids["Motiveret"])
    key(qtbot, board, Qt.Key.Key_P)  # two notes on either side selected: paired at once
    assert on_disk()[in_id].pair_id == fixture.ids["Motiveret"]
    window.undo_action.trigger()
    assert on_disk()[in_id].pair_id == fixture.ids["Stabilt fremmøde"]


def test_unpair(
    board: BoardWidget, window: MainWindow, qtbot: QtBot, fixture: Fixture, on_disk: OnDisk
) -> None:
    click(board, centre(board, fixture.ids["Stabilt fremmøde"]))  # the out-note of the pair
    key(qtbot, board, Qt.Key.Key_U)
    assert on_disk()[fixture.ids["Ustabilt fremmøde"]].pair_id is None
    window.undo_action.trigger()
    in_note = on_disk()[fixture.ids["Ustabilt fremmøde"]]
    assert in_note.pair_id == fixture.ids["Stabilt fremmøde"]


def test_rubber_band_select_and_delete_many(
    board: BoardWidget, window: MainWindow, qtbot: QtBot, fixture: Fixture, open_store: Reader
) -> None:
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
    board: BoardWidget, window: MainWindow, fixture: Fixture, on_disk: OnDisk
) -> None:
    note_id = fixture.ids["Motiveret"]
    click(board, centre(board, note_id))
    rect = item(board, note_id).scene_rect()
    grip = rect.bottomRight() - QPointF(4, 4)
    drag(board, viewport_point(board, grip), viewport_point(board, grip + QPointF(60, 40)))

    note = on_disk()[note_id]
    assert note.width == pytest.approx(240, abs=4)
    assert note.height == pytest.approx(150, abs=4)
    assert (note.x, note.y) == (rect.x(), rect.y())
    window.undo_action.trigger()
    note = on_disk()[note_id]
    assert (note.width, note.height) == (rect.width(), rect.height())
    assert item(board, note_id).w == rect.width()


def test_changes_survive_closing_and_reopening(
    board: BoardWidget,
    window: MainWindow,
    qtbot: QtBot,
    fixture: Fixture,
    passphrase: str,
) -> None:
    note_id = fixture.ids["Umotiveret"]
    target = lane(Side.OUT, Colour.GREEN)
    drop = QPointF(target.left + 110, TOP + 500)
    drag(board, centre(board, note_id), viewport_point(board, drop))
    key(qtbot, board, Qt.Key.Key_F2)
    key(qtbot, board, Qt.Key.Key_End)
    qtbot.keyClicks(board.view, " ved start")
    key(qtbot, board, Qt.Key.Key_Return)
    window.close()

    notes = {n.id: n for n in notes_on_reopening(fixture, passphrase)}
    note = notes[note_id]
    assert note.text == "Umotiveret ved start"
    assert (note.side, note.colour) == (Side.OUT, Colour.GREEN)
    assert note.y + note.height / 2 == pytest.approx(drop.y(), abs=4)


def test_the_current_colour_is_checked_and_no_toolbar_button_moves(
    board: BoardWidget, fixture: Fixture
) -> None:
    toolbar = board.toolbar
    buttons = [toolbar.widgetForAction(a) for a in board.colour_actions.values()]
    assert all(button is not None for button in buttons)
    texts = [a.text() for a in board.colour_actions.values()]
    seen: set[Colour] = set()
    for note_id in fixture.ids.values():
        select(board, note_id)
        colour = item(board, note_id).note.colour
        seen.add(colour)
        checked = [c for c, a in board.colour_actions.items() if a.isChecked()]
        assert checked == [colour]
        assert [a.text() for a in board.colour_actions.values()] == texts  # labels stay
        menu = board.build_context_menu(note_id, QPointF())
        assert [a.text() for a in menu.actions() if a in board.colour_actions.values()] == texts
        menu.deleteLater()
    assert len(seen) > 1  # the check moved between colours
