"""One Danish date form everywhere in the UI, "02.12.2026", through ui/dates.py."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QDateEdit
from pytestqt.qtbot import QtBot

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.ui.dates import DATE_FORMAT, date_text, date_time_text
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.participants import ParticipantsPage
from forandring_desktop.ui.participants.fields import date_edit
from forandring_desktop.ui.participants.follow_up import FollowUpDialog

from .helpers import page_of
from .test_ui_follow_up_dialog import ladders_of, pick_person

UI = Path(__file__).parents[2] / "src" / "forandring_desktop" / "ui"
DANISH_DAY = re.compile(r"^\d\d\.\d\d\.\d{4}$")
# Ways of writing a date by hand: each would be a form of its own.
OWN_FORMAT = re.compile(
    r"strftime\(|:%d|%Y|setDisplayFormat\(\s*\"|\"yyyy|\"dd-|\"d\. |FormatType\.(Short|Long)Format"
)


def test_the_one_form() -> None:
    assert date_text(datetime.date(2026, 12, 2)) == "02.12.2026"
    assert date_text(datetime.date(2026, 9, 2)) == "02.09.2026"
    assert date_text(QDate(2026, 12, 2)) == "02.12.2026"
    assert date_text(None) == ""
    assert date_text(QDate()) == ""
    assert date_time_text(datetime.datetime(2026, 12, 2, 14, 5, 9)) == "02.12.2026 14.05"
    assert date_time_text(datetime.datetime(2026, 12, 2, 14, 5, 9), seconds=True) == (
        "02.12.2026 14.05.09"
    )
    assert QDate(2026, 12, 2).toString(DATE_FORMAT) == "02.12.2026"


def test_no_module_in_ui_formats_a_date_itself() -> None:
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        if path.name == "dates.py" and path.parent == UI:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if OWN_FORMAT.search(line):
                offenders.append(f"{path.relative_to(UI)}:{number}: {line.strip()}")
    assert offenders == []


def test_date_fields_and_lists_show_the_same_form(
    qtbot: QtBot, window: MainWindow, demo_doc: OrganisationDocument
) -> None:
    edit = date_edit(datetime.date(2026, 12, 2))  # intake and exit dates
    qtbot.addWidget(edit)
    assert edit.text() == "02.12.2026"

    person, _index = pick_person(demo_doc)
    dialog = FollowUpDialog(
        person, ladders_of(demo_doc), demo_doc.organisation.main_areas, today=datetime.date.today()
    )
    qtbot.addWidget(dialog)
    assert dialog.date_edit.text() == date_text(datetime.date.today())

    page = page_of(window, "participants", ParticipantsPage)
    window.show_page("participants")
    model = page.table.model()
    shown = [
        str(model.index(row, column).data())
        for row in range(min(model.rowCount(), 5))
        for column in range(model.columnCount())
    ]
    days = [text for text in shown if re.search(r"\d{4}", text)]
    assert days
    assert all(DANISH_DAY.match(text) for text in days), days


def test_every_date_field_on_every_page_shows_the_one_form(
    make_window: Callable[..., MainWindow],
) -> None:
    # Under a locale whose short date is not ours (the app sets Danish; a system or a later
    # language setting may not), the participants page's period filter showed "9/4/26".
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    try:
        window = make_window()
    finally:
        QLocale.setDefault(before)
    seen = 0
    for key, page in window.pages.items():
        window.show_page(key)
        for edit in page.findChildren(QDateEdit):
            seen += 1
            assert edit.displayFormat() == DATE_FORMAT, (key, edit.accessibleName())
            assert DANISH_DAY.match(edit.text()), (key, edit.text())
    assert seen >= 4
