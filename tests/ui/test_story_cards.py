"""The story cards (historiekort): dealt without repeats, or picked by number."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from forandring_desktop.model import STORY_CARDS
from forandring_desktop.model.story_cards import StoryDeck
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.mission import MissionPage
from forandring_desktop.ui.story_cards import StoryCardsDialog

from .helpers import activate


@pytest.fixture
def dialog(window: MainWindow, qtbot: QtBot) -> StoryCardsDialog:
    """The dialog as a user opens it: Ctrl+K on the mission page."""
    page = window.pages["mission"]
    assert isinstance(page, MissionPage)
    activate(window, qtbot)
    page.name_edit.setFocus()
    qtbot.keyClick(page.name_edit, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert page.story_dialog is not None
    assert page.story_dialog.isVisible()
    qtbot.waitExposed(page.story_dialog)
    return page.story_dialog


def test_the_story_deck_deals_every_card_exactly_once(
    dialog: StoryCardsDialog, qtbot: QtBot
) -> None:
    assert dialog.remaining_label.text() == "12 kort tilbage"
    dealt = []
    for left in range(11, -1, -1):
        qtbot.mouseClick(dialog.deal_button, Qt.MouseButton.LeftButton)
        dealt.append(dialog.card_text())
        if left:
            assert dialog.remaining_label.text() == (
                f"{left} kort tilbage" if left > 1 else "1 kort tilbage"
            )
    assert sorted(dealt) == sorted(STORY_CARDS)
    assert len(set(dealt)) == 12
    assert "Bunken er tom – alle 12 kort er trukket" in dialog.remaining_label.text()
    assert not dialog.deal_button.isEnabled()
    assert dialog.shuffle_button.isEnabled()

    qtbot.mouseClick(dialog.deal_button, Qt.MouseButton.LeftButton)  # disabled: nothing
    assert dialog.card_text() == dealt[-1]

    qtbot.mouseClick(dialog.shuffle_button, Qt.MouseButton.LeftButton)
    assert dialog.remaining_label.text() == "12 kort tilbage"
    assert dialog.deal_button.isEnabled()
    qtbot.mouseClick(dialog.deal_button, Qt.MouseButton.LeftButton)
    assert dialog.card_text() in STORY_CARDS


def test_pick_number_seven_shows_card_seven(dialog: StoryCardsDialog, qtbot: QtBot) -> None:
    dialog.number_box.setFocus()
    dialog.number_box.selectAll()
    qtbot.keyClicks(dialog.number_box, "7")
    qtbot.keyClick(dialog.number_box, Qt.Key.Key_Return)
    assert (
        dialog.card_text() == STORY_CARDS[6] == "Vores målgruppe behøver en hjælpende hånd, fordi…"
    )
    assert dialog.number_label.text() == "Kort 7 af 12"
    assert dialog.isVisible()  # Enter picked a card; it did not close the dialog
    assert dialog.remaining_label.text() == "12 kort tilbage"  # picking leaves the deck


def test_typing_a_number_anywhere_in_the_dialog_picks_it(
    dialog: StoryCardsDialog, qtbot: QtBot
) -> None:
    assert dialog.focusWidget() is dialog.deal_button
    qtbot.keyClick(dialog.deal_button, Qt.Key.Key_1)
    assert dialog.number_box.hasFocus()
    qtbot.keyClick(dialog.number_box, Qt.Key.Key_2)
    qtbot.keyClick(dialog.number_box, Qt.Key.Key_Enter)
    assert dialog.card_text() == STORY_CARDS[11]
    assert dialog.number_label.text() == "Kort 12 af 12"


def test_the_card_is_big_and_full_screen_toggles(dialog: StoryCardsDialog, qtbot: QtBot) -> None:
    for widget in dialog.findChildren(QWidget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(dialog):
            assert widget.accessibleName() or widget.parentWidget() is dialog.number_box, widget
    assert dialog.card_label.font().pointSizeF() >= 36
    assert dialog.card_label.wordWrap()
    qtbot.keyClick(dialog.deal_button, Qt.Key.Key_F11)
    qtbot.waitUntil(dialog.isFullScreen)
    assert dialog.full_screen_button.isChecked()
    assert dialog.card_label.font().pointSizeF() > 36
    qtbot.keyClick(dialog.deal_button, Qt.Key.Key_Escape)  # Esc leaves full screen first
    qtbot.waitUntil(lambda: not dialog.isFullScreen())
    assert dialog.isVisible()
    qtbot.keyClick(dialog.deal_button, Qt.Key.Key_Escape)  # then closes
    assert not dialog.isVisible()


def deal_all(deck: StoryDeck) -> list[int]:
    numbers = []
    while (number := deck.deal()) is not None:
        numbers.append(number)
    return numbers


def test_story_deck_is_random_without_repeats() -> None:
    deck = StoryDeck(rng=random.Random(4))
    first = deal_all(deck)
    assert sorted(first) == list(range(1, 13))
    assert deck.deal() is None
    assert deck.is_empty
    assert deck.remaining == 0
    deck.shuffle()
    assert deck.remaining == 12
    second = deal_all(deck)
    assert sorted(second) == list(range(1, 13))
    assert first != second
    assert deal_all(StoryDeck(rng=random.Random(4))) == first  # the injected rng decides
    assert deck.text(1) == "Jeg var stolt af mit arbejde, da…"
    with pytest.raises(ValueError, match="mellem 1 og 12"):
        deck.text(13)
