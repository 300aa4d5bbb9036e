"""The ladder editor on the demo file: building a ladder in the staircase and in the
trin-tegn-handling table, both views and the file agreeing, and undo/redo of every edit."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from forandring_desktop.model import Ladder
from forandring_desktop.services.ladders import get_ladder, list_ladders
from forandring_desktop.services.personas import list_target_groups
from forandring_desktop.storage import Store
from forandring_desktop.ui.ladder.editor import LadderEditor
from forandring_desktop.ui.ladder.words import step_label
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.ladders import LaddersPage

from .test_ladder_helpers import (
    LadderReader,
    answer_questions,
    current_ladder_id,
    edit_cell,
    focused,
    insert_ladder,
    live_texts,
    open_ladders,
    row_of_text,
    staircase_rows,
    table_rows,
    type_in_staircase,
)

GOAL = "Møder stabilt"
NewLadder = tuple[LadderEditor, uuid.UUID]


def new_ladder(page: LaddersPage, qtbot: QtBot) -> None:
    """'Ny måltrappe' by keyboard, then the goal typed over the suggested one."""
    insert_ladder(page, qtbot)
    assert focused() is page.editor.goal_edit
    qtbot.keyClicks(page.editor.goal_edit, GOAL)  # replaces the selected placeholder goal
    qtbot.keyClick(page.editor.goal_edit, Qt.Key.Key_Tab)


def test_build_a_ladder_in_the_staircase(
    window: MainWindow, qtbot: QtBot, read_ladder: LadderReader
) -> None:
    page = open_ladders(window, qtbot)
    before = {lad.id for lad in list_ladders(window.store)}
    new_ladder(page, qtbot)
    editor = page.editor
    ladder = editor.ladder
    assert ladder is not None
    assert ladder.id not in before
    assert page.current_ladder_id() == ladder.id
    assert read_ladder(ladder.id).change_goal == GOAL
    assert editor.staircase.steps()
    assert len(editor.staircase.steps()) == 2

    stairs = editor.staircase
    stairs.setFocus()
    qtbot.keyClick(stairs, Qt.Key.Key_Home)
    type_in_staircase(editor, qtbot, "Ustabilt fremmøde")
    qtbot.keyClick(stairs, Qt.Key.Key_Return)  # Enter: edit the step; Tab to its signs
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is editor.step_edits["signs"]
    qtbot.keyClicks(focused(), "Ringer ikke")
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.keyClick(stairs, Qt.Key.Key_End)
    type_in_staircase(editor, qtbot, "Stabilt")

    # Four new steps: Ins adds above the current step, Shift+Ins inserts under it.
    qtbot.keyClick(stairs, Qt.Key.Key_Home)
    qtbot.keyClick(stairs, Qt.Key.Key_Insert)
    type_in_staircase(editor, qtbot, "To dage")
    qtbot.keyClick(stairs, Qt.Key.Key_Insert)
    type_in_staircase(editor, qtbot, "Fire dage")
    qtbot.keyClick(stairs, Qt.Key.Key_Insert, Qt.KeyboardModifier.ShiftModifier)
    type_in_staircase(editor, qtbot, "Tre dage")
    qtbot.keyClick(stairs, Qt.Key.Key_End)
    qtbot.keyClick(stairs, Qt.Key.Key_Insert, Qt.KeyboardModifier.ShiftModifier)
    type_in_staircase(editor, qtbot, "Ringer afbud")
    assert live_texts(read_ladder(ladder.id)) == [
        "Ustabilt fremmøde",
        "To dage",
        "Tre dage",
        "Fire dage",
        "Ringer afbud",
        "Stabilt",
    ]

    # Reorder: "Ringer afbud" goes two steps down, under "Tre dage".
    assert editor.current_step() is not None
    qtbot.keyClick(stairs, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(stairs, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert live_texts(read_ladder(ladder.id))[2] == "Ringer afbud"
    # Delete one: "Fire dage" (Right goes one step up the stairs).
    qtbot.keyClick(stairs, Qt.Key.Key_Right)
    qtbot.keyClick(stairs, Qt.Key.Key_Right)
    assert editor.current_step().text == "Fire dage"  # type: ignore[union-attr]
    qtbot.keyClick(stairs, Qt.Key.Key_Delete)

    expected = [
        "Ustabilt fremmøde",
        "To dage",
        "Ringer afbud",
        "Tre dage",
        "Stabilt",
    ]
    on_disk = read_ladder(ladder.id)
    assert live_texts(on_disk) == expected
    assert on_disk.live_steps()[0].signs == "Ringer ikke"
    retired = [s for s in on_disk.steps if s.is_deleted]
    assert [s.text for s in retired] == ["Fire dage"]
    # The staircase, the table and the file show the same ladder, top first in the views.
    assert [t for t, _s, _a in staircase_rows(editor)] == expected[::-1]
    rows = table_rows(editor.model)
    assert [r[1] for r in rows] == expected[::-1]
    assert rows[-1][2] == "Ringer ikke"
    assert [r[0] for r in rows] == [step_label(n, 5) for n in range(5, 0, -1)]
    assert rows[0][0].endswith("MÅLET")
    assert rows[-1][0].endswith("UDGANGSPUNKTET")
    assert staircase_rows(editor) == [
        (s.text, s.signs, s.action) for s in reversed(on_disk.live_steps())
    ]
    # The library lists it with its goal; the retired step is listed under the editor.
    assert GOAL in page.library.currentItem().text()
    assert editor.retired_list.count() == 1
    assert "Fire dage" in editor.retired_list.item(0).text()


@pytest.fixture
def new_editor(window: MainWindow, qtbot: QtBot) -> NewLadder:
    """The editor on a ladder just made by keyboard (GOAL as its goal), and the ladder's id."""
    page = open_ladders(window, qtbot)
    new_ladder(page, qtbot)
    return page.editor, current_ladder_id(page.editor)


def test_build_through_the_table(
    window: MainWindow, qtbot: QtBot, new_editor: NewLadder, read_ladder: LadderReader
) -> None:
    editor, ladder_id = new_editor
    model = editor.model
    assert model.rowCount() == 2

    edit_cell(editor, qtbot, 1, 0, "Meget indelukket")  # bottom row: UDGANGSPUNKTET
    edit_cell(editor, qtbot, 0, 0, "Tryg i sociale sammenhænge")  # top row: MÅLET
    edit_cell(editor, qtbot, 1, 1, "Undviger kontakt")  # TEGN
    edit_cell(editor, qtbot, 1, 2, "Kort snak hver morgen")  # HANDLING
    # A new step from the table: Ins on the bottom row adds a step above it.
    editor.table.setCurrentIndex(model.index(1, 0))
    qtbot.keyClick(editor.table, Qt.Key.Key_Insert)
    assert model.rowCount() == 3
    assert editor.table.currentIndex().row() == 1
    edit_cell(editor, qtbot, 1, 0, "Lukker sig op for tillidspersoner")
    edit_cell(editor, qtbot, 1, 1, "Kan føre en samtale med formanden")
    # A line break inside a cell: Shift+Enter.
    editor.table.setCurrentIndex(model.index(0, 2))
    qtbot.keyClick(editor.table, "G")
    qtbot.keyClicks(focused(), "iv ansvar")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(focused(), "i fællesskabet")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)

    on_disk = read_ladder(ladder_id)
    bottom, middle, top = on_disk.live_steps()
    assert (bottom.text, bottom.signs, bottom.action) == (
        "Meget indelukket",
        "Undviger kontakt",
        "Kort snak hver morgen",
    )
    assert (middle.text, middle.signs) == (
        "Lukker sig op for tillidspersoner",
        "Kan føre en samtale med formanden",
    )
    assert (top.text, top.action) == ("Tryg i sociale sammenhænge", "Giv ansvar\ni fællesskabet")
    # The staircase shows the same, and its step fields follow the table's current row.
    assert staircase_rows(editor) == [(s.text, s.signs, s.action) for s in (top, middle, bottom)]
    editor.table.setCurrentIndex(model.index(2, 1))
    assert editor.staircase.current() == bottom.id
    assert editor.step_edits["signs"].toPlainText() == "Undviger kontakt"
    assert editor.step_edits["action"].toPlainText() == "Kort snak hver morgen"
    # Each cell is one undo step; the last one undone shows in both views and on disk.
    window.undo_action.trigger()
    assert read_ladder(ladder_id).live_steps()[2].action == ""
    assert model.index(0, 2).data() == ""
    assert editor.staircase.steps()[2].action == ""


def test_escape_cancels_a_cell_edit(window: MainWindow, qtbot: QtBot) -> None:
    page = open_ladders(window, qtbot)
    editor = page.editor
    editor.tabs.setCurrentIndex(1)
    before = editor.model.index(0, 1).data()
    count = window.undo_stack.count()
    editor.table.setFocus()
    editor.table.setCurrentIndex(editor.model.index(0, 1))
    qtbot.keyClick(editor.table, "x")
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert editor.model.index(0, 1).data() == before
    assert window.undo_stack.count() == count


# --- Undo and redo of every kind of edit, checked on disk ---------------------------------


@pytest.fixture
def demo_page(window: MainWindow, qtbot: QtBot) -> LaddersPage:
    """The ladders page showing the demo's 'Social kontakt' ladder, staircase focused."""
    page = open_ladders(window, qtbot)
    entry = next(e for e in page.library_entries() if e.ladder.title == "Social kontakt")
    page.library.setCurrentRow(page.library_entries().index(entry))
    page.editor.staircase.setFocus()
    return page


@pytest.fixture
def editor(demo_page: LaddersPage) -> LadderEditor:
    """The editor on the demo's 'Social kontakt' ladder."""
    return demo_page.editor


@pytest.fixture
def shown_ladder(editor: LadderEditor, read_ladder: LadderReader) -> Callable[[], Ladder]:
    """The ladder the editor shows at the start, as it is on disk."""
    ladder_id = current_ladder_id(editor)
    return lambda: read_ladder(ladder_id)


def undo_redo(
    window: MainWindow, check_before: Callable[[], None], check_after: Callable[[], None]
) -> None:
    count = window.undo_stack.count()
    check_after()
    window.undo_action.trigger()
    check_before()
    window.redo_action.trigger()
    check_after()
    assert window.undo_stack.count() == count


def test_undo_redo_add_and_insert(
    window: MainWindow, editor: LadderEditor, qtbot: QtBot, shown_ladder: Callable[[], Ladder]
) -> None:
    original = [s.id for s in shown_ladder().live_steps()]
    qtbot.keyClick(editor.staircase, Qt.Key.Key_Home)

    qtbot.keyClick(editor.staircase, Qt.Key.Key_Insert)
    assert window.undo_stack.count() == 1
    added = editor.current_step()
    assert added is not None
    assert added.id not in original

    def without() -> None:
        assert [s.id for s in shown_ladder().live_steps()] == original
        assert editor.model.rowCount() == len(original)

    def with_added() -> None:
        ids = [s.id for s in shown_ladder().live_steps()]
        assert ids == [original[0], added.id, *original[1:]]
        assert editor.model.rowCount() == len(original) + 1
        current = editor.current_step()
        assert current is not None
        assert current.id == added.id

    undo_redo(window, without, with_added)

    qtbot.keyClick(editor.staircase, Qt.Key.Key_Insert, Qt.KeyboardModifier.ShiftModifier)
    inserted = editor.current_step()
    assert inserted is not None

    def with_inserted() -> None:
        ids = [s.id for s in shown_ladder().live_steps()]
        assert ids == [original[0], inserted.id, added.id, *original[1:]]

    undo_redo(window, with_added, with_inserted)


def test_undo_redo_typing_is_one_step(
    window: MainWindow, editor: LadderEditor, qtbot: QtBot, shown_ladder: Callable[[], Ladder]
) -> None:
    qtbot.keyClick(editor.staircase, Qt.Key.Key_End)
    step = editor.current_step()
    assert step is not None
    qtbot.keyClick(editor.staircase, Qt.Key.Key_Return)
    field = editor.step_edits["text"]
    assert focused() is field
    qtbot.keyClicks(field, " Også ved nye kolleger.")
    assert window.undo_stack.count() == 1  # 23 keystrokes, one undo step
    assert window.undo_action.text() == "&Fortryd ændring af trin"
    typed = step.text + " Også ved nye kolleger."

    def text_on_disk() -> str:
        return next(s.text for s in shown_ladder().steps if s.id == step.id)

    def before() -> None:
        assert text_on_disk() == step.text
        assert field.toPlainText() == step.text
        assert editor.model.index(0, 0).data() == step.text

    def after() -> None:
        assert text_on_disk() == typed
        assert field.toPlainText() == typed
        assert editor.model.index(0, 0).data() == typed
        assert editor.staircase.steps()[-1].text == typed

    undo_redo(window, before, after)

    # The goal and the title merge their typing the same way.
    goal = editor.goal_edit
    goal.setFocus()
    goal.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(goal, " hver dag")
    assert window.undo_stack.count() == 2
    assert shown_ladder().change_goal.endswith(" hver dag")
    window.undo_action.trigger()
    assert not shown_ladder().change_goal.endswith(" hver dag")
    assert not goal.toPlainText().endswith(" hver dag")


def test_an_emptied_goal_is_not_saved(
    editor: LadderEditor, qtbot: QtBot, shown_ladder: Callable[[], Ladder]
) -> None:
    goal = editor.goal_edit
    goal.setFocus()
    goal.selectAll()
    qtbot.keyClick(goal, Qt.Key.Key_Delete)
    assert editor.goal_error.message()  # "Feltet må ikke være tomt."
    assert shown_ladder().change_goal == "Tryg og aktiv i sociale sammenhænge"
    qtbot.keyClick(goal, Qt.Key.Key_Tab)  # leaving the field shows what is stored
    assert goal.toPlainText() == "Tryg og aktiv i sociale sammenhænge"
    assert not editor.goal_error.message()


def test_undo_redo_move(
    window: MainWindow, editor: LadderEditor, qtbot: QtBot, shown_ladder: Callable[[], Ladder]
) -> None:
    original = [s.id for s in shown_ladder().live_steps()]
    qtbot.keyClick(editor.staircase, Qt.Key.Key_Home)
    qtbot.keyClick(editor.staircase, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    moved = [original[1], original[0], *original[2:]]

    def before() -> None:
        assert [s.id for s in shown_ladder().live_steps()] == original
        assert editor.model.step_at(editor.model.rowCount() - 1).id == original[0]  # type: ignore[union-attr]

    def after() -> None:
        assert [s.id for s in shown_ladder().live_steps()] == moved
        assert editor.model.step_at(editor.model.rowCount() - 2).id == original[0]  # type: ignore[union-attr]
        assert editor.current_step().id == original[0]  # type: ignore[union-attr]

    undo_redo(window, before, after)
    # In the table, Alt+Up moves the current row's step up too (towards MÅLET).
    editor.tabs.setCurrentIndex(1)
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [s.id for s in shown_ladder().live_steps()][2] == original[0]


def test_undo_redo_delete_and_merge(
    window: MainWindow, qtbot: QtBot, new_editor: NewLadder, read_ladder: LadderReader
) -> None:
    editor, ladder_id = new_editor
    stairs = editor.staircase
    stairs.setFocus()
    qtbot.keyClick(stairs, Qt.Key.Key_Home)
    type_in_staircase(editor, qtbot, "Udgangspunkt")
    qtbot.keyClick(stairs, Qt.Key.Key_Insert)
    type_in_staircase(editor, qtbot, "Mellemtrin")
    qtbot.keyClick(stairs, Qt.Key.Key_End)
    type_in_staircase(editor, qtbot, "Mål")
    three = [s.id for s in read_ladder(ladder_id).live_steps()]

    qtbot.keyClick(stairs, Qt.Key.Key_Left)  # down to "Mellemtrin"
    qtbot.keyClick(stairs, Qt.Key.Key_Delete)

    def before_delete() -> None:
        ladder = read_ladder(ladder_id)
        assert [s.id for s in ladder.live_steps()] == three
        assert not any(s.is_deleted for s in ladder.steps if s.id == three[1])

    def after_delete() -> None:
        ladder = read_ladder(ladder_id)
        assert [s.id for s in ladder.live_steps()] == [three[0], three[2]]
        gone = next(s for s in ladder.steps if s.id == three[1])
        assert gone.is_deleted
        assert gone.text == "Mellemtrin"
        assert editor.retired_list.count() == 1

    undo_redo(window, before_delete, after_delete)

    window.undo_action.trigger()  # "Mellemtrin" back, selected
    assert editor.current_step().id == three[1]  # type: ignore[union-attr]
    assert editor.retired_list.count() == 0
    qtbot.keyClick(stairs, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # merge

    def after_merge() -> None:
        ladder = read_ladder(ladder_id)
        assert [s.id for s in ladder.live_steps()] == [three[0], three[1]]
        assert ladder.live_steps()[1].text == "Mellemtrin\nMål"
        assert next(s for s in ladder.steps if s.id == three[2]).is_deleted

    undo_redo(window, before_delete, after_merge)


def test_undo_redo_target_group_toggle(
    window: MainWindow, demo_page: LaddersPage, qtbot: QtBot, shown_ladder: Callable[[], Ladder]
) -> None:
    groups = list_target_groups(window.store)
    groups_list = demo_page.group_list
    assert groups_list.count() == len(groups) == 2
    both = [g.id for g in groups]
    assert shown_ladder().target_group_ids == both  # the demo's ladders fit both groups
    groups_list.setFocus()
    groups_list.setCurrentRow(0)
    qtbot.keyClick(groups_list, Qt.Key.Key_Space)
    assert window.undo_stack.count() == 1

    def before() -> None:
        assert shown_ladder().target_group_ids == both
        assert groups_list.item(0).checkState() == Qt.CheckState.Checked
        assert groups[0].name in demo_page.library.currentItem().text()

    def after() -> None:
        assert shown_ladder().target_group_ids == [groups[1].id]
        assert groups_list.item(0).checkState() == Qt.CheckState.Unchecked
        assert groups[0].name not in demo_page.library.currentItem().text()

    undo_redo(window, before, after)


def test_undo_redo_new_and_deleted_ladder(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, reopened: Store
) -> None:
    page = open_ladders(window, qtbot)
    insert_ladder(page, qtbot)
    new_id = page.current_ladder_id()
    assert new_id is not None
    assert window.undo_stack.count() == 1

    def live_ids() -> set[object]:
        return {lad.id for lad in list_ladders(reopened) if not lad.is_deleted}

    def without() -> None:
        assert new_id not in live_ids()
        assert get_ladder(reopened, new_id).is_deleted
        assert page.library.count() == 2

    def with_new() -> None:
        assert new_id in live_ids()
        assert page.library.count() == 3
        assert page.current_ladder_id() == new_id

    undo_redo(window, without, with_new)

    # Deleting a ladder participants are placed on asks first; No keeps it.
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.No)
    page.library.setCurrentRow(0)
    abuse = page.current_ladder_id()
    page.library.setFocus()
    qtbot.keyClick(page.library, Qt.Key.Key_Delete)
    assert asked
    assert "15 deltagere er sat på måltrappen" in asked[0]
    assert abuse in live_ids()
    assert window.undo_stack.count() == 1
    answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.keyClick(page.library, Qt.Key.Key_Delete)

    def kept() -> None:
        assert abuse in live_ids()
        assert page.library.count() == 3

    def deleted() -> None:
        assert abuse not in live_ids()
        assert page.library.count() == 2
        assert page.current_ladder_id() != abuse

    undo_redo(window, kept, deleted)
    window.undo_action.trigger()
    assert page.current_ladder_id() == abuse  # undo shows what came back


def test_keyboard_undo_in_the_staircase(editor: LadderEditor, qtbot: QtBot) -> None:
    count = editor.model.rowCount()
    qtbot.keyClick(editor.staircase, Qt.Key.Key_Insert)
    assert editor.model.rowCount() == count + 1
    qtbot.keyClick(editor.staircase, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.model.rowCount() == count
    qtbot.keyClick(
        editor.staircase,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert editor.model.rowCount() == count + 1
    assert row_of_text(editor.model, "") >= 0


def test_clicking_another_cell_saves_and_stays_there(
    editor: LadderEditor, qtbot: QtBot, shown_ladder: Callable[[], Ladder]
) -> None:
    editor.tabs.setCurrentIndex(1)
    table = editor.table
    table.setFocus()
    table.setCurrentIndex(editor.model.index(0, 1))
    qtbot.keyClick(table, "N")
    qtbot.keyClicks(focused(), "yt tegn")
    target = editor.model.index(3, 2)
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(target).center()
    )
    assert shown_ladder().live_steps()[-1].signs == "Nyt tegn"
    assert table.currentIndex().row() == 3
    assert table.currentIndex().column() == 2
    assert editor.current_step() == editor.model.step_at(3)
