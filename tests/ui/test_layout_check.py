"""The clipping-and-glyph check itself: it must fail on what a person would see as cut."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from .layout_check import layout_problems, missing_characters

UNDRAWABLE = "\U0010fffd"  # private use, plane 16: in no font


def shown(qtbot: QtBot, widget: QWidget, width: int = 400, height: int = 300) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_a_label_that_fits_is_no_problem(qtbot: QtBot) -> None:
    box = QWidget()
    QVBoxLayout(box).addWidget(QLabel("Navn:", box))
    assert layout_problems(shown(qtbot, box)) == []


def test_a_label_too_narrow_for_its_text_is_reported(qtbot: QtBot) -> None:
    box = shown(qtbot, QWidget())
    label = QLabel("Mentor for deltageren:", box)
    label.setObjectName("mentor_label")
    label.setGeometry(0, 0, 30, 30)  # what a squeezed form row gives it
    label.show()
    problems = layout_problems(box)
    assert any("mentor_label" in p and "wide" in p for p in problems), problems


def test_a_word_wrapped_label_too_low_for_its_lines_is_reported(qtbot: QtBot) -> None:
    box = shown(qtbot, QWidget())
    label = QLabel("En lang forklaring, der skal brydes over flere linjer for at kunne læses.", box)
    label.setWordWrap(True)
    label.setGeometry(0, 0, 120, label.fontMetrics().height())  # room for one line only
    label.show()
    assert any("high" in p for p in layout_problems(box))
    label.setGeometry(0, 0, 120, label.heightForWidth(120))
    assert layout_problems(box) == []


def test_a_rich_text_label_is_measured_as_it_is_drawn(qtbot: QtBot) -> None:
    box = shown(qtbot, QWidget())
    label = QLabel("<b>Forandringsmål:</b> at komme i uddannelse", box)
    label.setGeometry(0, 0, 60, 40)
    label.show()
    assert any("wide" in p for p in layout_problems(box))
    label.setGeometry(0, 0, label.sizeHint().width(), 40)
    assert layout_problems(box) == []


def test_a_button_narrower_than_its_text_is_reported(qtbot: QtBot) -> None:
    box = shown(qtbot, QWidget())
    button = QPushButton("Opret deltager…", box)
    button.setGeometry(0, 0, 40, button.sizeHint().height())
    button.show()
    check = QCheckBox("Vis navne", box)
    check.setGeometry(0, 40, 20, check.sizeHint().height())
    check.show()
    problems = layout_problems(box)
    assert any("QPushButton" in p and "text cut" in p for p in problems), problems
    assert any("QCheckBox" in p and "text cut" in p for p in problems), problems
    assert any("needs at least" in p for p in problems), problems  # below minimumSizeHint


def test_a_character_the_font_lacks_is_reported_wherever_it_is_shown(qtbot: QtBot) -> None:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.addWidget(QLabel(f"Trin {UNDRAWABLE}", box))
    combo = QComboBox(box)
    combo.addItems(["Ja", f"Nej {UNDRAWABLE}"])
    layout.addWidget(combo)
    problems = layout_problems(shown(qtbot, box))
    assert sum("U+10FFFD" in p for p in problems) == 2, problems
    assert missing_characters(f"a{UNDRAWABLE}", box.font()) == [UNDRAWABLE]
    assert missing_characters("Måltrappe – ✓ ⚠", box.font()) == []


def test_a_tool_bar_that_hides_actions_is_reported(qtbot: QtBot) -> None:
    window = QMainWindow()
    toolbar = QToolBar(window)
    window.addToolBar(toolbar)
    for n in range(30):
        toolbar.addAction(QAction(f"Handling nummer {n}", window))
    shown(qtbot, window, 500, 300)
    assert any("hidden behind »" in p for p in layout_problems(window))


def test_a_pane_collapsed_by_the_splitter_is_not_checked(qtbot: QtBot) -> None:
    splitter = QSplitter()
    splitter.addWidget(QLabel("Liste", splitter))
    pane = QWidget(splitter)
    QVBoxLayout(pane).addWidget(QLabel("En detaljerude med en lang tekst", pane))
    splitter.addWidget(pane)
    shown(qtbot, splitter)
    splitter.setSizes([400, 0])
    assert pane.width() == 0
    assert layout_problems(splitter) == []


def test_a_table_cell_cut_by_its_column_is_reported_unless_it_wraps_whole(qtbot: QtBot) -> None:
    table = QTableWidget(1, 2)
    table.setHorizontalHeaderLabels(["Kode", "Seneste opfølgning"])
    table.setItem(0, 0, QTableWidgetItem("IG-001"))
    table.setItem(0, 1, QTableWidgetItem("Unge med sociale problemer og misbrug"))
    table.setWordWrap(False)
    shown(qtbot, table, 600, 200)
    table.setColumnWidth(1, 60)  # the date column cut to "S…"
    problems = layout_problems(table)
    assert any("column 1" in p and "cell(s)" in p for p in problems), problems
    assert any("title of column 1" in p for p in problems), problems
    table.resizeColumnsToContents()
    assert layout_problems(table) == []
    table.setWordWrap(True)  # a narrow column whose row is tall enough for the lines
    table.setColumnWidth(1, 150)
    table.resizeRowsToContents()
    assert not any("cell(s)" in p for p in layout_problems(table))


def test_a_form_that_scrolls_sideways_is_reported(qtbot: QtBot) -> None:
    area = QScrollArea()
    area.setWidgetResizable(True)
    content = QWidget()
    QVBoxLayout(content).addWidget(QCheckBox("En meget lang seddel fra ind ad døren " * 4))
    area.setWidget(content)
    shown(qtbot, area, 300, 200)
    assert any("scrolls sideways" in p for p in layout_problems(area))
    area.resize(content.minimumSizeHint().width() + 40, 200)
    qtbot.waitUntil(lambda: not area.horizontalScrollBar().isVisible())
    assert layout_problems(area) == []


def test_a_zoomable_canvas_may_scroll_sideways(qtbot: QtBot) -> None:
    area = QScrollArea()
    area.setWidgetResizable(True)
    canvas = QWidget()
    canvas.setMinimumWidth(900)  # a zoomed staircase: wider than its room
    area.setWidget(canvas)
    shown(qtbot, area, 300, 200)
    assert any("scrolls sideways" in p for p in layout_problems(area))
    area.setProperty("zoomable_canvas", True)
    assert not any("scrolls sideways" in p for p in layout_problems(area))
