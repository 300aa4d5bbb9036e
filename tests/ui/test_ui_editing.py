"""Editing name and vision: one undo step per typing session, on disk at once, undo/redo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QTextCursor
from pytestqt.qtbot import QtBot

from forandring_desktop.model import Organisation
from forandring_desktop.services.organisation import get_organisation
from forandring_desktop.storage import Store
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.mission import MissionPage

from .helpers import activate, page_of

ORIGINAL_NAME = "iGangiGen"


@pytest.fixture
def stored(open_store: Callable[..., Store], demo_path: Path) -> Callable[[], Organisation]:
    """The organisation as it is on disk, read through a new, independent Store."""
    return lambda: get_organisation(open_store(demo_path))


@pytest.fixture
def mission(window: MainWindow) -> MissionPage:
    return page_of(window, "mission", MissionPage)


def test_typing_a_name_is_one_saved_undo_step(
    window: MainWindow, mission: MissionPage, qtbot: QtBot, stored: Callable[[], Organisation]
) -> None:
    mission.name_edit.end(False)
    qtbot.keyClicks(mission.name_edit, " Nord")

    assert mission.name_edit.text() == "iGangiGen Nord"
    assert window.undo_stack.count() == 1  # five keystrokes, merged
    assert stored().name == "iGangiGen Nord"
    assert window.windowTitle() == "iGangiGen Nord – Forandring Desktop"
    assert window.statusBar().currentMessage() == "Gemt"
    assert window.undo_action.text() == "&Fortryd ændring af navn"

    window.undo_action.trigger()
    assert stored().name == ORIGINAL_NAME
    assert mission.name_edit.text() == ORIGINAL_NAME
    assert window.windowTitle() == "iGangiGen – Forandring Desktop"
    assert window.undo_stack.count() == 1  # undo moves the index, it does not push

    window.redo_action.trigger()
    assert stored().name == "iGangiGen Nord"
    assert mission.name_edit.text() == "iGangiGen Nord"
    assert window.undo_stack.count() == 1


def test_typing_a_vision_is_one_saved_undo_step(
    window: MainWindow,
    mission: MissionPage,
    qtbot: QtBot,
    stored: Callable[[], Organisation],
) -> None:
    original = mission.vision_edit.toPlainText()
    mission.vision_edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(mission.vision_edit, " Og i Herning")
    mission.vision_edit.insertPlainText(" og på Ærø.")  # QTest cannot type æ/ø/å

    assert window.undo_stack.count() == 1
    assert stored().vision == original + " Og i Herning og på Ærø."

    window.undo_action.trigger()
    assert stored().vision == original
    assert mission.vision_edit.toPlainText() == original
    assert window.undo_stack.count() == 1

    window.redo_action.trigger()
    assert stored().vision == original + " Og i Herning og på Ærø."
    assert mission.vision_edit.toPlainText() == original + " Og i Herning og på Ærø."


def test_name_and_vision_are_separate_steps(
    window: MainWindow, mission: MissionPage, qtbot: QtBot, stored: Callable[[], Organisation]
) -> None:
    mission.name_edit.end(False)
    qtbot.keyClicks(mission.name_edit, "2")
    mission.vision_edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(mission.vision_edit, "!")
    assert window.undo_stack.count() == 2

    window.undo_action.trigger()  # the vision only
    organisation = stored()
    assert organisation.name == "iGangiGen2"
    assert not organisation.vision.endswith("!")


def test_a_new_editing_session_is_a_new_step(
    window: MainWindow, mission: MissionPage, qtbot: QtBot, stored: Callable[[], Organisation]
) -> None:
    mission.name_edit.end(False)
    qtbot.keyClicks(mission.name_edit, " A")
    qtbot.keyClick(mission.name_edit, Qt.Key.Key_Return)  # editing finished
    qtbot.keyClicks(mission.name_edit, "B")
    assert window.undo_stack.count() == 2

    window.undo_action.trigger()
    assert stored().name == "iGangiGen A"


def test_typing_back_to_the_start_leaves_no_step(
    window: MainWindow, mission: MissionPage, qtbot: QtBot, stored: Callable[[], Organisation]
) -> None:
    mission.name_edit.end(False)
    qtbot.keyClicks(mission.name_edit, "xy")
    assert window.undo_stack.count() == 1
    qtbot.keyClick(mission.name_edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(mission.name_edit, Qt.Key.Key_Backspace)
    assert window.undo_stack.count() == 0
    assert stored().name == ORIGINAL_NAME


def test_an_empty_name_is_not_saved_and_says_why(
    window: MainWindow, mission: MissionPage, qtbot: QtBot, stored: Callable[[], Organisation]
) -> None:
    mission.name_edit.end(False)
    qtbot.keyClicks(mission.name_edit, "!")
    mission.name_edit.selectAll()
    qtbot.keyClick(mission.name_edit, Qt.Key.Key_Delete)

    assert mission.name_edit.text() == ""
    assert mission.name_error.isVisibleTo(mission)
    assert "Feltet må ikke være tomt." in mission.name_error.text()
    assert stored().name == "iGangiGen!"
    assert window.undo_stack.count() == 1  # only the valid edit
    assert window.windowTitle() == "iGangiGen! – Forandring Desktop"

    qtbot.keyClick(mission.name_edit, Qt.Key.Key_Return)  # leaving the field: back to stored
    assert mission.name_edit.text() == "iGangiGen!"
    assert not mission.name_error.isVisibleTo(mission)

    window.undo_action.trigger()
    assert stored().name == ORIGINAL_NAME
    window.redo_action.trigger()  # the step still holds the last valid name, not ""
    assert stored().name == "iGangiGen!"
    assert mission.name_edit.text() == "iGangiGen!"


def test_an_empty_name_as_first_edit_leaves_no_step(
    window: MainWindow, mission: MissionPage, qtbot: QtBot, stored: Callable[[], Organisation]
) -> None:
    mission.name_edit.selectAll()
    qtbot.keyClick(mission.name_edit, Qt.Key.Key_Backspace)
    assert window.undo_stack.count() == 0
    assert not window.undo_action.isEnabled()
    assert stored().name == ORIGINAL_NAME


def test_undo_and_redo_keys(
    window: MainWindow, mission: MissionPage, qtbot: QtBot, stored: Callable[[], Organisation]
) -> None:
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert QKeySequence("Ctrl+Z") in window.undo_action.shortcuts()
    assert QKeySequence("Ctrl+Shift+Z") in window.redo_action.shortcuts()
    for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo):
        assert key in window.redo_action.shortcuts()

    activate(window, qtbot)
    mission.name_edit.setFocus()
    mission.name_edit.end(False)
    qtbot.keyClicks(mission.name_edit, "X")
    assert stored().name == "iGangiGenX"

    # Pressed in the text field: the window's undo stack answers, not the field's own undo.
    control = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(mission.name_edit, Qt.Key.Key_Z, control)
    assert stored().name == ORIGINAL_NAME
    assert mission.name_edit.text() == ORIGINAL_NAME
    assert window.undo_stack.index() == 0
    assert window.undo_stack.count() == 1  # undone on the window's stack, so redo is possible
    assert window.redo_action.isEnabled()

    qtbot.keyClick(mission.name_edit, Qt.Key.Key_Z, control | Qt.KeyboardModifier.ShiftModifier)
    assert stored().name == "iGangiGenX"
    assert mission.name_edit.text() == "iGangiGenX"
    assert window.undo_stack.index() == 1

    # The same keys from the vision field.
    mission.vision_edit.setFocus()
    qtbot.keyClick(mission.vision_edit, Qt.Key.Key_Z, control)
    assert stored().name == ORIGINAL_NAME


def test_undo_action_disabled_when_nothing_to_undo(window: MainWindow) -> None:
    assert not window.undo_action.isEnabled()
    assert not window.redo_action.isEnabled()
    assert window.undo_action.text() == "&Fortryd"
