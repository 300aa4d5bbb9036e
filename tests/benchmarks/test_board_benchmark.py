"""How fast the post-it board opens a big sheet and follows a drag.

Goals (issue "Performance"): a door sheet with 2,000 post-its opens in at most 0.5 s
(from the ``get_door_sheet`` result to a painted view), and a drag stays under 16 ms per
mouse-move event. Both are measured beside a bare QGraphicsView with the same number of
plain rect items, in the same run. Full size: ``FORANDRING_BENCH=full`` (dev.py bench);
otherwise a smoke size that only checks the figures were measured.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)

from forandring_desktop.model import (
    Colour,
    DoorNote,
    DoorSheet,
    Organisation,
    OrganisationDocument,
    Side,
)
from forandring_desktop.model.board import BOARD_WIDTH, LANES, ROW, TOP, Lane, lane
from forandring_desktop.services.door import get_door_sheet, list_door_sheets
from forandring_desktop.services.files import create_from_document
from forandring_desktop.storage import Store
from forandring_desktop.ui.board.items import NoteItem
from forandring_desktop.ui.board.scene import SIDE_MARGIN
from forandring_desktop.ui.board.widget import BoardWidget
from forandring_desktop.ui.workspace import Workspace

from .bench_report import FULL, Report, measured, summarise

pytestmark = pytest.mark.benchmark

OPEN_RUNS = 7 if FULL else 2
MOVES = 300 if FULL else 30
GROUP = 20 if FULL else 5  # notes dragged together in the multi-select drag
VIEW_SIZE = QSize(1280, 800)
OPEN_LIMIT_MS = 500.0
MOVE_LIMIT_MS = 16.0

TEXTS = [
    "Meget ustabilt fremmøde.",
    "Holder ikke aftaler.",
    "Dårlige faglige kundskaber. Dumpede matematik ved 9. klasses afgangseksamen.",
    "Kaotiske familieforhold forstyrrer ofte i hverdagen.",
    "Social angst / indelukket – holder sig meget for sig selv.",
    "Stabilt fremmøde.",
    "Har oplevet at være vigtig ift. opgaver og fællesskaber.",
    "Viser overskud til bedre at tackle sin familiesituation – går ikke helt ned med "
    "flaget, når det går skævt.",
]


def build_sheet(size: int) -> DoorSheet:
    """``size`` notes spread over the eight lanes, half the in-notes paired."""
    notes: list[DoorNote] = []
    for i in range(size):
        where = LANES[i % len(LANES)]
        row = i // len(LANES)
        notes.append(
            DoorNote(
                text=f"{TEXTS[i % len(TEXTS)]} ({i + 1})",
                side=where.side,
                colour=where.colour,
                x=where.note_x,
                y=TOP + row * ROW,
            )
        )
    by_lane_row = {(lane_of(n), round((n.y - TOP) / ROW)): n for n in notes}
    for note in notes:
        row = round((note.y - TOP) / ROW)
        if note.side is Side.IN and row % 2 == 0:
            partner = by_lane_row.get((lane(Side.OUT, note.colour), row))
            if partner is not None:
                note.pair_id = partner.id
    return DoorSheet(title="Stort ark", notes=notes)


def lane_of(note: DoorNote) -> Lane:
    return lane(note.side, note.colour)


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory, board_report: Report) -> Iterator[Store]:
    sheet = build_sheet(board_report.size)
    doc = OrganisationDocument(organisation=Organisation(name="Benchmark"), door_sheets=[sheet])
    path: Path = tmp_path_factory.mktemp("bench") / "stort.forandring"
    store = create_from_document(path, "benchmark", doc)
    yield store
    store.engine.dispose()


@pytest.fixture(scope="module")
def big_sheet(big_file: Store) -> DoorSheet:
    [sheet_id] = [s.id for s in list_door_sheets(big_file)]
    return get_door_sheet(big_file, sheet_id)


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _show(widget: QWidget) -> None:
    widget.resize(VIEW_SIZE)
    widget.show()
    assert QTest.qWaitForWindowExposed(widget)
    QApplication.processEvents()


def _dispose(widget: QWidget) -> None:
    widget.close()
    widget.deleteLater()
    QApplication.processEvents()


def _board(store: Store) -> tuple[BoardWidget, QUndoStack]:
    stack = QUndoStack()
    board = BoardWidget(Workspace(store, stack))
    _show(board)
    return board, stack


def _bare_view(sheet: DoorSheet) -> tuple[QGraphicsView, list[QGraphicsRectItem], float]:
    """The baseline: a QGraphicsView with one plain movable rect per note."""
    view = QGraphicsView()
    scene = QGraphicsScene(view)  # owned by the view: kept alive as long as it
    view.setScene(scene)
    _show(view)
    start = time.perf_counter()
    items = []
    brush = QBrush(QColor("#fff0a6"))
    for note in sheet.notes:
        rect = QGraphicsRectItem(0, 0, note.width, note.height)
        rect.setPos(note.x, note.y)
        rect.setBrush(brush)
        rect.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
        )
        scene.addItem(rect)
        items.append(rect)
    scale = (view.viewport().width() - 8) / (BOARD_WIDTH + 2 * SIDE_MARGIN)
    view.scale(scale, scale)
    view.centerOn(BOARD_WIDTH / 2, 0)
    view.viewport().repaint()
    return view, items, _ms(start)


def _time_moves(view: QGraphicsView, start: QPoint, end: QPoint) -> list[float]:
    """Press at ``start``, then MOVES mouse-move events towards ``end``; each timed with
    the repaint it causes (the event loop runs after every move), then release."""
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QApplication.processEvents()
    times = []
    for i in range(1, MOVES + 1):
        t = i / MOVES
        point = QPointF(start + (end - start) * t)
        point.setY(point.y() + 25 * ((i % 20) / 20))  # a hand is never quite straight
        event = QMouseEvent(
            QEvent.Type.MouseMove,
            point,
            QPointF(viewport.mapToGlobal(point.toPoint())),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        began = time.perf_counter()
        QApplication.sendEvent(viewport, event)
        QApplication.processEvents()  # the repaint this move asked for
        times.append(_ms(began))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    QApplication.processEvents()
    return times


def test_open_a_big_sheet(
    qapp: QApplication, big_file: Store, big_sheet: DoorSheet, board_report: Report
) -> None:
    reads = []
    for _ in range(OPEN_RUNS):
        began = time.perf_counter()
        get_door_sheet(big_file, big_sheet.id)
        reads.append(_ms(began))

    opens, fit_paints = [], []
    for _ in range(OPEN_RUNS):
        board, _stack = _board(big_file)
        counter = PaintCounter()
        board.view.viewport().installEventFilter(counter)
        began = time.perf_counter()
        board.load(big_sheet)
        board.view.viewport().repaint()
        opens.append(_ms(began))
        assert counter.paints >= 1
        assert len(board.scene.note_items) == board_report.size
        assert board.scene.links  # the pairs are drawn
        board.view.fit_all()  # every note on screen at once: the heaviest paint
        began = time.perf_counter()
        board.view.viewport().repaint()
        fit_paints.append(_ms(began))
        _dispose(board)

    bare_opens, bare_fit_paints = [], []
    for _ in range(OPEN_RUNS):
        view, _items, elapsed = _bare_view(big_sheet)
        bare_opens.append(elapsed)
        assert view.scene() is not None
        view.fitInView(view.scene().itemsBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)
        began = time.perf_counter()
        view.viewport().repaint()
        bare_fit_paints.append(_ms(began))
        _dispose(view)

    read_median, _ = summarise(reads)
    board_report.add(
        measured(
            f"open sheet ({board_report.size} notes), load + first paint",
            opens,
            "bare QGraphicsView + rects",
            bare_opens,
            OPEN_LIMIT_MS,
            notes=f"get_door_sheet from the encrypted file before it: {read_median:.0f} ms",
        )
    )
    board_report.add(
        measured(
            "paint with every note in view (fit)",
            fit_paints,
            "bare QGraphicsView + rects",
            bare_fit_paints,
            None,
        )
    )
    assert all(v > 0 for v in [*opens, *bare_opens, *fit_paints, *bare_fit_paints, *reads])


def test_drag_on_a_big_sheet(
    qapp: QApplication, big_file: Store, big_sheet: DoorSheet, board_report: Report
) -> None:
    board, stack = _board(big_file)
    board.load(big_sheet)
    board.view.viewport().repaint()
    scene = board.scene
    # A paired in-note in the first row: its connector follows the drag.
    [first] = [
        i
        for i in scene.note_items.values()
        if i.note.pair_id is not None and i.note.y == TOP and i.note.colour is Colour.UNSORTED
    ]
    start = board.view.mapFromScene(first.scene_rect().center())
    end = board.view.mapFromScene(QPointF(BOARD_WIDTH - 150, TOP + 3 * ROW))
    single = _time_moves(board.view, start, end)
    assert stack.count() == 1  # one command on release, none per move
    moved = get_door_sheet(big_file, big_sheet.id)
    [after] = [n for n in moved.notes if n.id == first.note_id]
    assert after.side is Side.OUT  # it crossed the door and was saved

    # Many selected notes dragged together.
    group = _second_row_group(board)
    for item in group:
        item.setSelected(True)
    start = board.view.mapFromScene(group[0].scene_rect().center())
    end = start + QPoint(board.view.viewport().width() // 3, 120)
    many = _time_moves(board.view, start, end)
    assert stack.count() == 2
    _dispose(board)

    view, items, _elapsed = _bare_view(big_sheet)
    target = items[0]
    start = view.mapFromScene(target.sceneBoundingRect().center())
    end = view.mapFromScene(QPointF(BOARD_WIDTH - 150, TOP + 3 * ROW))
    bare_single = _time_moves(view, start, end)
    assert target.pos() != QPointF(big_sheet.notes[0].x, big_sheet.notes[0].y)
    for rect in items[len(LANES) : len(LANES) + GROUP]:
        rect.setSelected(True)
    start = view.mapFromScene(items[len(LANES)].sceneBoundingRect().center())
    end = start + QPoint(view.viewport().width() // 3, 120)
    bare_many = _time_moves(view, start, end)
    _dispose(view)

    board_report.add(
        measured(
            f"drag one paired note ({board_report.size} notes), per mouse move",
            single,
            "bare QGraphicsView + rects",
            bare_single,
            MOVE_LIMIT_MS,
        )
    )
    board_report.add(
        measured(
            f"drag {GROUP} selected notes together, per mouse move",
            many,
            "bare QGraphicsView + rects",
            bare_many,
            MOVE_LIMIT_MS,
        )
    )
    assert len(single) == len(many) == len(bare_single) == len(bare_many) == MOVES
    assert all(v > 0 for v in [*single, *many, *bare_single, *bare_many])


def _second_row_group(board: BoardWidget) -> list[NoteItem]:
    row = sorted(
        (i for i in board.scene.note_items.values() if i.note.y >= TOP + ROW),
        key=lambda i: (i.note.y, i.note.x),
    )
    return row[:GROUP]
