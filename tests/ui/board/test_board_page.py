"""The door page around the board: choosing, creating, renaming and deleting sheets (each
one undo step), sheets made elsewhere, and board gestures that do not reload the document."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from forandring_desktop.model import Colour, DoorSheet, OrganisationDocument, Side
from forandring_desktop.model.board import TOP, lane
from forandring_desktop.services.door import get_door_sheet, list_door_sheets
from forandring_desktop.services.organisation import load_workshop
from forandring_desktop.services.personas import start_door_sheet_for_persona
from forandring_desktop.storage import Store
from forandring_desktop.ui import main_window as main_window_module
from forandring_desktop.ui.board.style import paint_shape
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.door import DoorSheetsPage
from forandring_desktop.ui.pages.ladders import LaddersPage
from tests.ui.test_board_helpers import (
    Fixture,
    centre,
    drag,
    item,
    key,
    stored,
    viewport_point,
)

Reader = Callable[..., Store]


def shown_sheet(page: DoorSheetsPage) -> DoorSheet:
    """The sheet the page shows; the test fails if it shows none."""
    sheet = page.current_sheet()
    assert sheet is not None
    return sheet


def sheet_titles(store: Store) -> list[str]:
    return [s.title for s in list_door_sheets(store)]


def test_choosing_a_sheet_shows_its_notes(page: DoorSheetsPage, fixture: Fixture) -> None:
    page.sheet_list.setCurrentRow(1)
    assert page.board.sheet is not None
    assert page.board.sheet.id == fixture.other_sheet_id
    assert [i.note.text for i in page.board.scene.note_items.values()] == ["Meget indelukket"]
    assert page.board.scene.header == "Klaus"  # no persona: the title heads the sheet


def test_new_rename_and_delete_sheet_are_undoable(
    page: DoorSheetsPage, window: MainWindow, qtbot: QtBot, fixture: Fixture, open_store: Reader
) -> None:
    page.new_sheet("Målgruppe: unge")
    assert sheet_titles(open_store(fixture.path)) == ["Natasha", "Klaus", "Målgruppe: unge"]
    assert page.sheet_list.count() == 3
    assert page.current_sheet() is not None
    assert shown_sheet(page).title == "Målgruppe: unge"  # the new sheet is shown, empty
    assert page.board.scene.note_items == {}
    assert "N for en ny seddel" in page.board.status.text()

    # A note on the new sheet, by keyboard.
    page.board.view.setFocus()
    key(qtbot, page.board, Qt.Key.Key_N)
    qtbot.keyClicks(page.board.view, "Ensom")
    key(qtbot, page.board, Qt.Key.Key_Return)
    new_id = shown_sheet(page).id
    [note] = get_door_sheet(open_store(fixture.path), new_id).notes
    assert (note.text, note.side, note.colour) == ("Ensom", Side.IN, Colour.UNSORTED)

    page.rename_sheet("Unge 18-25")
    assert sheet_titles(open_store(fixture.path))[-1] == "Unge 18-25"
    assert page.sheet_list.currentItem().text() == "Unge 18-25"
    assert [i.note.text for i in page.board.scene.note_items.values()] == ["Ensom"]

    page.delete_sheet()
    assert sheet_titles(open_store(fixture.path)) == ["Natasha", "Klaus"]
    assert page.sheet_list.count() == 2
    assert window.undo_stack.count() == 4

    window.undo_action.trigger()  # the sheet is back, with its note
    assert sheet_titles(open_store(fixture.path)) == ["Natasha", "Klaus", "Unge 18-25"]
    assert shown_sheet(page).id == new_id
    window.undo_action.trigger()
    assert sheet_titles(open_store(fixture.path))[-1] == "Målgruppe: unge"
    window.undo_action.trigger()  # the note
    assert get_door_sheet(open_store(fixture.path), new_id).live_notes() == []
    window.undo_action.trigger()  # the sheet itself
    assert sheet_titles(open_store(fixture.path)) == ["Natasha", "Klaus"]
    window.redo_action.trigger()
    assert sheet_titles(open_store(fixture.path)) == ["Natasha", "Klaus", "Målgruppe: unge"]


def test_an_invalid_title_is_refused_with_a_reason(
    page: DoorSheetsPage, window: MainWindow, fixture: Fixture, open_store: Reader
) -> None:
    page.new_sheet("x" * 300)
    assert window.undo_stack.count() == 0
    assert page.sheet_error.isVisibleTo(page)
    assert "for lang" in page.sheet_error.text()
    assert sheet_titles(open_store(fixture.path)) == ["Natasha", "Klaus"]


def test_a_sheet_started_for_a_persona_appears(
    page: DoorSheetsPage, window: MainWindow, fixture: Fixture, open_store: Reader
) -> None:
    assert page.board.sheet is not None
    persona_id = page.board.sheet.persona_id
    assert persona_id is not None
    window.workspace.run(lambda store: start_door_sheet_for_persona(store, persona_id))
    assert page.sheet_list.count() == 3
    assert page.current_sheet() is not None
    assert shown_sheet(page).id not in (fixture.sheet_id, fixture.other_sheet_id)
    assert page.board.sheet is not None
    assert page.board.sheet.id == shown_sheet(page).id


def test_undo_on_another_sheet_shows_that_sheet(
    page: DoorSheetsPage, window: MainWindow, qtbot: QtBot, fixture: Fixture, open_store: Reader
) -> None:
    board = page.board
    note_id = fixture.ids["Umotiveret"]
    board.scene.set_current(note_id)
    key(qtbot, board, Qt.Key.Key_3)
    page.sheet_list.setCurrentRow(1)
    assert board.sheet is not None
    assert board.sheet.id == fixture.other_sheet_id
    window.undo_action.trigger()
    assert board.sheet.id == fixture.sheet_id
    assert shown_sheet(page).id == fixture.sheet_id
    assert item(board, note_id).note.colour is Colour.UNSORTED
    assert stored(open_store, fixture)[note_id].colour is Colour.UNSORTED


def test_board_gestures_do_not_reload_the_document(
    page: DoorSheetsPage,
    window: MainWindow,
    fixture: Fixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loads: list[object] = []

    def counted(store: Store) -> OrganisationDocument:
        loads.append(store)
        return load_workshop(store)

    monkeypatch.setattr(main_window_module, "load_workshop", counted)
    board = page.board
    note_id = fixture.ids["Motiveret"]
    drop = QPointF(lane(Side.OUT, Colour.RED).left + 110, TOP + 300)
    drag(board, centre(board, note_id), viewport_point(board, drop))
    assert window.statusBar().currentMessage() == "Gemt"
    assert loads == []
    # The cached document still learns what changed (other pages read it).
    assert window.document is not None
    [sheet] = [s for s in window.document.door_sheets if s.id == fixture.sheet_id]
    [note] = [n for n in sheet.notes if n.id == note_id]
    assert note.colour is Colour.RED
    # A whole record (the renamed sheet) is patched in too, also without a reload.
    page.rename_sheet("Natasha (ny)")
    assert loads == []
    assert [s.title for s in window.document.door_sheets if s.id == fixture.sheet_id] == [
        "Natasha (ny)"
    ]


def _grey_shape(colour: Colour) -> bytes:
    image = QImage(48, 48, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_shape(painter, colour, image.rect().toRectF())
    painter.end()
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return bytes(grey.constBits())[: grey.sizeInBytes()]


def test_colour_shapes_differ_without_colour() -> None:
    """Colour-blind staff (or a washed-out projector) still see four different shapes."""
    shapes = {colour: _grey_shape(colour) for colour in Colour}
    colours = list(shapes)
    for i, first in enumerate(colours):
        for second in colours[i + 1 :]:
            differing = sum(
                1 for a, b in zip(shapes[first], shapes[second], strict=True) if abs(a - b) > 60
            )
            assert differing > 150, (first, second, differing)  # of 2304 pixels


def test_many_selection_changes_are_handled_once(
    page: DoorSheetsPage, qtbot: QtBot, fixture: Fixture, open_store: Reader
) -> None:
    """Select all and delete all on a big sheet must not redo the bookkeeping per note."""
    board = page.board
    settled: list[int] = []
    board.scene.selection_settled.connect(lambda: settled.append(1))
    board.view.setFocus()
    key(qtbot, board, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(board.scene.selected_notes()) == 4
    assert len(settled) == 1
    assert board.delete_action.isEnabled()
    settled.clear()
    key(qtbot, board, Qt.Key.Key_Delete)
    assert board.scene.note_items == {}
    assert len(settled) <= 2  # the notes going, and the focus moving on
    assert all(n.deleted_at is not None for n in stored(open_store, fixture).values())


def test_a_pair_becomes_a_ladder_by_key_and_undo_retires_it(
    page: DoorSheetsPage, window: MainWindow, qtbot: QtBot, fixture: Fixture, open_store: Reader
) -> None:
    from forandring_desktop.services.ladders import list_ladders

    board = page.board
    # Focus the out-note of the green pair: the ladder still runs from in-note to out-note.
    board.scene.set_current(fixture.ids["Stabilt fremmøde"])
    key(qtbot, board, Qt.Key.Key_M)
    assert window.current_page() is window.pages["ladders"]
    [ladder] = list_ladders(open_store(fixture.path))
    assert [s.text for s in ladder.steps] == ["Ustabilt fremmøde", "Stabilt fremmøde"]
    assert ladder.change_goal == "Stabilt fremmøde"
    assert ladder.source is not None
    assert ladder.source.sheet_id == fixture.sheet_id
    assert ladder.source.in_note_id == fixture.ids["Ustabilt fremmøde"]
    ladders_page = window.pages["ladders"]
    assert isinstance(ladders_page, LaddersPage)
    assert ladders_page.current_ladder_id() == ladder.id

    window.undo_action.trigger()
    assert list_ladders(open_store(fixture.path)) == []
    window.redo_action.trigger()
    assert [lad.id for lad in list_ladders(open_store(fixture.path))] == [ladder.id]

    # An unpaired note has no ladder to make: nothing happens, and the board says why.
    window.show_page("door")
    board.scene.set_current(fixture.ids["Umotiveret"])
    assert not board.ladder_action.isEnabled()
