"""No personal data reaches the log: a name typed into the app's fields, refused by the
model's rules or breaking a save unexpectedly, shows in the window but never in a log record
(records carry error types and field paths, not values)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from forandring_desktop.model import InvalidDataError, Problem
from forandring_desktop.services import personas as personas_service
from forandring_desktop.ui import persona_sheet
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.ladders import LaddersPage
from forandring_desktop.ui.pages.mission import MissionPage
from forandring_desktop.ui.pages.targets import TargetGroupsPage

from .test_ladder_helpers import open_ladders, type_in_staircase

# Typed key by key (QTest sends Latin-1 characters only), so a Danish name.
NAME = "Kasper Østergård-Læsø"


@pytest.fixture
def logged(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG)  # every record of every logger
    yield caplog
    assert caplog.get_records("call"), "the log was not captured at all"


def _text(caplog: pytest.LogCaptureFixture) -> str:
    parts = []
    for record in caplog.records:
        parts.append(record.getMessage())
        if record.exc_info and record.exc_info[1] is not None:
            parts.append(repr(record.exc_info[1]))
        if record.exc_text:
            parts.append(record.exc_text)
    return "\n".join(parts)


def _no_name(caplog: pytest.LogCaptureFixture) -> None:
    text = _text(caplog)
    for part in (NAME, "Østergård", "Læsø"):
        assert part not in text


def test_a_name_typed_into_every_kind_of_field_is_saved_but_never_logged(
    window: MainWindow, qtbot: QtBot, logged: pytest.LogCaptureFixture
) -> None:
    logging.getLogger("forandring_desktop").info("the test starts")  # the log is on
    window.show_page("mission")
    mission = window.pages["mission"]
    assert isinstance(mission, MissionPage)
    qtbot.keyClicks(mission.name_edit, f" {NAME}")
    card = next(iter(mission.cards.values()))
    qtbot.keyClicks(card.title_edit, NAME)
    qtbot.keyClicks(card.mission_edit, f"{NAME} sagde ja")

    window.show_page("targets")
    targets = window.pages["targets"]
    assert isinstance(targets, TargetGroupsPage)
    targets.sheet.name_edit.selectAll()
    qtbot.keyClicks(targets.sheet.name_edit, NAME)
    qtbot.keyClicks(targets.sheet.problems.add_edit, f"{NAME} har ingen bolig")
    qtbot.keyClick(targets.sheet.problems.add_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(targets.group_editor.description_edit, NAME)

    ladders = open_ladders(window, qtbot)
    assert isinstance(ladders, LaddersPage)
    ladders.editor.staircase.setFocus()
    type_in_staircase(ladders.editor, qtbot, f"{NAME} møder op")

    assert window.document is not None
    assert NAME in window.document.organisation.name
    assert any(NAME in p.name for p in window.document.personas)
    _no_name(logged)


def test_a_refused_value_with_a_name_shows_in_the_window_not_in_the_log(
    window: MainWindow, qtbot: QtBot, logged: pytest.LogCaptureFixture
) -> None:
    window.show_page("targets")
    targets = window.pages["targets"]
    assert isinstance(targets, TargetGroupsPage)
    # A message from the model's rules may quote the value typed (pydantic does).
    far_too_long = f"{NAME} " * 2_000
    targets.sheet.problems.add_edit.setMaxLength(len(far_too_long) + 1)
    targets.sheet.problems.add_edit.setText(far_too_long)
    qtbot.keyClick(targets.sheet.problems.add_edit, Qt.Key.Key_Return)
    assert targets.sheet.problems.error.message()  # refused, and said so
    assert not any(NAME in p for p in targets.current_persona().problems)  # type: ignore[union-attr]
    _no_name(logged)


def test_an_unexpected_failure_quoting_a_name_is_logged_without_it(
    window: MainWindow,
    qtbot: QtBot,
    logged: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []

    def breaking(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError(f"kunne ikke gemme {NAME}")

    def refusing(*_args: object, **_kwargs: object) -> object:
        raise InvalidDataError([Problem("name", f"»{NAME}« er ikke tilladt")])

    def exec_box(box: QMessageBox) -> int:
        shown.append(box.text() + box.detailedText())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    window.show_page("targets")
    targets = window.pages["targets"]
    assert isinstance(targets, TargetGroupsPage)
    for failure in (breaking, refusing):
        monkeypatch.setattr(persona_sheet, "update_persona", failure)
        monkeypatch.setattr(personas_service, "update_persona", failure)
        targets.sheet.name_edit.setFocus()
        qtbot.keyClicks(targets.sheet.name_edit, "x")
        qtbot.waitUntil(lambda: bool(shown) or bool(targets.sheet.name_error.message()))
        qtbot.keyClick(targets.sheet.name_edit, Qt.Key.Key_Tab)
    assert any("uventet" in text for text in shown)  # the person was told
    _no_name(logged)
    assert any("RuntimeError" in r.getMessage() for r in logged.records)  # the type is kept
