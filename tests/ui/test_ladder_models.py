"""The trin-tegn-handling table model and the staircase view, without the page."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from forandring_desktop.model import Ladder, LadderStep
from forandring_desktop.model.ladder_edit import (
    add_step,
    edit_step,
    merge_steps,
    move_step,
    remove_step,
)
from forandring_desktop.ui.ladder.stair_text import fit_lines
from forandring_desktop.ui.ladder.staircase import StaircaseView
from forandring_desktop.ui.ladder.table_model import LadderTableModel
from forandring_desktop.ui.ladder.words import ratings_text


def _ladder(n: int = 4) -> Ladder:
    steps = [LadderStep(text=f"Trin {i}", signs=f"Tegn {i}", action=f"Gør {i}") for i in range(n)]
    return Ladder(title="Fremmøde", change_goal="Møder stabilt", steps=steps)


def _ids(model: LadderTableModel) -> list[uuid.UUID]:
    return [model.step_at(r).id for r in range(model.rowCount())]  # type: ignore[union-attr]


def test_table_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = LadderTableModel()
    ladder = _ladder()
    model.set_ladder(ladder)
    qtmodeltester.check(model)
    # The tester keeps watching: every kind of change must send correct signals.
    steps = ladder.live_steps()
    ladder, new = add_step(ladder, 2, text="Nyt")
    model.set_ladder(ladder)
    ladder = move_step(ladder, new.id, 0)
    model.set_ladder(ladder)
    ladder = move_step(ladder, new.id, 4)
    model.set_ladder(ladder)
    ladder = edit_step(ladder, steps[0].id, signs="Ændret")
    model.set_ladder(ladder)
    ladder = remove_step(ladder, steps[1].id)
    model.set_ladder(ladder)
    ladder = merge_steps(ladder, steps[2].id, steps[3].id)
    model.set_ladder(ladder)
    model.set_ladder(_ladder(2))
    model.set_ladder(None)
    qtmodeltester.check(model)


def test_table_model_rows_signals_and_edits(qtbot: QtBot) -> None:
    model = LadderTableModel()
    ladder = _ladder()
    model.set_ladder(ladder)
    steps = ladder.live_steps()
    assert _ids(model) == [s.id for s in reversed(steps)]  # MÅLET on the first row
    assert model.headerData(0, Qt.Orientation.Vertical) == "4 · MÅLET"
    assert model.headerData(3, Qt.Orientation.Vertical) == "1 · UDGANGSPUNKTET"
    assert model.headerData(1, Qt.Orientation.Vertical) == "3 · DELMÅL"
    assert str(model.headerData(1, Qt.Orientation.Horizontal)).startswith("TEGN\n")
    assert model.index(3, 1).data() == "Tegn 0"

    # An inserted step is an insert of one row (the current cell survives), not a reset.
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.rowsInserted) as sig:
        ladder, new = add_step(ladder, 1)
        model.set_ladder(ladder)
    assert sig.args[1:] == [3, 3]
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.rowsMoved):
        model.set_ladder(move_step(ladder, new.id, 3))
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.rowsRemoved):
        model.set_ladder(remove_step(move_step(ladder, new.id, 3), new.id))

    # A typed cell is a request, not a change: the page saves it and shows the result.
    with qtbot.waitSignal(model.edit_requested) as edit:
        assert model.setData(model.index(0, 2), "Giv ansvar")
    assert edit.args == [steps[-1].id, "action", "Giv ansvar"]
    assert model.index(0, 2).data() == "Gør 3"
    with qtbot.assertNotEmitted(model.edit_requested):
        assert model.setData(model.index(0, 2), "Gør 3")  # unchanged: nothing to save


def test_staircase_draws_steps_rising_to_the_right(qtbot: QtBot) -> None:
    view = StaircaseView()
    qtbot.addWidget(view)
    ladder = _ladder(5)
    view.set_ladder(ladder)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    rects = [view.step_rect(s.id) for s in ladder.live_steps()]
    assert all(r is not None for r in rects)
    lefts = [r.left() for r in rects]  # type: ignore[union-attr]
    treads = [r.bottom() - r.height() for r in rects]  # type: ignore[union-attr]
    assert lefts == sorted(lefts)  # bottom step on the left
    assert view.grab().width() == 900

    # Keys walk the stairs; typing asks to edit the current step.
    view.setFocus()
    with qtbot.waitSignal(view.current_changed) as moved:
        qtbot.keyClick(view, Qt.Key.Key_Home)
    assert moved.args == [ladder.live_steps()[0].id]
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.current() == ladder.live_steps()[1].id
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.current() == ladder.live_steps()[-1].id
    with qtbot.waitSignal(view.edit_requested) as typed:
        qtbot.keyClick(view, "a")
    assert typed.args == ["a"]
    assert "Trin 5 af 5, MÅLET: Trin 4" in view.accessibleDescription()
    del treads


def test_fit_lines_cuts_with_an_ellipsis() -> None:
    font = QFont()
    lines = fit_lines("ord " * 200, font, 100.0, 40.0)
    assert 1 <= len(lines) <= 3
    assert lines[-1].endswith("…")
    assert fit_lines("Kort", font, 100.0, 40.0) == ["Kort"]


def test_ratings_are_counted_in_danish() -> None:
    assert [ratings_text(n) for n in (0, 1, 7)] == [
        "ingen vurderinger",
        "1 vurdering",
        "7 vurderinger",
    ]
