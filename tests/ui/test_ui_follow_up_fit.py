"""The follow-up dialog at a 1280×800 screen: everything in view without scrolling for a
participant on two ladders with three main areas, every text fitting its widget; multi-line
notes and actions; and Esc that asks before typed text is thrown away."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from forandring_desktop.model import OrganisationDocument, Participant
from forandring_desktop.model.follow_up import follow_up_on
from forandring_desktop.model.participants import live_follow_ups
from forandring_desktop.ui.participants.follow_up import FollowUpDialog
from forandring_desktop.ui.participants.follow_up_closing import TITLE_BAR

from .helpers import Keyboard
from .test_ladder_helpers import answer_questions
from .test_ui_follow_up_dialog import ladders_of, open_dialog

SCREEN = QSize(1280, 800)
K = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def two_ladder_person(doc: OrganisationDocument) -> Participant:
    """The active demo participant on two ladders with the most challenges."""
    people = [p for p in doc.participants if p.is_active and len(p.enrolments) == 2]
    return max(people, key=lambda p: len([c for c in p.challenges if not c.is_deleted]))


def opened(qtbot: QtBot, doc: OrganisationDocument) -> tuple[FollowUpDialog, Participant]:
    person = two_ladder_person(doc)
    day = live_follow_ups(person)[-1].date + datetime.timedelta(days=7)
    dialog = FollowUpDialog(person, ladders_of(doc), doc.organisation.main_areas, today=day)
    return open_dialog(qtbot, dialog), person


def clipped(dialog: QWidget) -> list[str]:
    """Every visible label or button whose text does not fit, and every visible widget
    smaller than its minimum size hint (a small stand-in for the screens issue's check)."""
    problems: list[str] = []
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisibleTo(dialog) or widget.width() == 0:
            continue
        if isinstance(widget.parent(), QAbstractSpinBox | QComboBox | QAbstractScrollArea):
            continue  # the parts inside a spin box, combo box or scroll area are theirs
        # As layouts do (qSmartMinSize): a minimum size set on the widget wins over its hint.
        hint, least = widget.minimumSizeHint(), widget.minimumSize()
        need_w = least.width() or max(hint.width(), 0)
        need_h = least.height() or max(hint.height(), 0)
        if widget.width() < need_w or widget.height() < need_h:
            problems.append(f"{type(widget).__name__} {widget.size()} < {need_w}×{need_h}")
        if isinstance(widget, QLabel) and widget.text():
            text = widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            room = widget.contentsRect()
            if widget.wordWrap():
                if widget.heightForWidth(room.width()) > widget.height():
                    problems.append(f"wrapped label cut: {text[:40]!r}")
            elif any(
                widget.fontMetrics().horizontalAdvance(line) > room.width()
                for line in text.splitlines()
            ):
                problems.append(f"label cut: {text[:40]!r}")
        if (
            isinstance(widget, QAbstractButton)
            and widget.text()
            and widget.sizeHint().width() > widget.width()
        ):
            problems.append(f"button cut: {widget.text()!r}")
    return problems


def test_the_dialog_shows_everything_at_1280x800_without_scrolling(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    dialog, _person = opened(qtbot, demo_doc)
    assert len(dialog.ladder_rows) == 2
    assert len(dialog.area_boxes) == 3
    size = dialog.size_for(SCREEN)
    assert size.width() <= SCREEN.width()
    assert size.height() <= SCREEN.height() - TITLE_BAR
    dialog.resize(size)
    qtbot.waitUntil(lambda: dialog.size() == size)
    for area in dialog.findChildren(QScrollArea):
        assert area.verticalScrollBar().maximum() == 0, "the form scrolls"
        assert area.horizontalScrollBar().maximum() == 0
    problems = clipped(dialog)
    assert problems == [], "\n".join(problems)
    # The last main area and the note are in view, not under the buttons.
    last_area = list(dialog.area_boxes.values())[-1]
    viewport = dialog.scroll_area.viewport()
    bottom = last_area.mapTo(viewport, last_area.rect().bottomLeft()).y()
    assert bottom <= viewport.height()
    note_bottom = dialog.note_edit.mapTo(viewport, dialog.note_edit.rect().bottomLeft()).y()
    assert note_bottom <= viewport.height()
    # Each ladder's whole action is readable in its field.
    for row in dialog.ladder_rows:
        assert isinstance(row.action_edit, QPlainTextEdit)
        assert row.action_edit.verticalScrollBar().maximum() == 0, row.action_edit.text()


def test_note_and_action_are_multi_line_and_tab_leaves_them(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    dialog, _person = opened(qtbot, demo_doc)
    row = dialog.ladder_rows[0]
    assert row.note_edit.tabChangesFocus()
    assert row.action_edit.tabChangesFocus()
    keyboard = Keyboard(qtbot)
    row.note_edit.setFocus()
    keyboard.type("Mødte hver dag")
    keyboard.press(K.Key_Return, SHIFT)  # a new line
    keyboard.type("Ringede selv")
    keyboard.press(K.Key_Tab)
    assert keyboard.focused() is row.action_edit  # Tab moves on, it is no tab character
    keyboard.type("Øve telefonen")  # replaces the suggested action, as it is selected
    keyboard.press(K.Key_Tab)
    assert keyboard.focused() is not row.action_edit
    keyboard.press(K.Key_Return, CTRL)  # saves from anywhere
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = follow_up_on(dialog.result_participant(), dialog.day())
    assert saved is not None
    assert saved.ratings[0].note == "Mødte hver dag\nRingede selv"
    assert saved.ratings[0].action == "Øve telefonen"


def test_the_hint_says_what_esc_does(qtbot: QtBot, demo_doc: OrganisationDocument) -> None:
    dialog, _person = opened(qtbot, demo_doc)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert not any("Esc fortryder" in text for text in texts)
    assert any("Esc lukker uden at gemme" in text for text in texts)


def test_esc_with_typed_text_asks_and_no_keeps_the_text(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, demo_doc: OrganisationDocument
) -> None:
    dialog, _person = opened(qtbot, demo_doc)
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.No)
    keyboard = Keyboard(qtbot)
    note = dialog.ladder_rows[0].note_edit
    note.setFocus()
    keyboard.type("God uge, kom til tiden")
    keyboard.press(K.Key_Escape)
    assert len(asked) == 1
    assert "ikke er gemt" in asked[0]
    assert dialog.isVisible()  # Nej: the dialog stays
    assert note.text() == "God uge, kom til tiden"  # and so does the text
    answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    keyboard.press(K.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_esc_without_typed_text_just_closes(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, demo_doc: OrganisationDocument
) -> None:
    dialog, _person = opened(qtbot, demo_doc)
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.No)
    keyboard = Keyboard(qtbot)
    keyboard.press(K.Key_Tab)  # to ladder 1
    keyboard.press(K.Key_Up)  # a step moved: the suggested action follows, nothing typed
    keyboard.press(K.Key_Escape)
    assert asked == []
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected
