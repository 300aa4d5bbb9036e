"""Typing something that looks like a CPR number into any field gives a warning."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.ui.cpr_guard import CprGuard, install_cpr_guard
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.participants.intake import IntakeDialog


def guard() -> CprGuard:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return install_cpr_guard(app)


def test_any_line_edit_in_the_window_warns(qtbot: QtBot, window: MainWindow) -> None:
    page = window.pages["participants"]
    window.show_page("participants")
    search = page.findChild(QLineEdit)
    assert search is not None
    with qtbot.waitSignal(guard().warned, timeout=2000) as blocker:
        qtbot.keyClicks(search, "0102031234")
    assert blocker.args[0] is search
    assert "010203-XXXX" in blocker.args[1]
    assert "CPR" in window.statusBar().currentMessage()
    assert "1234" not in window.statusBar().currentMessage()


def test_a_dialog_field_and_a_text_box_warn_and_plain_text_does_not(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    dialog = IntakeDialog(demo_doc)
    qtbot.addWidget(dialog)
    dialog.show()
    warnings: list[str] = []
    guard().warned.connect(lambda _w, message: warnings.append(message))
    qtbot.keyClicks(dialog.code_edit, "IG-001")
    assert warnings == []  # an ordinary code: no warning
    qtbot.keyClicks(dialog.code_edit, " 311299-1234")
    assert len(warnings) == 1
    box = QPlainTextEdit()
    qtbot.addWidget(box)
    box.show()
    qtbot.keyClicks(box, "Ring på 12345678 i morgen")  # a phone number is fine
    assert len(warnings) == 1
    qtbot.keyClicks(box, ", cpr 010203 1234")
    assert len(warnings) == 2
