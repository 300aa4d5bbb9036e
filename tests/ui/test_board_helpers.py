"""Shared set-up for the post-it board tests: a small sheet in an encrypted file, and ways
to drive the real board with the mouse and keyboard and read back what is on disk."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from forandring_desktop.model import (
    Colour,
    DoorNote,
    DoorSheet,
    Organisation,
    OrganisationDocument,
    Persona,
    Side,
)
from forandring_desktop.model.board import TOP, Lane, lane
from forandring_desktop.services.door import get_door_sheet
from forandring_desktop.services.files import create_from_document, open_organisation
from forandring_desktop.storage import Store
from forandring_desktop.ui.board.editor import NoteEditor
from forandring_desktop.ui.board.items import NoteItem
from forandring_desktop.ui.board.widget import BoardWidget
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.door import DoorSheetsPage

LEFT = Qt.MouseButton.LeftButton
NO = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def _note(text: str, where: Lane, row: int = 0) -> DoorNote:
    return DoorNote(
        text=text, side=where.side, colour=where.colour, x=where.note_x, y=TOP + row * 130.0
    )


@dataclass
class Fixture:
    """The file and the ids of what is in it."""

    path: Path
    sheet_id: uuid.UUID
    other_sheet_id: uuid.UUID
    ids: dict[str, uuid.UUID]


def make_board_file(path: Path, passphrase: str) -> Fixture:
    """Natasha's sheet: 'Umotiveret' (in, unsorted), 'Ustabilt fremmøde' (in, green) paired
    with 'Stabilt fremmøde' (out, green), 'Motiveret' (out, yellow); and Klaus's sheet."""
    persona = Persona(name="Natasha", gender="Kvinde", age=23)
    unmotivated = _note("Umotiveret", lane(Side.IN, Colour.UNSORTED))
    unstable = _note("Ustabilt fremmøde", lane(Side.IN, Colour.GREEN))
    stable = _note("Stabilt fremmøde", lane(Side.OUT, Colour.GREEN))
    motivated = _note("Motiveret", lane(Side.OUT, Colour.YELLOW))
    unstable.pair_id = stable.id
    sheet = DoorSheet(
        title="Natasha", persona_id=persona.id, notes=[unmotivated, unstable, stable, motivated]
    )
    other = DoorSheet(
        title="Klaus", notes=[_note("Meget indelukket", lane(Side.IN, Colour.UNSORTED))]
    )
    doc = OrganisationDocument(
        organisation=Organisation(name="Værkstedet"),
        personas=[persona],
        door_sheets=[sheet, other],
    )
    create_from_document(path, passphrase, doc).close()
    return Fixture(
        path=path,
        sheet_id=sheet.id,
        other_sheet_id=other.id,
        ids={n.text: n.id for n in sheet.notes},
    )


def stored(open_store: Callable[..., Store], fixture: Fixture) -> dict[uuid.UUID, DoorNote]:
    """Every note of Natasha's sheet as it is on disk, read through a new Store."""
    sheet = get_door_sheet(open_store(fixture.path), fixture.sheet_id)
    return {n.id: n for n in sheet.notes}


OnDisk = Callable[[], dict[uuid.UUID, DoorNote]]


def stored_by_text(open_store: Callable[..., Store], fixture: Fixture) -> dict[str, DoorNote]:
    return {n.text: n for n in stored(open_store, fixture).values()}


def notes_on_reopening(fixture: Fixture, passphrase: str) -> list[DoorNote]:
    """Natasha's notes as a reopened file has them (after the window closed); the Store is
    closed again at once."""
    store = open_organisation(fixture.path, passphrase)
    try:
        return get_door_sheet(store, fixture.sheet_id).notes
    finally:
        store.engine.dispose()


def open_door_page(window: MainWindow, qtbot: QtBot) -> DoorSheetsPage:
    window.resize(1500, 950)
    window.show_page("door")
    page = window.pages["door"]
    assert isinstance(page, DoorSheetsPage)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.board.view.setFocus()
    qtbot.waitUntil(page.board.view.hasFocus)
    return page


def item(board: BoardWidget, note_id: uuid.UUID) -> NoteItem:
    return board.scene.note_items[note_id]


def viewport_point(board: BoardWidget, scene_point: QPointF) -> QPoint:
    return board.view.mapFromScene(scene_point)


def centre(board: BoardWidget, note_id: uuid.UUID) -> QPoint:
    return viewport_point(board, item(board, note_id).scene_rect().center())


def drag(board: BoardWidget, start: QPoint, end: QPoint, steps: int = 12) -> None:
    """Press, move in steps and release the left button on the board's viewport."""
    viewport = board.view.viewport()
    QTest.mousePress(viewport, LEFT, NO, start)
    for i in range(1, steps + 1):
        point = start + (end - start) * (i / steps)
        QTest.mouseMove(viewport, point)
    QTest.mouseRelease(viewport, LEFT, NO, end)
    QApplication.processEvents()


def double_click(board: BoardWidget, point: QPoint) -> None:
    """What a real double-click sends: press, release, double-click, release."""
    viewport = board.view.viewport()
    QTest.mouseClick(viewport, LEFT, NO, point)
    QTest.mouseDClick(viewport, LEFT, NO, point)
    QTest.mouseRelease(viewport, LEFT, NO, point)


def edit_note(board: BoardWidget, note_id: uuid.UUID) -> NoteEditor:
    """Double-click a note and return the editor that opens on it."""
    double_click(board, centre(board, note_id))
    editor = board.scene.editor
    assert editor is not None
    return editor


def key(qtbot: QtBot, board: BoardWidget, code: Qt.Key, modifier: Qt.KeyboardModifier = NO) -> None:
    """A key press on the focused board view (shortcuts included, as for a real key)."""
    qtbot.keyClick(board.view, code, modifier)
