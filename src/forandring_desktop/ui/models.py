"""Qt item models over model objects."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from forandring_desktop.model import OrganisationDocument, Participant

SORT_ROLE = Qt.ItemDataRole.UserRole  # a value that sorts right (ISO dates, numbers)

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    """What the list shows of one participant: pseudonymous, never the name."""

    id: uuid.UUID
    code: str
    target_group: str
    start: datetime.date
    end: datetime.date | None
    active: bool
    follow_ups: int

    @classmethod
    def of(cls, person: Participant, groups: dict[uuid.UUID, str]) -> ParticipantRow:
        end = person.end_date or (person.exit.date if person.exit is not None else None)
        return cls(
            id=person.id,
            code=person.code,
            target_group=groups.get(person.target_group_id, "") if person.target_group_id else "",
            start=person.start_date,
            end=end,
            active=person.is_active,
            follow_ups=sum(1 for f in person.follow_ups if not f.is_deleted),
        )


class ParticipantTableModel(QAbstractTableModel):
    """Participants by code: Kode, Målgruppe, Start, Slut, Status, Opfølgninger."""

    CODE, TARGET_GROUP, START, END, STATUS, FOLLOW_UPS = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ParticipantRow] = []
        self._headers = [
            self.tr("Kode"),
            self.tr("Målgruppe"),
            self.tr("Start"),
            self.tr("Slut"),
            self.tr("Status"),
            self.tr("Opfølgninger"),
        ]

    def set_document(self, doc: OrganisationDocument) -> None:
        groups = {g.id: g.name for g in doc.target_groups if not g.is_deleted}
        self.beginResetModel()
        self._rows = [ParticipantRow.of(p, groups) for p in doc.participants if not p.is_deleted]
        self.endResetModel()

    def row_at(self, row: int) -> ParticipantRow:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return super().headerData(section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.FOLLOW_UPS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def _display(self, row: ParticipantRow, column: int) -> str | None:
        if column == self.CODE:
            return row.code
        if column == self.TARGET_GROUP:
            return row.target_group
        if column == self.START:
            return _date_text(row.start)
        if column == self.END:
            return _date_text(row.end) if row.end is not None else ""
        if column == self.STATUS:
            return self.tr("Aktiv") if row.active else self.tr("Afsluttet")
        if column == self.FOLLOW_UPS:
            return str(row.follow_ups)
        return None

    def _sort_key(self, row: ParticipantRow, column: int) -> str | int | None:
        if column == self.START:
            return row.start.isoformat()
        if column == self.END:
            return row.end.isoformat() if row.end is not None else ""
        if column == self.FOLLOW_UPS:
            return row.follow_ups
        if column == self.CODE:
            return row.code.casefold()
        return self._display(row, column)


def _date_text(day: datetime.date) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)
