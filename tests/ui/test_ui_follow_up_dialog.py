"""The follow-up dialog and its step markers, on the demo organisation.

The main test records a whole follow-up with the keyboard only, pressing keys on whatever
widget has focus, and counts the keys: the mentor's common case must stay a few keys.
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from forandring_desktop.model import (
    ChallengeState,
    FollowUp,
    Ladder,
    LadderStep,
    OrganisationDocument,
    Participant,
    utcnow,
)
from forandring_desktop.model.base import uuid7
from forandring_desktop.model.follow_up import follow_up_on
from forandring_desktop.model.participants import latest_states, latest_steps, live_follow_ups
from forandring_desktop.ui.participants.follow_up import (
    AreaScoreBox,
    ChallengeStateBox,
    FollowUpDialog,
)
from forandring_desktop.ui.participants.step_markers import MARGIN, StepMarkers

from .helpers import Keyboard

K = Qt.Key
NO = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
DUPLICATE = "Der er allerede en opfølgning den dag – ret den i stedet."
KEY_BUDGET = 25  # keys for a whole follow-up, beside the words typed in the notes


def ladders_of(doc: OrganisationDocument) -> dict[uuid.UUID, Ladder]:
    return {ladder.id: ladder for ladder in doc.ladders}


def live_challenges(person: Participant) -> list[uuid.UUID]:
    return [c.id for c in person.challenges if not c.is_deleted]


def open_dialog(qtbot: QtBot, dialog: FollowUpDialog) -> FollowUpDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.date_edit)
    return dialog


def open_on(
    qtbot: QtBot,
    doc: OrganisationDocument,
    person: Participant,
    follow_up: FollowUp | None = None,
    today: datetime.date | None = None,
) -> FollowUpDialog:
    """The dialog on ``person`` with the document's ladders and main areas, opened."""
    dialog = FollowUpDialog(
        person, ladders_of(doc), doc.organisation.main_areas, follow_up=follow_up, today=today
    )
    return open_dialog(qtbot, dialog)


def pick_person(doc: OrganisationDocument) -> tuple[Participant, int]:
    """An active demo participant who can go one step up on ladder 1 (to a step that is
    not already their own), one down on ladder 2, and has an unresolved challenge near the
    top of the list; and that challenge's index."""
    ladders = ladders_of(doc)
    for person in doc.participants:
        if not person.is_active or len(person.enrolments) != 2:
            continue
        steps = latest_steps(person)
        first, second = person.enrolments
        one, two = ladders[first.ladder_id], ladders[second.ladder_id]
        (staff_id_one, own_id_one), (staff_id_two, _own) = steps[first.id], steps[second.id]
        staff_one = one.level_of(staff_id_one) or 0 if staff_id_one else 0
        own_one = one.level_of(own_id_one) if own_id_one else None
        staff_two = two.level_of(staff_id_two) or 0 if staff_id_two else 0
        if not 1 <= staff_one < len(one.live_steps()) or staff_two <= 1:
            continue
        if own_one == staff_one + 1:
            continue
        states = latest_states(person)
        unresolved = [
            i
            for i, cid in enumerate(live_challenges(person))
            if states[cid] is ChallengeState.UNRESOLVED
        ]
        if unresolved and unresolved[0] <= 2:
            return person, unresolved[0]
    raise AssertionError("no demo participant fits the keyboard test")


# --- The whole follow-up by keyboard --------------------------------------------------------


def test_a_whole_follow_up_by_keyboard_only(qtbot: QtBot, demo_doc: OrganisationDocument) -> None:
    person, challenge_index = pick_person(demo_doc)
    ladders = ladders_of(demo_doc)
    areas = list(demo_doc.organisation.main_areas)
    assert len(areas) == 3
    before = live_follow_ups(person)
    day = before[-1].date + datetime.timedelta(days=7)
    steps = latest_steps(person)
    states = latest_states(person)
    first, second = person.enrolments
    one, two = ladders[first.ladder_id], ladders[second.ladder_id]
    staff_one = one.live_steps().index(next(s for s in one.steps if s.id == steps[first.id][0]))
    staff_two = two.live_steps().index(next(s for s in two.steps if s.id == steps[second.id][0]))

    dialog = open_dialog(qtbot, FollowUpDialog(person, ladders, areas, today=day))
    assert dialog.day() == day
    keyboard = Keyboard(qtbot)

    keyboard.press(K.Key_Tab)  # from the date to ladder 1
    assert keyboard.focused() is dialog.ladder_rows[0].markers
    keyboard.press(K.Key_Up)  # the staff: one step up
    keyboard.press("=")  # the participant agrees
    keyboard.press(K.Key_Tab)  # to ladder 1's note
    keyboard.type("Mødte hver dag")
    keyboard.press(K.Key_Return)  # on to ladder 2 (past the action)
    assert keyboard.focused() is dialog.ladder_rows[1].markers
    keyboard.press(K.Key_Down)  # a person can move down
    keyboard.press(K.Key_U, ALT)  # Udfordringer
    for _ in range(challenge_index):
        keyboard.press(K.Key_Tab)
    assert isinstance(keyboard.focused(), ChallengeStateBox)
    keyboard.press("2")  # partly resolved
    keyboard.press(K.Key_H, ALT)  # Hovedområder
    keyboard.press("3")
    keyboard.press(K.Key_Tab)
    keyboard.press("-")
    keyboard.press("1")
    keyboard.press(K.Key_Tab)
    keyboard.press("4")
    keyboard.press(K.Key_S, ALT)  # Samlet note
    keyboard.type("God uge")
    keyboard.press(K.Key_Return, CTRL)  # save

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert keyboard.keys == 17 + challenge_index
    assert keyboard.keys <= KEY_BUDGET
    assert keyboard.chars == len("Mødte hver dag") + len("God uge")

    after = dialog.result_participant()
    assert after.id == person.id
    assert live_follow_ups(after)[:-1] == before  # the history is untouched
    new = follow_up_on(after, day)
    assert new is not None
    assert new.id not in {f.id for f in before}
    assert new.date == day
    assert new.note == "God uge"
    rating_one, rating_two = new.ratings
    up = one.live_steps()[staff_one + 1]
    down = two.live_steps()[staff_two - 1]
    assert rating_one.enrolment_id == first.id
    assert rating_one.staff_step_id == up.id
    assert rating_one.participant_step_id == up.id
    assert rating_one.action == up.action  # the action followed the new step
    assert rating_one.note == "Mødte hver dag"
    assert rating_two.enrolment_id == second.id
    assert rating_two.staff_step_id == down.id
    assert rating_two.participant_step_id is None  # not asked this time: nothing recorded
    assert rating_two.action == down.action
    assert rating_two.note == ""
    challenges = live_challenges(person)
    expected = {cid: states[cid] for cid in challenges}
    expected[challenges[challenge_index]] = ChallengeState.PARTLY
    assert {s.challenge_id: s.state for s in new.challenge_statuses} == expected
    assert {a.area: a.score for a in new.area_scores} == {areas[0]: 3, areas[1]: -1, areas[2]: 4}


def test_enter_walks_the_ladders_and_sections(qtbot: QtBot, demo_doc: OrganisationDocument) -> None:
    person, _index = pick_person(demo_doc)
    day = live_follow_ups(person)[-1].date + datetime.timedelta(days=7)
    dialog = open_on(qtbot, demo_doc, person, today=day)
    keyboard = Keyboard(qtbot)
    rows = dialog.ladder_rows
    challenges = list(dialog.challenge_boxes.values())
    areas = list(dialog.area_boxes.values())
    visits: list[QWidget] = []
    for _ in range(4 + len(challenges) + len(areas)):
        keyboard.press(K.Key_Return)
        visits.append(keyboard.focused())
    assert visits[:3] == [rows[0].markers, rows[0].note_edit, rows[1].markers]
    assert visits[3] is rows[1].note_edit
    assert visits[4:] == [*challenges, *areas]
    keyboard.press(K.Key_Return)
    assert keyboard.focused() is dialog.note_edit
    assert dialog.isVisible()  # Enter never saves
    # Enter from the action also goes on to the next ladder; Alt+1 jumps to ladder 1.
    keyboard.press(K.Key_1, ALT)
    assert keyboard.focused() is rows[0].markers
    rows[0].action_edit.setFocus()
    keyboard.press(K.Key_Return)
    assert keyboard.focused() is rows[1].markers
    keyboard.press(K.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.isVisible()


# --- Editing --------------------------------------------------------------------------------


def test_editing_keeps_ids_and_changes_only_what_changed(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    person, _index = pick_person(demo_doc)
    old = live_follow_ups(person)[-2]
    # The day given is ignored when editing.
    dialog = open_on(qtbot, demo_doc, person, follow_up=old, today=datetime.date(2030, 1, 1))
    assert dialog.is_editing
    assert dialog.day() == old.date
    assert dialog.ladder_rows[1].note_edit.text() == old.ratings[1].note
    keyboard = Keyboard(qtbot)
    keyboard.press(K.Key_2, ALT)  # ladder 2
    assert keyboard.focused() is dialog.ladder_rows[1].markers
    keyboard.press(K.Key_Tab)
    keyboard.press(K.Key_End)
    keyboard.type(" Ny bemærkning.")
    keyboard.press(K.Key_Return, CTRL)
    assert dialog.result() == QDialog.DialogCode.Accepted

    after = dialog.result_participant()
    assert [f.id for f in after.follow_ups] == [f.id for f in person.follow_ups]
    others = [f for f in after.follow_ups if f.id != old.id]
    assert others == [f for f in person.follow_ups if f.id != old.id]
    edited = next(f for f in after.follow_ups if f.id == old.id)
    assert (edited.date, edited.note) == (old.date, old.note)
    assert edited.ratings[0] == old.ratings[0]
    changed = edited.ratings[1]
    assert changed.id == old.ratings[1].id
    assert changed.note == (old.ratings[1].note + " Ny bemærkning.").strip()
    assert (changed.staff_step_id, changed.participant_step_id, changed.action) == (
        old.ratings[1].staff_step_id,
        old.ratings[1].participant_step_id,
        old.ratings[1].action,
    )
    assert edited.challenge_statuses == old.challenge_statuses
    assert edited.area_scores == old.area_scores


def test_saving_an_edit_unchanged_changes_nothing(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    person = demo_doc.participants[0]
    old = live_follow_ups(person)[3]
    dialog = open_on(qtbot, demo_doc, person, follow_up=old)
    Keyboard(qtbot).press(K.Key_Return, CTRL)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert next(f for f in dialog.result_participant().follow_ups if f.id == old.id) == old


def test_clearing_a_score_when_editing_tombstones_it(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    person = demo_doc.participants[1]
    old = live_follow_ups(person)[-1]
    areas = demo_doc.organisation.main_areas
    dialog = open_dialog(qtbot, FollowUpDialog(person, ladders_of(demo_doc), areas, follow_up=old))
    keyboard = Keyboard(qtbot)
    keyboard.press(K.Key_H, ALT)
    assert keyboard.focused() is dialog.area_boxes[areas[0]]
    keyboard.press(K.Key_Delete)
    assert dialog.area_boxes[areas[0]].score() is None
    keyboard.press(K.Key_Return, CTRL)
    edited = follow_up_on(dialog.result_participant(), old.date)
    assert edited is not None
    gone = next(a for a in edited.area_scores if a.area == areas[0])
    assert gone.id == old.area_scores[0].id
    assert gone.is_deleted
    assert edited.area_scores[1:] == old.area_scores[1:]


# --- Refusals -------------------------------------------------------------------------------


def test_a_day_with_a_follow_up_already_is_refused(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    person = demo_doc.participants[1]
    taken = live_follow_ups(person)[-1].date
    dialog = open_on(qtbot, demo_doc, person, today=taken)
    assert dialog.error_label.message() == DUPLICATE  # said at once, before saving
    keyboard = Keyboard(qtbot)
    keyboard.press(K.Key_Return, CTRL)
    assert dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected  # not accepted
    assert dialog.error_label.isVisible()
    assert dialog.error_label.message() == DUPLICATE
    assert keyboard.focused() is dialog.date_edit  # back to the date to change it

    dialog.date_edit.setDate(dialog.date_edit.date().addDays(1))
    assert dialog.error_label.message() == ""
    keyboard.press(K.Key_Return, CTRL)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert follow_up_on(dialog.result_participant(), taken + datetime.timedelta(days=1))


def test_moving_an_edited_follow_up_onto_another_day_is_refused(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    person = demo_doc.participants[1]
    first, second = live_follow_ups(person)[:2]
    dialog = open_on(qtbot, demo_doc, person, follow_up=second)
    assert dialog.error_label.message() == ""  # its own day is no clash
    dialog.date_edit.setDate(dialog.date_edit.date().addDays((first.date - second.date).days))
    Keyboard(qtbot).press(K.Key_Return, CTRL)
    assert dialog.isVisible()
    assert dialog.error_label.message() == DUPLICATE


def test_one_of_two_follow_ups_on_one_day_from_two_laptops_can_be_corrected(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    person = demo_doc.participants[1]
    first = live_follow_ups(person)[0]
    twin = first.model_copy(update={"id": uuid7(), "note": "Fra den anden computer"})
    both = person.model_copy(update={"follow_ups": [*person.follow_ups, twin]})
    dialog = open_on(qtbot, demo_doc, both, follow_up=twin)
    assert dialog.error_label.message() == ""
    Keyboard(qtbot).press(K.Key_Return, CTRL)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_model_errors_are_shown_in_danish(qtbot: QtBot, demo_doc: OrganisationDocument) -> None:
    person = demo_doc.participants[1]
    dialog = open_on(qtbot, demo_doc, person, today=person.start_date - datetime.timedelta(days=1))
    Keyboard(qtbot).press(K.Key_Return, CTRL)
    assert dialog.isVisible()
    assert "ligger før forløbets start" in dialog.error_label.message()


# --- The action and the signs ---------------------------------------------------------------


def test_the_action_follows_the_step_until_the_mentor_writes_one(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    person, _index = pick_person(demo_doc)
    day = live_follow_ups(person)[-1].date + datetime.timedelta(days=7)
    dialog = open_on(qtbot, demo_doc, person, today=day)
    row = dialog.ladder_rows[0]
    live = row.ladder.live_steps()
    level = live.index(next(s for s in live if s.id == row.markers.staff()))
    assert row.action_edit.text() == live[level].action
    assert live[level].signs in row.signs_label.text()
    assert "TEGN" in row.signs_label.text()
    keyboard = Keyboard(qtbot)
    keyboard.press(K.Key_Tab)
    keyboard.press(K.Key_Up)
    assert row.action_edit.text() == live[level + 1].action
    assert live[level + 1].signs in row.signs_label.text()
    assert live[level + 1].signs in row.action_edit.accessibleDescription()
    keyboard.press(K.Key_Tab)
    keyboard.press(K.Key_Tab)
    assert keyboard.focused() is row.action_edit
    keyboard.type("Ring til jobcentret")  # replaces the selected text
    keyboard.press(K.Key_Tab, SHIFT)
    keyboard.press(K.Key_Tab, SHIFT)
    assert keyboard.focused() is row.markers
    keyboard.press(K.Key_Down)
    keyboard.press(K.Key_Down)
    assert row.action_edit.text() == "Ring til jobcentret"
    assert live[level - 1].signs in row.signs_label.text()
    keyboard.press(K.Key_Return, CTRL)
    saved = follow_up_on(dialog.result_participant(), day)
    assert saved is not None
    assert saved.ratings[0].action == "Ring til jobcentret"
    assert saved.ratings[0].staff_step_id == live[level - 1].id


def retired_copy(ladder: Ladder, step_id: uuid.UUID) -> Ladder:
    steps = [s.model_dump() for s in ladder.steps]
    for data in steps:
        if data["id"] == step_id:
            data["deleted_at"] = utcnow()
    return ladder.changed(steps=steps)


def test_a_retired_step_in_an_old_rating_is_shown_and_kept(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    person = demo_doc.participants[1]
    old = live_follow_ups(person)[-1]
    ladders = ladders_of(demo_doc)
    enrolment = person.enrolments[0]
    retired_id = old.ratings[0].staff_step_id
    assert retired_id is not None
    ladders[enrolment.ladder_id] = retired_copy(ladders[enrolment.ladder_id], retired_id)
    dialog = open_dialog(
        qtbot,
        FollowUpDialog(person, ladders, demo_doc.organisation.main_areas, follow_up=old),
    )
    row = dialog.ladder_rows[0]
    markers = row.markers
    assert markers.staff() == retired_id
    assert retired_id in [s.id for s in markers.shown_steps()]
    assert "Medarbejder: udgået trin" in markers.accessibleDescription()
    assert "udgået trin" in row.signs_label.text()
    assert not markers.grab().isNull()  # painting a retired step does not crash
    Keyboard(qtbot).press(K.Key_Return, CTRL)
    edited = follow_up_on(dialog.result_participant(), old.date)
    assert edited is not None
    assert edited.ratings[0] == old.ratings[0]

    # A new follow-up starts from the nearest live step instead.
    new = FollowUpDialog(
        person,
        ladders,
        demo_doc.organisation.main_areas,
        today=old.date + datetime.timedelta(days=7),
    )
    qtbot.addWidget(new)
    new_staff = new.ladder_rows[0].markers.staff()
    assert new_staff is not None
    assert new_staff != retired_id
    assert retired_id not in [s.id for s in new.ladder_rows[0].markers.shown_steps()]


# --- The step markers -----------------------------------------------------------------------


@pytest.fixture
def ladder() -> Ladder:
    steps = [LadderStep(text=f"Delmål {i}", signs=f"Tegn {i}", action=f"Gør {i}") for i in range(5)]
    return Ladder(title="Fremmøde", change_goal="Møder stabilt", steps=steps)


@pytest.fixture
def markers(qtbot: QtBot, ladder: Ladder) -> StepMarkers:
    widget = StepMarkers(ladder, staff=ladder.steps[1].id, goal=ladder.steps[3].id)
    qtbot.addWidget(widget)
    widget.resize(400, 200)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setFocus()
    return widget


def collect(markers: StepMarkers) -> tuple[list[object], list[object]]:
    staff: list[object] = []
    own: list[object] = []
    markers.staff_changed.connect(staff.append)
    markers.participant_changed.connect(own.append)
    return staff, own


def test_step_markers_keys_move_both_markers(
    qtbot: QtBot, markers: StepMarkers, ladder: Ladder
) -> None:
    ids = [s.id for s in ladder.steps]
    staff, own = collect(markers)
    assert markers.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert markers.participant() is None

    qtbot.keyClick(markers, K.Key_Up)
    assert (markers.staff(), staff) == (ids[2], [ids[2]])
    qtbot.keyClick(markers, K.Key_Down)
    qtbot.keyClick(markers, K.Key_Down)
    assert markers.staff() == ids[0]
    qtbot.keyClick(markers, K.Key_Down)  # at the bottom already: nothing happens
    assert staff == [ids[2], ids[1], ids[0]]
    qtbot.keyClick(markers, K.Key_End)
    assert markers.staff() == ids[4]
    qtbot.keyClick(markers, K.Key_Up)
    assert staff[-1] == ids[4]
    assert len(staff) == 4
    qtbot.keyClick(markers, K.Key_Home)
    qtbot.keyClick(markers, K.Key_Right)
    assert markers.staff() == ids[1]
    assert own == []

    # The participant: the first Shift+arrow starts on the staff's step.
    qtbot.keyClick(markers, K.Key_Up, SHIFT)
    assert (markers.participant(), own) == (ids[1], [ids[1]])
    qtbot.keyClick(markers, K.Key_Up, SHIFT)
    qtbot.keyClick(markers, K.Key_Up, SHIFT)
    assert markers.participant() == ids[3]
    qtbot.keyClick(markers, K.Key_Down, SHIFT)
    assert markers.participant() == ids[2]
    assert markers.staff() == ids[1]  # the staff's marker stayed
    qtbot.keyClick(markers, "=")
    assert markers.participant() == ids[1]
    qtbot.keyClick(markers, K.Key_Delete)
    assert markers.participant() is None
    assert own[-1] is None
    qtbot.keyClick(markers, "s")
    assert markers.participant() == ids[1]
    qtbot.keyClick(markers, K.Key_Backspace)
    qtbot.keyClick(markers, K.Key_End, SHIFT)  # from nothing, End goes to the top
    assert markers.participant() == ids[4]
    assert own == [ids[1], ids[2], ids[3], ids[2], ids[1], None, ids[1], None, ids[4]]
    assert len(staff) == 6


def test_step_markers_say_the_steps_in_words(
    qtbot: QtBot, markers: StepMarkers, ladder: Ladder
) -> None:
    assert markers.accessibleName() == "Trin på måltrappen Fremmøde"
    assert markers.accessibleDescription() == (
        "Medarbejder: trin 2 – Delmål 1; Deltager: ikke vurderet; Mål: trin 4"
    )
    assert markers.goal() == ladder.steps[3].id
    qtbot.keyClick(markers, K.Key_Up)
    qtbot.keyClick(markers, "=")
    qtbot.keyClick(markers, K.Key_Down, SHIFT)
    assert markers.accessibleDescription() == (
        "Medarbejder: trin 3 – Delmål 2; Deltager: trin 2 – Delmål 1; Mål: trin 4"
    )
    # Without an individual goal the top step is the goal.
    markers.set_ladder(ladder)
    assert markers.goal() == ladder.steps[4].id
    assert markers.accessibleDescription().endswith("Mål: trin 5")


def test_step_markers_setters_are_silent_and_check_the_step(
    markers: StepMarkers, ladder: Ladder
) -> None:
    staff, own = collect(markers)
    markers.set_staff(ladder.steps[4].id)
    markers.set_participant(ladder.steps[0].id)
    assert (markers.staff(), markers.participant()) == (ladder.steps[4].id, ladder.steps[0].id)
    markers.set_participant(uuid.uuid4())  # not on this ladder
    assert markers.participant() is None
    assert staff == own == []


def column_centre(markers: StepMarkers, index: int) -> QPoint:
    width = (markers.width() - 2 * MARGIN) / len(markers.shown_steps())
    return QPoint(int(MARGIN + (index + 0.5) * width), markers.height() // 2)


def test_step_markers_mouse(qtbot: QtBot, markers: StepMarkers, ladder: Ladder) -> None:
    staff, own = collect(markers)
    left = Qt.MouseButton.LeftButton
    qtbot.mouseClick(markers, left, NO, column_centre(markers, 3))
    assert markers.staff() == ladder.steps[3].id
    qtbot.mouseClick(markers, Qt.MouseButton.RightButton, NO, column_centre(markers, 2))
    assert markers.participant() == ladder.steps[2].id
    qtbot.mouseClick(markers, left, SHIFT, column_centre(markers, 0))
    assert markers.participant() == ladder.steps[0].id
    assert markers.staff() == ladder.steps[3].id
    assert staff == [ladder.steps[3].id]
    assert own == [ladder.steps[2].id, ladder.steps[0].id]


def test_step_markers_show_a_retired_step_and_paint(qtbot: QtBot, ladder: Ladder) -> None:
    retired = retired_copy(ladder, ladder.steps[2].id)
    widget = StepMarkers(retired, staff=retired.steps[2].id, participant=retired.steps[2].id)
    qtbot.addWidget(widget)
    widget.resize(360, 180)
    assert [s.id for s in widget.shown_steps()] == [s.id for s in retired.steps]
    assert widget.step_words(retired.steps[2].id) == "udgået trin – Delmål 2"
    assert widget.step_words(retired.steps[3].id) == "trin 3 – Delmål 3"
    assert "Medarbejder: udgået trin – Delmål 2" in widget.accessibleDescription()
    assert not widget.grab().isNull()
    widget.show()
    qtbot.waitExposed(widget)
    widget.setFocus()
    staff, _own = collect(widget)
    qtbot.keyClick(widget, K.Key_Up)  # off the retired step, onto the live one above
    assert staff == [retired.steps[3].id]
    qtbot.keyClick(widget, K.Key_Down)  # it stays on show, so one can go back
    assert widget.staff() == retired.steps[2].id
    assert not widget.grab().isNull()
    # A ladder without steps shows a message, and keys do nothing.
    empty = StepMarkers(Ladder(change_goal="Tom"))
    qtbot.addWidget(empty)
    qtbot.keyClick(empty, K.Key_Up)
    assert empty.staff() is None
    assert not empty.grab().isNull()


# --- The small input boxes ------------------------------------------------------------------


def test_challenge_box_takes_1_2_3_and_arrows(qtbot: QtBot) -> None:
    box = ChallengeStateBox()
    qtbot.addWidget(box)
    assert box.state() is ChallengeState.UNRESOLVED
    qtbot.keyClick(box, "3")
    assert box.state() is ChallengeState.FULLY
    qtbot.keyClick(box, "1")
    assert box.state() is ChallengeState.UNRESOLVED
    qtbot.keyClick(box, K.Key_Down)
    assert box.state() is ChallengeState.PARTLY
    assert [box.itemText(i) for i in range(box.count())] == ["Uløst", "Delvist løst", "Løst"]


def test_area_box_scores_minus_five_to_five_or_none(qtbot: QtBot) -> None:
    box = AreaScoreBox()
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    assert box.score() is None
    assert box.text() == "–"
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "-5")
    assert box.score() == -5
    box.selectAll()
    qtbot.keyClicks(box, "9")  # out of range: refused
    assert box.score() == -5
    qtbot.keyClick(box, K.Key_Delete)
    assert box.score() is None
    qtbot.keyClick(box, K.Key_Up)  # from none, the first step is status quo
    assert box.score() == 0
    qtbot.keyClick(box, K.Key_Up)
    assert box.score() == 1
