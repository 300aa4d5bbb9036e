"""Databeskyttelse: retention, participants due for deletion, erasure, insight, backup.

The dialog (:class:`PrivacyDialog`) is opened from the participants page, which also uses
:class:`PrivacyActions` for "Indsigt…" and "Slet for altid…" on the participant selected
there. Erasure, insight, backup and restore each run in a worker thread (they rebuild or
copy the whole file), with the buttons disabled until they are done; the result comes back
by signal. Only administrators may change the retention, erase, export insight or restore:
the services refuse others, and the dialog disables those controls for them.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model.participants import ParticipantSummary
from forandring_desktop.model.privacy import MAX_RETENTION_MONTHS, deletion_date
from forandring_desktop.model.texts import QT_TRANSLATE_NOOP
from forandring_desktop.services.access import is_admin
from forandring_desktop.services.backup import BACKUP_SUFFIX
from forandring_desktop.services.privacy import (
    due_for_deletion,
    privacy_settings,
    removed_participant_ids,
    set_retention_months,
)
from forandring_desktop.storage import FILE_SUFFIX
from forandring_desktop.ui.dates import date_text
from forandring_desktop.ui.dialogs import show_error
from forandring_desktop.ui.privacy_actions import PrivacyActions
from forandring_desktop.ui.table_base import HeadedTableModel
from forandring_desktop.ui.widgets import explained_box, explained_layout, text_label
from forandring_desktop.ui.workspace import Workspace

DIALOG_WIDTH = 640
_Index = QModelIndex | QPersistentModelIndex


# -- the list of participants due for deletion ----------------------------------------------


class DueModel(HeadedTableModel):
    """Participants whose retention period has run out: code, end, deadline, status."""

    CODE, ENDED, DEADLINE, STATUS = range(4)
    HEADERS = (
        QT_TRANSLATE_NOOP("DueModel", "Kode"),
        QT_TRANSLATE_NOOP("DueModel", "Forløbet sluttede"),
        QT_TRANSLATE_NOOP("DueModel", "Skulle slettes"),
        QT_TRANSLATE_NOOP("DueModel", "Status"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ParticipantSummary] = []
        self._months = 60
        self._removed: set[uuid.UUID] = set()
        self._headers = [self.tr(header) for header in self.HEADERS]  # lupdate: marked above

    def set_rows(
        self,
        rows: list[ParticipantSummary],
        months: int,
        removed: set[uuid.UUID] | frozenset[uuid.UUID] = frozenset(),
    ) -> None:
        """``removed``: those taken off the participant list (their data still here)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._months = months
        self._removed = set(removed)
        self.endResetModel()

    def row_at(self, row: int) -> ParticipantSummary:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            column = index.column()
            if column == self.CODE:
                return row.code
            if column == self.ENDED:
                return _day(row.end_date)
            if column == self.DEADLINE:
                if row.end_date is None:
                    return ""
                return _day(deletion_date(row.end_date, self._months))
            if column == self.STATUS:
                if row.id in self._removed:
                    return self.tr("Fjernet fra listen")
                return self.tr("Afsluttet")
        return None


def _day(day: datetime.date | None) -> str:
    return date_text(day)


# -- the dialog -------------------------------------------------------------------------------


class PrivacyDialog(QDialog):
    """Databeskyttelse for the open file. ``job_finished(message)`` after each background
    job (empty message: it failed and the error was shown)."""

    job_finished = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        today: Callable[[], datetime.date] = datetime.date.today,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.today = today
        self.jobs = PrivacyActions(workspace, self)
        self.jobs.busy_changed.connect(self._busy)
        self.jobs.finished.connect(self._job_done)
        self.setWindowTitle(self.tr("Databeskyttelse"))
        self.setMinimumWidth(DIALOG_WIDTH)
        admin = is_admin(workspace.store)
        self._admin = admin

        layout = explained_layout(
            self,
            self.tr(
                "Deltagernes data er følsomme personoplysninger. Her bestemmer I, hvor "
                "længe de gemmes, sletter dem, der ikke længere må gemmes, udleverer "
                "indsigt og tager sikkerhedskopier."
            ),
        )
        if not admin:
            note = text_label(
                self.tr(
                    "Du er logget ind som medarbejder: kun en administrator kan ændre "
                    "opbevaringstiden, slette for altid, udlevere indsigt og gendanne."
                )
            )
            note.setAccessibleName(self.tr("Kun for administratorer"))
            layout.addWidget(note)

        # Retention.
        retention = QGroupBox(self.tr("Opbevaring"), self)
        row = QHBoxLayout(retention)
        label = QLabel(self.tr("&Gem deltagernes data i"), retention)
        self.months = QSpinBox(retention)
        self.months.setRange(1, MAX_RETENTION_MONTHS)
        self.months.setSuffix(self.tr(" måneder"))
        self.months.setAccessibleName(self.tr("Opbevaringstid i måneder"))
        label.setBuddy(self.months)
        after = QLabel(self.tr("efter forløbets slut."), retention)
        self.save_months = QPushButton(self.tr("Gem &opbevaringstid"), retention)
        self.save_months.setAccessibleName(self.tr("Gem opbevaringstid"))
        self.save_months.clicked.connect(self.save_retention)
        for widget in (label, self.months, after):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.save_months)
        self.months.setEnabled(admin)
        layout.addWidget(retention)

        # Due for deletion.
        due = QGroupBox(self.tr("Deltagere, der skal slettes"), self)
        due_layout = QVBoxLayout(due)
        self.due_label = text_label()
        self.due_label.setAccessibleName(self.tr("Antal deltagere, der skal slettes"))
        due_layout.addWidget(self.due_label)
        self.due_model = DueModel(self)
        self.due_view = QTableView(due)
        self.due_view.setModel(self.due_model)
        self.due_view.setAccessibleName(self.tr("Deltagere, der skal slettes"))
        self.due_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.due_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.due_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.due_view.verticalHeader().hide()
        self.due_view.horizontalHeader().setStretchLastSection(True)
        self.due_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.due_view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        due_layout.addWidget(self.due_view)
        buttons = QHBoxLayout()
        self.insight_button = QPushButton(self.tr("&Indsigt…"), due)
        self.insight_button.setAccessibleName(self.tr("Indsigt"))
        self.insight_button.setToolTip(
            self.tr("Alle data om deltageren som JSON og PDF, til personen selv")
        )
        self.insight_button.clicked.connect(self.export_insight)
        self.erase_button = QPushButton(self.tr("&Slet for altid…"), due)
        self.erase_button.setAccessibleName(self.tr("Slet for altid"))
        self.erase_button.clicked.connect(self.erase_selected)
        buttons.addWidget(self.insight_button)
        buttons.addWidget(self.erase_button)
        buttons.addStretch(1)
        due_layout.addLayout(buttons)
        layout.addWidget(due)

        # Backup.
        copies, copies_layout = explained_box(
            self.tr("Sikkerhedskopi"),
            self.tr(
                "En sikkerhedskopi er én krypteret fil med databasen og nøglefilen; den "
                "kontrolleres, når den er skrevet, og åbnes med de samme adgangskoder. "
                "Gendan lægger kopien i en ny fil. Sletteregistret gælder også den: "
                "deltagere, der er slettet for altid siden, slettes igen, og fjernede "
                "medarbejdere kommer ikke tilbage. Ældre sikkerhedskopier kan rumme slettede "
                "data, til de er roteret ud (op til ca. 12 måneder med 7 daglige, 4 ugentlige "
                "og 12 månedlige kopier), men en gendannelse bringer dem aldrig tilbage."
            ),
            self,
        )
        copy_buttons = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("Sikkerheds&kopi…"), copies)
        self.backup_button.setAccessibleName(self.tr("Sikkerhedskopi"))
        self.backup_button.clicked.connect(self.make_backup)
        self.restore_button = QPushButton(self.tr("Gen&dan…"), copies)
        self.restore_button.setAccessibleName(self.tr("Gendan"))
        self.restore_button.clicked.connect(self.restore_backup)
        copy_buttons.addWidget(self.backup_button)
        copy_buttons.addWidget(self.restore_button)
        copy_buttons.addStretch(1)
        copies_layout.addLayout(copy_buttons)
        layout.addWidget(copies)

        self.status = text_label()
        self.status.setAccessibleName(self.tr("Status"))
        layout.addWidget(self.status)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.reload()

    # -- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        store = self.workspace.store
        try:
            settings = privacy_settings(store)
            rows = due_for_deletion(store, today=self.today())
            removed = removed_participant_ids(store)
        except Exception as exc:
            show_error(self, exc)
            return
        self.months.setValue(settings.retention_months)
        self.due_model.set_rows(rows, settings.retention_months, removed)
        if rows:
            self.due_label.setText(
                self.tr(
                    "{n} deltagere har passeret opbevaringstiden og skal slettes for altid."
                ).format(n=len(rows))
            )
        else:
            self.due_label.setText(self.tr("Ingen deltagere har passeret opbevaringstiden."))
        self._enable()

    def selected_row(self) -> ParticipantSummary | None:
        rows = self.due_view.selectionModel().selectedRows()
        return self.due_model.row_at(rows[0].row()) if rows else None

    def _enable(self) -> None:
        busy = self.jobs.is_busy()
        chosen = self.selected_row() is not None
        self.insight_button.setEnabled(self._admin and chosen and not busy)
        self.erase_button.setEnabled(self._admin and chosen and not busy)
        self.backup_button.setEnabled(not busy)
        self.restore_button.setEnabled(self._admin and not busy)
        self.save_months.setEnabled(self._admin and not busy)

    # -- actions ----------------------------------------------------------------------------

    def save_retention(self) -> None:
        try:
            settings = set_retention_months(self.workspace.store, self.months.value())
        except Exception as exc:
            show_error(self, exc)
            return
        self.reload()
        self.status.setText(
            self.tr("Opbevaringstiden er nu {n} måneder.").format(n=settings.retention_months)
        )

    def export_insight(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.jobs.export_insight(row.id, row.code)

    def erase_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.jobs.erase(row.id, row.code)

    def make_backup(self) -> None:
        store = self.workspace.store
        suggested = store.path.with_name(
            f"{store.path.stem}-{self.today().isoformat()}{BACKUP_SUFFIX}"
        )
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Gem sikkerhedskopi"),
            str(suggested),
            self.tr("Sikkerhedskopier (*{suffix})").format(suffix=BACKUP_SUFFIX),
        )
        if chosen:
            self.jobs.backup_to(Path(chosen))

    def restore_backup(self) -> None:
        store = self.workspace.store
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Vælg sikkerhedskopi"),
            str(store.path.parent),
            self.tr("Sikkerhedskopier (*{suffix});;Alle filer (*)").format(suffix=BACKUP_SUFFIX),
        )
        if not chosen:
            return
        suggested = store.path.with_name(f"{store.path.stem}-gendannet{FILE_SUFFIX}")
        target_name, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Gendan til en ny fil"),
            str(suggested),
            self.tr("Forandring-filer (*{suffix})").format(suffix=FILE_SUFFIX),
        )
        if not target_name:
            return
        target = Path(target_name)
        if target.exists() or target.resolve() == store.path.resolve():
            QMessageBox.warning(
                self,
                self.tr("Gendan"),
                self.tr(
                    "Filen {path} findes allerede. Gendan til et nyt filnavn; en fil erstattes "
                    "aldrig herfra."
                ).format(path=target),
            )
            return
        passphrase, ok = QInputDialog.getText(
            self,
            self.tr("Gendan"),
            self.tr("En administrators adgangskode til sikkerhedskopien:"),
            QLineEdit.EchoMode.Password,
        )
        if ok and passphrase:
            self.jobs.restore_to(Path(chosen), target, passphrase)

    @Slot(bool)
    def _busy(self, busy: bool) -> None:
        if busy:
            self.status.setText(self.tr("Arbejder …"))
        self._enable()

    @Slot(str)
    def _job_done(self, message: str) -> None:
        self.reload()
        self.status.setText(message)
        self.job_finished.emit(message)

    def done(self, result: int) -> None:
        self.jobs.wait()  # never close while a job still uses the file
        super().done(result)
