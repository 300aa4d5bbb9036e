"""The participants page in the main window: intake, follow-up and exit through the real
dialogs, each one undo step, checked against what the file holds."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, cast

import pytest
from PySide6.QtCore import QKeyCombination, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from forandring_desktop.model import Destination, OrganisationDocument
from forandring_desktop.model.participants import ChallengeState
from forandring_desktop.services.participants import get_participant, list_participants
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.participants import ParticipantsPage
from forandring_desktop.ui.participants.exit import ExitDialog
from forandring_desktop.ui.participants.intake import IntakeDialog

TODAY = datetime.date(2025, 6, 1)


@pytest.fixture
def page(window: MainWindow) -> ParticipantsPage:
    window.show_page("participants")
    page = window.pages["participants"]
    assert isinstance(page, ParticipantsPage)
    page.today = lambda: TODAY
    return page


def when_modal(qtbot: QtBot, kind: type[QWidget], handle: Callable[[QWidget], None]) -> None:
    """Run ``handle`` on the modal dialog of ``kind`` once exec() shows it."""
    seen: list[QWidget] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            seen.append(dialog)
            handle(dialog)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def press(qtbot: QtBot, widget: QWidget, keys: str) -> None:
    sequence = QKeySequence(keys)
    combo = cast(Any, sequence)[0]  # PySide6's stubs lack QKeySequence's operator[]
    assert isinstance(combo, QKeyCombination)
    qtbot.keyClick(widget, combo.key(), combo.keyboardModifiers())


def test_intake_with_the_keyboard_shortcut_then_undo_and_redo(
    qtbot: QtBot, window: MainWindow, page: ParticipantsPage, demo_doc: OrganisationDocument
) -> None:
    group = demo_doc.target_groups[1]
    ladder = demo_doc.ladders[1]

    def fill(widget: QWidget) -> None:
        assert isinstance(widget, IntakeDialog)
        qtbot.keyClicks(widget.code_edit, "NY-42")
        widget.group_combo.setCurrentIndex(widget.group_combo.findData(str(group.id)))
        first_note = widget.note_rows()[0]
        first_note.check.setChecked(True)
        row = widget.ladder_row(ladder.id)
        row.check.setChecked(True)
        row.start.setCurrentIndex(1)  # not everyone starts at the bottom
        qtbot.keyClicks(widget.mentor_combo.lineEdit(), "Mette Mentor")
        qtbot.keyClick(widget.code_edit, Qt.Key.Key_Return)

    when_modal(qtbot, IntakeDialog, fill)
    page.table.setFocus()
    press(qtbot, page.table, "Ctrl+Shift+N")

    stored = {r.code: r for r in list_participants(window.store)}
    assert "NY-42" in stored
    person = get_participant(window.store, stored["NY-42"].id)
    assert person.target_group_id == group.id
    assert person.mentor == "Mette Mentor"
    assert len(person.challenges) == 1
    assert person.challenges[0].source_note_id is not None
    (enrolment,) = person.enrolments
    assert enrolment.ladder_id == ladder.id
    assert ladder.level_of(enrolment.start_step_id) == 2
    assert page.selected_id() == person.id  # the new participant is selected and shown
    assert page.overview.title.text() == "NY-42"
    assert page.count_label.text() == f"{len(demo_doc.participants) + 1} deltagere"

    window.undo_action.trigger()
    assert "NY-42" not in {r.code for r in list_participants(window.store)}
    assert page.model.matching() == len(demo_doc.participants)
    window.redo_action.trigger()
    assert "NY-42" in {r.code for r in list_participants(window.store)}
    assert page.selected_id() == person.id


def test_exit_from_the_page_is_stored_and_undoable(
    qtbot: QtBot, window: MainWindow, page: ParticipantsPage, demo_doc: OrganisationDocument
) -> None:
    active = next(p for p in demo_doc.participants if p.is_active)
    page.select(active.id)
    assert page.exit_button.text() == "Ud af døren…"

    def leave(widget: QWidget) -> None:
        assert isinstance(widget, ExitDialog)
        combo = widget.destination_combo
        combo.setCurrentIndex(combo.findData(Destination.EDUCATION.value))
        first = next(c for c in active.challenges if not c.is_deleted)
        state = widget.state_combo(first.id)
        state.setCurrentIndex(state.findData(ChallengeState.FULLY.value))
        widget.accept()

    when_modal(qtbot, ExitDialog, leave)
    qtbot.mouseClick(page.exit_button, Qt.MouseButton.LeftButton)

    stored = get_participant(window.store, active.id)
    assert stored.exit is not None
    assert stored.exit.destination is Destination.EDUCATION
    assert stored.exit.date == TODAY
    last = max((f for f in stored.follow_ups if not f.is_deleted), key=lambda f: f.date)
    assert last.date == TODAY
    first = next(c for c in active.challenges if not c.is_deleted)
    assert {s.challenge_id: s.state for s in last.challenge_statuses}[first.id] is (
        ChallengeState.FULLY
    )
    row = {r.code: r for r in list_participants(window.store)}[active.code]
    assert not row.is_active
    assert page.exit_button.text() == "Ret udskrivning…"
    assert "Ud af døren" in page.overview.facts.text()

    window.undo_action.trigger()
    back = get_participant(window.store, active.id)
    assert back.exit is None
    assert back.end_date is None
    assert TODAY not in {f.date for f in back.follow_ups if not f.is_deleted}


def test_names_show_only_when_asked(
    window: MainWindow, page: ParticipantsPage, demo_doc: OrganisationDocument
) -> None:
    person = demo_doc.participants[2]
    page.select(person.id)
    assert person.name not in page.overview.title.text()
    row = page.model.row_of(person.id)
    assert row is not None
    assert page.model.data(page.model.index(row, page.model.NAME)) == ""
    page.show_names.setChecked(True)
    assert page.model.data(page.model.index(row, page.model.NAME)) == person.name
    assert person.name in page.overview.title.text()
    assert not page.table.isColumnHidden(page.model.NAME)
    # Searching by name works without showing names.
    page.show_names.setChecked(False)
    page.search.setText(person.name.split()[0])
    page.apply_filter()
    assert person.code in {page.model.row_at(r).code for r in range(page.model.rowCount())}


def test_filters_on_the_page(page: ParticipantsPage, demo_doc: OrganisationDocument) -> None:
    group = demo_doc.target_groups[0]
    page.group_filter.setCurrentIndex(page.group_filter.findData(str(group.id)))
    expected = sum(1 for p in demo_doc.participants if p.target_group_id == group.id)
    assert page.model.matching() == expected
    assert page.count_label.text() == f"{expected} af {len(demo_doc.participants)} deltagere"
    page.status_filter.setCurrentIndex(page.status_filter.findData("ended"))
    ended = sum(
        1 for p in demo_doc.participants if p.target_group_id == group.id and not p.is_active
    )
    assert page.model.matching() == ended
    page.group_filter.setCurrentIndex(0)
    page.status_filter.setCurrentIndex(0)
    assert page.model.matching() == len(demo_doc.participants)


def test_main_areas_are_configured_per_organisation(
    qtbot: QtBot, window: MainWindow, page: ParticipantsPage
) -> None:
    from forandring_desktop.services.organisation import get_organisation
    from forandring_desktop.ui.participants.areas import MainAreasDialog

    before = get_organisation(window.store).main_areas
    assert len(before) == 3  # seed 003's defaults

    def edit(widget: QWidget) -> None:
        assert isinstance(widget, MainAreasDialog)
        widget.list.setCurrentRow(2)
        widget.remove_area()
        widget.list.setFocus()
        qtbot.keyClick(widget.list, Qt.Key.Key_Insert)
        editor = widget.list.viewport().findChild(QLineEdit)
        assert editor is not None  # the new area is open for typing its name
        editor.selectAll()
        qtbot.keyClicks(editor, "Bolig")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: widget.list.viewport().findChild(QLineEdit) is None)
        widget.list.setCurrentRow(2)
        widget.move_area(-2)
        widget.accept()

    when_modal(qtbot, MainAreasDialog, edit)
    qtbot.mouseClick(page.areas_button, Qt.MouseButton.LeftButton)
    assert get_organisation(window.store).main_areas == ["Bolig", before[0], before[1]]
    assert page.document is not None
    assert page.document.organisation.main_areas[0] == "Bolig"
    window.undo_action.trigger()
    assert get_organisation(window.store).main_areas == before


def test_duplicate_main_areas_are_refused(qtbot: QtBot, demo_doc: OrganisationDocument) -> None:
    from forandring_desktop.ui.participants.areas import MainAreasDialog

    dialog = MainAreasDialog(demo_doc.organisation)
    qtbot.addWidget(dialog)
    dialog.set_areas(["Helbred", "helbred"])
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "kun stå én gang" in dialog.error_label.text()


def test_keyboard_only_follow_up_is_stored(
    qtbot: QtBot, window: MainWindow, page: ParticipantsPage, demo_doc: OrganisationDocument
) -> None:
    from forandring_desktop.model.participants import latest_steps, live_follow_ups
    from forandring_desktop.ui.participants.follow_up import FollowUpDialog

    person = next(p for p in demo_doc.participants if p.is_active)
    page.select(person.id)
    day = live_follow_ups(person)[-1].date + datetime.timedelta(days=7)
    page.today = lambda: day
    first = person.enrolments[0]
    ladder = next(lad for lad in demo_doc.ladders if lad.id == first.ladder_id)
    latest_staff_step = latest_steps(person)[first.id][0]
    assert latest_staff_step is not None
    staff_before = ladder.level_of(latest_staff_step)
    assert staff_before is not None
    keys: list[str] = []

    def key(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        widget = QApplication.focusWidget()
        assert widget is not None
        qtbot.keyClick(widget, key, modifier)
        keys.append(str(key))

    def record(widget: QWidget) -> None:
        assert isinstance(widget, FollowUpDialog)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is widget.date_edit)
        key(Qt.Key.Key_Tab)  # to the first ladder's staircase
        moving_up = staff_before < len(ladder.live_steps())
        key(Qt.Key.Key_Up if moving_up else Qt.Key.Key_Down)
        key(Qt.Key.Key_Equal)  # the participant sees the same step
        key(Qt.Key.Key_Tab)  # the ladder's note
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClicks(focused, "Kom selv i dag")
        key(Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # the follow-up's own note
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClicks(focused, "Tastatur")
        key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    when_modal(qtbot, FollowUpDialog, record)
    page.table.setFocus()
    press(qtbot, page.table, "Ctrl+Shift+O")

    stored = get_participant(window.store, person.id)
    new = next(f for f in stored.follow_ups if f.date == day)
    assert new.note == "Tastatur"
    rating = next(r for r in new.ratings if r.enrolment_id == first.id)
    expected = staff_before + 1 if staff_before < len(ladder.live_steps()) else staff_before - 1
    assert ladder.level_of(rating.staff_step_id) == expected  # type: ignore[arg-type]
    assert rating.participant_step_id == rating.staff_step_id
    assert rating.note == "Kom selv i dag"
    step = next(s for s in ladder.steps if s.id == rating.staff_step_id)
    assert rating.action == step.action  # the trin-tegn-handling of the new step
    assert len(keys) <= 8
    row = {r.code: r for r in list_participants(window.store)}[person.code]
    assert row.last_follow_up == day
    window.undo_action.trigger()
    undone = get_participant(window.store, person.id)
    assert day not in {f.date for f in undone.follow_ups if not f.is_deleted}
