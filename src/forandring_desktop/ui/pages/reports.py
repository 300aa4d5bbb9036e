"""Reports: the guide's worksheets (blank or filled), a participant's progression report and
the status summary, each to preview, print or save as PDF; and batches into a folder.

What is printed is in ``report_jobs``, the worksheet rows in ``report_rows``, where it goes
(preview, printer, file, batch) in ``report_output``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import (
    DoorSheet,
    Entity,
    Ladder,
    MissionDraft,
    Organisation,
    OrganisationDocument,
    Participant,
    Persona,
    TargetGroup,
)
from forandring_desktop.model.progression import Period
from forandring_desktop.reports import SHEETS
from forandring_desktop.services.participants import list_participants
from forandring_desktop.services.printing import (
    Choice,
    choices,
    resolve_item,
)
from forandring_desktop.services.reporting import (
    report_participants,
)
from forandring_desktop.ui.dates import DATE_FORMAT
from forandring_desktop.ui.dialogs import show_error
from forandring_desktop.ui.pages.base import Page, scrolling
from forandring_desktop.ui.pages.report_jobs import (
    blank_job,
    filled_job,
    participant_job,
    status_job,
)
from forandring_desktop.ui.pages.report_output import ReportOutput
from forandring_desktop.ui.pages.report_rows import SheetRow, _Actions, _buddy
from forandring_desktop.ui.printing import (
    BatchPrinter,
    JobRunner,
    PdfPreviewDialog,
    PrintJob,
)
from forandring_desktop.ui.widgets import bullets, explained_box, heading, text_label
from forandring_desktop.ui.workspace import Workspace

__all__ = ["ReportsPage", "SheetRow", "blank_job", "filled_job", "participant_job", "status_job"]


class ReportsPage(ReportOutput, Page):
    shows = frozenset(
        {Organisation, MissionDraft, Persona, TargetGroup, DoorSheet, Ladder, Participant}
    )
    help_anchor = "reports"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.document: OrganisationDocument | None = None
        self.runners: set[JobRunner] = set()
        self.batch: BatchPrinter | None = None
        self.dialogs: list[PdfPreviewDialog] = []
        self._codes: dict[uuid.UUID, str] = {}
        self._has_active = False

        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.addWidget(heading(self.tr("Rapporter")))
        layout.addWidget(
            text_label(
                self.tr(
                    "Udskriv arbejdsarkene til workshops – blanke, så I kan udfylde dem i "
                    "hånden, eller udfyldt med jeres egne svar – og rapporterne om deltagernes "
                    "progression. Alt kan vises først, udskrives eller gemmes som PDF."
                )
            )
        )
        layout.addWidget(self._sheets_box(content))
        layout.addWidget(self._participant_box(content))
        layout.addWidget(self._status_box(content))

        self.result_label = text_label()
        self.result_label.setAccessibleName(self.tr("Resultat"))
        self.result_label.hide()
        layout.addWidget(self.result_label)

        layout.addWidget(heading(self.tr("Det har I nu"), size=1.2))
        self.summary = text_label()
        self.summary.setAccessibleName(self.tr("Overblik"))
        layout.addWidget(self.summary)
        layout.addStretch(1)
        scrolling(self, content)

    # --- Building -----------------------------------------------------------------------

    def _sheets_box(self, parent: QWidget) -> QGroupBox:
        box, layout = explained_box(
            self.tr("Arbejdsark"),
            self.tr(
                "Guidens ark på A4 (ind ad døren – ud af døren og måltrappen på tværs). "
                "Vælg »Blankt« til workshoppen eller »Udfyldt« med det, I har skrevet."
            ),
            parent,
        )
        grid_host = QWidget(box)
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        self.sheet_rows: dict[str, SheetRow] = {}
        for row, sheet in enumerate(SHEETS.values()):
            self.sheet_rows[sheet.name] = SheetRow(sheet, self, grid, row)
        grid.setColumnStretch(4, 1)
        layout.addWidget(grid_host)
        self.all_blank_button = QPushButton(self.tr("Alle blanke ark…"), box)
        self.all_blank_button.setAccessibleName(self.tr("Gem alle blanke ark i en mappe"))
        self.all_blank_button.clicked.connect(self.save_all_blank)
        layout.addWidget(self.all_blank_button, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    def _participant_box(self, parent: QWidget) -> QGroupBox:
        box, layout = explained_box(
            self.tr("Progressionsrapport for en deltager"),
            self.tr(
                "Til kommunen: deltagerens udgangspunkt, trin på måltrapperne, "
                "opfølgninger og udfordringer. Rapporterne er pseudonyme som "
                "udgangspunkt: deltageren står kun med sin kode. Sæt kun hak i »Medtag "
                "navn«, når modtageren skal have navnet."
            ),
            parent,
        )
        row = QHBoxLayout()
        self.participants = QComboBox(box)
        self.participants.setAccessibleName(self.tr("Deltager"))
        self.participants.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        row.addWidget(_buddy(self.tr("&Deltager:"), self.participants, box))
        row.addWidget(self.participants)
        self.show_name = QCheckBox(self.tr("Medtag &navn"), box)
        self.show_name.setAccessibleName(self.tr("Medtag navn"))
        self.show_name.setChecked(False)
        row.addWidget(self.show_name)
        self.participant_actions = _Actions(self.tr("Progressionsrapport"), box)
        row.addWidget(self.participant_actions)
        row.addStretch(1)
        layout.addLayout(row)
        self.participant_actions.show_button.clicked.connect(
            lambda: self._with(self.participant_job, self.preview)
        )
        self.participant_actions.print_button.clicked.connect(
            lambda: self._with(self.participant_job, self.print_job)
        )
        self.participant_actions.save_button.clicked.connect(
            lambda: self._with(self.participant_job, self.save_job)
        )
        self.all_participants_button = QPushButton(
            self.tr("Rapporter for alle aktive deltagere…"), box
        )
        self.all_participants_button.setAccessibleName(
            self.tr("Gem rapporter for alle aktive deltagere i en mappe")
        )
        self.all_participants_button.setToolTip(
            self.tr("Én PDF pr. aktiv deltager, navngivet med koden og altid uden navn.")
        )
        self.all_participants_button.clicked.connect(self.save_all_participants)
        layout.addWidget(self.all_participants_button, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    def _status_box(self, parent: QWidget) -> QGroupBox:
        box, layout = explained_box(
            self.tr("Statusoverblik"),
            self.tr(
                "Til ledelsen og bestyrelsen: deltagere, målgrupper og måltrapper – "
                "hvor mange trin, hvor lang tid et trin tager, og hvor mange der når "
                "deres mål. Uden datoer gælder det hele forløbet."
            ),
            parent,
        )
        row = QHBoxLayout()
        this_year = QDate(QDate.currentDate().year(), 1, 1)
        self.from_check, self.from_date = self._date_field(
            box, row, self.tr("&Fra"), self.tr("Fra dato"), this_year
        )
        self.to_check, self.to_date = self._date_field(
            box, row, self.tr("&Til"), self.tr("Til dato"), QDate.currentDate()
        )
        self.group_filter = QComboBox(box)
        self.group_filter.setAccessibleName(self.tr("Målgruppe"))
        row.addWidget(_buddy(self.tr("&Målgruppe:"), self.group_filter, box))
        row.addWidget(self.group_filter)
        self.ladder_filter = QComboBox(box)
        self.ladder_filter.setAccessibleName(self.tr("Måltrappe"))
        row.addWidget(_buddy(self.tr("Måltra&ppe:"), self.ladder_filter, box))
        row.addWidget(self.ladder_filter)
        row.addStretch(1)
        layout.addLayout(row)
        self.status_actions = _Actions(self.tr("Statusoverblik"), box)
        layout.addWidget(self.status_actions, 0, Qt.AlignmentFlag.AlignLeft)
        self.status_actions.show_button.clicked.connect(
            lambda: self._with(self.status_job, self.preview)
        )
        self.status_actions.print_button.clicked.connect(
            lambda: self._with(self.status_job, self.print_job)
        )
        self.status_actions.save_button.clicked.connect(
            lambda: self._with(self.status_job, self.save_job)
        )
        return box

    def _date_field(
        self, box: QWidget, row: QHBoxLayout, text: str, name: str, start: QDate
    ) -> tuple[QCheckBox, QDateEdit]:
        check = QCheckBox(text, box)
        check.setAccessibleName(name)
        edit = QDateEdit(start, box)
        edit.setAccessibleName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setEnabled(False)
        check.toggled.connect(edit.setEnabled)
        row.addWidget(check)
        row.addWidget(edit)
        return check, edit

    # --- Refresh ------------------------------------------------------------------------

    def refresh(self, doc: OrganisationDocument) -> None:
        self.document = doc
        for row in self.sheet_rows.values():
            if row.sheet.item is not None:
                found = choices(doc, row.sheet.item)
                default = resolve_item(doc, row.sheet.item, None) if found else None
                row.set_choices(found, default)
        self._fill(
            self.group_filter,
            [(g.name, g.id) for g in doc.target_groups if not g.is_deleted],
            self.tr("Alle målgrupper"),
        )
        self._fill(
            self.ladder_filter,
            [(c.name, c.id) for c in choices(doc, "ladder")],
            self.tr("Alle måltrapper"),
        )
        rows = report_participants(self.workspace.store, active_only=False)
        self._fill(
            self.participants,
            [
                (
                    row.code
                    if row.is_active
                    else self.tr("{code} (afsluttet)").format(code=row.code),
                    row.id,
                )
                for row in rows
            ],
            None,
        )
        self._codes = {row.id: row.code for row in rows}
        self.participant_actions.setEnabled(bool(rows))
        self._has_active = any(row.is_active for row in rows)
        self.all_participants_button.setEnabled(self._has_active and not self._batch_running())
        self._update_summary(doc)

    def _fill(
        self, combo: QComboBox, entries: list[tuple[str, uuid.UUID]], everything: str | None
    ) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        if everything is not None:
            combo.addItem(everything, None)
        for text, value in entries:
            combo.addItem(text, value)
        if combo.count() == 0:
            combo.addItem(self.tr("(ingen endnu)"), None)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    def _update_summary(self, doc: OrganisationDocument) -> None:
        def live(items: Sequence[Entity]) -> int:
            return sum(1 for item in items if not item.is_deleted)

        participants = list_participants(self.workspace.store)
        active = sum(1 for p in participants if p.is_active)
        self.summary.setText(
            bullets(
                [
                    self.tr("{n} missionsbud").format(n=live(doc.mission_drafts)),
                    self.tr("{n} personaer og {m} målgrupper").format(
                        n=live(doc.personas), m=live(doc.target_groups)
                    ),
                    self.tr("{n} ark ind ad døren – ud af døren").format(n=live(doc.door_sheets)),
                    self.tr("{n} måltrapper").format(n=live(doc.ladders)),
                    self.tr("{n} deltagere, heraf {a} aktive").format(
                        n=len(participants), a=active
                    ),
                ]
            )
        )

    # --- Jobs ---------------------------------------------------------------------------

    def participant_job(self) -> PrintJob | None:
        participant_id = self.participants.currentData()
        if not isinstance(participant_id, uuid.UUID):
            return None
        code = self._codes.get(participant_id, "")
        return participant_job(
            self.workspace.store, participant_id, code, show_name=self.show_name.isChecked()
        )

    def period(self) -> Period:
        def day(check: QCheckBox, edit: QDateEdit) -> date | None:
            if not check.isChecked():
                return None
            value = edit.date()
            return date(value.year(), value.month(), value.day())

        return Period(day(self.from_check, self.from_date), day(self.to_check, self.to_date))

    def status_job(self) -> PrintJob:
        def chosen(combo: QComboBox) -> Choice | None:
            value = combo.currentData()
            return Choice(value, combo.currentText()) if isinstance(value, uuid.UUID) else None

        return status_job(
            self.workspace.store,
            self.period(),
            target_group=chosen(self.group_filter),
            ladder=chosen(self.ladder_filter),
        )

    def blank_jobs(self) -> list[PrintJob]:
        return [blank_job(sheet, self.document) for sheet in SHEETS.values() if sheet.has_blank]

    def active_participant_jobs(self) -> list[PrintJob]:
        """One pseudonymous report per active participant (a batch never carries names)."""
        store = self.workspace.store
        return [
            participant_job(store, row.id, row.code)
            for row in report_participants(store, active_only=True)
        ]

    def _show_error(self, exc: BaseException) -> None:
        """A failed job, shown with this page as the parent (the page's parts call it)."""
        show_error(self, exc)

    @staticmethod
    def _with(make: Callable[[], PrintJob | None], then: Callable[[PrintJob], object]) -> None:
        job = make()
        if job is not None:
            then(job)
