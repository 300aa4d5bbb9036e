"""The method description page (seed 001, B) driven through its real widgets, in the
seed's order: phases, roles and responsibilities, the core; undo/redo; reopened."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from forandring_desktop.model import MethodDescription, Role
from forandring_desktop.services.method import list_method_descriptions
from forandring_desktop.storage import Store
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.method import MethodPage

from .helpers import Keyboard, activate, shown_page


@pytest.fixture
def stored(
    open_store: Callable[..., Store], demo_path: Path
) -> Callable[[], list[MethodDescription]]:
    return lambda: list_method_descriptions(open_store(demo_path))


@pytest.fixture
def method_page(window: MainWindow, qtbot: QtBot) -> MethodPage:
    page = shown_page(window, "method", MethodPage)
    activate(window, qtbot)
    return page


def commit(keys: Keyboard) -> None:
    """Enter in a cell editor: Qt commits and closes it through a queued call."""
    keys.press(Qt.Key.Key_Return)
    QApplication.processEvents()
    QApplication.processEvents()


def choose_group_without_method(page: MethodPage, stored: list[MethodDescription]) -> None:
    taken = {str(m.target_group_id or "") for m in stored}
    for i in range(page.group_combo.count()):
        if page.group_combo.itemData(i) not in taken:
            page.group_combo.setCurrentIndex(i)
            return
    raise AssertionError("every target group has a method description")


def test_a_method_description_is_filled_in_the_seeds_order(  # type: ignore[no-untyped-def]
    method_page: MethodPage, window: MainWindow, qtbot: QtBot, stored, make_window, qtmodeltester
) -> None:
    keys = Keyboard(qtbot)
    page = method_page
    choose_group_without_method(page, stored())
    group_id = page.chosen_group()
    assert page.empty_label.isVisibleTo(page)
    assert not page.body.isVisibleTo(page)
    page.new_button.click()
    [method] = [m for m in stored() if m.target_group_id == group_id]
    assert page.body.isVisibleTo(page)

    # 1. Fase I-III: hvad vi gør / hvad vi ønsker at udvikle (the first field has focus).
    keys.type("Samtale om borgerens mål")
    keys.press(Qt.Key.Key_Tab)
    keys.type("Flere samtaler på arbejdspladsen")
    keys.press(Qt.Key.Key_Tab)
    [method] = [m for m in stored() if m.id == method.id]
    assert method.phases[0].doing == "Samtale om borgerens mål"
    assert method.phases[0].developing == "Flere samtaler på arbejdspladsen"

    # 2. Roller og ansvar: Ins adds an actor and opens its name for typing.
    page.roles_table.setFocus()
    keys.press(Qt.Key.Key_Insert)
    keys.type("Jobkonsulent")
    commit(keys)
    keys.press(Qt.Key.Key_Right)
    keys.press(Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    keys.press(Qt.Key.Key_Down)  # Ekstern
    commit(keys)
    keys.press(Qt.Key.Key_Right)
    keys.press("F")
    keys.type("ølger borgeren i praktik")
    commit(keys)
    keys.press(Qt.Key.Key_Right)
    keys.press("U")
    keys.type("ge 1-4")
    commit(keys)
    [method] = [m for m in stored() if m.id == method.id]
    assert method.roles == [
        Role(
            actor="Jobkonsulent",
            external=True,
            responsibility="Følger borgeren i praktik",
            when="Uge 1-4",
        )
    ]
    assert page.role_model.index(0, 1).data() == "Ekstern"
    qtmodeltester.check(page.role_model)

    # 3. Kernen i indsatsen: the principles, a list.
    page.core.add_edit.setFocus()
    keys.type("Borgeren sætter sine egne mål")
    keys.press(Qt.Key.Key_Return)
    keys.type("Vi møder borgeren inden for 5 dage")
    keys.press(Qt.Key.Key_Return)
    [method] = [m for m in stored() if m.id == method.id]
    assert method.core == ["Borgeren sætter sine egne mål", "Vi møder borgeren inden for 5 dage"]

    # Undo takes the last principle back; redo puts it back.
    window.undo_stack.undo()
    assert [m.core for m in stored() if m.id == method.id] == [["Borgeren sætter sine egne mål"]]
    assert page.core.items() == ["Borgeren sætter sine egne mål"]
    window.undo_stack.redo()
    assert len(page.core.items()) == 2

    # Del removes the actor, undo puts it back.
    page.roles_table.setCurrentIndex(page.role_model.index(0, 0))
    page.roles_table.setFocus()
    keys.press(Qt.Key.Key_Delete)
    assert [m.roles for m in stored() if m.id == method.id] == [[]]
    window.undo_stack.undo()
    assert [len(m.roles) for m in stored() if m.id == method.id] == [1]

    # Opened anew, it is all there.
    other = make_window()
    again = other.pages["method"]
    assert isinstance(again, MethodPage)
    again.group_combo.setCurrentIndex(again.group_combo.findData(str(group_id or "")))
    binding = again.phase_bindings[(0, "developing")]
    assert binding.text() == "Flere samtaler på arbejdspladsen"
    assert again.role_model.index(0, 0).data() == "Jobkonsulent"
    assert again.core.items() == [
        "Borgeren sætter sine egne mål",
        "Vi møder borgeren inden for 5 dage",
    ]
