"""The intake dialog ('ind ad døren' for one person), driven through its widgets."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QWidget,
)
from pytestqt.qtbot import QtBot

from forandring_desktop.model import (
    Challenge,
    DoorNote,
    Enrolment,
    OrganisationDocument,
    Participant,
    Side,
    TargetGroup,
)
from forandring_desktop.model.intake import CODE_HINT
from forandring_desktop.ui.participants.intake import IntakeDialog, StepCombo, WeightSpin

TODAY = datetime.date(2025, 6, 1)  # the demo document's day (tests/ui/conftest.py)
MENTORS = ("Maja Mentorsen", "Ole Arbejdsleder", "maja mentorsen")
MUNICIPALITIES = ("Herning Kommune", "Ikast-Brande Kommune")


def open_dialog(
    qtbot: QtBot, doc: OrganisationDocument, person: Participant | None = None
) -> IntakeDialog:
    dialog = IntakeDialog(doc, person, mentors=MENTORS, municipalities=MUNICIPALITIES, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # as exec() would
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def young(doc: OrganisationDocument) -> TargetGroup:
    return doc.target_groups[0]  # Natasha's group


def in_notes_of(doc: OrganisationDocument, group: TargetGroup) -> list[DoorNote]:
    sheet = next(s for s in doc.door_sheets if s.persona_id in group.persona_ids)
    return [n for n in sheet.live_notes() if n.side is Side.IN]


def pick(combo: QComboBox, data: str) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def pick_level(combo: StepCombo, level: int) -> None:
    """Choose the step at ``level`` (1 = UDGANGSPUNKTET) as a user would: by its text."""
    index = combo.findText(f"{level}.", Qt.MatchFlag.MatchStartsWith)
    assert index >= 0
    combo.setCurrentIndex(index)


def tick(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Space)


def type_weight(qtbot: QtBot, spin: WeightSpin, text: str) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)


# -- a new participant ---------------------------------------------------------------------


def test_a_new_participant_through_the_widgets(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    dialog = open_dialog(qtbot, demo_doc)
    assert dialog.start_edit.date() == QDate(2025, 6, 1)
    assert dialog.start_edit.calendarPopup()
    assert dialog.note_rows() == []  # no group chosen yet: nothing to pick from
    assert dialog.mentor_combo.currentText() == ""
    assert dialog.mentor_combo.count() == 2  # names are offered once, whatever the case

    qtbot.keyClicks(dialog.code_edit, "IG-100")
    qtbot.keyClicks(dialog.name_edit, "Testine Testsen")
    group = young(demo_doc)
    pick(dialog.group_combo, str(group.id))

    notes = in_notes_of(demo_doc, group)
    assert [r.text() for r in dialog.note_rows()] == [n.text for n in notes]
    assert not any(r.check.isChecked() for r in dialog.note_rows())
    first, third = dialog.note_row(notes[0].id), dialog.note_row(notes[2].id)
    assert not first.weight.isEnabled()  # weight only for a ticked challenge
    tick(qtbot, first.check)
    assert first.weight.isEnabled()
    type_weight(qtbot, first.weight, "7")
    tick(qtbot, third.check)  # ticked, no weight

    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    (free,) = dialog.free_rows()
    assert free.edit.hasFocus()
    qtbot.keyClicks(free.edit, "Bor i en skurvogn")
    type_weight(qtbot, free.weight, "9")

    abuse, social = demo_doc.ladders
    row = dialog.ladder_row(abuse.id)
    assert row.title_label.text().endswith(abuse.change_goal)
    assert not row.start.isEnabled()
    tick(qtbot, row.check)
    assert row.start.isEnabled()
    assert row.start.currentText().startswith("1. UDGANGSPUNKTET")  # default: the bottom
    assert row.goal.currentText().startswith(f"{len(abuse.steps)}. MÅLET")  # default: the top
    pick_level(row.start, 3)  # not everyone starts at the bottom
    pick_level(row.goal, 5)

    dialog.mentor_combo.setFocus()
    qtbot.keyClicks(dialog.mentor_combo.lineEdit(), "Ma")  # completes from the names
    assert dialog.mentor_combo.currentText() == "Maja Mentorsen"
    dialog.municipality_combo.setCurrentIndex(dialog.municipality_combo.findText(MUNICIPALITIES[1]))

    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)  # Enter = OK
    person = dialog.result_participant()
    assert person.code == "IG-100"
    assert person.name == "Testine Testsen"
    assert person.start_date == TODAY
    assert person.target_group_id == group.id
    assert person.mentor == "Maja Mentorsen"
    assert person.municipality == "Ikast-Brande Kommune"
    assert [(c.text, c.weight, c.source_note_id) for c in person.challenges] == [
        (notes[0].text, 7, notes[0].id),
        (notes[2].text, None, notes[2].id),
        ("Bor i en skurvogn", 9, None),
    ]
    (enrolment,) = person.enrolments
    assert enrolment.ladder_id == abuse.id
    assert enrolment.start_step_id == abuse.steps[2].id
    assert enrolment.goal_step_id == abuse.steps[4].id
    assert person.follow_ups == []
    assert person.exit is None
    assert social.id not in {e.ladder_id for e in person.enrolments}


def test_the_municipality_can_be_typed_freely(qtbot: QtBot, demo_doc: OrganisationDocument) -> None:
    dialog = open_dialog(qtbot, demo_doc)
    qtbot.keyClicks(dialog.code_edit, "X-1")
    qtbot.keyClicks(dialog.municipality_combo.lineEdit(), "Struer Kommune")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    person = dialog.result_participant()
    assert (person.municipality, person.mentor, person.target_group_id) == (
        "Struer Kommune",
        "",
        None,
    )
    assert person.challenges == []
    assert person.enrolments == []


def test_changing_the_group_keeps_what_was_ticked(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    worn_group = demo_doc.target_groups[1]
    abuse, social = demo_doc.ladders
    # One ladder for each group, to see the order change with the group.
    doc = demo_doc.model_copy(
        update={
            "ladders": [
                abuse.changed(target_group_ids=[young(demo_doc).id]),
                social.changed(target_group_ids=[worn_group.id]),
            ]
        }
    )
    dialog = open_dialog(qtbot, doc)
    qtbot.keyClicks(dialog.code_edit, "IG-101")
    pick(dialog.group_combo, str(young(doc).id))
    assert [r.ladder.id for r in dialog.ladder_rows()] == [abuse.id, social.id]
    note = in_notes_of(doc, young(doc))[1]
    row = dialog.note_row(note.id)
    tick(qtbot, row.check)
    type_weight(qtbot, row.weight, "4")
    dialog.add_free_challenge("Egen udfordring", 2)
    ladder_row = dialog.ladder_row(social.id)
    tick(qtbot, ladder_row.check)
    pick_level(ladder_row.start, 2)

    pick(dialog.group_combo, str(worn_group.id))
    klaus_notes = in_notes_of(doc, worn_group)
    texts = [r.text() for r in dialog.note_rows()]
    assert texts == [n.text for n in klaus_notes] + [note.text]  # the ticked one stays
    kept = dialog.note_row(note.id)
    assert kept.check.isChecked()
    assert kept.weight.weight() == 4
    assert [r.edit.text() for r in dialog.free_rows()] == ["Egen udfordring"]
    # The group's own ladder comes first now; the placement made is kept.
    assert [r.ladder.id for r in dialog.ladder_rows()] == [social.id, abuse.id]
    assert dialog.ladder_row(social.id).check.isChecked()
    assert dialog.ladder_row(social.id).start.level() == 2

    tick(qtbot, dialog.note_row(klaus_notes[0].id).check)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    person = dialog.result_participant()
    assert person.target_group_id == worn_group.id
    assert [(c.source_note_id, c.weight) for c in person.challenges] == [
        (note.id, 4),
        (klaus_notes[0].id, None),
        (None, 2),
    ]
    assert [(e.ladder_id, e.start_step_id) for e in person.enrolments] == [
        (social.id, social.steps[1].id)
    ]


# -- editing -------------------------------------------------------------------------------------


def test_editing_prefills_and_keeps_ids(qtbot: QtBot, demo_doc: OrganisationDocument) -> None:
    person = demo_doc.participants[0]
    assert person.follow_ups  # their challenges and enrolments have history
    dialog = open_dialog(qtbot, demo_doc, person)
    assert dialog.code_edit.text() == person.code
    assert dialog.name_edit.text() == person.name
    assert dialog.start_edit.date() == QDate(
        person.start_date.year, person.start_date.month, person.start_date.day
    )
    assert dialog.group_combo.currentData() == str(person.target_group_id)
    assert dialog.municipality_combo.currentText() == person.municipality
    ticked = {r.note_id: r.weight.weight() for r in dialog.note_rows() if r.check.isChecked()}
    assert ticked == {c.source_note_id: c.weight for c in person.challenges}
    for enrolment in person.enrolments:
        row = dialog.ladder_row(enrolment.ladder_id)
        assert row.check.isChecked()
        assert row.start.step_id() == enrolment.start_step_id
        assert row.goal.step_id() == enrolment.goal_step_id

    # Unchanged: the very same participant comes back (nothing to store).
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result_participant() is person


def test_editing_changes_tombstones_and_adds(qtbot: QtBot, demo_doc: OrganisationDocument) -> None:
    person = demo_doc.participants[0]
    first, second = person.challenges[0], person.challenges[1]
    dropped_ladder = person.enrolments[1]
    changed_ladder = person.enrolments[0]
    assert first.source_note_id is not None
    assert second.source_note_id is not None
    dialog = open_dialog(qtbot, demo_doc, person)

    tick(qtbot, dialog.note_row(first.source_note_id).check)  # untick: it has history
    type_weight(qtbot, dialog.note_row(second.source_note_id).weight, "1")
    dialog.add_free_challenge("Ny udfordring", 6)
    tick(qtbot, dialog.ladder_row(dropped_ladder.ladder_id).check)  # untick
    changed_row = dialog.ladder_row(changed_ladder.ladder_id)
    pick(changed_row.goal, str(changed_row.ladder.live_steps()[-1].id))
    dialog.mentor_combo.setEditText("Ole Arbejdsleder")

    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    result = dialog.result_participant()
    assert result.id == person.id
    assert result.mentor == "Ole Arbejdsleder"
    assert [c.id for c in result.challenges[: len(person.challenges)]] == [
        c.id for c in person.challenges
    ]
    by_id = {c.id: c for c in result.challenges}
    assert by_id[first.id].is_deleted  # tombstoned, not removed: follow-ups point at it
    assert (by_id[second.id].weight, by_id[second.id].is_deleted) == (1, False)
    for other in person.challenges[2:]:
        assert by_id[other.id] == other  # untouched
    new = result.challenges[-1]
    assert (new.text, new.weight, new.source_note_id) == ("Ny udfordring", 6, None)
    assert new.id not in {c.id for c in person.challenges}

    enrolments = {e.id: e for e in result.enrolments}
    assert set(enrolments) == {e.id for e in person.enrolments}
    assert enrolments[dropped_ladder.id].is_deleted
    assert enrolments[changed_ladder.id].goal_step_id == changed_row.ladder.live_steps()[-1].id
    assert enrolments[changed_ladder.id].start_step_id == changed_ladder.start_step_id
    assert result.follow_ups == person.follow_ups


def test_unticking_without_history_removes_and_reticking_revives(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    group = young(demo_doc)
    notes = in_notes_of(demo_doc, group)
    abuse = demo_doc.ladders[0]
    fresh = Challenge(text=notes[0].text, weight=5, source_note_id=notes[0].id)
    tombstoned = Challenge(
        text=notes[1].text,
        weight=3,
        source_note_id=notes[1].id,
        deleted_at=datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC),
    )
    enrolment = Enrolment(ladder_id=abuse.id, start_step_id=abuse.steps[0].id)
    person = Participant(
        code="NY-1",
        start_date=TODAY,
        target_group_id=group.id,
        challenges=[fresh, tombstoned],
        enrolments=[enrolment],
    )
    dialog = open_dialog(qtbot, demo_doc, person)
    revived_row = dialog.note_row(notes[1].id)
    assert not revived_row.check.isChecked()
    assert revived_row.weight.weight() == 3  # remembered from the tombstone
    tick(qtbot, dialog.note_row(notes[0].id).check)  # untick: no follow-up points at it
    tick(qtbot, revived_row.check)
    row = dialog.ladder_row(abuse.id)
    assert row.goal.currentText() == "Intet personligt mål endnu"
    tick(qtbot, row.check)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    result = dialog.result_participant()
    assert [(c.id, c.is_deleted) for c in result.challenges] == [(tombstoned.id, False)]
    assert result.enrolments == []


# -- refusals --------------------------------------------------------------------------------------


def test_a_bad_code_is_refused_in_danish(qtbot: QtBot, demo_doc: OrganisationDocument) -> None:
    dialog = open_dialog(qtbot, demo_doc)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Skriv deltagerens kode." in dialog.error_label.text()

    qtbot.keyClicks(dialog.code_edit, "IG 100")
    assert dialog.code_error.isVisible()  # shown while typing
    assert "Teksten har et ugyldigt format." in dialog.code_error.text()
    assert CODE_HINT in dialog.code_error.text()
    qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "ugyldigt format" in dialog.error_label.text()
    with pytest.raises(RuntimeError):
        dialog.result_participant()

    dialog.code_edit.clear()
    qtbot.keyClicks(dialog.code_edit, "ig-001")  # the demo's first participant, any case
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "bruges allerede af en anden deltager" in dialog.code_error.text()

    dialog.code_edit.clear()
    qtbot.keyClicks(dialog.code_edit, "IG-100")
    assert not dialog.code_error.isVisible()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)
    assert dialog.result_participant().code == "IG-100"


def test_a_model_error_is_shown_not_raised(qtbot: QtBot, demo_doc: OrganisationDocument) -> None:
    person = demo_doc.participants[0]
    dialog = open_dialog(qtbot, demo_doc, person)
    later = person.follow_ups[0].date + datetime.timedelta(days=1)
    dialog.start_edit.setDate(QDate(later.year, later.month, later.day))  # after a follow-up
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "ligger før forløbets start" in dialog.error_label.text()


def test_a_goal_below_the_start_is_refused(qtbot: QtBot, demo_doc: OrganisationDocument) -> None:
    dialog = open_dialog(qtbot, demo_doc)
    qtbot.keyClicks(dialog.code_edit, "IG-102")
    abuse = demo_doc.ladders[0]
    row = dialog.ladder_row(abuse.id)
    tick(qtbot, row.check)
    pick_level(row.start, 3)
    pick_level(row.goal, 2)
    message = "Det personlige mål skal ligge på eller over starttrinnet."
    assert row.error_label.isVisible()
    assert message in row.error_label.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert message in dialog.error_label.text()
    assert row.goal.hasFocus()

    pick_level(row.goal, 3)  # the start step itself is a goal too
    assert not row.error_label.isVisible()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    (enrolment,) = dialog.result_participant().enrolments
    assert enrolment.start_step_id == enrolment.goal_step_id == abuse.steps[2].id


# -- keyboard and accessibility ----------------------------------------------------------------


def test_escape_cancels(qtbot: QtBot, demo_doc: OrganisationDocument) -> None:
    dialog = open_dialog(qtbot, demo_doc)
    qtbot.keyClicks(dialog.code_edit, "IG-103")
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected


def _owner(widget: QWidget | None) -> QWidget:
    """A combo box or spin box for its inner line edit."""
    assert widget is not None, "no widget has the focus"
    parent = widget.parentWidget()
    if isinstance(parent, QComboBox | QAbstractSpinBox):
        return parent
    return widget


def tab(qtbot: QtBot) -> None:
    """Tab to the next field; Tab moves through a date's day, month and year first."""
    start = _owner(QApplication.focusWidget())
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if not isinstance(start, QDateEdit) or _owner(QApplication.focusWidget()) is not start:
            return


def test_tab_walks_the_form_top_to_bottom(qtbot: QtBot, demo_doc: OrganisationDocument) -> None:
    dialog = open_dialog(qtbot, demo_doc)
    pick(dialog.group_combo, str(young(demo_doc).id))  # rows made after the fields
    free = dialog.add_free_challenge()
    dialog.code_edit.setFocus()
    notes = dialog.note_rows()
    ladder = dialog.ladder_rows()[0]
    expected = [
        dialog.name_edit,
        dialog.start_edit,
        dialog.group_combo,
        dialog.mentor_combo,
        dialog.municipality_combo,
        notes[0].check,
        # the weight box of an unticked challenge is disabled: skipped
        notes[1].check,
    ]
    for widget in expected:
        tab(qtbot)
        assert _owner(QApplication.focusWidget()) is widget
    for _ in range(len(notes) - 2):
        tab(qtbot)
    for widget in (free.edit, free.weight, free.remove_button, dialog.add_button, ladder.check):
        tab(qtbot)
        assert _owner(QApplication.focusWidget()) is widget


def test_labels_have_mnemonics_and_controls_have_names(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    dialog = open_dialog(qtbot, demo_doc)
    pick(dialog.group_combo, str(young(demo_doc).id))
    dialog.add_free_challenge()
    buddies = {
        label.buddy(): label.text()
        for label in dialog.findChildren(QLabel)
        if "&" in label.text() and label.buddy() is not None
    }
    for field, text in (
        (dialog.code_edit, "&Kode:"),
        (dialog.name_edit, "&Navn:"),
        (dialog.start_edit, "&Startdato:"),
        (dialog.group_combo, "&Målgruppe:"),
        (dialog.mentor_combo, "M&entor:"),
        (dialog.municipality_combo, "&Betalende kommune:"),
    ):
        assert buddies.get(field) == text
    assert dialog.add_button.text() == "&Tilføj egen udfordring"
    focusable = [
        w
        for w in dialog.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(dialog)
    ]
    assert len(focusable) > 20
    for widget in focusable:
        assert _owner(widget).accessibleName(), widget
    assert dialog.scroll_area.widgetResizable()
