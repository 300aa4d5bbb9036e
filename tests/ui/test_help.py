"""Help at hand (issue 19): the guide opens at the current page's section with F1, each step
page links to the guide's own words, the contents list leads to every section, and the
shortcut sheet lists every key the window's actions have."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QPushButton, QTextBrowser
from pytestqt.qtbot import QtBot

from forandring_desktop.ui.board.view import ShortcutHelp
from forandring_desktop.ui.help import (
    GUIDE_FILE,
    METHOD_ANCHORS,
    SECTIONS,
    GuideDialog,
    ShortcutSheet,
)
from forandring_desktop.ui.help.shortcuts import action_keys, action_meaning
from forandring_desktop.ui.main_window import MainWindow

from .helpers import activate

HTML = GUIDE_FILE.read_text(encoding="utf-8")


def anchor_top(browser: QTextBrowser, name: str) -> float:
    """Where the anchor ``name`` starts in the browser's document (pixels from its top)."""
    document = browser.document()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            if name in iterator.fragment().charFormat().anchorNames():
                layout = document.documentLayout()
                return layout.blockBoundingRect(block).top()
            iterator += 1
        block = block.next()
    raise AssertionError(f"no anchor {name!r} in the guide")


def assert_scrolled_to(browser: QTextBrowser, name: str) -> None:
    """The anchor's line is in sight: at the top of the view, or the view is at its end."""
    top = anchor_top(browser, name)
    bar = browser.verticalScrollBar()
    shown_from, shown_to = bar.value(), bar.value() + browser.viewport().height()
    assert shown_from <= top + 2, (name, top, shown_from)
    assert top < shown_to or bar.value() == bar.maximum(), (name, top, shown_to)
    if bar.value() < bar.maximum():
        assert abs(top - bar.value()) < 40  # scrolled to it, not just somewhere above it


def test_every_section_and_image_of_the_guide_exists() -> None:
    anchors = set(re.findall(r'<a name="([^"]+)"', HTML))
    assert {anchor for anchor, _title in SECTIONS} <= anchors
    assert set(METHOD_ANCHORS.values()) <= anchors
    images = re.findall(r'<img src="([^"]+)"', HTML)
    assert len(images) >= 7
    for image in images:
        assert (GUIDE_FILE.parent / image).is_file(), image


def test_f1_opens_the_guide_at_the_current_pages_section(window: MainWindow, qtbot: QtBot) -> None:
    anchors = [anchor for anchor, _title in SECTIONS]
    seen: list[str] = []
    for key, page in window.pages.items():
        assert page.help_anchor in anchors, key
        window.show_page(key)
        activate(window, qtbot)
        qtbot.keyClick(window, Qt.Key.Key_F1)
        guide = window.findChild(GuideDialog, "guide_dialog")
        assert isinstance(guide, GuideDialog)
        qtbot.waitUntil(guide.isVisible)
        assert guide.current_anchor() == page.help_anchor
        assert_scrolled_to(guide.browser, page.help_anchor)
        current = guide.contents.currentItem()
        assert current is not None
        assert current.data(Qt.ItemDataRole.UserRole) == page.help_anchor
        seen.append(guide.current_anchor())
        guide.hide()
    assert len(set(seen)) == len(window.pages)  # one section per page


def test_f1_on_the_board_opens_the_guide_not_only_the_key_list(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.show_page("door")
    activate(window, qtbot)
    board_view = window.pages["door"].findChildren(ShortcutHelp)[0].parentWidget()
    assert board_view is not None
    board_view.setFocus()
    qtbot.keyClick(board_view, Qt.Key.Key_F1)
    guide = window.findChild(GuideDialog, "guide_dialog")
    assert isinstance(guide, GuideDialog)
    assert guide.current_anchor() == "door"
    # The board's keys are in its section of the guide.
    assert "Tavlen med tastaturet" in guide.browser.toPlainText()


@pytest.mark.parametrize("key", list(METHOD_ANCHORS))
def test_each_step_links_to_the_guides_own_words(
    window: MainWindow, qtbot: QtBot, key: str
) -> None:
    window.show_page(key)
    button = window.pages[key].findChild(QPushButton, "method_button")
    assert isinstance(button, QPushButton)
    assert button.text() == "Vejledningens tekst"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    guide = window.findChild(GuideDialog, "guide_dialog")
    assert isinstance(guide, GuideDialog)
    assert guide.isVisible()
    assert guide.current_anchor() == METHOD_ANCHORS[key]
    assert_scrolled_to(guide.browser, METHOD_ANCHORS[key])


def test_the_contents_list_leads_to_every_section(window: MainWindow, qtbot: QtBot) -> None:
    guide = window.show_page_help()
    for row, (anchor, _title) in enumerate(SECTIONS):
        guide.contents.setCurrentRow(row)
        assert guide.current_anchor() == anchor
        assert_scrolled_to(guide.browser, anchor)
    text = guide.browser.toPlainText()
    for words in ("Sikkerhedskopier", "CPR", "Logbog", "Vis navne", "Ud af døren"):
        assert words in text


def test_the_shortcut_sheet_lists_every_key_of_the_window(window: MainWindow, qtbot: QtBot) -> None:
    activate(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    sheet = window.findChild(ShortcutSheet, "shortcut_sheet")
    assert isinstance(sheet, ShortcutSheet)
    assert sheet.isVisible()
    rows = {(keys, meaning) for _group, keys, meaning in sheet.rows()}
    actions = [a for a in window.findChildren(QAction) if not a.shortcut().isEmpty()]
    assert len(actions) > 20
    for action in actions:
        assert (action_keys(action), action_meaning(action)) in rows, action.text()
    groups = {group for group, _keys, _meaning in sheet.rows()}
    assert {"Hele programmet", "1. Mission", "Deltagere"} <= groups
    # The board's own keys (typed on the board, not actions) are there with its page.
    board_help = window.pages["door"].findChildren(ShortcutHelp)[0]
    door_rows = {(k, m) for g, k, m in sheet.rows() if g == "3. Ind ad døren – ud af døren"}
    assert set(board_help.rows) <= door_rows
    assert ("F1", "Vejledning") in rows
    assert ("Ctrl+P", "Udskriv") in rows
    # A key of one list, named by where it works.
    assert ("Ins", "Ny persona (i »Personaer«)") in rows


def test_the_shortcut_sheet_is_made_from_the_actions_as_they_are(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.lock_action.setShortcut("Ctrl+Alt+L")
    sheet = window.show_shortcuts()
    rows = {(keys, meaning) for _group, keys, meaning in sheet.rows()}
    assert ("Ctrl+Alt+L", "Lås nu") in rows
    assert ("Ctrl+L", "Lås nu") not in rows
    sheet.close()
    QApplication.processEvents()
