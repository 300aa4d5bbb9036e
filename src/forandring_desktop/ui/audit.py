"""The audit log viewer (Logbog over brug af persondata), for administrators only.

A table of entries, newest first, read a page at a time as the view scrolls; filters on
participant code, staff member, action and period; an insight export of one participant's
entries; and how long entries are kept. The service refuses staff members
(``AccessDeniedError``), so the dialog cannot even be built for them.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QPushButton,
    QSpinBox,
    QTableView,
    QWidget,
)

from forandring_desktop.model import ForandringError
from forandring_desktop.model.audit import (
    MAX_RETENTION_DAYS,
    AuditAction,
    AuditEntry,
    AuditQuery,
    day_bounds,
    describe,
)
from forandring_desktop.services import audit as audit_service
from forandring_desktop.storage import Store
from forandring_desktop.storage.audit import Cursor
from forandring_desktop.ui.audit_verdict import VerdictBanner
from forandring_desktop.ui.background import wait_for
from forandring_desktop.ui.dates import DATE_FORMAT, date_time_text
from forandring_desktop.ui.dialogs import show_error, wait_cursor
from forandring_desktop.ui.table_base import HeadedTableModel
from forandring_desktop.ui.widgets import (
    explained_box,
    explained_layout,
    filter_combo,
    search_field,
    text_label,
)

_Index = QModelIndex | QPersistentModelIndex
PAGE = 200  # entries read per fetch
FILTER_DELAY_MS = 300
INSIGHT_SUFFIX = ".jsonl"


def action_word(action: AuditAction) -> str:
    words = {
        AuditAction.READ: QCoreApplication.translate("Words", "Læst"),
        AuditAction.LIST: QCoreApplication.translate("Words", "Deltagerliste vist"),
        AuditAction.SEARCH: QCoreApplication.translate("Words", "Søgning"),
        AuditAction.CREATE: QCoreApplication.translate("Words", "Indskrevet"),
        AuditAction.CHANGE: QCoreApplication.translate("Words", "Ændret"),
        AuditAction.DELETE: QCoreApplication.translate("Words", "Slettet"),
        AuditAction.RESTORE: QCoreApplication.translate("Words", "Gendannet"),
        AuditAction.PRINT: QCoreApplication.translate("Words", "Udskrevet"),
        AuditAction.EXPORT: QCoreApplication.translate("Words", "Eksporteret"),
        AuditAction.INSIGHT: QCoreApplication.translate("Words", "Indsigt udleveret"),
        AuditAction.ERASE: QCoreApplication.translate("Words", "Slettet for altid"),
        AuditAction.SETTINGS: QCoreApplication.translate("Words", "Indstilling ændret"),
        AuditAction.PURGE: QCoreApplication.translate("Words", "Udløbne poster slettet"),
        AuditAction.ACCESS: QCoreApplication.translate("Words", "Adgang ændret"),
    }
    return words.get(action, action.value)


def local_time_text(at: datetime.datetime) -> str:
    return date_time_text(at.astimezone(), seconds=True)


class AuditTableModel(HeadedTableModel):
    """Tidspunkt, Medarbejder, Handling, Deltager, Detaljer: newest first, fetched a page at
    a time from ``fetch(after)`` as the view scrolls."""

    AT, STAFF, ACTION, PARTICIPANT, DETAIL = range(5)

    def __init__(
        self, fetch: Callable[[Cursor | None], list[AuditEntry]], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._entries: list[AuditEntry] = []
        self._exhausted = True
        self._headers = [
            self.tr("Tidspunkt"),
            self.tr("Medarbejder"),
            self.tr("Handling"),
            self.tr("Deltager"),
            self.tr("Detaljer"),
        ]

    def reload(self) -> None:
        """Start again from the newest entry (after a filter change)."""
        page = self._fetch(None)
        self.beginResetModel()
        self._entries = page
        self._exhausted = len(page) < PAGE
        self.endResetModel()

    def entry_at(self, row: int) -> AuditEntry:
        return self._entries[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid() or self._exhausted or not self._entries:
            return
        last = self._entries[-1]
        page = self._fetch((last.at, last.id))
        self._exhausted = len(page) < PAGE
        if not page:
            return
        first = len(self._entries)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._entries.extend(page)
        self.endInsertRows()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return self._text(entry, index.column())
        return None

    def _text(self, entry: AuditEntry, column: int) -> str:
        if column == self.AT:
            return local_time_text(entry.at)
        if column == self.STAFF:
            return entry.staff_name
        if column == self.ACTION:
            return action_word(entry.action)
        if column == self.PARTICIPANT:
            if entry.scrubbed:
                return self.tr("(slettet)")
            return entry.participant_code
        if column == self.DETAIL:
            return describe(entry)
        return ""


class AuditLogDialog(QDialog):
    """The log for administrators. Raises AccessDeniedError (from the service) when the
    person working now is not an administrator."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._query = AuditQuery()
        settings = audit_service.audit_settings(store)  # AccessDeniedError for staff
        self.setWindowTitle(self.tr("Logbog over brug af persondata"))
        self.setAccessibleName(self.windowTitle())
        self.resize(980, 620)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)

        layout = explained_layout(
            self,
            self.tr(
                "Hver gang nogen læser, søger i, ændrer, udskriver eller eksporterer "
                "deltagernes oplysninger, skrives det her. Logbogen kan ikke rettes; kun "
                "poster ældre end opbevaringstiden slettes, når filen åbnes."
            ),
        )
        self.banner = VerdictBanner(store, self)
        layout.addWidget(self.banner)
        layout.addLayout(self._filters())
        self.model = AuditTableModel(self._fetch, self)
        self.table = QTableView(self)
        self.table.setAccessibleName(self.tr("Logbogens poster"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((0, 150), (1, 150), (2, 150), (3, 110)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        self.count_label = text_label()
        self.count_label.setAccessibleName(self.tr("Antal poster"))
        layout.addWidget(self.count_label)

        bottom = QHBoxLayout()
        bottom.addWidget(self._insight_box(), 1)
        bottom.addWidget(self._retention_box(settings.retention_days), 1)
        layout.addLayout(bottom)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.apply_filter()
        self.banner.start()  # the whole log is checked in the background

    def done(self, result: int) -> None:
        self.banner.stop()  # no check may outlive the dialog (nor the store under it)
        super().done(result)

    # -- building --------------------------------------------------------------------------

    def _filters(self) -> QFormLayout:
        form = QFormLayout()
        self.code_filter = search_field(
            self,
            self.tr("Deltagerkode"),
            self.tr("Hele eller en del af koden"),
            typed=lambda: self._filter_timer.start(),
            entered=self.apply_filter,
        )
        form.addRow(self.tr("&Deltager:"), self.code_filter)

        staff = audit_service.logged_staff(self.store)
        self.staff_filter = filter_combo(
            self,
            self.tr("Medarbejder"),
            self.apply_filter,
            [(self.tr("Alle medarbejdere"), None)]
            + [(name, str(staff_id)) for staff_id, name in staff],
        )
        form.addRow(self.tr("&Medarbejder:"), self.staff_filter)

        self.action_filter = filter_combo(
            self,
            self.tr("Handling"),
            self.apply_filter,
            [(self.tr("Alle handlinger"), None)]
            + [(action_word(action), action.value) for action in AuditAction],
        )
        form.addRow(self.tr("&Handling:"), self.action_filter)

        period = QHBoxLayout()
        self.from_check = QCheckBox(self.tr("&Fra"), self)
        self.from_date = QDateEdit(self)
        self.to_check = QCheckBox(self.tr("&Til"), self)
        self.to_date = QDateEdit(self)
        today = QDate.currentDate()
        for check, edit, name, day in (
            (self.from_check, self.from_date, self.tr("Periodens start"), today.addMonths(-1)),
            (self.to_check, self.to_date, self.tr("Periodens slut"), today),
        ):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_FORMAT)
            edit.setAccessibleName(name)
            edit.setDate(day)
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(lambda _on: self.apply_filter())
            edit.dateChanged.connect(lambda _d: self._filter_timer.start())
            period.addWidget(check)
            period.addWidget(edit)
        period.addStretch(1)
        form.addRow(self.tr("Periode:"), period)
        return form

    def _insight_box(self) -> QGroupBox:
        box, layout = explained_box(
            self.tr("Indsigt"),
            self.tr(
                "Når en deltager beder om indsigt, kan logbogens poster om vedkommende "
                "eksporteres som JSON-linjer (én post pr. linje)."
            ),
            self,
        )
        self.staff_names_check = QCheckBox(self.tr("Medtag &medarbejdernes navne"), box)
        self.staff_names_check.setToolTip(
            self.tr("Uden navne står kun medarbejderens rolle i eksporten.")
        )
        layout.addWidget(self.staff_names_check)
        self.insight_button = QPushButton(self.tr("&Eksportér for indsigt…"), box)
        self.insight_button.setAccessibleName(self.tr("Eksportér for indsigt"))
        self.insight_button.clicked.connect(self.ask_export_insight)
        layout.addWidget(self.insight_button)
        return box

    def _retention_box(self, days: int) -> QGroupBox:
        box, layout = explained_box(
            self.tr("Opbevaringstid"),
            self.tr(
                "Poster ældre end opbevaringstiden slettes automatisk, når filen åbnes "
                "(1826 dage = 5 år)."
            ),
            self,
        )
        row = QHBoxLayout()
        self.retention_spin = QSpinBox(box)
        self.retention_spin.setRange(1, MAX_RETENTION_DAYS)
        self.retention_spin.setSuffix(self.tr(" dage"))
        self.retention_spin.setAccessibleName(self.tr("Opbevaringstid i dage"))
        self.retention_spin.setValue(days)
        row.addWidget(self.retention_spin, 1)
        self.retention_button = QPushButton(self.tr("&Gem opbevaringstid"), box)
        self.retention_button.clicked.connect(self.save_retention)
        row.addWidget(self.retention_button)
        layout.addLayout(row)
        return box

    # -- filters ---------------------------------------------------------------------------

    def current_query(self) -> AuditQuery:
        staff = self.staff_filter.currentData()
        action = self.action_filter.currentData()

        def day(check: QCheckBox, edit: QDateEdit) -> datetime.date | None:
            if not check.isChecked():
                return None
            value = edit.date()
            return datetime.date(value.year(), value.month(), value.day())

        since, until = day_bounds(
            day(self.from_check, self.from_date), day(self.to_check, self.to_date)
        )
        return AuditQuery(
            participant_code=self.code_filter.text().strip(),
            staff_id=uuid.UUID(staff) if staff else None,
            action=AuditAction(action) if action else None,
            since=since,
            until=until,
        )

    def _fetch(self, after: Cursor | None) -> list[AuditEntry]:
        return audit_service.list_entries(self.store, self._query, limit=PAGE, after=after)

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self._query = self.current_query()
        try:
            with wait_cursor():
                self.model.reload()
                total = audit_service.count_entries(self.store, self._query)
        except ForandringError as exc:
            show_error(self, exc)
            return
        self.count_label.setText(self.tr("{n} poster").format(n=total))

    # -- insight ---------------------------------------------------------------------------

    def export_insight(self, code: str, target: Path) -> int:
        """Export the entries about the participant with ``code`` to ``target``."""
        participant_id = audit_service.resolve_participant_code(self.store, code)
        store = self.store
        staff_names = self.staff_names_check.isChecked()
        count = wait_for(
            self,
            lambda _progress: audit_service.export_insight(
                store, participant_id, target, staff_names=staff_names
            ),
            caption=self.tr("Eksportér for indsigt"),
            text=self.tr("Eksporterer logbogens poster …"),
        )
        assert isinstance(count, int)
        self.apply_filter()  # the export is itself in the log now
        return count

    def ask_export_insight(self) -> None:
        caption = self.tr("Eksportér for indsigt")
        code = self.code_filter.text().strip()
        if not code:
            code, ok = QInputDialog.getText(self, caption, self.tr("Deltagerens kode (eller id):"))
            code = code.strip()
            if not ok or not code:
                return
        try:
            audit_service.resolve_participant_code(self.store, code)  # before the file dialog
        except ForandringError as exc:
            show_error(self, exc)
            return
        start = self.store.path.parent / f"indsigt-logbog-{_safe(code)}{INSIGHT_SUFFIX}"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, caption, str(start), self.tr("JSON-linjer (*.jsonl)")
        )
        if not chosen:
            return
        target = Path(chosen)
        if target.suffix.lower() != INSIGHT_SUFFIX:
            target = target.with_name(target.name + INSIGHT_SUFFIX)
        try:
            count = self.export_insight(code, target)
        except ForandringError as exc:
            show_error(self, exc)
            return
        self.count_label.setText(
            self.tr("{n} poster om {code} eksporteret til {file}").format(
                n=count, code=code, file=target.name
            )
        )

    # -- retention -------------------------------------------------------------------------

    def save_retention(self) -> None:
        try:
            settings = audit_service.set_retention_days(self.store, self.retention_spin.value())
        except ForandringError as exc:
            show_error(self, exc)
            return
        self.retention_spin.setValue(settings.retention_days)
        self.apply_filter()


def _safe(code: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in code)
