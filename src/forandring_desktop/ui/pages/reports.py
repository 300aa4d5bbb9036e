"""Reports: the guide's worksheets (blank or filled), a participant's progression report and
the status summary, each to preview, print or save as PDF; and batches into a folder."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
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
from forandring_desktop.model.report_data import report_filename
from forandring_desktop.reports import SHEETS, SheetKind
from forandring_desktop.reports.participant import render_participant_report
from forandring_desktop.reports.status_report import render_status_report
from forandring_desktop.services.organisation import load_workshop
from forandring_desktop.services.participants import list_participants
from forandring_desktop.services.printing import (
    Choice,
    choices,
    print_warning,
    render_document,
    resolve_item,
)
from forandring_desktop.services.reporting import (
    participant_report_pdf,
    report_participants,
    status_report_pdf,
)
from forandring_desktop.storage import Store
from forandring_desktop.ui.dialogs import show_error
from forandring_desktop.ui.pages.base import Page, scrolling
from forandring_desktop.ui.printing import (
    BatchPrinter,
    JobRunner,
    PdfPreviewDialog,
    PrintingError,
    PrintJob,
    ask_and_print,
    ask_folder,
    ask_save_path,
    run_batch,
)
from forandring_desktop.ui.widgets import bullets, heading, text_label
from forandring_desktop.ui.workspace import Workspace

DATE_FORMAT = "d. MMM yyyy"


def blank_job(sheet: SheetKind, doc: OrganisationDocument | None) -> PrintJob:
    """The blank form of ``sheet`` (the organisation's name in the footer)."""
    title = QGuiApplication.translate("ReportsPage", "{sheet} (blankt)").format(sheet=sheet.label)
    return PrintJob(title, f"{title}.pdf", lambda: render_document(doc, sheet, blank=True))


def filled_job(store: Store, sheet: SheetKind, item: Choice | None) -> PrintJob:
    """``sheet`` filled in from the file as it is when the job runs (not a cached copy)."""
    title = f"{sheet.label} – {item.name}" if item is not None else sheet.label
    item_id = item.id if item is not None else None

    def render() -> bytes:
        return render_document(load_workshop(store), sheet, item_id=item_id)

    return PrintJob(title, f"{title}.pdf", render)


def participant_job(
    store: Store, participant_id: uuid.UUID, code: str, *, show_name: bool = False
) -> PrintJob:
    """A participant's progression report; pseudonymous (code only) unless ``show_name``.
    The file name carries the code, never the name."""
    title = QGuiApplication.translate("ReportsPage", "Progressionsrapport – {code}").format(
        code=code
    )
    if show_name:
        title += QGuiApplication.translate("ReportsPage", " (med navn)")

    def render() -> bytes:
        return participant_report_pdf(
            store, participant_id, render_participant_report, show_name=show_name
        )

    return PrintJob(title, report_filename(code), render)


def status_job(
    store: Store,
    period: Period,
    *,
    target_group: Choice | None = None,
    ladder: Choice | None = None,
) -> PrintJob:
    """The status summary for ``period``, optionally for one target group and/or ladder."""
    tr = QGuiApplication.translate
    title = tr("ReportsPage", "Statusoverblik")
    parts = []
    if period.start is not None or period.end is not None:
        start = period.start.isoformat() if period.start else "…"
        end = period.end.isoformat() if period.end else "…"
        parts.append(f"{start} – {end}")
    parts += [choice.name for choice in (target_group, ladder) if choice is not None]
    if parts:
        title += " – " + ", ".join(parts)
    group_id = target_group.id if target_group is not None else None
    ladder_id = ladder.id if ladder is not None else None

    def render() -> bytes:
        return status_report_pdf(
            store,
            render_status_report,
            period,
            target_group_id=group_id,
            ladder_id=ladder_id,
        )

    return PrintJob(title, f"{title}.pdf", render)


def _buddy(text: str, field: QWidget, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setBuddy(field)
    return label


class _Actions(QWidget):
    """The three buttons every printable thing has: Vis…, Udskriv…, Gem som PDF…."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.show_button = self._button(self.tr("Vis…"), what)
        self.print_button = self._button(self.tr("Udskriv…"), what)
        self.save_button = self._button(self.tr("Gem som PDF…"), what)
        for button in (self.show_button, self.print_button, self.save_button):
            layout.addWidget(button)

    def _button(self, text: str, what: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(f"{what}: {text.rstrip('…')}")
        return button


class SheetRow(QObject):
    """One worksheet kind on the page: item picker, blank or filled, and the actions."""

    def __init__(self, sheet: SheetKind, page: ReportsPage, grid: QGridLayout, row: int) -> None:
        super().__init__(page)
        self.sheet = sheet
        self.page = page
        parent = grid.parentWidget()
        label = text_label(sheet.label, bold=True, selectable=False)
        grid.addWidget(label, row, 0)

        self.items = QComboBox(parent)
        self.items.setAccessibleName(self.tr("{sheet}: vælg").format(sheet=sheet.label))
        self.items.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        if sheet.item is None:
            self.items.hide()
        else:
            grid.addWidget(self.items, row, 1)

        choice = QWidget(parent)
        choice_layout = QHBoxLayout(choice)
        choice_layout.setContentsMargins(0, 0, 0, 0)
        self.blank = QRadioButton(self.tr("Blankt"), choice)
        self.blank.setAccessibleName(self.tr("{sheet}: blankt").format(sheet=sheet.label))
        self.filled = QRadioButton(self.tr("Udfyldt"), choice)
        self.filled.setAccessibleName(self.tr("{sheet}: udfyldt").format(sheet=sheet.label))
        self.group = QButtonGroup(self)
        self.group.addButton(self.blank)
        self.group.addButton(self.filled)
        choice_layout.addWidget(self.blank)
        choice_layout.addWidget(self.filled)
        grid.addWidget(choice, row, 2)
        self.blank.setEnabled(sheet.has_blank)
        (self.blank if sheet.has_blank else self.filled).setChecked(True)
        self.items.activated.connect(lambda _index: self.filled.setChecked(True))

        self.actions = _Actions(sheet.label, parent)
        grid.addWidget(self.actions, row, 3)
        self.actions.show_button.clicked.connect(lambda: page.preview(self.job()))
        self.actions.print_button.clicked.connect(lambda: page.print_job(self.job()))
        self.actions.save_button.clicked.connect(lambda: page.save_job(self.job()))

    def set_choices(self, found: Sequence[Choice], default: uuid.UUID | None = None) -> None:
        """Fill the picker, keeping the item picked (else ``default``, e.g. the chosen
        mission draft)."""
        if self.sheet.item is None:
            return
        current = self.items.currentData() or default
        self.items.blockSignals(True)
        self.items.clear()
        for choice in found:
            self.items.addItem(choice.name, choice.id)
        if not found:
            self.items.addItem(self.tr("(ingen endnu)"), None)
        index = self.items.findData(current)
        self.items.setCurrentIndex(max(index, 0))
        self.items.blockSignals(False)
        can_fill = bool(found)
        self.filled.setEnabled(can_fill)
        if not can_fill and self.filled.isChecked():
            self.blank.setChecked(True)
        self.items.setEnabled(can_fill)  # picking an item chooses "Udfyldt"

    def chosen(self) -> Choice | None:
        item_id = self.items.currentData()
        if self.sheet.item is None or item_id is None:
            return None
        return Choice(item_id, self.items.currentText())

    def job(self) -> PrintJob:
        if self.blank.isChecked():
            return blank_job(self.sheet, self.page.document)
        return filled_job(self.page.workspace.store, self.sheet, self.chosen())


class ReportsPage(Page):
    shows = frozenset(
        {Organisation, MissionDraft, Persona, TargetGroup, DoorSheet, Ladder, Participant}
    )

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
        box = QGroupBox(self.tr("Arbejdsark"), parent)
        layout = QVBoxLayout(box)
        layout.addWidget(
            text_label(
                self.tr(
                    "Guidens ark på A4 (ind ad døren – ud af døren og måltrappen på tværs). "
                    "Vælg »Blankt« til workshoppen eller »Udfyldt« med det, I har skrevet."
                )
            )
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
        box = QGroupBox(self.tr("Progressionsrapport for en deltager"), parent)
        layout = QVBoxLayout(box)
        layout.addWidget(
            text_label(
                self.tr(
                    "Til kommunen: deltagerens udgangspunkt, trin på måltrapperne, "
                    "opfølgninger og udfordringer. Rapporterne er pseudonyme som "
                    "udgangspunkt: deltageren står kun med sin kode. Sæt kun hak i »Medtag "
                    "navn«, når modtageren skal have navnet."
                )
            )
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
        box = QGroupBox(self.tr("Statusoverblik"), parent)
        layout = QVBoxLayout(box)
        layout.addWidget(
            text_label(
                self.tr(
                    "Til ledelsen og bestyrelsen: deltagere, målgrupper og måltrapper – "
                    "hvor mange trin, hvor lang tid et trin tager, og hvor mange der når "
                    "deres mål. Uden datoer gælder det hele forløbet."
                )
            )
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

    @staticmethod
    def _with(make: Callable[[], PrintJob | None], then: Callable[[PrintJob], object]) -> None:
        job = make()
        if job is not None:
            then(job)

    # --- Actions ------------------------------------------------------------------------

    def preview(self, job: PrintJob) -> PdfPreviewDialog:
        """Show ``job`` in the preview dialog (rendered in the background)."""
        dialog = PdfPreviewDialog(job, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Characters no font has are named above the pages, before anyone prints.
        dialog.loaded.connect(lambda _pages: self._warn_unprintable(dialog.pdf, job, dialog))
        self.dialogs.append(dialog)
        dialog.destroyed.connect(lambda *_: self._forget(dialog))
        dialog.open()
        return dialog

    def _forget(self, dialog: PdfPreviewDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)

    def print_job(self, job: PrintJob) -> JobRunner:
        """Render ``job`` in the background, then show the print dialog."""

        def then(pdf: bytes) -> object:
            self._warn_unprintable(pdf, job)
            return ask_and_print(pdf, self, job.title)

        return self._run(job, None, then)

    def save_job(self, job: PrintJob) -> JobRunner | None:
        """Ask for a file name, then render and write ``job`` there in the background."""
        path = ask_save_path(self, job.file_name)
        if path is None:
            return None
        return self._run(
            job,
            path,
            lambda pdf: self._say(
                " ".join(
                    [self.tr("Gemt som {path}").format(path=path), self._unprintable(pdf, job)]
                ).strip()
            ),
        )

    def _unprintable(self, pdf: bytes | None, job: PrintJob) -> str:
        warning = print_warning(pdf, job.title) if pdf is not None else ""
        return self.tr("Advarsel: {warning}").format(warning=warning) if warning else ""

    def _warn_unprintable(
        self, pdf: bytes | None, job: PrintJob, dialog: PdfPreviewDialog | None = None
    ) -> str:
        """Name the characters ``pdf`` could not print, in the preview's status line (or
        the page's), before printing."""
        text = self._unprintable(pdf, job)
        if text:
            if dialog is not None:
                dialog.status_label.setText(text)
                dialog.status_label.setWordWrap(True)
            self._say(text)
        return text

    def _run(
        self, job: PrintJob, target: Path | None, then: Callable[[bytes], object]
    ) -> JobRunner:
        runner = JobRunner(job, self, target=target)
        self.runners.add(runner)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

        def finish() -> None:
            QGuiApplication.restoreOverrideCursor()
            self.runners.discard(runner)
            runner.deleteLater()

        def done(pdf: object) -> None:
            finish()
            assert isinstance(pdf, bytes)
            then(pdf)

        def failed(exc: object) -> None:
            finish()
            assert isinstance(exc, BaseException)
            show_error(self, exc)

        runner.done.connect(done)
        runner.failed.connect(failed)
        runner.start()
        return runner

    def _say(self, text: str) -> None:
        self.result_label.setText(text)
        self.result_label.show()

    # --- Batches ------------------------------------------------------------------------

    def save_all_blank(self) -> BatchPrinter | None:
        return self._batch(self.blank_jobs(), self.tr("Alle blanke ark"))

    def save_all_participants(self) -> BatchPrinter | None:
        jobs = self.active_participant_jobs()
        if not jobs:
            self._say(self.tr("Der er ingen aktive deltagere at lave rapporter for."))
            return None
        return self._batch(jobs, self.tr("Rapporter for alle aktive deltagere"))

    def _batch_running(self) -> bool:
        return self.batch is not None and self.batch.is_running()

    def _batch(self, jobs: list[PrintJob], caption: str) -> BatchPrinter | None:
        if self._batch_running():
            return None
        folder = ask_folder(
            self, self.tr("Vælg mappen til PDF-filerne – {what}").format(what=caption.lower())
        )
        if folder is None:
            return None
        batch = run_batch(jobs, folder, self, caption=caption)
        self.batch = batch
        self.all_blank_button.setEnabled(False)
        self.all_participants_button.setEnabled(False)

        def finished(paths: list[Path]) -> None:
            self._batch_over()
            if batch.cancelled:
                self._say(
                    self.tr("Annulleret: {n} af {total} filer blev gemt i {folder}.").format(
                        n=len(paths), total=batch.total, folder=folder
                    )
                )
            else:
                self._say(
                    self.tr("{n} filer er gemt i {folder}.").format(n=len(paths), folder=folder)
                )

        def failed(message: str) -> None:
            self._batch_over()
            self._say(
                self.tr("Stoppet: {n} af {total} filer blev gemt i {folder}.").format(
                    n=len(batch.written), total=batch.total, folder=folder
                )
            )
            show_error(self, PrintingError(message))

        batch.finished.connect(finished)
        batch.failed.connect(failed)
        return batch

    def _batch_over(self) -> None:
        self.all_blank_button.setEnabled(True)
        self.all_participants_button.setEnabled(self._has_active)
