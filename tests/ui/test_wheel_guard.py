"""The mouse wheel never changes a combo box, spin box or slider that has no focus; the page
scrolls instead (ui/wheel_guard.py). Driven over every page of the main window and the
intake and follow-up dialogs, on every such widget they hold."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from forandring_desktop.model import Answer, ChecklistQuestion, OrganisationDocument
from forandring_desktop.services.mission import list_mission_drafts
from forandring_desktop.storage import Store
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.mission import MissionPage
from forandring_desktop.ui.participants.exit import ExitDialog
from forandring_desktop.ui.participants.follow_up import FollowUpDialog
from forandring_desktop.ui.participants.intake import IntakeDialog
from forandring_desktop.ui.wheel_guard import is_guarded

from .helpers import page_of
from .test_ui_follow_up_dialog import ladders_of, pick_person
from .test_ui_intake_dialog import MENTORS, MUNICIPALITIES, TODAY

UP, DOWN = 120, -120
WITHOUT_VALUES = {"door", "ladders"}  # canvases: no combo box, spin box or slider


def guarded_in(root: QWidget) -> list[QWidget]:
    found = [w for w in root.findChildren(QWidget) if is_guarded(w)]
    assert found, "no combo box, spin box or slider found"
    return found


def value_of(widget: QWidget) -> object:
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText())
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()  # spin boxes and date edits alike
    assert isinstance(widget, QAbstractSlider)
    return widget.value()


def wheel(widget: QWidget, delta: int) -> None:
    """One notch of the wheel over the middle of ``widget``."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(),
        QPoint(0, delta),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def can_change(widget: QWidget) -> bool:
    if not widget.isEnabled() or not widget.isVisible():
        return False
    if isinstance(widget, QComboBox):
        return widget.count() > 1
    if isinstance(widget, QAbstractSpinBox):
        return not widget.isReadOnly()
    assert isinstance(widget, QAbstractSlider)
    return widget.maximum() > widget.minimum()


def assert_unfocused_wheel_changes_nothing(root: QWidget) -> int:
    """Every guarded widget under ``root``: no focus, both wheel directions, no change."""
    widgets = guarded_in(root)
    for widget in widgets:
        assert widget.focusPolicy() != Qt.FocusPolicy.WheelFocus, widget
        widget.clearFocus()
        assert not widget.hasFocus()
        before = value_of(widget)
        wheel(widget, UP)
        wheel(widget, DOWN)
        wheel(widget, DOWN)
        assert value_of(widget) == before, widget.accessibleName() or widget
    return len(widgets)


def assert_focused_wheel_changes(qtbot: QtBot, root: QWidget) -> int:
    """With the focus, the wheel works as usual on each widget that can change."""
    changed = 0
    for widget in guarded_in(root):
        if not shiboken6.isValid(widget) or not can_change(widget):
            continue  # a change above rebuilt this part of the page, or nothing to change
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(widget.hasFocus)
        before = value_of(widget)
        wheel(widget, DOWN)
        if value_of(widget) == before:  # at the end of its range: the other way
            wheel(widget, UP)
        assert value_of(widget) != before, widget.accessibleName() or widget
        changed += 1
        widget.clearFocus()
    return changed


PAGES = [
    "mission",
    "targets",
    "door",
    "ladders",
    "method",
    "plan",
    "participants",
    "status",
    "reports",
]


def test_every_page_is_in_the_list(window: MainWindow) -> None:
    assert list(window.pages) == PAGES  # a new page is wheel-tested too


@pytest.mark.parametrize("key", PAGES)
def test_every_page_ignores_the_wheel_on_unfocused_values(
    window: MainWindow, qtbot: QtBot, key: str
) -> None:
    assert key in window.pages
    window.show_page(key)
    page = window.pages[key]
    qtbot.waitUntil(page.isVisible)
    if key in WITHOUT_VALUES:  # if one gets a combo box or the like, it is tested here
        assert not [w for w in page.findChildren(QWidget) if is_guarded(w)]
        return
    assert assert_unfocused_wheel_changes_nothing(page) > 0
    assert assert_focused_wheel_changes(qtbot, page) > 0


def test_scrolling_the_mission_page_past_a_checklist_keeps_the_answer(
    window: MainWindow, qtbot: QtBot, open_store: Callable[..., Store], demo_path: Path
) -> None:
    page = page_of(window, "mission", MissionPage)
    window.show_page("mission")
    card = next(iter(page.cards.values()))
    combo = card.answer_boxes[ChecklistQuestion.REALISTIC]

    def stored_answer() -> Answer:
        drafts = list_mission_drafts(open_store(demo_path))
        draft = next(d for d in drafts if d.id == card.draft_id)
        return draft.answer(ChecklistQuestion.REALISTIC).answer

    before = stored_answer()
    window.resize(1280, 800)
    area = next(a for a in page.findChildren(QScrollArea) if a.isAncestorOf(combo))
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)
    area.ensureWidgetVisible(combo)
    bar = area.verticalScrollBar()
    bar.setValue(bar.value() - 20 if bar.value() >= 20 else bar.value())
    scrolled_from = bar.value()
    combo.clearFocus()
    text = combo.currentText()

    wheel(combo, DOWN)  # the page scrolls; the answer stays
    assert combo.currentText() == text
    assert stored_answer() is before
    assert bar.value() > scrolled_from
    assert not combo.hasFocus()

    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    wheel(combo, DOWN if combo.currentIndex() < combo.count() - 1 else UP)
    assert combo.currentText() != text
    assert stored_answer() is not before
    assert stored_answer() is Answer(combo.currentData())


def _opened(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_the_intake_dialog_ignores_the_wheel_on_unfocused_values(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    person = demo_doc.participants[0]
    dialog = _opened(
        qtbot,
        IntakeDialog(demo_doc, person, mentors=MENTORS, municipalities=MUNICIPALITIES, today=TODAY),
    )
    assert assert_unfocused_wheel_changes_nothing(dialog) > 3  # group, weights, dates …
    assert assert_focused_wheel_changes(qtbot, dialog) > 0


def test_the_follow_up_dialog_ignores_the_wheel_on_unfocused_values(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    person, _index = pick_person(demo_doc)
    dialog = _opened(
        qtbot,
        FollowUpDialog(person, ladders_of(demo_doc), demo_doc.organisation.main_areas, today=TODAY),
    )
    assert assert_unfocused_wheel_changes_nothing(dialog) > 3  # date, scores, states …
    assert assert_focused_wheel_changes(qtbot, dialog) > 0


def test_the_exit_dialog_ignores_the_wheel_on_unfocused_values(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    person = next(p for p in demo_doc.participants if p.exit is None and not p.is_deleted)
    dialog = _opened(qtbot, ExitDialog(demo_doc, person, today=TODAY))
    assert assert_unfocused_wheel_changes_nothing(dialog) > 0
    assert assert_focused_wheel_changes(qtbot, dialog) > 0
