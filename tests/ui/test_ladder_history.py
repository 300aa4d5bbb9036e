"""History is safe: editing a ladder participants are rated on never rewrites a rating; a
rated step that is deleted is retired and stays visible. And the guide's quality rules as
gentle hints, down to merging two steps nobody can tell apart."""

from __future__ import annotations

import uuid
from typing import NamedTuple

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from forandring_desktop.model import Ladder, Side
from forandring_desktop.model.ladder_edit import HintKind
from forandring_desktop.services.door import get_door_sheet, list_door_sheets
from forandring_desktop.services.ladders import (
    create_ladder_from_pair,
    get_ladder,
    rating_counts,
)
from forandring_desktop.storage import Store
from forandring_desktop.ui.ladder.editor import LadderEditor
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.ladders import LaddersPage

from .test_ladder_helpers import (
    LadderReader,
    answer_questions,
    current_ladder_id,
    insert_ladder,
    live_texts,
    open_ladders,
    type_in_staircase,
)


@pytest.fixture
def social(window: MainWindow, qtbot: QtBot) -> LaddersPage:
    page = open_ladders(window, qtbot)
    titles = [e.ladder.title for e in page.library_entries()]
    page.library.setCurrentRow(titles.index("Social kontakt"))
    page.editor.staircase.setFocus()
    return page


class RatedStep(NamedTuple):
    ladder_id: uuid.UUID
    step_id: uuid.UUID
    ratings: int  # the step's ratings
    counts: dict[uuid.UUID, int]  # every step's ratings, before any edit


def _rated_step(store: Store, editor: LadderEditor) -> RatedStep:
    """A step in the middle of the editor's ladder with ratings, so it has neighbours on both
    sides."""
    ladder_id = current_ladder_id(editor)
    counts = rating_counts(store, ladder_id)
    ladder = get_ladder(store, ladder_id)
    for step in ladder.live_steps()[1:-1]:
        if counts.get(step.id, 0) > 0:
            return RatedStep(ladder_id, step.id, counts[step.id], counts)
    raise AssertionError("the demo has no rated middle step")


def test_deleting_a_rated_step_retires_it(
    window: MainWindow,
    social: LaddersPage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    reopened: Store,
) -> None:
    editor = social.editor
    ladder_id, step_id, count, counts_before = _rated_step(reopened, editor)
    text = next(s.text for s in get_ladder(reopened, ladder_id).steps if s.id == step_id)
    editor.select_step(step_id)

    # The user is told what happens, and can say no.
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.No)
    qtbot.keyClick(editor.staircase, Qt.Key.Key_Delete)
    assert count > 1
    assert asked == [
        f"Trinnet har {count} vurderinger; det tages ud af trappen, men vurderingerne "
        "bevares.\n\nVil du tage trinnet ud af trappen?"
    ]
    assert not get_ladder(reopened, ladder_id).steps[0].is_deleted
    assert window.undo_stack.count() == 0

    answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.keyClick(editor.staircase, Qt.Key.Key_Delete)
    ladder = get_ladder(reopened, ladder_id)
    retired = next(s for s in ladder.steps if s.id == step_id)
    assert retired.is_deleted
    assert retired.text == text
    assert step_id not in [s.id for s in ladder.live_steps()]
    assert rating_counts(reopened, ladder_id) == counts_before  # no rating touched
    # Shown under "Udgåede trin" with its ratings; gone from both views.
    assert editor.retired_list.count() == 1
    assert editor.retired_list.item(0).text() == f"{text} – {count} vurderinger"
    assert step_id not in [s.id for s in editor.staircase.steps()]
    assert editor.model.row_of(step_id) == -1

    window.undo_action.trigger()
    assert step_id in [s.id for s in get_ladder(reopened, ladder_id).live_steps()]
    assert editor.retired_list.count() == 0
    assert rating_counts(reopened, ladder_id) == counts_before


def test_rewording_inserting_and_moving_keep_ratings(
    window: MainWindow,
    social: LaddersPage,
    qtbot: QtBot,
    reopened: Store,
) -> None:
    editor = social.editor
    ladder_id, step_id, _count, counts_before = _rated_step(reopened, editor)
    editor.select_step(step_id)

    type_in_staircase(editor, qtbot, "!")  # reworded
    qtbot.keyClick(editor.staircase, Qt.Key.Key_Insert)  # a new step above it
    editor.select_step(step_id)
    qtbot.keyClick(editor.staircase, Qt.Key.Key_Insert, Qt.KeyboardModifier.ShiftModifier)
    editor.select_step(step_id)
    qtbot.keyClick(editor.staircase, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.undo_stack.count() == 4

    ladder = get_ladder(reopened, ladder_id)
    assert len(ladder.live_steps()) == 8
    step = next(s for s in ladder.steps if s.id == step_id)
    assert step.text.endswith("!")
    assert not step.is_deleted
    assert rating_counts(reopened, ladder_id) == counts_before  # every rating points where it did


def test_hints_for_near_identical_steps_and_merging(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, read_ladder: LadderReader
) -> None:
    page = open_ladders(window, qtbot)
    insert_ladder(page, qtbot)
    editor = page.editor
    ladder_id = current_ladder_id(editor)
    stairs = editor.staircase
    stairs.setFocus()
    # Two empty steps: each one gets a hint, and the steps are marked on the stairs.
    assert [h.kind for h in editor.hints()] == [HintKind.EMPTY_STEP, HintKind.EMPTY_STEP]
    assert editor.hint_list.count() == 2
    assert editor.hint_list.item(0).text() == "Trin 1 mangler et delmål."
    assert not editor.hint_list.item(0).icon().isNull()

    qtbot.keyClick(stairs, Qt.Key.Key_Home)
    type_in_staircase(editor, qtbot, "Kommer til tiden hver dag")
    qtbot.keyClick(stairs, Qt.Key.Key_End)
    type_in_staircase(editor, qtbot, "Kommer til tiden hver dag.")
    similar = [h for h in editor.hints() if h.kind is HintKind.SIMILAR_STEPS]
    assert len(similar) == 1
    assert similar[0].suggest_merge
    messages = [editor.hint_list.item(r).text() for r in range(editor.hint_list.count())]
    assert any("Trin 1 og 2 er næsten ens" in m for m in messages)

    # Gentle: nothing was refused; the ladder is saved as typed.
    assert live_texts(read_ladder(ladder_id)) == [
        "Kommer til tiden hver dag",
        "Kommer til tiden hver dag.",
    ]

    # Choosing the hint selects its steps; "Slå sammen" merges them (one undo step).
    row = messages.index(next(m for m in messages if "næsten ens" in m))
    editor.hint_list.setFocus()
    editor.hint_list.setCurrentRow(row)
    first, second = similar[0].step_ids
    assert editor.staircase.current() == first
    assert editor.hint_merge_button.isEnabled()
    answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)  # never asked: no ratings
    qtbot.mouseClick(editor.hint_merge_button, Qt.MouseButton.LeftButton)

    assert not [h for h in editor.hints() if h.kind is HintKind.SIMILAR_STEPS]
    messages = [editor.hint_list.item(r).text() for r in range(editor.hint_list.count())]
    assert not any("næsten ens" in m for m in messages)
    ladder = read_ladder(ladder_id)
    assert [s.id for s in ladder.live_steps()] == [first]
    assert next(s for s in ladder.steps if s.id == second).is_deleted
    assert editor.retired_list.count() == 1

    window.undo_action.trigger()
    assert [s.id for s in read_ladder(ladder_id).live_steps()] == [first, second]
    assert any(h.kind is HintKind.SIMILAR_STEPS for h in editor.hints())


def test_hints_for_more_than_one_change_and_more_of_the_same(
    social: LaddersPage, qtbot: QtBot
) -> None:
    editor = social.editor
    assert editor.hints() == []  # the guide's own example ladder is fine
    goal = editor.goal_edit
    goal.setFocus()
    goal.selectAll()
    qtbot.keyClicks(goal, "Tryg i sociale sammenhænge; møder til tiden")
    kinds = [h.kind for h in editor.hints()]
    assert HintKind.MORE_THAN_ONE_CHANGE in kinds
    assert any(
        "én forandring og kun én forandring" in editor.hint_list.item(r).text()
        for r in range(editor.hint_list.count())
    )


def test_library_shows_where_a_ladder_came_from(window: MainWindow, qtbot: QtBot) -> None:
    page = open_ladders(window, qtbot)
    sheets = [get_door_sheet(window.store, s.id) for s in list_door_sheets(window.store)]
    sheet = next(s for s in sheets if any(n.pair_id for n in s.notes))
    in_note = next(n for n in sheet.notes if n.pair_id is not None and n.side is Side.IN)
    out_note = next(n for n in sheet.notes if n.id == in_note.pair_id)
    # The board's "måltrappe from this pair" goes through the same service and signal.
    change = window.workspace.run(
        lambda store: create_ladder_from_pair(store, sheet.id, in_note.id)
    )
    (ladder_id,) = change.of(Ladder).created
    assert page.library.count() == 3
    page.select_ladder(ladder_id)
    text = page.library.currentItem().text()
    assert f"fra: {sheet.title}: {in_note.text} → {out_note.text}" in text
    assert "0 deltagere er sat på den" in text
    steps = page.editor.staircase.steps()
    assert [s.text for s in steps] == [in_note.text, out_note.text]
