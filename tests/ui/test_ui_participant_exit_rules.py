"""The rules around 'ud af døren': no new follow-up after the exit (until it is undone), a
question before an exit on the intake day, and the challenges at exit in the guide's words."""

from __future__ import annotations

import datetime
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from forandring_desktop.model import ChallengeState, Destination, OrganisationDocument
from forandring_desktop.model.intake import ChallengeComparison, ExitComparison
from forandring_desktop.reports.participant_progress import exit_summary
from forandring_desktop.services.participants import get_participant
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.participants import ParticipantsPage
from forandring_desktop.ui.participants.exit import ExitDialog, summary_text
from forandring_desktop.ui.participants.fields import to_qdate

from .test_ladder_helpers import answer_questions
from .test_ui_participants_page import when_modal

TODAY = datetime.date(2025, 6, 1)


@pytest.fixture
def page(window: MainWindow) -> ParticipantsPage:
    window.show_page("participants")
    page = window.pages["participants"]
    assert isinstance(page, ParticipantsPage)
    page.today = lambda: TODAY
    return page


def test_no_new_follow_up_after_the_exit_until_it_is_undone(
    qtbot: QtBot, window: MainWindow, page: ParticipantsPage, demo_doc: OrganisationDocument
) -> None:
    person = next(p for p in demo_doc.participants if p.is_active)
    page.select(person.id)
    assert page.follow_up_button.isEnabled()
    assert page.follow_up_action.isEnabled()

    def leave(widget: QWidget) -> None:
        assert isinstance(widget, ExitDialog)
        combo = widget.destination_combo
        combo.setCurrentIndex(combo.findData(Destination.JOB.value))
        widget.accept()

    when_modal(qtbot, ExitDialog, leave)
    qtbot.mouseClick(page.exit_button, Qt.MouseButton.LeftButton)
    assert get_participant(window.store, person.id).exit is not None

    assert not page.follow_up_button.isEnabled()
    assert not page.follow_up_action.isEnabled()  # nor through Ctrl+Shift+O
    tip = page.follow_up_button.toolTip()
    assert "ud af døren" in tip
    assert "Fortryd udskrivningen" in tip
    before = len(get_participant(window.store, person.id).follow_ups)
    page.follow_up_action.trigger()  # a disabled action does nothing
    page.table.doubleClicked.emit(page.table.currentIndex())
    assert len(get_participant(window.store, person.id).follow_ups) == before

    window.undo_action.trigger()
    assert get_participant(window.store, person.id).exit is None
    assert page.follow_up_button.isEnabled()
    assert page.follow_up_action.isEnabled()
    assert "ud af døren" not in page.follow_up_button.toolTip()


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
def test_an_exit_on_the_intake_day_asks_first(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    demo_doc: OrganisationDocument,
    answer: QMessageBox.StandardButton,
) -> None:
    person = next(p for p in demo_doc.participants if p.exit is None)
    dialog = ExitDialog(demo_doc, person, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    asked = answer_questions(monkeypatch, answer)
    dialog.date_edit.setDate(to_qdate(TODAY))
    dialog.accept()
    assert asked == []  # another day: no question
    assert dialog.result() == QDialog.DialogCode.Accepted

    dialog.setResult(0)
    dialog.show()
    dialog.date_edit.setDate(to_qdate(person.start_date))
    dialog.accept()
    assert len(asked) == 1
    assert "samme dag som indskrivningen" in asked[0]
    if answer == QMessageBox.StandardButton.No:
        assert dialog.isVisible()  # still open, to correct the date
        assert dialog.result() != QDialog.DialogCode.Accepted
    else:
        assert dialog.result() == QDialog.DialogCode.Accepted
        result = dialog.result_participant()
        assert result.exit is not None
        assert result.exit.date == person.start_date


def _comparison(*ends: ChallengeState) -> ExitComparison:
    return ExitComparison(
        ladders=(),
        challenges=tuple(
            ChallengeComparison(
                challenge_id=uuid.uuid4(),
                text=f"Udfordring {i}",
                weight=None,
                start=ChallengeState.UNRESOLVED,
                end=end,
            )
            for i, end in enumerate(ends)
        ),
    )


def test_the_challenges_at_exit_in_the_guides_words() -> None:
    three = _comparison(ChallengeState.FULLY, ChallengeState.PARTLY, ChallengeState.UNRESOLVED)
    expected = (
        "Ud af døren: af 3 udfordringer er 1 afhjulpet helt, 1 afhjulpet delvist og 1 ikke "
        "afhjulpet."
    )
    assert exit_summary(three) == expected
    assert summary_text(three) == expected  # the dialog says what the report prints
    assert exit_summary(_comparison(ChallengeState.PARTLY)) == (
        "Ud af døren: den ene udfordring er afhjulpet delvist."
    )
    assert exit_summary(_comparison()) == "Ind ad døren var der ingen udfordringer registreret."
    for ends in ((), *((state,) for state in ChallengeState)):
        assert summary_text(_comparison(*ends)) == exit_summary(_comparison(*ends))
