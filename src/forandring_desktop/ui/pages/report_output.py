"""Where the reports page's jobs go: a preview, the print dialog or a PDF file, each
rendered in the background (characters no font has are named before anyone prints); and
batches of files into a folder, one batch at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QPushButton

from forandring_desktop.services.printing import print_warning
from forandring_desktop.ui.parts import WidgetPart
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


class ReportOutput(WidgetPart):
    """Previewing, printing, saving and batches of the reports page: not a widget of its
    own, a part of :class:`~forandring_desktop.ui.pages.reports.ReportsPage` (its texts
    keep that context)."""

    if TYPE_CHECKING:  # what this part uses of the page it belongs to
        runners: set[JobRunner]
        batch: BatchPrinter | None
        dialogs: list[PdfPreviewDialog]
        _has_active: bool
        result_label: QLabel
        all_blank_button: QPushButton
        all_participants_button: QPushButton

        def blank_jobs(self) -> list[PrintJob]: ...

        def active_participant_jobs(self) -> list[PrintJob]: ...

        def _show_error(self, exc: BaseException) -> None: ...

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
                    [
                        QCoreApplication.translate("ReportsPage", "Gemt som {path}").format(
                            path=path
                        ),
                        self._unprintable(pdf, job),
                    ]
                ).strip()
            ),
        )

    def _unprintable(self, pdf: bytes | None, job: PrintJob) -> str:
        warning = print_warning(pdf, job.title) if pdf is not None else ""
        return (
            QCoreApplication.translate("ReportsPage", "Advarsel: {warning}").format(warning=warning)
            if warning
            else ""
        )

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
            self._show_error(exc)

        runner.done.connect(done)
        runner.failed.connect(failed)
        runner.start()
        return runner

    def _say(self, text: str) -> None:
        self.result_label.setText(text)
        self.result_label.show()

    # --- Batches ------------------------------------------------------------------------

    def save_all_blank(self) -> BatchPrinter | None:
        return self._batch(
            self.blank_jobs(), QCoreApplication.translate("ReportsPage", "Alle blanke ark")
        )

    def save_all_participants(self) -> BatchPrinter | None:
        jobs = self.active_participant_jobs()
        if not jobs:
            self._say(
                QCoreApplication.translate(
                    "ReportsPage", "Der er ingen aktive deltagere at lave rapporter for."
                )
            )
            return None
        return self._batch(
            jobs, QCoreApplication.translate("ReportsPage", "Rapporter for alle aktive deltagere")
        )

    def _batch_running(self) -> bool:
        return self.batch is not None and self.batch.is_running()

    def _batch(self, jobs: list[PrintJob], caption: str) -> BatchPrinter | None:
        if self._batch_running():
            return None
        folder = ask_folder(
            self,
            QCoreApplication.translate(
                "ReportsPage", "Vælg mappen til PDF-filerne – {what}"
            ).format(what=caption.lower()),
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
                    QCoreApplication.translate(
                        "ReportsPage", "Annulleret: {n} af {total} filer blev gemt i {folder}."
                    ).format(n=len(paths), total=batch.total, folder=folder)
                )
            else:
                self._say(
                    QCoreApplication.translate(
                        "ReportsPage", "{n} filer er gemt i {folder}."
                    ).format(n=len(paths), folder=folder)
                )

        def failed(message: str) -> None:
            self._batch_over()
            self._say(
                QCoreApplication.translate(
                    "ReportsPage", "Stoppet: {n} af {total} filer blev gemt i {folder}."
                ).format(n=len(batch.written), total=batch.total, folder=folder)
            )
            self._show_error(PrintingError(message))

        batch.finished.connect(finished)
        batch.failed.connect(failed)
        return batch

    def _batch_over(self) -> None:
        self.all_blank_button.setEnabled(True)
        self.all_participants_button.setEnabled(self._has_active)
