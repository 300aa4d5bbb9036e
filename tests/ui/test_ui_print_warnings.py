"""The two warnings of issue 11 in the app: a character no font has is named before printing
(in the preview's status line and on the Reports page), and a note that names a
participant is flagged while it is typed in the follow-up dialog."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from forandring_desktop.model import Ladder, OrganisationDocument, Persona
from forandring_desktop.services.files import create_from_document
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.reports import ReportsPage
from forandring_desktop.ui.participants.follow_up import FollowUpDialog
from forandring_desktop.ui.printing import PdfPreviewDialog

WAIT_MS = 30_000


@pytest.fixture
def chinese_persona_file(tmp_path: Path, demo_doc: OrganisationDocument, passphrase: str) -> Path:
    """The demo file with one more persona whose name has letters no font of ours has."""
    persona = Persona(name="Zhang 张伟", background=["Kom til Danmark i 2019."])
    doc = demo_doc.model_copy(update={"personas": [*demo_doc.personas, persona]})
    path = tmp_path / "kinesisk.forandring"
    create_from_document(path, passphrase, doc).close()
    return path


def test_the_preview_names_characters_that_cannot_be_printed(
    qtbot: QtBot, make_window: Callable[..., MainWindow], chinese_persona_file: Path
) -> None:
    window = make_window(chinese_persona_file)
    window.show_page("reports")
    page = window.pages["reports"]
    assert isinstance(page, ReportsPage)
    row = page.sheet_rows["persona"]
    row.items.setCurrentIndex(row.items.findText("Zhang 张伟"))
    row.items.activated.emit(row.items.currentIndex())
    qtbot.mouseClick(row.actions.show_button, Qt.MouseButton.LeftButton)
    dialog = page.dialogs[-1]
    assert isinstance(dialog, PdfPreviewDialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS):
        pass
    shown = dialog.status_label.text()
    assert shown.startswith("Advarsel:")
    assert "张 (U+5F20)" in shown
    assert "伟 (U+4F1F)" in shown
    assert "张 (U+5F20)" in page.result_label.text()
    dialog.reject()

    # A sheet with nothing unprintable says nothing of the kind.
    row.items.setCurrentIndex(row.items.findText("Natasha"))
    row.items.activated.emit(row.items.currentIndex())
    page.result_label.clear()
    qtbot.mouseClick(row.actions.show_button, Qt.MouseButton.LeftButton)
    dialog = page.dialogs[-1]
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS):
        pass
    assert "Advarsel" not in dialog.status_label.text()
    assert "Advarsel" not in page.result_label.text()
    dialog.reject()


def _ladders(doc: OrganisationDocument) -> dict[uuid.UUID, Ladder]:
    return {lad.id: lad for lad in doc.ladders}


def test_a_note_naming_a_participant_is_flagged_while_typing(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    person = next(p for p in demo_doc.participants if p.is_active)
    person = person.model_copy(update={"name": "Kasper Larsen"})
    dialog = FollowUpDialog(
        person,
        _ladders(demo_doc),
        list(demo_doc.organisation.main_areas),
        today=datetime.date(2025, 6, 2),
        names=["Kasper Larsen", "Agnieszka Wąsowska-Dębska"],
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.name_warning.isVisible()

    dialog.note_edit.setFocus()
    qtbot.keyClicks(dialog.note_edit, "Kom til tiden.")  # QTest types ASCII only
    assert not dialog.name_warning.isVisible()
    qtbot.keyClicks(dialog.note_edit, " Kasper sagde, at han havde det godt.")
    assert dialog.name_warning.isVisible()
    assert "Kasper" in dialog.name_warning.message()
    assert "koden" in dialog.name_warning.message()

    dialog.note_edit.clear()
    assert not dialog.name_warning.isVisible()
    row = dialog.ladder_rows[0]
    row.note_edit.setFocus()
    row.note_edit.insertPlainText("Arbejdede sammen med Dębska")  # as an input method would
    assert dialog.name_warning.isVisible()
    assert "Dębska" in dialog.name_warning.message()
    row.note_edit.clear()
    assert not dialog.name_warning.isVisible()
    assert QApplication.instance() is not None
