"""The main window on the demo file: navigation, pages with demo data, file menu, geometry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from forandring_desktop.model import ChecklistQuestion, Colour, OrganisationDocument, parse_json
from forandring_desktop.services.organisation import get_organisation
from forandring_desktop.storage import Store
from forandring_desktop.ui.dialogs import NewOrganisationDialog
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.action_plan import ActionPlanPage
from forandring_desktop.ui.pages.door import DoorSheetsPage
from forandring_desktop.ui.pages.ladders import LaddersPage
from forandring_desktop.ui.pages.method import MethodPage
from forandring_desktop.ui.pages.mission import MissionPage
from forandring_desktop.ui.pages.participants import ParticipantsPage
from forandring_desktop.ui.pages.reports import ReportsPage
from forandring_desktop.ui.pages.status import StatusPage
from forandring_desktop.ui.pages.targets import TargetGroupsPage

from .helpers import activate, answer_dialogs, answer_passphrase, fill_new_organisation

NAV = [
    "1. Mission",
    "2. Målgrupper",
    "3. Ind ad døren – ud af døren",
    "4. Måltrapper",
    "Metodebeskrivelse",
    "Handleplan",
    "Deltagere",
    "Status",
    "Rapporter",
]
PAGE_CLASSES = [
    MissionPage,
    TargetGroupsPage,
    DoorSheetsPage,
    LaddersPage,
    MethodPage,
    ActionPlanPage,
    ParticipantsPage,
    StatusPage,
    ReportsPage,
]
NUMBER_KEYS = [
    Qt.Key.Key_1,
    Qt.Key.Key_2,
    Qt.Key.Key_3,
    Qt.Key.Key_4,
    Qt.Key.Key_5,
    Qt.Key.Key_6,
    Qt.Key.Key_7,
]


def test_title_and_navigation_entries(window: MainWindow) -> None:
    assert window.windowTitle() == "iGangiGen – Forandring Desktop"
    assert [window.nav.item(row).text() for row in range(window.nav.count())] == NAV
    assert [type(page) for page in window.pages.values()] == PAGE_CLASSES
    assert window.stack.currentWidget() is window.pages["mission"]


def test_clicking_navigation_switches_page(window: MainWindow, qtbot: QtBot) -> None:
    pages = list(window.pages.values())
    for row in [3, 1, 5, 0, 4, 2]:
        item = window.nav.item(row)
        rect = window.nav.visualItemRect(item)
        qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.nav.currentRow() == row
        assert window.stack.currentWidget() is pages[row]
        assert pages[row].isVisible()


def test_ctrl_number_shortcuts_switch_page(window: MainWindow, qtbot: QtBot) -> None:
    activate(window, qtbot)
    pages = list(window.pages.values())
    for row in [5, 2, 0, 3, 1, 4]:
        action = window.page_actions[row]
        assert action.shortcut() == QKeySequence(f"Ctrl+{row + 1}")
        qtbot.keyClick(window, NUMBER_KEYS[row], Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentWidget() is pages[row], NAV[row]
        assert window.nav.currentRow() == row


def test_pages_show_the_demo(
    window: MainWindow, page_text: Callable[[QWidget], str], demo_doc: OrganisationDocument
) -> None:
    mission = window.pages["mission"]
    assert isinstance(mission, MissionPage)
    assert mission.name_edit.text() == "iGangiGen"
    assert mission.vision_edit.toPlainText() == demo_doc.organisation.vision
    text = page_text(mission)
    assert "Den verden I gerne vil bidrage til og/eller den organisation, I gerne vil være." in text
    assert "Det som I gør for at bidrage til, at jeres vision bliver virkelighed." in text
    assert "HVEM skaber I forandring for?" in text
    assert "Bud &2 – valgt mission" in text  # the demo's "Ny mission" is the chosen one
    assert "Ny mission" in text
    assert "1. Konkret og forpligtende" in text  # the checklist, in the guide's words
    assert "4. Brændende platform" in text
    old_card = next(iter(mission.cards.values()))
    assert old_card.answer_boxes[ChecklistQuestion.CONCRETE].currentText() == "Nej"

    text = page_text(window.pages["targets"])
    for expected in ["Natasha – Typisk bruger", "Klaus – Svær bruger", "Kvinde", "23"]:
        assert expected in text
    assert "Hashmisbrug." in text
    assert "Personaer i målgruppen" in text
    assert "Unge med sociale problemer og misbrug" in text

    door = window.pages["door"]
    assert isinstance(door, DoorSheetsPage)
    assert door.sheet_list.count() == 2
    window.show_page("door")  # the board loads its sheet when first shown
    notes = {i.note.text: i.note for i in door.board.scene.note_items.values()}
    low = notes["Meget lavt selvværd."]
    assert low.colour is Colour.GREEN
    assert low.pair_id is not None
    assert door.board.scene.notes[low.pair_id].text == "Blevet bevidst om at være god til noget."
    assert notes["Kaotiske familieforhold forstyrrer ofte i hverdagen."].colour is Colour.RED
    text = page_text(door)
    assert "Forandringer, det er realistisk for jer at skabe selv." in text  # the legend
    door.sheet_list.setCurrentRow(1)
    assert "Persona: Klaus" in door.sheet_title.text()
    assert door.board.scene.note_items

    ladders = window.pages["ladders"]
    assert isinstance(ladders, LaddersPage)
    ladders.library.setCurrentRow(1)
    assert ladders.editor.goal_edit.toPlainText() == "Tryg og aktiv i sociale sammenhænge"
    table = ladders.editor.model
    labels = [str(table.headerData(r, Qt.Orientation.Vertical)) for r in range(table.rowCount())]
    assert labels[0].endswith("MÅLET")
    assert labels[-1].endswith("UDGANGSPUNKTET")
    assert all(label.endswith("DELMÅL") for label in labels[1:-1])
    steps = demo_doc.ladders[1].live_steps()
    assert table.index(0, 0).data() == steps[-1].text  # top step first
    assert table.index(table.rowCount() - 1, 1).data() == steps[0].signs
    headers = [str(table.headerData(c, Qt.Orientation.Horizontal)) for c in range(3)]
    assert [h.split("\n")[0] for h in headers] == ["TRIN PÅ MÅLTRAPPEN", "TEGN", "HANDLING"]
    assert "(det der står ‘under måltrappen’)" in headers[1]
    assert "(hvad skal der sættes ind med nu?)" in headers[2]
    text = page_text(ladders)
    assert "FORANDRINGSMÅL: Erkender misbrug og er villig til at komme ud af det" in text
    assert "15 deltagere er sat på den" in text

    participants = window.pages["participants"]
    assert isinstance(participants, ParticipantsPage)
    assert participants.model.rowCount() == 15
    assert participants.count_label.text() == "15 deltagere"
    assert "15 deltagere, heraf" in page_text(window.pages["reports"])


def test_no_participant_name_is_shown(
    window: MainWindow, page_text: Callable[[QWidget], str], demo_doc: OrganisationDocument
) -> None:
    names = [p.name for p in demo_doc.participants]
    assert all(names)  # the demo does have names, so this test can fail
    participants = window.pages["participants"]
    assert isinstance(participants, ParticipantsPage)
    model = participants.model
    shown = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role in range(300):  # every standard role and the first user roles
                shown.append(str(model.data(index, role)))
    everything = "\n".join([*shown, *(page_text(page) for page in window.pages.values())])
    for name in names:
        assert name not in everything
        for part in name.split():
            assert part not in everything.split()


def test_participant_search_filters_by_code(window: MainWindow, qtbot: QtBot) -> None:
    page = window.pages["participants"]
    assert isinstance(page, ParticipantsPage)
    qtbot.keyClicks(page.search, "ig-01")
    page.apply_filter()  # typing filters after a short pause; do not wait for it
    assert page.model.rowCount() == 6  # IG-010 … IG-015
    assert page.count_label.text() == "6 af 15 deltagere"
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 15)


def test_participants_sort_by_start_date(window: MainWindow) -> None:
    page = window.pages["participants"]
    assert isinstance(page, ParticipantsPage)
    start = page.model.START
    page.table.sortByColumn(start, Qt.SortOrder.AscendingOrder)
    model = page.model
    dates = [model.row_at(r).start_date for r in range(15)]
    assert dates == sorted(dates)
    page.table.sortByColumn(page.model.CODE, Qt.SortOrder.AscendingOrder)
    assert [model.row_at(r).start_date for r in range(15)] != dates  # not pre-sorted


def test_geometry_and_page_are_remembered(
    make_window: Callable[..., MainWindow], qtbot: QtBot, ui_settings_dir: Path
) -> None:
    first = make_window()
    assert first.size() != QSize(790, 560)
    first.resize(790, 560)
    qtbot.waitUntil(lambda: first.size() == QSize(790, 560))
    first.nav.setCurrentRow(3)
    first.close()

    second = make_window()
    assert second.size() == QSize(790, 560)
    assert second.nav.currentRow() == 3
    assert second.stack.currentWidget() is second.pages["ladders"]
    settings_text = "\n".join(p.read_text("latin-1") for p in ui_settings_dir.rglob("*.ini"))
    assert "geometry" in settings_text
    assert "iGangiGen" not in settings_text  # settings hold no organisation data


def test_edit_menu_and_file_menu(window: MainWindow) -> None:
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert list(menus)[:2] == ["&Filer", "&Rediger"]
    assert "&Hjælp" in menus
    file_menu, edit_menu = menus["&Filer"], menus["&Rediger"]
    assert isinstance(file_menu, QMenu)
    assert isinstance(edit_menu, QMenu)
    file_texts = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert file_texts == [
        "&Ny organisation…",
        "&Åbn…",
        "&Seneste filer",
        "&Udskriv…",
        "Gem en &kopi til en anden computer (fil til import)…",
        "&Hent fra en eksportfil…",
        "&Logbog over brug af persondata…",
        "&Synkronisering",  # issue 13 (ui/sync_conflicts.py)
        "&Sikkerhedskopier",  # issue 18 (ui/backups.py)
        "&Luk vindue",
        "&Afslut",
    ]
    assert window.undo_action in edit_menu.actions()
    assert window.redo_action in edit_menu.actions()
    assert window.open_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)


def _edit_name(window: MainWindow, qtbot: QtBot) -> None:
    page = window.pages["mission"]
    assert isinstance(page, MissionPage)
    page.name_edit.end(False)
    qtbot.keyClicks(page.name_edit, "!")
    assert window.undo_stack.count() == 1


def test_new_organisation_replaces_store_and_clears_undo(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _edit_name(window, qtbot)
    target = tmp_path / "ny"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Forandring-filer")
    )
    answer_dialogs(
        monkeypatch,
        NewOrganisationDialog,
        lambda dialog: fill_new_organisation(dialog, "hemmelig-1", name="Ny forening"),
    )
    old_store = window.store
    window.new_action.trigger()

    assert window.store is not old_store
    assert window.store.path == tmp_path / "ny.forandring"
    assert (tmp_path / "ny.forandring").exists()
    assert window.undo_stack.count() == 0
    assert window.windowTitle() == "Ny forening – Forandring Desktop"
    participants = window.pages["participants"]
    assert isinstance(participants, ParticipantsPage)
    assert participants.model.rowCount() == 0
    mission = window.pages["mission"]
    assert isinstance(mission, MissionPage)
    assert mission.name_edit.text() == "Ny forening"


def test_new_organisation_refuses_an_existing_file(
    window: MainWindow, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(demo_path), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text))
    monkeypatch.setattr(NewOrganisationDialog, "exec", lambda _self: pytest.fail("no dialog"))
    store = window.store
    window.new_action.trigger()
    assert window.store is store
    assert "findes allerede" in warned[0]


def test_open_replaces_store(
    window: MainWindow,
    qtbot: QtBot,
    make_demo_file: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    passphrase: str,
) -> None:
    _edit_name(window, qtbot)
    other = make_demo_file("anden.forandring")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    answer_passphrase(monkeypatch, passphrase)
    window.open_action.trigger()
    assert window.store.path == other
    assert window.undo_stack.count() == 0
    assert window.windowTitle() == "iGangiGen – Forandring Desktop"  # the other file's name


def test_open_cancelled_keeps_store(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    store = window.store
    window.open_action.trigger()
    assert window.store is store


def test_export_then_import(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    open_store: Callable[..., Store],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _edit_name(window, qtbot)  # "iGangiGen!" is on disk, so it is in the export
    exported = tmp_path / "eksport.json"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(exported), ""))
    window.export_action.trigger()
    doc = parse_json(exported.read_text("utf-8"))
    assert doc.organisation.name == "iGangiGen!"
    assert len(doc.participants) == 15
    assert window.statusBar().currentMessage() == "Eksporteret til eksport.json"

    imported = tmp_path / "importeret.forandring"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(exported), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(imported), ""))

    def answer(dialog: NewOrganisationDialog) -> None:
        assert not dialog.name_edit.isVisibleTo(dialog)  # only the passphrase is asked
        fill_new_organisation(dialog, "ny-adgangskode")

    answer_dialogs(monkeypatch, NewOrganisationDialog, answer)
    window.import_action.trigger()
    assert window.store.path == imported
    participants = window.pages["participants"]
    assert isinstance(participants, ParticipantsPage)
    assert participants.model.rowCount() == 15
    assert get_organisation(open_store(imported, "ny-adgangskode")).name == "iGangiGen!"


def test_export_declined_writes_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: pytest.fail("no file dialog")
    )
    window.export_action.trigger()
    assert not list(tmp_path.glob("*.json"))


def test_import_of_a_bad_file_shows_the_danish_error(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "forkert.json"
    bad.write_text('{"format": "noget andet"}', "utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))

    def record_text(box: QMessageBox) -> int:
        shown.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record_text)
    store = window.store
    window.import_action.trigger()
    assert window.store is store
    assert "Filen er ikke en Forandring Desktop-eksport" in shown[0]


def test_close_action_closes_window(window: MainWindow) -> None:
    assert window.close_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Close)
    window.close_action.trigger()
    assert not window.isVisible()
