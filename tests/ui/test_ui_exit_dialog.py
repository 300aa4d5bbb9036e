"""The exit dialog ('ud af døren'), driven through its widgets."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from forandring_desktop.model import (
    ChallengeState,
    Destination,
    OrganisationDocument,
    Participant,
)
from forandring_desktop.model.participants import latest_states, latest_steps
from forandring_desktop.ui.participants.exit import ExitDialog
from forandring_desktop.ui.participants.intake import StepCombo

TODAY = datetime.date(2025, 6, 1)  # the demo document's day (tests/ui/conftest.py)


def open_dialog(qtbot: QtBot, doc: OrganisationDocument, person: Participant) -> ExitDialog:
    dialog = ExitDialog(doc, person, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def active(doc: OrganisationDocument) -> Participant:
    return next(p for p in doc.participants if p.exit is None)


@pytest.fixture
def person(demo_doc: OrganisationDocument) -> Participant:
    """A participant who has not exited yet."""
    return active(demo_doc)


@pytest.fixture
def dialog(qtbot: QtBot, demo_doc: OrganisationDocument, person: Participant) -> ExitDialog:
    """The exit dialog open on ``person``."""
    return open_dialog(qtbot, demo_doc, person)


def exited(doc: OrganisationDocument) -> Participant:
    return next(p for p in doc.participants if p.exit is not None)


def row_texts(table: QTableWidget, row: int) -> list[str]:
    items = [table.item(row, column) for column in range(table.columnCount())]
    assert all(item is not None for item in items), f"row {row} has an empty cell"
    return [item.text() for item in items if item is not None]


def pick_level(combo: StepCombo, level: int) -> None:
    index = combo.findText(f"{level}.", Qt.MatchFlag.MatchStartsWith)
    assert index >= 0
    combo.setCurrentIndex(index)


def pick_text(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def qdate(day: datetime.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def test_prefilled_from_the_latest_status(
    demo_doc: OrganisationDocument, person: Participant, dialog: ExitDialog
) -> None:
    assert dialog.exit_date() == TODAY
    assert dialog.destination_combo.currentText() == "Ukendt"
    assert dialog.destination_combo.count() == len(Destination)
    steps, states = latest_steps(person), latest_states(person)
    ladders = {lad.id: lad for lad in demo_doc.ladders}
    for row, enrolment in enumerate(person.enrolments):
        staff, own = dialog.step_combos(enrolment.id)
        assert (staff.step_id(), own.step_id()) == steps[enrolment.id]
        ladder = ladders[enrolment.ladder_id]
        start = ladder.level_of(enrolment.start_step_id)
        latest_staff_step = steps[enrolment.id][0]
        assert latest_staff_step is not None
        end = ladder.level_of(latest_staff_step)
        cells = row_texts(dialog.ladder_table, row)
        assert cells[0].endswith(ladder.change_goal)
        assert cells[1].startswith(f"{start}. ")
        assert cells[2].startswith(f"{end}. ")
    words = {
        ChallengeState.UNRESOLVED: "Uløst",
        ChallengeState.PARTLY: "Delvist løst",
        ChallengeState.FULLY: "Løst",
    }
    for row, challenge in enumerate(person.challenges):
        combo = dialog.state_combo(challenge.id)
        assert combo.currentText() == words[states[challenge.id]]
        weight = "–" if challenge.weight is None else str(challenge.weight)
        assert row_texts(dialog.challenge_table, row) == [
            challenge.text,
            weight,
            "Uløst",  # everything is unresolved 'ind ad døren'
            words[states[challenge.id]],
        ]
    fully = sum(1 for s in states.values() if s is ChallengeState.FULLY)
    partly = sum(1 for s in states.values() if s is ChallengeState.PARTLY)
    n = len(person.challenges)
    assert dialog.summary_label.text().startswith(
        f"Ud af døren: af {n} udfordringer er {fully} afhjulpet helt, {partly} afhjulpet "
        f"delvist og {n - fully - partly} ikke afhjulpet."
    )


def test_changing_final_values_updates_the_table(
    demo_doc: OrganisationDocument, person: Participant, dialog: ExitDialog
) -> None:
    enrolment = person.enrolments[0]
    ladder = next(lad for lad in demo_doc.ladders if lad.id == enrolment.ladder_id)
    assert enrolment.goal_step_id is not None
    goal = ladder.level_of(enrolment.goal_step_id)
    start = ladder.level_of(enrolment.start_step_id)
    assert goal is not None
    assert start is not None
    staff, own = dialog.step_combos(enrolment.id)

    pick_level(staff, goal)
    cells = row_texts(dialog.ladder_table, 0)
    assert cells[2].startswith(f"{goal}. ")
    assert cells[5] == f"+{goal - start} trin"
    assert cells[6] == "Mål nået"
    pick_level(staff, goal - 1)
    cells = row_texts(dialog.ladder_table, 0)
    assert cells[6] == "Ikke nået"
    pick_level(staff, start)
    assert row_texts(dialog.ladder_table, 0)[5] == "0 trin"
    pick_level(own, goal)
    assert row_texts(dialog.ladder_table, 0)[3].startswith(f"{goal}. ")

    for challenge in person.challenges:
        pick_text(dialog.state_combo(challenge.id), "Uløst")
    first = person.challenges[0]
    pick_text(dialog.state_combo(first.id), "Løst")
    assert row_texts(dialog.challenge_table, 0)[3] == "Løst"
    n = len(person.challenges)
    assert (
        f"af {n} udfordringer er 1 afhjulpet helt, 0 afhjulpet delvist og {n - 1} ikke afhjulpet."
        in dialog.summary_label.text()
    )
    pick_text(dialog.state_combo(person.challenges[1].id), "Delvist løst")
    assert row_texts(dialog.challenge_table, 1)[3] == "Delvist løst"
    assert (
        f"af {n} udfordringer er 1 afhjulpet helt, 1 afhjulpet delvist og {n - 2} ikke afhjulpet."
        in dialog.summary_label.text()
    )


def test_the_result_has_the_exit_and_a_final_follow_up(
    qtbot: QtBot, demo_doc: OrganisationDocument, person: Participant, dialog: ExitDialog
) -> None:
    e1, e2 = person.enrolments
    ladders = {lad.id: lad for lad in demo_doc.ladders}
    staff, own = dialog.step_combos(e1.id)
    pick_level(staff, 2)
    pick_level(own, 3)
    states = {c.id: ChallengeState.PARTLY for c in person.challenges}
    for challenge in person.challenges:
        pick_text(dialog.state_combo(challenge.id), "Delvist løst")
    pick_text(dialog.destination_combo, "Uddannelse")
    qtbot.keyClicks(dialog.note_edit, "Starter på SOSU-skolen.")
    exit_day = TODAY - datetime.timedelta(days=1)
    dialog.date_edit.setDate(qdate(exit_day))

    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    result = dialog.result_participant()
    assert result.id == person.id
    assert result.exit is not None
    assert result.exit.date == exit_day
    assert result.exit.destination is Destination.EDUCATION
    assert result.exit.note == "Starter på SOSU-skolen."
    assert result.end_date == exit_day
    assert not result.is_active
    assert result.follow_ups[:-1] == person.follow_ups  # history untouched
    final = result.follow_ups[-1]
    assert final.date == exit_day
    assert final.id not in {f.id for f in person.follow_ups}
    a1 = ladders[e1.ladder_id]
    ratings = {r.enrolment_id: r for r in final.ratings}
    assert set(ratings) == {e1.id, e2.id}
    assert ratings[e1.id].staff_step_id == a1.live_steps()[1].id
    assert ratings[e1.id].participant_step_id == a1.live_steps()[2].id
    assert ratings[e1.id].action == a1.live_steps()[1].action  # pre-filled from the step
    assert (ratings[e2.id].staff_step_id, ratings[e2.id].participant_step_id) == (
        latest_steps(person)[e2.id]
    )
    assert {s.challenge_id: s.state for s in final.challenge_statuses} == states


def test_an_exit_on_a_follow_up_day_updates_that_follow_up(
    qtbot: QtBot, person: Participant, dialog: ExitDialog
) -> None:
    last = person.follow_ups[-1]
    dialog.date_edit.setDate(qdate(last.date))
    enrolment = person.enrolments[0]
    staff, _ = dialog.step_combos(enrolment.id)
    pick_level(staff, 1)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    result = dialog.result_participant()
    assert [f.id for f in result.follow_ups] == [f.id for f in person.follow_ups]
    final = result.follow_ups[-1]
    assert final.id == last.id
    assert [r.id for r in final.ratings] == [r.id for r in last.ratings]
    assert final.ratings[0].staff_step_id == staff.step_id()
    assert final.ratings[0].note == last.ratings[0].note
    assert result.end_date == last.date


def test_an_exited_participant_opens_with_the_exit(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    person = exited(demo_doc)
    assert person.exit is not None
    dialog = open_dialog(qtbot, demo_doc, person)
    assert dialog.exit_date() == person.exit.date
    assert dialog.destination_combo.currentData() == person.exit.destination.value
    assert dialog.note_edit.toPlainText() == person.exit.note
    states = latest_states(person, before=person.exit.date)
    first = person.challenges[0]
    assert dialog.state_combo(first.id).currentData() == states[first.id].value

    # Accepted unchanged, a stored exit follow-up is the same: nothing new to store.
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    once = dialog.result_participant()
    assert once.exit == person.exit
    again = open_dialog(qtbot, demo_doc, once)
    with qtbot.waitSignal(again.accepted):
        qtbot.mouseClick(again.ok_button, Qt.MouseButton.LeftButton)
    assert again.result_participant() is once


def test_the_date_is_not_before_the_start(person: Participant, dialog: ExitDialog) -> None:
    assert dialog.date_edit.minimumDate() == qdate(person.start_date)
    dialog.date_edit.setDate(qdate(person.start_date - datetime.timedelta(days=30)))
    assert dialog.exit_date() == person.start_date
    assert dialog.date_hint.isVisible()  # follow-ups lie after it
    assert "opfølgninger efter denne dato" in dialog.date_hint.text()
    dialog.date_edit.setDate(qdate(TODAY))
    assert not dialog.date_hint.isVisible()


def test_keyboard_and_names(qtbot: QtBot, demo_doc: OrganisationDocument) -> None:
    dialog = open_dialog(qtbot, demo_doc, active(demo_doc))
    buddies = {
        label.buddy(): label.text()
        for label in dialog.findChildren(QLabel)
        if label.buddy() is not None
    }
    assert buddies[dialog.date_edit] == "&Dato:"
    assert buddies[dialog.destination_combo] == "&Hvor går personen hen?"
    assert buddies[dialog.note_edit] == "&Note:"
    focusable = [
        w
        for w in dialog.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.isVisibleTo(dialog)
        and not isinstance(w.parentWidget(), QComboBox)
        and w.parentWidget() is not dialog.date_edit
    ]
    assert len(focusable) > 10
    for widget in focusable:
        assert widget.accessibleName(), widget
    assert dialog.note_edit.tabChangesFocus()
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.destination_combo, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
