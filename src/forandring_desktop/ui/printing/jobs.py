"""What to print, and rendering it in the background: one job (for the preview or a file)
or a batch of jobs into a folder, with progress and cancel.

PDFs are written with ``services.printing.write_pdf`` (atomically), never to temp files: a
participant's report is personal data.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from forandring_desktop.model import ForandringError
from forandring_desktop.services.file_names import safe_file_name, unique_path
from forandring_desktop.services.printing import write_pdf
from forandring_desktop.ui.background import Background, Progress, progress_dialog
from forandring_desktop.ui.dialogs import error_details
from forandring_desktop.ui.printing.pdf import PrintingError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintJob:
    """One PDF to make: its Danish title, the file name to suggest, and how to render it.

    ``file_name`` never carries a participant's name (only the code); ``render`` runs in
    a worker thread, so it must use its own unit of work (``store.unit_of_work()``) and
    must not touch widgets.
    """

    title: str
    file_name: str
    render: Callable[[], bytes]

    def __post_init__(self) -> None:
        object.__setattr__(self, "file_name", safe_file_name(self.file_name))


def unexpected_message(title: str) -> str:
    return QGuiApplication.translate(
        "Printing",
        "Der opstod en uventet fejl, da »{title}« skulle laves. Det, der allerede er gemt, "
        "er ikke berørt.",
    ).format(title=title)


class JobRunner(Background):
    """Render one :class:`PrintJob` in a worker thread; with ``target`` also write it.

    ``done`` carries the PDF bytes; ``failed`` the exception (show it with ``show_error``).
    """

    done = Signal(object)  # bytes
    failed = Signal(object)

    def __init__(
        self, job: PrintJob, parent: QObject | None = None, *, target: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.job = job
        self.target = target
        self.pdf: bytes | None = None

    def start(self) -> None:
        job, target = self.job, self.target

        def work(_progress: Progress) -> bytes:
            pdf = job.render()
            if target is not None:
                write_pdf(target, pdf)
            return pdf

        self._start(work)

    def _on_done(self, result: object) -> None:
        assert isinstance(result, bytes)
        self.pdf = result
        self.done.emit(result)

    def _on_failed(self, exc: object) -> None:
        self.failed.emit(exc)


class BatchPrinter(Background):
    """Render ``jobs`` one after another in a worker thread, each into its own PDF in
    ``folder`` (written atomically, never over an existing file: ``… (2).pdf``).

    ``progress(done, total, title)`` after each file; ``finished(paths)`` with the files
    written (fewer than the jobs after :meth:`cancel`, see :attr:`cancelled`); ``failed``
    with a Danish message (the files written before the failure stay complete).
    """

    progress = Signal(int, int, str)
    finished = Signal(list)
    failed = Signal(str)

    def __init__(
        self, jobs: Sequence[PrintJob], folder: Path, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.jobs = list(jobs)
        self.folder = Path(folder)
        self.written: list[Path] = []
        self.cancelled = False

    @property
    def total(self) -> int:
        return len(self.jobs)

    def start(self) -> None:
        if self.is_running():
            return
        jobs, folder = list(self.jobs), self.folder
        written: list[Path] = []
        self.written = written

        def work(progress: Progress) -> list[Path]:
            if not folder.is_dir():
                raise PrintingError(
                    QGuiApplication.translate("Printing", "Mappen {folder} findes ikke.").format(
                        folder=folder
                    )
                )
            for number, job in enumerate(jobs, start=1):
                if progress.cancelled:
                    break
                try:
                    pdf = job.render()
                    path = unique_path(folder, job.file_name, set(written))
                    write_pdf(path, pdf)
                except ForandringError as exc:
                    raise _JobError(str(exc)) from exc
                except Exception as exc:
                    log.error("Batch-udskrift fejlede:\n%s", error_details(exc))
                    raise _JobError(unexpected_message(job.title)) from exc
                written.append(path)
                progress.report(number, len(jobs), job.title)
            return list(written)

        self._start(work)

    def cancel(self) -> None:
        """Stop after the job being rendered now; its file is finished, no later one is."""
        super().cancel()

    def _on_progress(self, done: int, total: int, title: str) -> None:
        self.progress.emit(done, total, title)

    def _on_done(self, result: object) -> None:
        assert isinstance(result, list)
        self.written = list(result)
        self.cancelled = self.was_cancelled and len(result) < len(self.jobs)
        self.finished.emit(self.written)

    def _on_failed(self, exc: object) -> None:
        if isinstance(exc, _JobError | ForandringError):
            message = str(exc)
        else:
            assert isinstance(exc, BaseException)
            log.error("Batch-udskrift fejlede:\n%s", error_details(exc))
            message = unexpected_message(QGuiApplication.translate("Printing", "udskrifterne"))
        self.failed.emit(message)


class _JobError(Exception):
    """A job in a batch failed; the message is Danish and free of personal data."""


def run_batch(
    jobs: Sequence[PrintJob], folder: Path, parent: QWidget, *, caption: str
) -> BatchPrinter:
    """Start a :class:`BatchPrinter` with a progress dialog that can cancel it. The caller
    reacts to ``finished``/``failed``; the dialog closes itself."""
    batch = BatchPrinter(jobs, folder, parent)
    progress = progress_dialog(
        parent,
        caption,
        QGuiApplication.translate("Printing", "Forbereder {n} filer …").format(n=batch.total),
        batch.total,
    )
    batch.progress_dialog = progress.dialog

    def on_progress(done: int, total: int, title: str) -> None:
        progress.bar.setValue(done)
        progress.dialog.setLabelText(
            QGuiApplication.translate("Printing", "{done} af {total} gemt: {title}").format(
                done=done, total=total, title=title
            )
        )

    def on_cancel() -> None:
        progress.dialog.setLabelText(
            QGuiApplication.translate(
                "Printing", "Stopper efter den fil, der er ved at blive lavet …"
            )
        )
        batch.cancel()

    batch.progress.connect(on_progress)
    progress.dialog.canceled.connect(on_cancel)
    batch.finished.connect(progress.close)
    batch.failed.connect(progress.close)
    batch.start()
    return batch
