"""A participant's history on the participants page: what a mentor wrote in a follow-up is
shown in the Opfølgninger tab (the list and the detail pane), and "Start og nu" keeps
every column readable."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.participants import live_follow_ups
from forandring_desktop.model.staff import Role
from forandring_desktop.services.files import create_from_document, open_organisation
from forandring_desktop.services.participants import get_participant
from forandring_desktop.services.staff import add_staff
from forandring_desktop.ui.dates import date_text
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.participants import ParticipantsPage
from forandring_desktop.ui.participants.follow_up import FollowUpDialog
from forandring_desktop.ui.participants.history import ACTIONS, AUTHOR, DATE, NOTES

from .test_ui_participants_page import when_modal


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


@pytest.fixture
def page(window: MainWindow) -> ParticipantsPage:
    window.show_page("participants")
    page = window.pages["participants"]
    assert isinstance(page, ParticipantsPage)
    return page


def test_a_note_written_under_a_ladder_is_shown_in_the_history(
    qtbot: QtBot, window: MainWindow, page: ParticipantsPage, demo_doc: OrganisationDocument
) -> None:
    person = next(p for p in demo_doc.participants if p.is_active and p.enrolments)
    page.select(person.id)
    day = live_follow_ups(person)[-1].date + datetime.timedelta(days=7)
    page.today = lambda: day

    def record(widget: QWidget) -> None:
        assert isinstance(widget, FollowUpDialog)
        row = widget.ladder_rows[0]
        row.note_edit.setFocus()
        qtbot.keyClicks(row.note_edit, "God uge, kom til tiden")
        row.action_edit.selectAll()
        qtbot.keyClicks(row.action_edit, "Øver at ringe selv")
        widget.save_button.click()

    when_modal(qtbot, FollowUpDialog, record)
    page.follow_up_button.click()

    stored = get_participant(window.store, person.id)
    new = next(f for f in stored.follow_ups if f.date == day)
    assert new.ratings[0].note == "God uge, kom til tiden"  # stored under the ladder

    history = page.overview.history
    table = history.table
    assert history.detail_text(new).splitlines()[0] == (
        f"Opfølgning {cell(table, 0, DATE).text()} ved {window.store.actor.name}"
    )
    note = cell(table, 0, NOTES)
    assert "God uge, kom til tiden" in note.text()
    assert "God uge, kom til tiden" in note.toolTip()
    assert "Øver at ringe selv" in cell(table, 0, ACTIONS).text()
    # The newest follow-up is selected and shown in full below the list.
    assert table.currentRow() == 0
    detail = history.detail.toPlainText()
    assert "Note: God uge, kom til tiden" in detail
    assert "Handling: Øver at ringe selv" in detail


def test_a_long_note_is_elided_in_the_list_and_whole_on_hover(
    qtbot: QtBot, window: MainWindow, page: ParticipantsPage, demo_doc: OrganisationDocument
) -> None:
    person = next(p for p in demo_doc.participants if p.is_active and p.enrolments)
    page.select(person.id)
    window.resize(1280, 800)
    day = live_follow_ups(person)[-1].date + datetime.timedelta(days=7)
    page.today = lambda: day
    long_note = "Mødte stabilt op hele ugen og tog selv kontakt til jobcentret. " * 4

    def record(widget: QWidget) -> None:
        assert isinstance(widget, FollowUpDialog)
        widget.note_edit.setPlainText(long_note)
        widget.save_button.click()

    when_modal(qtbot, FollowUpDialog, record)
    page.follow_up_button.click()
    page.overview.tabs.setCurrentWidget(page.overview.history)
    table = page.overview.history.table
    qtbot.waitUntil(table.isVisible)
    note = cell(table, 0, NOTES)
    assert note.toolTip().strip() == long_note.strip()
    # The note and action columns share the room; the date and steps take what they need.
    header = table.horizontalHeader()
    assert header.sectionSize(NOTES) >= header.sectionSize(DATE)
    assert "Samlet note: " + long_note.strip() in page.overview.history.detail.toPlainText()


def test_start_and_now_gives_the_step_columns_room(
    qtbot: QtBot, window: MainWindow, page: ParticipantsPage, demo_doc: OrganisationDocument
) -> None:
    person = next(p for p in demo_doc.participants if p.is_active and p.enrolments)
    window.resize(1280, 800)
    page.select(person.id)
    overview = page.overview
    overview.tabs.setCurrentWidget(overview.comparison)
    table = overview.comparison
    qtbot.waitUntil(lambda: table.isVisible())
    header = table.horizontalHeader()
    first = header.sectionSize(0)
    for column in (1, 2, 3):
        assert header.sectionSize(column) >= first * 0.9  # not squeezed by the first column
    start = cell(table, 0, 1)
    assert start.toolTip() == start.text()
    assert len(start.text()) > 3  # the step's text, not only its number


METTE_PW = "mette-adgangskode"


def test_who_made_a_follow_up_is_shown_in_the_history_and_when_it_is_reopened(
    qtbot: QtBot, tmp_path: Path, demo_doc: OrganisationDocument, passphrase: str
) -> None:
    """The staff member Mentor Mette records a follow-up: "Af" and the detail pane name
    her, the stored follow-up is hers, reopening it says so; an old follow-up from before
    authors were kept shows "ukendt"."""
    person = next(p for p in demo_doc.participants if p.is_active and p.enrolments)
    assert {f.author_name for f in person.follow_ups} == {person.mentor}  # the demo's own
    anonymous = [
        f.model_copy(update={"author_id": None, "author_name": None}) for f in person.follow_ups
    ]
    doc = demo_doc.model_copy(
        update={
            "participants": [
                p.model_copy(update={"follow_ups": anonymous}) if p.id == person.id else p
                for p in demo_doc.participants
            ]
        }
    )
    demo_path = tmp_path / "gammel.forandring"
    create_from_document(demo_path, passphrase, doc).close()
    with open_organisation(demo_path, passphrase) as admin:
        add_staff(admin, "Mentor Mette", METTE_PW, Role.STAFF)
    window = MainWindow(open_organisation(demo_path, METTE_PW))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.resize(1280, 800)
    window.show_page("participants")
    page = window.pages["participants"]
    assert isinstance(page, ParticipantsPage)
    page.select(person.id)
    day = live_follow_ups(person)[-1].date + datetime.timedelta(days=7)
    page.today = lambda: day

    def record(widget: QWidget) -> None:
        assert isinstance(widget, FollowUpDialog)
        assert widget.author_label is None  # a new follow-up: no "Registreret af" yet
        widget.note_edit.setPlainText("Kom til tiden")
        widget.save_button.click()

    when_modal(qtbot, FollowUpDialog, record)
    page.follow_up_button.click()

    stored = get_participant(window.store, person.id)
    new = next(f for f in stored.follow_ups if f.date == day)
    assert (new.author_id, new.author_name) == (window.store.actor.staff_id, "Mentor Mette")

    history = page.overview.history
    page.overview.tabs.setCurrentWidget(history)
    table = history.table
    qtbot.waitUntil(table.isVisible)
    header_item = table.horizontalHeaderItem(AUTHOR)
    assert header_item is not None
    assert header_item.text() == "Af"
    mine = cell(table, 0, AUTHOR)
    assert cell(table, 0, DATE).text() == date_text(day)
    assert (mine.text(), mine.toolTip()) == ("Mentor Mette", "Mentor Mette")
    # readable at the default size: the column is as wide as the name needs
    assert table.columnWidth(AUTHOR) >= table.fontMetrics().horizontalAdvance("Mentor Mette")
    assert history.detail.toPlainText().splitlines()[0] == (
        f"Opfølgning {date_text(day)} ved Mentor Mette"
    )
    # the file's older follow-ups were recorded before authors were kept
    old = cell(table, 1, AUTHOR)
    assert old.text() == "ukendt"
    table.setCurrentCell(1, DATE)
    assert " ved ukendt" in history.detail.toPlainText().splitlines()[0]

    seen: list[str] = []

    def reopened(widget: QWidget) -> None:
        assert isinstance(widget, FollowUpDialog)
        assert widget.author_label is not None
        seen.append(widget.author_label.text())
        widget.reject()

    when_modal(qtbot, FollowUpDialog, reopened)
    history.activated.emit(new.id)
    assert seen == ["Registreret af Mentor Mette"]
