"""Personas and target groups on the Målgrupper page, driven through the real widgets and
checked on disk through a second, independent Store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QListWidgetItem,
    QWidget,
)
from pytestqt.qtbot import QtBot

from forandring_desktop.model import Colour, Persona, PersonaKind, Side, TargetGroup
from forandring_desktop.services.door import get_door_sheet, list_door_sheets
from forandring_desktop.services.personas import list_personas, list_target_groups
from forandring_desktop.storage import Store
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.targets import WARNING_TEXT, TargetGroupsPage

from .helpers import Keyboard, activate, page_of, shown_page

NO = Qt.KeyboardModifier.NoModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def db(open_store: Callable[..., Store], demo_path: Path) -> Callable[[], Store]:
    """A new Store on the file, as another process would open it."""
    return lambda: open_store(demo_path)


@pytest.fixture
def page(window: MainWindow) -> TargetGroupsPage:
    return shown_page(window, "targets", TargetGroupsPage)


def persona_named(db: Callable[[], Store], name: str) -> Persona:
    [persona] = [p for p in list_personas(db()) if p.name == name]
    return persona


def group_named(db: Callable[[], Store], name: str) -> TargetGroup:
    [group] = [g for g in list_target_groups(db()) if g.name == name]
    return group


def select(page: TargetGroupsPage, name: str) -> None:
    rows = [page.persona_list.item(r).text() for r in range(page.persona_list.count())]
    [row] = [r for r, text in enumerate(rows) if text.split(" – ")[0] == name]
    page.persona_list.setCurrentRow(row)
    assert page.sheet.name_edit.text() == name


def retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_the_sheet_is_laid_out_like_the_guide(
    page: TargetGroupsPage, page_text: Callable[[QWidget], str]
) -> None:
    text = page_text(page)
    for expected in [
        "PERSONA-ARK",
        "N&AVN:",
        "&KØN:",
        "A&LDER:",
        "&BAGGRUND",
        "VIGTIGSTE PR&OBLEMER",
        "Beskriv hvor personen kommer fra, hvad han/hun har med i ’bagagen’, herunder også "
        "kroniske udfordringer, sygdomme.",
        "Beskriv de helt konkrete og mest centrale problemer / udfordringer personen står "
        "med lige nu.",
        "Natasha – Typisk bruger",
        "Klaus – Svær bruger",
        "Hashmisbrug.",
    ]:
        assert expected in text
    sheet = page.sheet
    assert sheet.name_edit.text() == "Natasha"
    assert sheet.gender_edit.text() == "Kvinde"
    assert sheet.age_edit.text() == "23"
    assert sheet.kind_combo.currentText() == "Typisk bruger"
    assert [sheet.kind_combo.itemText(i) for i in range(3)] == [
        "Typisk bruger",
        "Svær bruger",
        "Let bruger",
    ]
    for widget in page.findChildren(QWidget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(page):
            assert widget.accessibleName(), widget


def test_create_edit_duplicate_and_delete_a_persona(
    window: MainWindow, page: TargetGroupsPage, qtbot: QtBot, db: Callable[[], Store]
) -> None:
    stack = window.undo_stack
    sheet = page.sheet
    qtbot.mouseClick(page.new_persona_button, Qt.MouseButton.LeftButton)
    assert stack.count() == 1
    assert persona_named(db, "Ny persona").kind is PersonaKind.TYPICAL
    assert page.persona_list.currentItem().text().splitlines()[0] == "Ny persona – Typisk bruger"
    assert sheet.name_edit.hasFocus()
    assert sheet.name_edit.selectedText() == "Ny persona"

    qtbot.keyClicks(sheet.name_edit, "Anne Marie")  # the space is kept while typing
    assert sheet.name_edit.text() == "Anne Marie"
    retype(qtbot, sheet.gender_edit, "Kvinde")
    retype(qtbot, sheet.age_edit, "34")
    sheet.kind_combo.setFocus()
    qtbot.keyClick(sheet.kind_combo, Qt.Key.Key_L)  # Let bruger
    assert stack.count() == 1 + 4
    assert page.persona_list.currentItem().text().splitlines()[0] == "Anne Marie – Let bruger"

    problems = sheet.problems
    for item in ["Gæld", "Ensom", "Vred"]:
        problems.add_edit.setFocus()
        qtbot.keyClicks(problems.add_edit, item.replace("æ", "ae"))
        qtbot.keyClick(problems.add_edit, Qt.Key.Key_Return)
        assert problems.add_edit.text() == ""
    sheet.background.add_edit.setText("Bor i Vejle.")
    qtbot.keyClick(sheet.background.add_edit, Qt.Key.Key_Return)
    assert stack.count() == 1 + 4 + 4
    anne = persona_named(db, "Anne Marie")
    assert (anne.gender, anne.age, anne.kind) == ("Kvinde", 34, PersonaKind.EASY)
    assert anne.problems == ["Gaeld", "Ensom", "Vred"]
    assert anne.background == ["Bor i Vejle."]

    # Edit an item in place (F2), move one up (Alt+Up), remove one (Del): one step each.
    problems.list.setFocus()
    problems.list.setCurrentRow(0)
    qtbot.keyClick(problems.list, Qt.Key.Key_F2)
    assert problems.list.state() == QAbstractItemView.State.EditingState
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Stor gaeld")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: problems.list.state() != QAbstractItemView.State.EditingState)
    assert persona_named(db, "Anne Marie").problems == ["Stor gaeld", "Ensom", "Vred"]
    problems.list.setFocus()
    problems.list.setCurrentRow(2)
    qtbot.keyClick(problems.list, Qt.Key.Key_Up, ALT)
    assert problems.items() == ["Stor gaeld", "Vred", "Ensom"]
    assert problems.list.currentRow() == 1
    qtbot.keyClick(problems.list, Qt.Key.Key_Delete)
    assert persona_named(db, "Anne Marie").problems == ["Stor gaeld", "Ensom"]
    assert stack.count() == 1 + 4 + 4 + 3

    window.undo_action.trigger()  # the removal
    assert persona_named(db, "Anne Marie").problems == ["Stor gaeld", "Vred", "Ensom"]
    assert problems.items() == ["Stor gaeld", "Vred", "Ensom"]
    window.undo_action.trigger()  # the move
    window.undo_action.trigger()  # the edit
    assert persona_named(db, "Anne Marie").problems == ["Gaeld", "Ensom", "Vred"]
    select(page, "Natasha")
    window.undo_action.trigger()  # the background item of Anne Marie: she is shown again
    assert sheet.name_edit.text() == "Anne Marie"
    assert persona_named(db, "Anne Marie").background == []
    assert sheet.background.items() == []
    for _ in range(4):
        window.redo_action.trigger()
    assert persona_named(db, "Anne Marie").problems == ["Stor gaeld", "Ensom"]

    qtbot.mouseClick(page.duplicate_button, Qt.MouseButton.LeftButton)
    copy = persona_named(db, "Anne Marie (kopi)")
    assert copy.problems == ["Stor gaeld", "Ensom"]
    assert (copy.gender, copy.age, copy.kind) == ("Kvinde", 34, PersonaKind.EASY)
    assert sheet.name_edit.text() == "Anne Marie (kopi)"

    page.persona_list.setFocus()
    qtbot.keyClick(page.persona_list, Qt.Key.Key_Delete)
    assert [p.name for p in list_personas(db())] == ["Natasha", "Klaus", "Anne Marie"]
    assert "Anne Marie (kopi)" not in page.sheet.name_edit.text()
    window.undo_action.trigger()
    assert persona_named(db, "Anne Marie (kopi)").problems == ["Stor gaeld", "Ensom"]
    assert sheet.name_edit.text() == "Anne Marie (kopi)"
    window.undo_action.trigger()  # the duplicate
    assert [p.name for p in list_personas(db())] == ["Natasha", "Klaus", "Anne Marie"]


def test_an_empty_item_or_name_is_refused_and_nothing_changes(
    window: MainWindow, page: TargetGroupsPage, qtbot: QtBot, db: Callable[[], Store]
) -> None:
    before = persona_named(db, "Natasha")
    problems = page.sheet.problems
    problems.list.setFocus()
    problems.list.setCurrentRow(0)
    qtbot.keyClick(problems.list, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the editor commits a moment later
    qtbot.waitUntil(lambda: "Feltet må ikke være tomt." in problems.error.text())
    qtbot.waitUntil(lambda: problems.items() == before.problems)  # shown as stored again
    assert persona_named(db, "Natasha") == before
    assert window.undo_stack.count() == 0

    retype(qtbot, page.sheet.name_edit, "")
    page.sheet.name_edit.selectAll()
    qtbot.keyClick(page.sheet.name_edit, Qt.Key.Key_Delete)
    assert "Feltet må ikke være tomt." in page.sheet.name_error.text()
    qtbot.keyClick(page.sheet.name_edit, Qt.Key.Key_Return)
    assert page.sheet.name_edit.text() == "Natasha"
    assert persona_named(db, "Natasha") == before


def test_target_group_membership_and_a_too_long_description(
    window: MainWindow, page: TargetGroupsPage, qtbot: QtBot, db: Callable[[], Store]
) -> None:
    young = "Unge med sociale problemer og misbrug"
    natasha, klaus = (persona_named(db, n) for n in ("Natasha", "Klaus"))
    editor = page.group_editor
    assert editor.name_edit.text() == young
    members = editor.members
    assert [members.item(r).text() for r in range(members.count())] == ["Natasha", "Klaus"]
    assert members.item(0).checkState() == Qt.CheckState.Checked
    assert members.item(1).checkState() == Qt.CheckState.Unchecked

    members.setFocus()
    members.setCurrentRow(1)
    qtbot.keyClick(members, Qt.Key.Key_Space)  # Klaus joins
    assert group_named(db, young).persona_ids == [natasha.id, klaus.id]
    members.setCurrentRow(0)
    qtbot.keyClick(members, Qt.Key.Key_Space)  # Natasha leaves
    assert group_named(db, young).persona_ids == [klaus.id]
    assert window.undo_stack.count() == 2
    window.undo_action.trigger()
    assert group_named(db, young).persona_ids == [natasha.id, klaus.id]
    assert members.item(0).checkState() == Qt.CheckState.Checked

    qtbot.mouseClick(page.new_group_button, Qt.MouseButton.LeftButton)
    assert editor.name_edit.hasFocus()
    qtbot.keyClicks(editor.name_edit, "Voksne")
    editor.description_edit.setFocus()
    qtbot.keyClicks(editor.description_edit, "Over 45")
    group = group_named(db, "Voksne")
    assert group.description == "Over 45"
    assert group.persona_ids == []
    count = window.undo_stack.count()

    editor.description_edit.insertPlainText("x" * 50_001)  # pasted
    assert "Teksten er for lang: højst 50000 tegn" in editor.description_error.text()
    assert editor.description_error.isVisibleTo(editor)
    assert group_named(db, "Voksne").description == "Over 45"
    assert window.undo_stack.count() == count

    page.group_list.setFocus()  # leaving the field shows what is stored
    assert editor.description_edit.toPlainText() == "Over 45"
    qtbot.keyClick(page.group_list, Qt.Key.Key_Delete)
    assert "Voksne" not in [g.name for g in list_target_groups(db())]
    window.undo_action.trigger()
    assert group_named(db, "Voksne").description == "Over 45"
    assert editor.name_edit.text() == "Voksne"


def test_start_door_sheet_for_a_persona(
    window: MainWindow, page: TargetGroupsPage, qtbot: QtBot, db: Callable[[], Store]
) -> None:
    klaus = persona_named(db, "Klaus")
    before = {s.id for s in list_door_sheets(db())}
    select(page, "Klaus")
    qtbot.mouseClick(page.door_button, Qt.MouseButton.LeftButton)

    [new] = [s for s in list_door_sheets(db()) if s.id not in before]
    sheet = get_door_sheet(db(), new.id)
    assert sheet.persona_id == klaus.id
    assert [n.text for n in sheet.notes if n.side is Side.IN] == klaus.problems
    assert len(klaus.problems) == 7
    assert not [n for n in sheet.notes if n.side is Side.OUT]
    assert {n.colour for n in sheet.notes} == {Colour.UNSORTED}
    assert window.current_page() is window.pages["door"]

    window.undo_action.trigger()
    assert {s.id for s in list_door_sheets(db())} == before
    window.redo_action.trigger()
    assert new.id in {s.id for s in list_door_sheets(db())}


def test_start_door_sheet_for_a_target_group(
    window: MainWindow, page: TargetGroupsPage, qtbot: QtBot, db: Callable[[], Store]
) -> None:
    natasha = persona_named(db, "Natasha")
    before = {s.id for s in list_door_sheets(db())}
    qtbot.mouseClick(page.group_door_button, Qt.MouseButton.LeftButton)
    [new] = [s for s in list_door_sheets(db()) if s.id not in before]
    sheet = get_door_sheet(db(), new.id)
    assert sheet.target_group_id == group_named(db, "Unge med sociale problemer og misbrug").id
    assert [n.text for n in sheet.notes] == natasha.problems
    assert window.current_page() is window.pages["door"]


def test_a_persona_by_keyboard_only(
    window: MainWindow, qtbot: QtBot, db: Callable[[], Store]
) -> None:
    activate(window, qtbot)
    window.nav.setFocus()

    keyboard = Keyboard(qtbot)  # keys on whatever has the focus
    press, type_text = keyboard.press, keyboard.type

    press(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Vis ▸ 2. Målgrupper
    page = page_of(window, "targets", TargetGroupsPage)
    assert window.current_page() is page
    press(Qt.Key.Key_P, ALT)  # &Personaer
    assert QApplication.focusWidget() is page.persona_list
    press(Qt.Key.Key_Insert)  # a new persona; its name is selected for typing over
    assert QApplication.focusWidget() is page.sheet.name_edit
    type_text("Sofie")
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.sheet.gender_edit
    type_text("Kvinde")
    press(Qt.Key.Key_Tab)
    type_text("19")
    press(Qt.Key.Key_T, ALT)  # &Type
    press(Qt.Key.Key_S)  # Svær bruger
    press(Qt.Key.Key_O, ALT)  # VIGTIGSTE PR&OBLEMER
    assert QApplication.focusWidget() is page.sheet.problems.list
    press(Qt.Key.Key_Insert)
    assert QApplication.focusWidget() is page.sheet.problems.add_edit
    type_text("Ensom")
    press(Qt.Key.Key_Return)
    type_text("Angst")
    press(Qt.Key.Key_Return)
    press(Qt.Key.Key_B, ALT)  # &BAGGRUND
    press(Qt.Key.Key_Insert)
    type_text("Bor i Vejle")
    press(Qt.Key.Key_Return)

    sofie = persona_named(db, "Sofie")
    assert (sofie.gender, sofie.age, sofie.kind) == ("Kvinde", 19, PersonaKind.HARD)
    assert sofie.problems == ["Ensom", "Angst"]
    assert sofie.background == ["Bor i Vejle"]

    press(Qt.Key.Key_O, ALT)
    press(Qt.Key.Key_Up, ALT)  # "Angst" first
    assert persona_named(db, "Sofie").problems == ["Angst", "Ensom"]
    press(Qt.Key.Key_Delete)
    assert persona_named(db, "Sofie").problems == ["Ensom"]
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert persona_named(db, "Sofie").problems == ["Angst", "Ensom"]

    press(Qt.Key.Key_P, ALT)
    press(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # duplicate
    assert persona_named(db, "Sofie (kopi)").problems == ["Angst", "Ensom"]
    press(Qt.Key.Key_P, ALT)
    press(Qt.Key.Key_I, ALT)  # Start &ind ad døren – ud af døren-ark (an animated click)
    qtbot.waitUntil(lambda: window.current_page() is window.pages["door"])
    sheets = [s for s in list_door_sheets(db()) if s.title == "Sofie (kopi)"]
    assert len(sheets) == 1


def persona_item(page: TargetGroupsPage, name: str) -> QListWidgetItem:
    items = [page.persona_list.item(r) for r in range(page.persona_list.count())]
    [item] = [i for i in items if i.text().split(" – ")[0] == name]
    return item


def test_the_persona_list_shows_target_groups_and_flags_a_persona_in_none(
    window: MainWindow, page: TargetGroupsPage, qtbot: QtBot, db: Callable[[], Store]
) -> None:
    groups = list_target_groups(db())
    for persona in list_personas(db()):
        names = [g.name for g in groups if persona.id in g.persona_ids]
        assert names  # the demo's personas are all in a group
        item = persona_item(page, persona.name)
        word = "Målgruppe" if len(names) == 1 else "Målgrupper"
        assert item.text().splitlines()[1] == f"{word}: {', '.join(names)}"
        assert item.icon().isNull()
        assert item.foreground().color() != QColor(WARNING_TEXT)

    qtbot.mouseClick(page.new_persona_button, Qt.MouseButton.LeftButton)
    new = persona_item(page, "Ny persona")
    assert new.text().splitlines()[1] == "(ingen målgruppe)"
    assert new.foreground().color() == QColor(WARNING_TEXT)
    assert not new.icon().isNull()
    assert "ikke med i nogen målgruppe" in new.toolTip()

    editor = page.group_editor  # the new persona joins the group shown below
    group_name = editor.name_edit.text()
    members = editor.members
    [row] = [r for r in range(members.count()) if members.item(r).text() == "Ny persona"]
    members.setFocus()
    members.setCurrentRow(row)
    qtbot.keyClick(members, Qt.Key.Key_Space)
    new = persona_item(page, "Ny persona")
    assert new.text().splitlines()[1] == f"Målgruppe: {group_name}"
    assert new.icon().isNull()
    assert new.foreground().color() != QColor(WARNING_TEXT)
    assert new.toolTip() == f"Målgruppe: {group_name}"
