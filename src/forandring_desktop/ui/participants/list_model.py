"""The participant list as a Qt model that hands rows to the view in batches.

The rows are light :class:`ParticipantSummary` records read with one query; filtering and
sorting work on that list in Python (milliseconds for 10,000 rows) and the view is given
the result a batch at a time through ``canFetchMore``/``fetchMore``, so it never lays out
thousands of rows it does not show.
"""

from __future__ import annotations

import bisect
import datetime
import uuid
from collections.abc import Callable, Collection, Sequence
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from forandring_desktop.model.participants import ParticipantFilter, ParticipantSummary
from forandring_desktop.ui.dates import date_text
from forandring_desktop.ui.table_base import HeadedTableModel

_Index = QModelIndex | QPersistentModelIndex
BATCH = 200


class ParticipantListModel(HeadedTableModel):
    """Kode, Navn (hidden unless asked for), Målgruppe, Mentor, Kommune, Start, Slut,
    Status, Opfølgninger, Senest (the latest follow-up)."""

    (
        CODE,
        NAME,
        TARGET_GROUP,
        MENTOR,
        MUNICIPALITY,
        START,
        END,
        STATUS,
        FOLLOW_UPS,
        LAST,
    ) = range(10)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[ParticipantSummary] = []
        self._shown: list[ParticipantSummary] = []  # filtered and sorted
        self._fetched = 0
        self._filter = ParticipantFilter()
        self._groups: dict[uuid.UUID, str] = {}
        self._show_names = False  # pseudonymous unless the user asks for names
        self._sort_column = self.CODE
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._headers = [
            self.tr("Kode"),
            self.tr("Navn"),
            self.tr("Målgruppe"),
            self.tr("Mentor"),
            self.tr("Kommune"),
            self.tr("Start"),
            self.tr("Slut"),
            self.tr("Status"),
            self.tr("Opfølgninger"),
            self.tr("Senest"),
        ]
        # Short titles keep the list whole beside the navigation at 1280 px; the full
        # words are the titles' tooltips.
        self._header_tips = {
            self.FOLLOW_UPS: self.tr("Antal opfølgninger"),
            self.LAST: self.tr("Seneste opfølgning"),
        }

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tips.get(section)
        return super().headerData(section, orientation, role)

    # -- data in ---------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[ParticipantSummary], groups: dict[uuid.UUID, str]) -> None:
        self._all = list(rows)
        self._groups = dict(groups)
        self._rebuild()

    def set_groups(self, groups: dict[uuid.UUID, str]) -> None:
        """New target-group names (a group renamed): the column shows them, order kept
        unless the list is sorted by group."""
        if groups == self._groups:
            return
        self._groups = dict(groups)
        if self._sort_column == self.TARGET_GROUP:
            self._rebuild()
        elif self._fetched:
            last = self.index(self._fetched - 1, self.TARGET_GROUP)
            self.dataChanged.emit(self.index(0, self.TARGET_GROUP), last)

    def update_rows(
        self, rows: Sequence[ParticipantSummary], removed: Collection[uuid.UUID] = ()
    ) -> None:
        """Put changed or new ``rows`` in place and take ``removed`` ids out, row by row
        (no reset: the view keeps its selection and scroll position)."""
        fresh = {r.id: r for r in rows}
        gone = set(removed) - set(fresh)
        self._all = [fresh.pop(r.id, r) for r in self._all if r.id not in gone]
        self._all += fresh.values()
        for participant_id in gone:
            self._take(participant_id)
        for row in rows:
            self._put(row)

    def _take(self, participant_id: uuid.UUID) -> int | None:
        index = next((i for i, r in enumerate(self._shown) if r.id == participant_id), None)
        if index is None:
            return None
        if index < self._fetched:
            self.beginRemoveRows(QModelIndex(), index, index)
            del self._shown[index]
            self._fetched -= 1
            self.endRemoveRows()
        else:
            del self._shown[index]
        return index

    def _put(self, row: ParticipantSummary) -> None:
        old = next((i for i, r in enumerate(self._shown) if r.id == row.id), None)
        if not self._filter.matches(row):
            if old is not None:
                self._take(row.id)
            return
        if old is not None:
            rest = self._shown[:old] + self._shown[old + 1 :]
            if self._position(row, rest) == old:  # same place: just new texts
                self._shown[old] = row
                if old < self._fetched:
                    last = self.columnCount() - 1
                    self.dataChanged.emit(self.index(old, 0), self.index(old, last))
                return
            self._take(row.id)
        at = self._position(row, self._shown)
        if at < self._fetched or self._fetched == len(self._shown):
            self.beginInsertRows(QModelIndex(), at, at)
            self._shown.insert(at, row)
            self._fetched += 1
            self.endInsertRows()
        else:
            self._shown.insert(at, row)

    def _position(self, row: ParticipantSummary, rows: Sequence[ParticipantSummary]) -> int:
        """Where ``row`` goes in ``rows`` (sorted as the list is)."""
        key = self._key(self._sort_column)
        if not self._descending:
            return bisect.bisect_left(rows, key(row), key=key)
        wanted, low, high = key(row), 0, len(rows)
        while low < high:
            middle = (low + high) // 2
            if key(rows[middle]) > wanted:
                low = middle + 1
            else:
                high = middle
        return low

    def set_filter(self, new: ParticipantFilter) -> None:
        if new != self._filter:
            self._filter = new
            self._rebuild()

    def set_show_names(self, on: bool) -> None:
        """Names are personal data: the model hands them out only when asked to."""
        if on != self._show_names:
            self._show_names = on
            if self._shown:
                self.dataChanged.emit(
                    self.index(0, self.NAME), self.index(max(self._fetched - 1, 0), self.NAME)
                )

    @property
    def filter(self) -> ParticipantFilter:
        return self._filter

    def _rebuild(self) -> None:
        self.beginResetModel()
        shown = self._filter.apply(self._all)
        shown.sort(key=self._key(self._sort_column), reverse=self._descending)
        self._shown = shown
        self._fetched = min(BATCH, len(shown))
        self.endResetModel()

    @property
    def _descending(self) -> bool:
        return self._sort_order == Qt.SortOrder.DescendingOrder

    # -- what the view asks ----------------------------------------------------------------

    def total(self) -> int:
        """Participants in the file (live)."""
        return len(self._all)

    def matching(self) -> int:
        """Participants that pass the filter (not all of them fetched yet)."""
        return len(self._shown)

    def row_at(self, row: int) -> ParticipantSummary:
        return self._shown[row]

    def row_of(self, participant_id: uuid.UUID) -> int | None:
        """The row of a participant among the filtered ones, fetching up to it."""
        for row, summary in enumerate(self._shown):
            if summary.id == participant_id:
                if row >= self._fetched:
                    self.beginInsertRows(QModelIndex(), self._fetched, row)
                    self._fetched = row + 1
                    self.endInsertRows()
                return row
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._fetched

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and self._fetched < len(self._shown)

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid():
            return
        more = min(BATCH, len(self._shown) - self._fetched)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._fetched, self._fetched + more - 1)
        self._fetched += more
        self.endInsertRows()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._fetched:
            return None
        row = self._shown[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.FOLLOW_UPS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._headers):
            return
        self._sort_column, self._sort_order = column, order
        self._rebuild()

    # -- texts and sort keys ---------------------------------------------------------------

    def _group(self, row: ParticipantSummary) -> str:
        return self._groups.get(row.target_group_id, "") if row.target_group_id else ""

    def _display(self, row: ParticipantSummary, column: int) -> str:
        if column == self.CODE:
            return row.code
        if column == self.NAME:
            return row.name if self._show_names else ""
        if column == self.TARGET_GROUP:
            return self._group(row)
        if column == self.MENTOR:
            return row.mentor
        if column == self.MUNICIPALITY:
            return row.municipality
        if column == self.START:
            return date_text(row.start_date)
        if column == self.END:
            return date_text(row.end_date)
        if column == self.STATUS:
            return self.tr("Aktiv") if row.is_active else self.tr("Afsluttet")
        if column == self.FOLLOW_UPS:
            return str(row.follow_ups)
        if column == self.LAST:
            return date_text(row.last_follow_up)
        return ""

    def _key(self, column: int) -> Callable[[ParticipantSummary], Any]:
        never = datetime.date.min

        def text_key(value: str) -> tuple[str, str]:
            return (value.casefold(), value)

        keys: dict[int, Callable[[ParticipantSummary], Any]] = {
            self.CODE: lambda r: text_key(r.code),
            self.NAME: lambda r: (text_key(r.name) if self._show_names else ("", ""), r.code),
            self.TARGET_GROUP: lambda r: (text_key(self._group(r)), r.code),
            self.MENTOR: lambda r: (text_key(r.mentor), r.code),
            self.MUNICIPALITY: lambda r: (text_key(r.municipality), r.code),
            self.START: lambda r: (r.start_date, r.code),
            self.END: lambda r: (r.end_date or never, r.code),
            self.STATUS: lambda r: (not r.is_active, r.code),
            self.FOLLOW_UPS: lambda r: (r.follow_ups, r.code),
            self.LAST: lambda r: (r.last_follow_up or never, r.code),
        }
        return keys[column]
