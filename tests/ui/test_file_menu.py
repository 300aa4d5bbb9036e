"""The File menu (issue 19): Udskriv… prints the current page's sheet, Seneste filer opens
the files used last through the passphrase, export and import are worded for staff, and
the window opens centred on the screen and comes back onto a screen that is there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.ui import settings
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages import report_output
from forandring_desktop.ui.pages.door import DoorSheetsPage
from forandring_desktop.ui.pages.ladders import LaddersPage
from forandring_desktop.ui.pages.participants import ParticipantsPage
from forandring_desktop.ui.pages.targets import TargetGroupsPage
from forandring_desktop.ui.recent_files import MAX_RECENT, recent_files, remember_file
from forandring_desktop.ui.window_geometry import first_geometry, onto_screens

from .helpers import answer_passphrase, shown_page
from .test_ui_reports_page import WAIT_MS, pdf_text

Printed = list[tuple[bytes, str]]


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> Printed:
    """What reached the print dialog, in place of the platform's dialog."""
    sent: Printed = []
    monkeypatch.setattr(
        report_output, "ask_and_print", lambda pdf, _parent, title: sent.append((pdf, title))
    )
    return sent


def _print(window: MainWindow, qtbot: QtBot, printed: Printed) -> tuple[str, str]:
    assert window.print_action.isEnabled()
    runner = window.print_current()
    assert runner is not None
    with qtbot.waitSignal(runner.done, timeout=WAIT_MS):
        pass
    pdf, title = printed[-1]
    return pdf_text(pdf), title


def test_print_on_the_mission_page_prints_the_mission_worksheet(
    window: MainWindow, qtbot: QtBot, printed: Printed, demo_doc: OrganisationDocument
) -> None:
    window.show_page("mission")
    chosen = next(d for d in demo_doc.mission_drafts if d.chosen)
    text, title = _print(window, qtbot, printed)
    assert title == "Missions-arbejdsark"
    assert chosen.mission_text.split()[0] in text


def test_print_prints_what_is_chosen_on_each_page(
    window: MainWindow, qtbot: QtBot, printed: Printed, demo_doc: OrganisationDocument
) -> None:
    klaus = next(p for p in demo_doc.personas if p.name == "Klaus")
    targets = shown_page(window, "targets", TargetGroupsPage)
    targets.select_persona(klaus.id)
    text, title = _print(window, qtbot, printed)
    assert title == "Persona-ark – Klaus"
    assert "Klaus" in text

    door = shown_page(window, "door", DoorSheetsPage)
    sheet = demo_doc.door_sheets[-1]
    door.select_sheet(sheet.id)
    text, title = _print(window, qtbot, printed)
    assert title.startswith("Ind ad døren – ud af døren-ark")
    assert "SITUATION IND AD DØREN" in text.upper()

    ladders = shown_page(window, "ladders", LaddersPage)
    ladder = demo_doc.ladders[-1]
    ladders.select_ladder(ladder.id)
    text, title = _print(window, qtbot, printed)
    assert title.startswith("Måltrappe-ark")
    assert ladder.steps[0].text.split()[0] in text

    participants = shown_page(window, "participants", ParticipantsPage)
    first = participants.rows[0]
    participants.select(first.id)
    text, title = _print(window, qtbot, printed)
    assert title == f"Progressionsrapport – {first.code}"
    assert first.code in text
    assert len(printed) == 4


def test_print_without_a_choice_says_so_and_pages_without_a_sheet_disable_it(
    window: MainWindow, printed: Printed
) -> None:
    participants = shown_page(window, "participants", ParticipantsPage)
    participants.select(None)
    assert window.print_current() is None
    assert window.statusBar().currentMessage() == "Vælg først det, der skal udskrives, på siden."
    for key in ("status", "reports"):
        window.show_page(key)
        assert not window.print_action.isEnabled()
        assert "Rapporter" in window.print_action.toolTip()
        assert window.print_current() is None
    window.show_page("mission")
    assert window.print_action.isEnabled()
    assert printed == []


def _recent_menu(window: MainWindow) -> QMenu:
    menu = window.recent_menu
    menu.rebuild()  # as aboutToShow does
    return menu


def test_recent_files_open_through_the_passphrase_newest_first(
    window: MainWindow,
    make_demo_file: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    passphrase: str,
    demo_path: Path,
) -> None:
    assert recent_files() == [demo_path.resolve()]  # the open file is remembered
    other = make_demo_file("anden.forandring")
    remember_file(other)
    entries = [a for a in _recent_menu(window).actions() if a.data()]
    assert [Path(a.data()) for a in entries] == [other.resolve(), demo_path.resolve()]
    assert entries[0].text() == "&1 anden.forandring"
    assert entries[0].isEnabled()
    assert not entries[1].isEnabled()  # the file that is open now
    asked = answer_passphrase(monkeypatch, passphrase)
    entries[0].trigger()
    assert asked == [""]  # asked once, as Filer ▸ Åbn asks
    assert window.store.path == other
    assert recent_files()[0] == other.resolve()


def test_recent_files_keep_eight_and_show_missing_ones_disabled(
    window: MainWindow, tmp_path: Path
) -> None:
    paths = [tmp_path / f"fil-{n}.forandring" for n in range(10)]
    for path in paths:
        path.write_bytes(b"")
        remember_file(path)
    assert recent_files() == [p.resolve() for p in reversed(paths)][:MAX_RECENT]
    paths[-1].unlink()
    entries = [a for a in _recent_menu(window).actions() if a.data()]
    assert len(entries) == MAX_RECENT
    assert not entries[0].isEnabled()
    assert "findes ikke længere" in entries[0].toolTip()
    assert all(a.isEnabled() for a in entries[1:])
    clear = next(a for a in window.recent_menu.actions() if a.text() == "&Ryd listen")
    clear.trigger()
    assert recent_files() == []
    assert [a.text() for a in window.recent_menu.actions()] == ["(ingen endnu)"]


def test_export_and_import_are_worded_for_staff_with_the_technical_word_in_the_tip(
    window: MainWindow,
) -> None:
    assert "JSON" not in window.export_action.text()
    assert "JSON" not in window.import_action.text()
    assert window.export_action.text() == "Gem en &kopi til en anden computer (fil til import)…"
    assert window.import_action.text() == "&Hent fra en eksportfil…"
    assert window.export_action.toolTip().startswith("Eksportér som JSON")
    assert window.import_action.toolTip().startswith("Importér JSON")


def test_first_geometry_is_centred_at_85_percent_and_at_least_1200_by_800() -> None:
    big = QRect(0, 0, 2560, 1440)
    rect = first_geometry(big)
    assert (rect.width(), rect.height()) == (2176, 1224)
    assert rect.center() == big.center()
    laptop = QRect(0, 32, 1366, 736)  # too low for 800: the whole height, 1200 wide
    rect = first_geometry(laptop)
    assert (rect.width(), rect.height()) == (1200, 736)
    assert laptop.contains(rect)
    assert abs(rect.center().x() - laptop.center().x()) <= 1
    medium = QRect(100, 0, 1400, 900)
    rect = first_geometry(medium)
    assert (rect.width(), rect.height()) == (1200, 800)
    assert medium.contains(rect)


def test_a_saved_geometry_is_moved_back_onto_a_screen() -> None:
    left, right = QRect(0, 0, 1920, 1080), QRect(1920, 0, 1280, 1024)
    inside = QRect(2000, 100, 1000, 700)
    assert onto_screens(inside, [left, right]) == inside
    gone = QRect(4000, 100, 1000, 700)  # on a monitor that was unplugged
    assert left.contains(onto_screens(gone, [left, right]))
    too_big = QRect(1900, -50, 1600, 1200)  # mostly on the smaller right screen
    moved = onto_screens(too_big, [left, right])
    assert right.contains(moved)
    assert (moved.width(), moved.height()) == (1280, 1024)


def test_the_window_opens_centred_and_comes_back_onto_the_screen(
    make_window: Callable[..., MainWindow],
) -> None:
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    available = screen.availableGeometry()
    window = make_window()
    assert window.size() == first_geometry(available).size()
    assert (window.frameGeometry().center() - available.center()).manhattanLength() < 10
    window.move(available.right() + 3000, available.bottom() + 3000)  # off every screen
    window.close()  # saves the geometry
    assert not settings.WINDOW_GEOMETRY.get().isEmpty()
    again = make_window()
    assert available.intersects(again.geometry())
    assert available.contains(again.geometry())
