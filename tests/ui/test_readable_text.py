"""Text stays readable at every size the app opens at: the board (the demo's door sheet)
and the staircase (a demo ladder of 7 steps) rendered offscreen at their DEFAULT zoom at
1280×800 and 1920×1080, with the text height on screen measured; long texts elided with
the whole text on hover; the staircase's zoom and projector; the story cards fitted."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QFontInfo, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from forandring_desktop.model import Colour, Side
from forandring_desktop.model.board import lane, next_free_y
from forandring_desktop.ui.board.items import NoteItem
from forandring_desktop.ui.board.links import PairLink
from forandring_desktop.ui.board.style import NOTE_TEXT_PX
from forandring_desktop.ui.board.view import DEFAULT_MAX_ZOOM, DEFAULT_MIN_ZOOM, used_span
from forandring_desktop.ui.board.widget import BoardWidget
from forandring_desktop.ui.ladder.staircase import StaircaseView
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.door import DoorSheetsPage
from forandring_desktop.ui.pages.ladders import LaddersPage
from forandring_desktop.ui.story_cards import StoryCardsDialog

from .helpers import shown_page
from .test_ladder_helpers import open_ladders

SIZES = [(1280, 800), (1920, 1080)]
MIN_SCREEN_PX = 12  # the smallest text height on screen anyone should have to read
CTRL = Qt.KeyboardModifier.ControlModifier
LONG_TEXT = (
    "Har svært ved at møde til tiden og mister overblikket over aftaler, penge og post. " * 6
)[:400].strip()


def _door_board(window: MainWindow, qtbot: QtBot, size: tuple[int, int]) -> BoardWidget:
    window.resize(*size)
    page = shown_page(window, "door", DoorSheetsPage)
    qtbot.waitUntil(lambda: bool(page.board.scene.note_items))
    page.board.load(page.board.scene.sheet, page.board.scene.header)  # opened at this size
    return page.board


def _save(widget: MainWindow, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


@pytest.mark.parametrize("size", SIZES)
def test_the_board_opens_readable_and_filled(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, size: tuple[int, int]
) -> None:
    board = _door_board(window, qtbot, size)
    view = board.view
    zoom = view.zoom()
    assert DEFAULT_MIN_ZOOM <= zoom <= DEFAULT_MAX_ZOOM
    left, right = used_span(board.scene)
    # The lanes in use fill the window's width, unless that would make the text too small.
    assert (right - left) * zoom >= 0.95 * (view.viewport().width() - 8) or zoom == pytest.approx(
        DEFAULT_MIN_ZOOM
    )
    items = list(board.scene.note_items.values())
    assert len(items) >= 10
    for item in items:
        assert item.drawn_pixel_size() >= NOTE_TEXT_PX  # never shrunk to fit a long text
        assert item.drawn_pixel_size() * zoom >= MIN_SCREEN_PX, item.note.text
    # The notes the window shows, as drawn, are in the screenshot's middle band.
    shot = _save(window, tmp_path, f"board_{size[0]}x{size[1]}")
    assert shot.stat().st_size > 10_000


def test_a_long_note_grows_then_elides_with_the_whole_text_on_hover(
    window: MainWindow, qtbot: QtBot
) -> None:
    board = _door_board(window, qtbot, SIZES[0])
    scene = board.scene
    target = lane(Side.IN, Colour.RED)
    stacked = next_free_y(scene.live_notes(), target)
    board.view.setFocus()
    # A double-click far down the lane: the new note lands below the lane's last one.
    spot = board.view.mapFromScene(QPointF(target.left + 100, stacked + 600))
    qtbot.mouseDClick(board.view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert scene.editing
    qtbot.keyClicks(board.view, LONG_TEXT)
    qtbot.keyClick(board.view, Qt.Key.Key_Return)
    item = next(i for i in scene.note_items.values() if i.note.text == LONG_TEXT)
    assert item.note.y == stacked
    assert item.note.height > 110  # it grew as far as it may
    assert item.elided
    shown = item.shown_text()
    assert shown.endswith("…")
    assert len(shown) < len(LONG_TEXT)
    assert item.drawn_pixel_size() >= NOTE_TEXT_PX
    item.refresh_tooltip()
    assert LONG_TEXT in item.toolTip()
    scene.set_current(item.note_id)
    assert LONG_TEXT in board.status.text()  # the status line has all of it


def test_a_note_written_longer_grows_and_pushes_the_lane_down(
    window: MainWindow, qtbot: QtBot
) -> None:
    board = _door_board(window, qtbot, SIZES[0])
    scene = board.scene
    in_green = lane(Side.IN, Colour.GREEN)
    stack = sorted(
        (i for i in scene.note_items.values() if i.note.x == in_green.note_x), key=lambda i: i.y()
    )
    assert len(stack) >= 3
    top, below = stack[0], stack[1:]
    before = {i.note_id: i.note.y for i in below}
    scene.set_current(top.note_id)
    board.view.setFocus()
    qtbot.keyClick(board.view, Qt.Key.Key_Return)  # write on it, by keyboard
    assert scene.editing
    qtbot.keyClick(board.view, Qt.Key.Key_A, CTRL)  # all of its text, in the editor
    qtbot.keyClicks(board.view, LONG_TEXT[:200])
    qtbot.keyClick(board.view, Qt.Key.Key_Return)
    assert top.note.text == LONG_TEXT[:200]
    growth = top.note.height - 110
    assert growth > 0
    for item in below:
        assert item.note.y == pytest.approx(before[item.note_id] + growth)
    assert not top.scene_rect().intersects(below[0].scene_rect())
    window.undo_action.trigger()  # one step: the text, the height and the lane below
    assert top.note.height == 110
    assert {i.note_id: i.note.y for i in below} == before


def test_pair_connectors_lie_behind_every_note(window: MainWindow, qtbot: QtBot) -> None:
    board = _door_board(window, qtbot, SIZES[0])
    links = [i for i in board.scene.items() if isinstance(i, PairLink)]
    assert links
    first = links[0]
    board.scene.set_current(first.source.note_id)
    assert first.highlighted
    notes = [i for i in board.scene.items() if isinstance(i, NoteItem)]
    assert max(link.zValue() for link in links) < min(note.zValue() for note in notes)


def _seven_steps(window: MainWindow, qtbot: QtBot, size: tuple[int, int]) -> LaddersPage:
    window.resize(*size)
    page = open_ladders(window, qtbot)
    entry = next(e for e in page.library_entries() if e.ladder.title == "Misbrug")
    page.library.setCurrentRow(page.library_entries().index(entry))
    staircase = page.editor.staircase
    staircase.setFocus()
    while len(staircase.steps()) < 7:  # Ins: a new step, as a facilitator adds one
        qtbot.keyClick(staircase, Qt.Key.Key_Insert)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
        staircase.setFocus()
    assert len(staircase.steps()) == 7
    return page


def _assert_readable(staircase: StaircaseView, minimum: int = MIN_SCREEN_PX) -> None:
    fonts = staircase._fonts()
    for font in (fonts.base, fonts.bold, fonts.small, fonts.label):
        assert QFontInfo(font).pixelSize() >= minimum


@pytest.mark.parametrize("size", SIZES)
def test_the_staircase_opens_readable(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, size: tuple[int, int]
) -> None:
    page = _seven_steps(window, qtbot, size)
    staircase = page.editor.staircase
    assert 1.0 <= staircase.zoom() <= 1.5
    _assert_readable(staircase)
    for level, step in enumerate(staircase.steps(), start=1):
        lines = staircase.label_lines(step.id)
        assert 1 <= len(lines) <= 2
        assert lines[0].startswith(f"{level} ·")
        tip = staircase.step_tooltip(step.id)
        assert tip.startswith(lines[0].rstrip(" …").split("\n")[0])
        assert "UDGANGSPUNKTET" in tip or "DELMÅL" in tip or "MÅLET" in tip
    _save(window, tmp_path, f"staircase_{size[0]}x{size[1]}")


def test_the_staircase_zooms_like_the_board(window: MainWindow, qtbot: QtBot) -> None:
    page = _seven_steps(window, qtbot, SIZES[0])
    staircase = page.editor.staircase
    fitted = staircase.zoom()
    label = page.editor.staircase_zoom.zoom_label
    qtbot.keyClick(staircase, Qt.Key.Key_Plus, CTRL)
    assert staircase.zoom() == pytest.approx(fitted * 1.2)
    assert label.text() == f"{round(fitted * 120)} %"
    width = staircase.minimumSizeHint().width()
    qtbot.keyClick(staircase, Qt.Key.Key_Plus, CTRL)
    assert staircase.minimumSizeHint().width() > width  # the scroll area scrolls to it
    qtbot.keyClick(staircase, Qt.Key.Key_Minus, CTRL)
    qtbot.keyClick(staircase, Qt.Key.Key_Minus, CTRL)
    qtbot.keyClick(staircase, Qt.Key.Key_Minus, CTRL)
    assert staircase.zoom() < fitted
    qtbot.keyClick(staircase, Qt.Key.Key_0, CTRL)
    assert staircase.zoom() == pytest.approx(fitted)
    centre = QPointF(staircase.rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(staircase.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        CTRL,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(staircase, wheel)
    assert staircase.zoom() == pytest.approx(fitted * 1.15)


def test_the_staircase_projector(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    page = _seven_steps(window, qtbot, SIZES[0])
    editor = page.editor
    staircase = editor.staircase
    qtbot.keyClick(staircase, Qt.Key.Key_Home)
    qtbot.keyClick(staircase, Qt.Key.Key_F11)
    projector = editor.staircase_zoom.projector
    assert projector is not None
    assert projector.isVisible()
    shown = projector.view
    assert [s.id for s in shown.steps()] == [s.id for s in staircase.steps()]
    assert shown.current() == staircase.current()
    # Larger text than the editor's, and an instruction line larger than normal text.
    assert (
        QFontInfo(shown._fonts().label).pixelSize()
        > QFontInfo(staircase._fonts().label).pixelSize()
    )
    assert QFontInfo(projector.hint.font()).pixelSize() > QFontInfo(window.font()).pixelSize() * 1.4
    # Moving on the projector moves the editor too.
    qtbot.keyClick(shown, Qt.Key.Key_Up)
    assert staircase.current() == staircase.steps()[1].id
    assert editor._current == staircase.steps()[1].id
    assert projector.grab().save(str(tmp_path / "staircase_projector.png"))
    qtbot.keyClick(shown, Qt.Key.Key_Escape)
    assert editor.staircase_zoom.projector is None
    assert not editor.staircase_zoom.projector_action.isChecked()


def test_the_boards_projector_line_is_large(window: MainWindow, qtbot: QtBot) -> None:
    board = _door_board(window, qtbot, SIZES[0])
    board.projector_action.setChecked(True)
    projector = board.projector
    assert projector is not None
    assert QFontInfo(projector.hint.font()).pixelSize() > QFontInfo(window.font()).pixelSize() * 1.4
    board.projector_action.setChecked(False)
    assert board.projector is None


@pytest.mark.parametrize("size", [*SIZES, (1024, 600)])  # 1024×600: 64 pt cut card 7
def test_every_story_card_fits_its_card_full_screen(qtbot: QtBot, size: tuple[int, int]) -> None:
    dialog = StoryCardsDialog()
    qtbot.addWidget(dialog)
    dialog.set_full_screen(True)
    dialog.setGeometry(0, 0, *size)
    qtbot.waitUntil(lambda: dialog.size().width() == size[0])
    card = dialog.card_label
    for number in range(1, len(dialog.deck) + 1):
        dialog.pick(number)
        used = card.text_rect()
        assert card.rect().contains(used), (number, used, card.rect())
        assert card.text_room().contains(used), number
        assert card.font().pointSizeF() >= 10.0
    dialog.set_full_screen(False)
