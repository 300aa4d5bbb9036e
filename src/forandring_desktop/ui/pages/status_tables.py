"""The status page's tables: figures in the Danish number forms ("1,5", "63 %", "–" for
none), cells that sort by their value, tables as tall as their rows, and the columns of
figures shown per ladder and per target group.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QLocale, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from forandring_desktop.model.progression import LadderFigures

DASH = "–"  # a figure that cannot be computed (no data)

SortKey = float | str | None


# --- Formatting (the Danish locale) --------------------------------------------------------


def number(value: float | None, decimals: int = 1) -> str:
    """A mean or a median with ``decimals`` decimals in the locale's form ("1,5"), or "–"."""
    if value is None:
        return DASH
    return QLocale().toString(float(value), "f", decimals)


def count(value: int) -> str:
    return QLocale().toString(value)


def percent(share: float | None) -> str:
    """A share 0..1 as a whole percentage in the Danish form ("63 %"), or "–"."""
    if share is None:
        return DASH
    return f"{QLocale().toString(int(share * 100 + 0.5))} %"


# --- Table cells ---------------------------------------------------------------------------


class SortableItem(QTableWidgetItem):
    """A read-only cell that sorts by its value, not its text ("–" sorts lowest)."""

    def __init__(self, text: str, key: SortKey, *, numeric: bool = True) -> None:
        super().__init__(text)
        self.sort_key = key
        self.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
        if numeric:
            self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if not isinstance(other, SortableItem):
            return super().__lt__(other)
        mine, theirs = self.sort_key, other.sort_key
        if mine is None or theirs is None:
            return mine is None and theirs is not None
        if isinstance(mine, str) or isinstance(theirs, str):
            return str(mine).casefold() < str(theirs).casefold()
        return mine < theirs


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    tooltip: str
    cell: Callable[[LadderFigures], tuple[str, SortKey]]


def counted_cell(value: int) -> tuple[str, SortKey]:
    return count(value), value


def mean_cell(value: float | None) -> tuple[str, SortKey]:
    return number(value), value


def share_cell(value: float | None) -> tuple[str, SortKey]:
    return percent(value), value


class FittedTable(QTableWidget):
    """A table as tall as its rows (plus a scroll bar when too wide), so the page scrolls
    and not the table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fitted_height = 0

    def fitted_height(self) -> int:
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(row) for row in range(self.rowCount()))
        if self.horizontalHeader().length() + 2 * self.frameWidth() > self.width():
            height += self.horizontalScrollBar().sizeHint().height()
        return height

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.fitted_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.fitted_height())

    def refit(self) -> None:
        self.resizeRowsToContents()
        if self.fitted_height() != self._fitted_height:
            self._fitted_height = self.fitted_height()
            self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.refit()


def captioned_table(parent: QWidget, caption: str, name: str) -> tuple[FittedTable, QLabel]:
    """A read-only table sorted by a click on a column, with its caption (the buddy)."""
    table = FittedTable(parent)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSortIndicatorShown(True)
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    label = QLabel(caption, parent)
    label.setStyleSheet("font-weight: bold;")
    label.setBuddy(table)
    return table, label


def ladder_columns() -> list[Column]:
    """The figures shown for each ladder (and each target group), as table columns."""
    return [
        Column(
            QCoreApplication.translate("StatusPage", "Deltagere"),
            QCoreApplication.translate("StatusPage", "Deltagere placeret på måltrappen"),
            lambda f: counted_cell(f.enrolments),
        ),
        Column(
            QCoreApplication.translate("StatusPage", "Vurderet"),
            QCoreApplication.translate(
                "StatusPage", "Med mindst én vurdering fra en medarbejder i perioden"
            ),
            lambda f: counted_cell(f.rated),
        ),
        Column(
            QCoreApplication.translate("StatusPage", "Trin i alt"),
            QCoreApplication.translate(
                "StatusPage", "Trin flyttet i alt (tilbagegang tæller negativt)"
            ),
            lambda f: counted_cell(f.steps_moved_total),
        ),
        Column(
            QCoreApplication.translate("StatusPage", "Trin i gns."),
            QCoreApplication.translate("StatusPage", "Trin flyttet i gennemsnit pr. deltager"),
            lambda f: mean_cell(f.mean_steps_moved),
        ),
        Column(
            QCoreApplication.translate("StatusPage", "Op"),
            QCoreApplication.translate("StatusPage", "Deltagere, der er flyttet op"),
            lambda f: counted_cell(f.moved_up),
        ),
        Column(
            QCoreApplication.translate("StatusPage", "Ned"),
            QCoreApplication.translate("StatusPage", "Deltagere, der er flyttet ned"),
            lambda f: counted_cell(f.moved_down),
        ),
        Column(
            QCoreApplication.translate("StatusPage", "Med mål"),
            QCoreApplication.translate("StatusPage", "Deltagere med et individuelt mål"),
            lambda f: counted_cell(f.with_goal),
        ),
        Column(
            QCoreApplication.translate("StatusPage", "Nået mål"),
            QCoreApplication.translate(
                "StatusPage", "Deltagere, der har nået deres individuelle mål"
            ),
            lambda f: counted_cell(f.goal_reached),
        ),
        Column(
            QCoreApplication.translate("StatusPage", "Andel nået"),
            QCoreApplication.translate(
                "StatusPage", "Andel af deltagerne med mål, der har nået det"
            ),
            lambda f: share_cell(f.share_goal_reached),
        ),
        Column(
            QCoreApplication.translate("StatusPage", "Uger pr. trin"),
            QCoreApplication.translate("StatusPage", "Median antal uger fra ét trin til det næste"),
            lambda f: mean_cell(f.median_weeks_per_step),
        ),
        Column(
            QCoreApplication.translate("StatusPage", "Ens vurderinger"),
            QCoreApplication.translate(
                "StatusPage",
                "Andel af opfølgningerne, hvor medarbejder og deltager valgte samme trin",
            ),
            lambda f: share_cell(f.agreement.share_same),
        ),
        Column(
            QCoreApplication.translate("StatusPage", "Forskel (trin)"),
            QCoreApplication.translate(
                "StatusPage", "Gennemsnitlig forskel i trin mellem medarbejder og deltager"
            ),
            lambda f: mean_cell(f.agreement.mean_difference),
        ),
    ]


def set_headers(table: QTableWidget, titles: Sequence[tuple[str, str]]) -> None:
    table.setColumnCount(len(titles))
    for column, (title, tooltip) in enumerate(titles):
        item = QTableWidgetItem(title)
        item.setToolTip(tooltip)
        table.setHorizontalHeaderItem(column, item)


def fill_table(
    table: FittedTable,
    titles: Sequence[tuple[str, str]],
    rows: Sequence[Sequence[tuple[str, SortKey]]],
) -> None:
    table.setSortingEnabled(False)  # rows stay where they are put while filling
    table.clearContents()
    set_headers(table, titles)
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, (text, key) in enumerate(cells):
            table.setItem(r, c, SortableItem(text, key, numeric=c > 0))
    # Sorts again by the column the user chose, if any (at first: the file's order).
    table.setSortingEnabled(True)
    table.refit()
