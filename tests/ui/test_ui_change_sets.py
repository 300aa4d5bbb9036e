"""Typed change sets reach every open view the same way, whoever made the change.

* No view waits for a kind of change that no service sends.
* A change made elsewhere (written by another Store, as a sync will, and announced as a
  change set of ids only) updates the participant list, the board and the ladder editor in
  place: no reload of the workshop, no model reset, no rebuilt list.
* Local gestures update only what they touched: one participant row, not the door-sheet list.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

import forandring_desktop.services as services_package
import forandring_desktop.ui as ui_package
from forandring_desktop.model import (
    Colour,
    DoorSheet,
    LadderStep,
    OrganisationDocument,
    Participant,
)
from forandring_desktop.model.ladder_edit import edit_step
from forandring_desktop.services import workshop
from forandring_desktop.services.changes import ChangeSet, EntityType, emitted_types
from forandring_desktop.services.door import get_door_sheet, save_notes
from forandring_desktop.services.ladders import get_ladder, save_ladder
from forandring_desktop.services.organisation import load_workshop
from forandring_desktop.services.participants import (
    get_participant,
    list_participants,
    save_intake,
    save_participant,
)
from forandring_desktop.storage import Store
from forandring_desktop.ui import main_window as main_window_module
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.operations import push_op
from forandring_desktop.ui.pages.participants import ParticipantsPage

from .helpers import shown_page
from .test_board_helpers import Fixture, key, make_board_file, open_door_page
from .test_ladder_helpers import open_ladders

# --- Nothing waits for a change nobody sends ----------------------------------------------


def _modules(package: object) -> Iterator[object]:
    prefix = package.__name__ + "."  # type: ignore[attr-defined]
    for info in pkgutil.walk_packages(package.__path__, prefix):  # type: ignore[attr-defined]
        yield importlib.import_module(info.name)


def views_waiting_for_nothing(views: list[type], sent: frozenset[EntityType]) -> list[str]:
    """Each ``Class: Type`` where a view shows a type that no service emits."""
    return sorted(
        f"{view.__qualname__}: {kind.__name__}"
        for view in views
        for kind in getattr(view, "shows", frozenset())
        if kind not in sent
    )


def test_no_view_waits_for_a_kind_of_change_no_service_sends() -> None:
    list(_modules(services_package))  # every @emits declaration registered
    views = {
        value
        for module in _modules(ui_package)
        for value in vars(module).values()
        if isinstance(value, type)
        and value.__module__ == module.__name__  # type: ignore[attr-defined]
        and isinstance(getattr(value, "shows", None), frozenset)
    }
    names = {view.__name__ for view in views}
    assert {"MissionPage", "DoorSheetsPage", "BoardWidget", "ParticipantsPage"} <= names
    sent = emitted_types()
    assert views_waiting_for_nothing(sorted(views, key=lambda v: v.__name__), sent) == []
    # The check itself catches a view listening for parts nobody announces.

    class Waiting:
        shows = frozenset({LadderStep})

    assert views_waiting_for_nothing([Waiting], sent) == [
        "test_no_view_waits_for_a_kind_of_change_no_service_sends.<locals>.Waiting: LadderStep"
    ]


# --- Changes made elsewhere -----------------------------------------------------------------


@pytest.fixture
def no_reload(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every read of the whole workshop after the window opened."""
    loads: list[object] = []

    def counted(store: Store) -> OrganisationDocument:
        loads.append(store)
        return load_workshop(store)

    for module in (workshop, main_window_module):
        monkeypatch.setattr(module, "load_workshop", counted)
    return loads


@pytest.fixture
def participants_page(window: MainWindow) -> ParticipantsPage:
    return shown_page(window, "participants", ParticipantsPage)


def _counting(model: object, signals: tuple[str, ...]) -> dict[str, int]:
    counts = dict.fromkeys(signals, 0)
    for name in signals:
        getattr(model, name).connect(
            lambda *_a, name=name: counts.__setitem__(name, counts[name] + 1)
        )
    return counts


def test_a_participant_changed_elsewhere_updates_one_row(
    window: MainWindow,
    participants_page: ParticipantsPage,
    demo_path: Path,
    open_store: Callable[..., Store],
    no_reload: list[object],
) -> None:
    page = participants_page
    rows = list_participants(window.store)
    chosen, other = rows[3], rows[5]
    page.select(chosen.id)
    counts = _counting(page.model, ("modelReset", "rowsInserted", "rowsRemoved", "dataChanged"))
    elsewhere = open_store(demo_path)
    before = get_participant(elsewhere, other.id)
    save_participant(elsewhere, before.changed(mentor="Mentor fra en anden computer"))

    window.workspace.announce(ChangeSet.ids(Participant, changed=[other.id], remote=True))

    row = page.model.row_of(other.id)
    assert row is not None
    index = page.model.index(row, page.model.MENTOR)
    assert page.model.data(index) == "Mentor fra en anden computer"
    assert counts == {"modelReset": 0, "rowsInserted": 0, "rowsRemoved": 0, "dataChanged": 1}
    assert page.selected_id() == chosen.id  # the selection stays where it was
    assert no_reload == []
    assert window.statusBar().currentMessage() == "Opdateret fra en anden computer"


def test_a_participant_erased_elsewhere_leaves_the_list(
    window: MainWindow, participants_page: ParticipantsPage
) -> None:
    page = participants_page
    rows = list_participants(window.store)
    total = page.model.total()
    gone = rows[0].id
    counts = _counting(page.model, ("modelReset", "rowsRemoved"))
    window.workspace.announce(ChangeSet.ids(Participant, deleted=[gone], remote=True))
    assert page.model.row_of(gone) is None
    assert page.model.total() == total - 1
    assert counts == {"modelReset": 0, "rowsRemoved": 1}


@pytest.fixture
def board_file(tmp_path: Path, passphrase: str) -> Fixture:
    return make_board_file(tmp_path / "tavle.forandring", passphrase)


def test_a_note_moved_elsewhere_moves_on_the_open_board(
    make_window: Callable[..., MainWindow],
    board_file: Fixture,
    qtbot: QtBot,
    open_store: Callable[..., Store],
    no_reload: list[object],
) -> None:
    window = make_window(board_file.path)
    page = open_door_page(window, qtbot)
    no_reload.clear()  # opening the window read it once
    board = page.board
    note_id = board_file.ids["Motiveret"]
    item = board.scene.note_items[note_id]
    list_items = [page.sheet_list.item(r) for r in range(page.sheet_list.count())]
    elsewhere = open_store(board_file.path)
    note = next(n for n in get_door_sheet(elsewhere, board_file.sheet_id).notes if n.id == note_id)
    moved = note.changed(y=note.y + 390, text="Motiveret (rettet andetsteds)")
    save_notes(elsewhere, board_file.sheet_id, [moved])

    window.workspace.announce(
        ChangeSet.ids(type(note), changed=[note_id], parents=[board_file.sheet_id], remote=True)
    )

    assert board.scene.note_items[note_id] is item  # the same post-it, not a reloaded board
    assert item.y() == pytest.approx(moved.y)
    assert item.note.text == "Motiveret (rettet andetsteds)"
    assert [page.sheet_list.item(r) for r in range(page.sheet_list.count())] == list_items
    assert no_reload == []
    # The window's copy of the workshop learnt it too (other pages and reports read it).
    assert window.document is not None
    [sheet] = [s for s in window.document.door_sheets if s.id == board_file.sheet_id]
    assert next(n for n in sheet.notes if n.id == note_id).y == pytest.approx(moved.y)


def test_a_step_reworded_elsewhere_shows_in_the_open_ladder_editor(
    window: MainWindow,
    qtbot: QtBot,
    demo_path: Path,
    open_store: Callable[..., Store],
    no_reload: list[object],
) -> None:
    page = open_ladders(window, qtbot)
    editor = page.editor
    ladder = editor.ladder
    assert ladder is not None
    step = ladder.live_steps()[0]
    editor.select_step(step.id)
    library_rows = [page.library.item(r) for r in range(page.library.count())]
    elsewhere = open_store(demo_path)
    current = get_ladder(elsewhere, ladder.id)
    save_ladder(elsewhere, edit_step(current, step.id, text="Reworded on another laptop"))

    window.workspace.announce(ChangeSet.ids(type(ladder), changed=[ladder.id], remote=True))

    assert editor.ladder is not None
    assert editor.ladder.live_steps()[0].text == "Reworded on another laptop"
    assert editor.step_edits["text"].toPlainText() == "Reworded on another laptop"
    assert "Reworded on another laptop" in [s.text for s in editor.staircase.steps()]
    assert [page.library.item(r) for r in range(page.library.count())] == library_rows
    assert no_reload == []


# --- Local gestures update only what they touched -------------------------------------------


def test_a_board_gesture_does_not_rebuild_the_sheet_list(
    make_window: Callable[..., MainWindow], board_file: Fixture, qtbot: QtBot
) -> None:
    window = make_window(board_file.path)
    page = open_door_page(window, qtbot)
    board = page.board
    items = [page.sheet_list.item(r) for r in range(page.sheet_list.count())]
    texts = [i.text() for i in items]
    board.scene.set_current(board_file.ids["Umotiveret"])
    key(qtbot, board, Qt.Key.Key_2)  # sort as yellow
    stored = get_door_sheet(window.store, board_file.sheet_id)
    assert next(n for n in stored.notes if n.id == board_file.ids["Umotiveret"]).colour is (
        Colour.YELLOW
    )
    assert [page.sheet_list.item(r) for r in range(page.sheet_list.count())] == items
    # A renamed sheet changes its own row's text in place.
    page.rename_sheet("Natasha (ny)")
    assert [page.sheet_list.item(r) for r in range(page.sheet_list.count())] == items
    assert [i.text() for i in items] != texts
    assert window.document is not None
    assert isinstance(next(s for s in window.document.door_sheets), DoorSheet)


def test_an_undone_participant_change_updates_one_row(
    window: MainWindow, participants_page: ParticipantsPage
) -> None:
    page = participants_page
    row = list_participants(window.store)[2]
    page.select(row.id)
    person = get_participant(window.store, row.id)
    counts = _counting(page.model, ("modelReset", "rowsInserted", "rowsRemoved", "dataChanged"))
    after = person.changed(municipality="Ikast-Brande Kommune")
    assert push_op(  # as the page's "Ret indskrivning" does it
        window.workspace,
        "Ret indskrivning",
        do=lambda store: save_intake(store, after),
        undo=lambda store: save_intake(store, person),
    )
    index = page.model.index(page.model.row_of(row.id) or 0, page.model.MUNICIPALITY)
    assert page.model.data(index) == "Ikast-Brande Kommune"
    window.undo_stack.undo()
    assert page.model.data(index) == person.municipality
    assert counts == {"modelReset": 0, "rowsInserted": 0, "rowsRemoved": 0, "dataChanged": 2}
    assert page.selected_id() == row.id
