"""The mission drafts on the mission page: editing, the checklist, the chosen draft, undo.

Everything is driven through the real widgets and checked on disk through a second,
independent Store (as another process would see the file).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from forandring_desktop.model import Answer, ChecklistQuestion, MissionDraft
from forandring_desktop.services.mission import list_mission_drafts
from forandring_desktop.storage import Store
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.mission import DraftCard, MissionPage
from forandring_desktop.ui.widgets import PlainTextField

from .helpers import Keyboard, activate, page_of

Q = ChecklistQuestion


@pytest.fixture
def stored(open_store: Callable[..., Store], demo_path: Path) -> Callable[[], list[MissionDraft]]:
    """The live drafts as they are on disk, read through a new Store."""
    return lambda: list_mission_drafts(open_store(demo_path))


@pytest.fixture
def mission(window: MainWindow) -> MissionPage:
    return page_of(window, "mission", MissionPage)


def card_titled(page: MissionPage, title: str) -> DraftCard:
    [card] = [c for c in page.cards.values() if c.title_edit.text() == title]
    return card


def cards_in_order(page: MissionPage) -> list[DraftCard]:
    layout = page.cards_layout
    cards = []
    for i in range(layout.count()):
        layout_item = layout.itemAt(i)
        assert layout_item is not None
        card = layout_item.widget()
        assert isinstance(card, DraftCard)
        cards.append(card)
    return cards


def plain(card: DraftCard, field: str) -> PlainTextField:
    """The multi-line field of ``field`` (who, what, how, mission_text) on ``card``."""
    widget = card.bindings[field].widget
    assert isinstance(widget, PlainTextField)
    return widget


def by_title(drafts: list[MissionDraft], title: str) -> MissionDraft:
    [draft] = [d for d in drafts if d.title == title]
    return draft


def test_the_demo_drafts_are_cards_side_by_side(
    window: MainWindow, mission: MissionPage, qtbot: QtBot
) -> None:
    window.resize(1280, 800)  # the cards wrap to fewer per row on a narrower window
    qtbot.waitUntil(lambda: mission.width() > 900)
    cards = cards_in_order(mission)
    assert [c.title_edit.text() for c in cards] == ["Gammel mission", "Ny mission"]
    old, new = cards
    assert new.chosen_box.isChecked()
    assert not old.chosen_box.isChecked()
    assert new.chosen_label.isVisibleTo(new)
    assert not old.chosen_label.isVisibleTo(old)
    assert "valgt mission" in new.title()
    # marked by more than words: the chosen card has a ground of its own
    ground = QPalette.ColorRole.Window
    assert new.autoFillBackground()
    assert new.palette().color(ground) != old.palette().color(ground)
    assert old.answer_boxes[Q.CONCRETE].currentText() == "Nej"
    assert old.answer_boxes[Q.BURNING_PLATFORM].currentText() == "Nej"
    assert new.answer_boxes[Q.BURNING_PLATFORM].currentText() == "Usikker"
    assert old.note_edits[Q.REALISTIC].toPlainText().startswith("Vi kan ikke love")
    assert old.y() == new.y()
    assert old.x() < new.x()
    for card in cards:
        for widget in card.findChildren(QWidget):
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(card):
                assert widget.accessibleName(), widget


def test_new_draft_typing_checklist_and_choice(
    window: MainWindow,
    mission: MissionPage,
    qtbot: QtBot,
    stored: Callable[[], list[MissionDraft]],
) -> None:
    stack = window.undo_stack
    qtbot.mouseClick(mission.new_button, Qt.MouseButton.LeftButton)
    assert stack.count() == 1
    assert len(stored()) == 3
    card = cards_in_order(mission)[-1]
    assert card.title_edit.text() == ""
    assert card.title_edit.placeholderText() == "Bud 3"

    qtbot.keyClicks(card.title_edit, "Bud C")
    fields = {"who": "Unge", "what": "Job", "how": "Mentor", "mission_text": "Vi lover"}
    for field, text in fields.items():
        qtbot.keyClicks(card.bindings[field].widget, text)
    assert stack.count() == 1 + 5  # the new draft, then one merged step per field
    draft = by_title(stored(), "Bud C")
    assert (draft.who, draft.what, draft.how, draft.mission_text) == tuple(fields.values())

    # Typing in the middle of a field: the refresh after each save leaves the cursor alone.
    who = plain(card, "who")
    cursor = who.textCursor()
    cursor.setPosition(2)
    who.setTextCursor(cursor)
    qtbot.keyClicks(who, "xy")
    assert by_title(stored(), "Bud C").who == "Unxyge"
    assert stack.count() == 1 + 5 + 1  # back in HVEM after other fields: a new step

    combo = card.answer_boxes[Q.REALISTIC]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # Ikke besvaret -> Ja
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # Ja -> Nej: a second step
    assert combo.currentText() == "Nej"
    qtbot.keyClicks(card.note_edits[Q.REALISTIC], "Hm")
    assert stack.count() == 1 + 5 + 1 + 3
    draft = by_title(stored(), "Bud C")
    assert draft.answer(Q.REALISTIC).answer is Answer.NO
    assert draft.answer(Q.REALISTIC).note == "Hm"
    assert draft.answer(Q.CONCRETE).answer is Answer.UNANSWERED

    qtbot.mouseClick(card.chosen_box, Qt.MouseButton.LeftButton)
    drafts = stored()
    assert [d.title for d in drafts if d.chosen] == ["Bud C"]
    assert not card_titled(mission, "Ny mission").chosen_box.isChecked()
    assert card.chosen_label.isVisibleTo(card)

    window.undo_action.trigger()  # the choice
    assert [d.title for d in stored() if d.chosen] == ["Ny mission"]
    assert card_titled(mission, "Ny mission").chosen_box.isChecked()
    assert not card.chosen_box.isChecked()
    window.undo_action.trigger()  # the note
    assert by_title(stored(), "Bud C").answer(Q.REALISTIC).note == ""
    assert card.note_edits[Q.REALISTIC].toPlainText() == ""
    window.undo_action.trigger()  # Ja -> Nej
    assert by_title(stored(), "Bud C").answer(Q.REALISTIC).answer is Answer.YES
    assert combo.currentText() == "Ja"
    window.undo_action.trigger()  # Ikke besvaret -> Ja
    window.undo_action.trigger()  # "xy" in the middle of HVEM
    assert by_title(stored(), "Bud C").who == "Unge"
    assert who.toPlainText() == "Unge"
    window.undo_action.trigger()  # the mission text, in one step
    assert by_title(stored(), "Bud C").mission_text == ""
    assert card.mission_edit.toPlainText() == ""
    window.undo_action.trigger()  # HVORDAN
    window.undo_action.trigger()  # HVAD
    window.undo_action.trigger()  # HVEM
    assert by_title(stored(), "Bud C").who == ""
    window.undo_action.trigger()  # the title
    window.undo_action.trigger()  # the new draft itself
    assert len(stored()) == 2
    assert len(mission.cards) == 2

    for _ in range(stack.count()):
        window.redo_action.trigger()
    drafts = stored()
    draft = by_title(drafts, "Bud C")
    assert draft.who == "Unxyge"
    assert draft.mission_text == "Vi lover"
    assert draft.answer(Q.REALISTIC).answer is Answer.NO
    assert [d.title for d in drafts if d.chosen] == ["Bud C"]
    assert plain(card_titled(mission, "Bud C"), "who").toPlainText() == "Unxyge"


def test_delete_and_undo_restores_the_chosen_draft(
    window: MainWindow,
    mission: MissionPage,
    qtbot: QtBot,
    stored: Callable[[], list[MissionDraft]],
) -> None:
    before = by_title(stored(), "Ny mission")
    assert before.chosen
    card = card_titled(mission, "Ny mission")
    qtbot.mouseClick(card.delete_button, Qt.MouseButton.LeftButton)
    assert [d.title for d in stored()] == ["Gammel mission"]
    assert not any(d.chosen for d in stored())
    assert [c.title_edit.text() for c in cards_in_order(mission)] == ["Gammel mission"]

    window.undo_action.trigger()
    after = by_title(stored(), "Ny mission")
    assert after.chosen
    assert after.model_dump(exclude={"updated_at"}) == before.model_dump(exclude={"updated_at"})
    assert [c.title_edit.text() for c in cards_in_order(mission)] == [
        "Gammel mission",
        "Ny mission",
    ]
    assert card_titled(mission, "Ny mission").chosen_box.isChecked()

    window.redo_action.trigger()
    assert [d.title for d in stored()] == ["Gammel mission"]


def test_unticking_the_chosen_draft_leaves_none_chosen(
    window: MainWindow,
    mission: MissionPage,
    qtbot: QtBot,
    stored: Callable[[], list[MissionDraft]],
) -> None:
    card = card_titled(mission, "Ny mission")
    card.chosen_box.setFocus()
    qtbot.keyClick(card.chosen_box, Qt.Key.Key_Space)
    assert not any(d.chosen for d in stored())
    window.undo_action.trigger()
    assert by_title(stored(), "Ny mission").chosen


def test_a_too_long_text_says_so_in_danish_and_stores_nothing(
    window: MainWindow,
    mission: MissionPage,
    qtbot: QtBot,
    stored: Callable[[], list[MissionDraft]],
) -> None:
    before = stored()
    card = card_titled(mission, "Gammel mission")
    who = plain(card, "who")
    error = card.bindings["who"].error
    who.moveCursor(QTextCursor.MoveOperation.End)
    who.insertPlainText("x" * 50_001)  # pasted

    assert error.isVisibleTo(card)
    assert "Teksten er for lang: højst 50000 tegn" in error.text()
    assert window.undo_stack.count() == 0
    assert stored() == before

    card.note_edits[Q.OUR_PART].setFocus()  # leaving the field shows what is stored again
    who.setFocus()
    card.note_edits[Q.OUR_PART].setFocus()
    assert who.toPlainText() == by_title(before, "Gammel mission").who
    assert not error.isVisibleTo(card)


def test_drafts_by_keyboard_only(
    window: MainWindow,
    mission: MissionPage,
    qtbot: QtBot,
    stored: Callable[[], list[MissionDraft]],
) -> None:
    activate(window, qtbot)
    mission.name_edit.setFocus()

    keyboard = Keyboard(qtbot)  # keys on whatever has the focus
    press, type_text = keyboard.press, keyboard.type

    press(Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # "Nyt bud" (an animated click)
    qtbot.waitUntil(lambda: len(mission.cards) == 3)
    card = cards_in_order(mission)[-1]
    assert QApplication.focusWidget() is card.title_edit
    type_text("Tastatur")
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is card.bindings["who"].widget
    type_text("Unge")
    for _ in range(3):  # HVAD, HVORDAN, MISSION
        press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is card.mission_edit
    type_text("Vi lover noget")
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is card.answer_boxes[Q.CONCRETE]
    press(Qt.Key.Key_J)  # Ja
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is card.note_edits[Q.CONCRETE]
    type_text("Klart")
    for _ in range(7):  # the three other questions (answer, note), then "Valgt mission"
        press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is card.chosen_box
    press(Qt.Key.Key_Space)

    draft = by_title(stored(), "Tastatur")
    assert draft.who == "Unge"
    assert draft.mission_text == "Vi lover noget"
    assert draft.answer(Q.CONCRETE).answer is Answer.YES
    assert draft.answer(Q.CONCRETE).note == "Klart"
    assert draft.chosen

    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is card.delete_button
    press(Qt.Key.Key_Space)
    assert "Tastatur" not in [d.title for d in stored()]
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert by_title(stored(), "Tastatur").chosen

    press(Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # "Bud &2": the second card
    focused = QApplication.focusWidget()
    assert focused is not None
    assert cards_in_order(mission)[1].isAncestorOf(focused)
