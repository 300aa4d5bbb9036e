"""The action plan page (seed 001, C) driven through its real widgets: actions added and
edited by keyboard in the four groups, undo/redo, the follow-up view under a fixed
"today", and everything found again when the file is opened anew."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit
from pytestqt.qtbot import QtBot

from forandring_desktop.model import ActionArea, ActionStatus, PlanAction
from forandring_desktop.services.action_plan import list_plan_actions
from forandring_desktop.storage import Store
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.action_plan import ActionPlanPage
from forandring_desktop.ui.plan.action_model import ActionTableModel

from .conftest import TODAY
from .helpers import Keyboard, activate, shown_page

FIXED_TODAY = TODAY + datetime.timedelta(days=1)  # the day after the demo was made


@pytest.fixture
def stored(open_store: Callable[..., Store], demo_path: Path) -> Callable[[], list[PlanAction]]:
    """The live actions as they are on disk, read through a new Store."""
    return lambda: list_plan_actions(open_store(demo_path))


@pytest.fixture
def plan(window: MainWindow, qtbot: QtBot) -> ActionPlanPage:
    page = shown_page(window, "plan", ActionPlanPage)
    page.today = lambda: FIXED_TODAY
    activate(window, qtbot)
    return page


def commit(keys: Keyboard) -> None:
    """Enter in a cell editor: Qt commits and closes it through a queued call."""
    keys.press(Qt.Key.Key_Return)
    QApplication.processEvents()
    QApplication.processEvents()


def focused_editor(kind: type) -> object:
    widget = QApplication.focusWidget()
    assert isinstance(widget, kind), widget
    return widget


def test_actions_are_added_and_edited_by_keyboard_with_undo(  # type: ignore[no-untyped-def]
    plan: ActionPlanPage, window: MainWindow, qtbot: QtBot, stored, make_window
) -> None:
    keys = Keyboard(qtbot)
    before = {a.id for a in stored()}
    group = plan.groups[ActionArea.STAFF]
    group.table.setFocus()
    keys.press(Qt.Key.Key_Insert)  # a new action, its "hvad" open for typing
    keys.type("Kursus i motiverende samtale")
    commit(keys)
    [action] = [a for a in stored() if a.id not in before]
    assert (action.area, action.what, action.target_group_id) == (
        ActionArea.STAFF,
        "Kursus i motiverende samtale",
        None,
    )
    keys.press(Qt.Key.Key_Right)  # Hvem: typing starts the editor
    keys.press("M")  # the first key opens the editor with it; the rest goes there
    keys.type("ette")
    commit(keys)
    keys.press(Qt.Key.Key_Right)  # Hvornår: a dd.MM.yyyy date editor
    keys.press(Qt.Key.Key_F2)
    date_edit = focused_editor(QDateEdit)
    assert isinstance(date_edit, QDateEdit)
    assert date_edit.displayFormat() == "dd.MM.yyyy"
    date_edit.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    commit(keys)
    keys.press(Qt.Key.Key_Right)  # Status: a choice of the three
    keys.press(Qt.Key.Key_F2)
    combo = focused_editor(QComboBox)
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == ["Ikke startet", "I gang", "Færdig"]
    keys.press(Qt.Key.Key_Down)
    commit(keys)
    [action] = [a for a in stored() if a.id not in before]
    assert (action.who, action.due, action.status) == (
        "Mette",
        TODAY,
        ActionStatus.IN_PROGRESS,
    )
    row = group.model.row_of(action.id)
    assert group.model.index(row, ActionTableModel.DUE).data() == TODAY.strftime("%d.%m.%Y")

    # The follow-up view, under a fixed "today": the overdue actions (the demo's and this
    # one, due yesterday) come first, marked with a word, the others after them.
    plan.tabs.setCurrentIndex(1)
    follow = plan.follow_model
    marks = [follow.index(r, follow.DEADLINE).data() for r in range(follow.rowCount())]
    overdue = marks.count("Over tid")
    assert overdue >= 2
    assert marks == ["Over tid"] * overdue + [""] * (len(marks) - overdue)
    whats = [follow.index(r, follow.WHAT).data() for r in range(overdue)]
    assert "Kursus i motiverende samtale" in whats

    # Undo takes back one field at a time; redo puts it back.
    keys.press("Z", Qt.KeyboardModifier.ControlModifier)
    assert [a.status for a in stored() if a.id == action.id] == [ActionStatus.NOT_STARTED]
    window.undo_stack.undo()  # the date
    window.undo_stack.undo()  # who
    [back] = [a for a in stored() if a.id == action.id]
    assert (back.what, back.who, back.due) == ("Kursus i motiverende samtale", "", None)
    window.undo_stack.undo()  # what
    window.undo_stack.undo()  # the new action itself
    assert action.id not in {a.id for a in stored()}
    assert group.model.row_of(action.id) == -1
    for _ in range(5):
        window.undo_stack.redo()
    [again] = [a for a in stored() if a.id == action.id]
    assert (again.what, again.who, again.due, again.status) == (
        action.what,
        action.who,
        action.due,
        action.status,
    )

    # Opened anew, the page shows it all.
    other = make_window()
    page = other.pages["plan"]
    assert isinstance(page, ActionPlanPage)
    model = page.groups[ActionArea.STAFF].model
    row = model.row_of(action.id)
    assert [model.index(row, c).data() for c in range(model.columnCount())] == [
        "Kursus i motiverende samtale",
        "Mette",
        TODAY.strftime("%d.%m.%Y"),
        "I gang",
        "",
    ]


def test_delete_and_a_plan_per_target_group(  # type: ignore[no-untyped-def]
    plan: ActionPlanPage, window: MainWindow, qtbot: QtBot, stored, qtmodeltester
) -> None:
    keys = Keyboard(qtbot)
    assert plan.scope.count() >= 2  # the whole organisation and the demo's target groups
    plan.scope.setCurrentIndex(1)
    group_id = plan.scope_group()
    assert group_id is not None
    partners = plan.groups[ActionArea.PARTNERS]
    partners.table.setFocus()
    keys.press(Qt.Key.Key_Insert)
    keys.type("Møde med jobcentret")
    commit(keys)
    [action] = [a for a in stored() if a.what == "Møde med jobcentret"]
    assert (action.target_group_id, action.area) == (group_id, ActionArea.PARTNERS)
    plan.scope.setCurrentIndex(0)  # the whole organisation's plan does not show it
    assert partners.model.rowCount() == sum(
        1 for a in stored() if a.area == ActionArea.PARTNERS and a.target_group_id is None
    )
    plan.scope.setCurrentIndex(1)
    row = partners.model.row_of(action.id)
    partners.table.setCurrentIndex(partners.model.index(row, 0))
    partners.table.setFocus()
    keys.press(Qt.Key.Key_Delete)
    assert action.id not in {a.id for a in stored()}
    window.undo_stack.undo()
    assert action.id in {a.id for a in stored()}
    assert partners.model.row_of(action.id) >= 0
    qtmodeltester.check(partners.model)
    qtmodeltester.check(plan.follow_model)


def test_a_too_long_who_is_refused_and_nothing_changes(  # type: ignore[no-untyped-def]
    plan: ActionPlanPage, window: MainWindow, stored, monkeypatch, qtbot: QtBot
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "forandring_desktop.ui.main_window.show_error",
        lambda _parent, exc: shown.append(str(exc)),
    )
    plan.add_action(ActionArea.TOOLS)
    model = plan.groups[ActionArea.TOOLS].model
    [new] = [a for a in stored() if a.area == ActionArea.TOOLS and not a.what]
    index = model.index(model.row_of(new.id), ActionTableModel.WHAT)
    model.setData(index, "x" * 50_001)
    qtbot.waitUntil(lambda: bool(shown))
    assert "for lang" in shown[0]
    assert [a.what for a in stored() if a.id == new.id] == [""]
    assert index.data() == ""
