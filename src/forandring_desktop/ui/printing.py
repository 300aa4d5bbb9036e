"""Previewing, printing and saving PDFs made by ``reports``, one at a time or in a batch.

A :class:`PrintJob` says what to print (a Danish title, a safe file name, and a function
that renders the PDF). Rendering runs in a worker thread (reportlab and the data it needs
can take a while); Qt only sees the finished bytes:

* :class:`PdfPreviewDialog` shows the pages and prints or saves them;
* :func:`print_pdf` paints PDF pages on any ``QPrinter`` (a real printer or a PDF file);
* :class:`JobRunner` renders one job in the background (and can write it to a file);
* :class:`BatchPrinter` renders many jobs into a folder, with progress and cancel.

PDFs are written with ``services.printing.write_pdf`` (atomically), never to temp files: a
participant's report is personal data.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QPointF,
    QRectF,
    QRunnable,
    QSize,
    QSizeF,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import ForandringError
from forandring_desktop.services.printing import write_pdf
from forandring_desktop.ui.dialogs import error_details, show_error
from forandring_desktop.ui.settings import app_settings

log = logging.getLogger(__name__)

PDF_SUFFIX = ".pdf"
PRINT_PROGRESS_DELAY_MS = 400  # a one-page print needs no progress dialog
MAX_PROGRESS_DELAY_MS = 2**30  # QProgressDialog must never show itself
MAX_PRINT_DPI = 300  # pages are painted as images; more only costs memory and time
POINTS_PER_INCH = 72.0
MAX_FILE_STEM = 120
ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.25, 5.0
_LAST_FOLDER = "printing/last_folder"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


class PrintingError(ForandringError):
    """A PDF that cannot be shown or a printer that cannot be used."""


def _t(text: str) -> str:
    return QGuiApplication.translate("Printing", text)


# --- Jobs and file names ---------------------------------------------------------------------


def safe_file_name(text: str, suffix: str = PDF_SUFFIX) -> str:
    """``text`` as a file name any platform accepts, ending in ``suffix``."""
    stem = text[: -len(suffix)] if text.lower().endswith(suffix) else text
    stem = _UNSAFE.sub("-", stem).strip().strip(".").strip()
    stem = re.sub(r"\s+", " ", stem)[:MAX_FILE_STEM].strip() or _t("Udskrift")
    return stem + suffix


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


def unique_path(folder: Path, file_name: str, taken: set[Path] | None = None) -> Path:
    """``folder / file_name``, or ``… (2).pdf`` and so on if that exists or is taken."""
    name = safe_file_name(file_name)
    stem, suffix = name[: -len(PDF_SUFFIX)], PDF_SUFFIX
    candidate = folder / name
    number = 2
    taken = taken if taken is not None else set()
    while candidate.exists() or candidate in taken:
        candidate = folder / f"{stem} ({number}){suffix}"
        number += 1
    return candidate


def with_pdf_suffix(path: Path) -> Path:
    return path if path.suffix.lower() == PDF_SUFFIX else path.with_name(path.name + PDF_SUFFIX)


def last_folder(default: Path | None = None) -> Path:
    """The folder PDFs were last saved in (a folder, never a file name), or ``default``."""
    value = app_settings().value(_LAST_FOLDER)
    if isinstance(value, str) and value and Path(value).is_dir():
        return Path(value)
    return default if default is not None else Path.home()


def remember_folder(folder: Path) -> None:
    settings = app_settings()
    settings.setValue(_LAST_FOLDER, str(folder))
    settings.sync()


def unexpected_message(title: str) -> str:
    return _t(
        "Der opstod en uventet fejl, da »{title}« skulle laves. Det, der allerede er gemt, "
        "er ikke berørt."
    ).format(title=title)


# --- Loading a PDF into Qt -------------------------------------------------------------------


def load_pdf(pdf: bytes, parent: QObject | None = None) -> QPdfDocument:
    """A ``QPdfDocument`` over ``pdf`` in memory (the buffer lives as long as the document)."""
    document = QPdfDocument(parent) if parent is not None else QPdfDocument()
    buffer = QBuffer(document)  # QtPdf reads from the device while it renders
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        document.close()
        if parent is not None:
            document.deleteLater()
        raise PrintingError(_t("PDF-filen kunne ikke læses."))
    return document


# --- Printing --------------------------------------------------------------------------------


def selected_pages(printer: QPrinter, page_count: int, current: int = 0) -> list[int]:
    """The 0-based pages the print dialog asked for (all of them unless a range was set)."""
    everything = list(range(page_count))
    mode = printer.printRange()
    if mode == QPrinter.PrintRange.CurrentPage:
        return [current] if 0 <= current < page_count else everything
    if mode == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            return [page for page in everything if ranges.contains(page + 1)]
    return everything


def _orientation(size: QSizeF) -> QPageLayout.Orientation:
    if size.width() > size.height():
        return QPageLayout.Orientation.Landscape
    return QPageLayout.Orientation.Portrait


def print_pdf(
    pdf: bytes,
    printer: QPrinter,
    pages: Iterable[int] | None = None,
    *,
    current_page: int = 0,
    max_dpi: int = MAX_PRINT_DPI,
    progress: Callable[[int, int], object] | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Print ``pdf`` on ``printer``: each page as an image at the printer's resolution (at
    most ``max_dpi``), scaled to the paper and in the page's own orientation, so landscape
    sheets stay landscape. ``pages`` are 0-based; None prints what the printer's range
    (from the print dialog) selects. ``progress(done, total)`` is called after each page;
    once ``stop`` is set the print run is aborted before the next page. Returns the number
    of pages printed.

    Safe to call from a worker thread (QPainter on a QPrinter, QtPdf rendering)."""
    document = load_pdf(pdf)
    try:
        count = document.pageCount()
        wanted = (
            [p for p in pages if 0 <= p < count]
            if pages is not None
            else selected_pages(printer, count, current_page)
        )
        if not wanted:
            raise PrintingError(_t("Der er ingen sider at udskrive i det valgte interval."))
        printer.setFullPage(True)  # the PDF has its own margins
        painter = QPainter()
        printed = 0
        try:
            for number, page in enumerate(wanted):
                if stop is not None and stop.is_set():
                    if painter.isActive():
                        printer.abort()
                    break
                size = document.pagePointSize(page)
                printer.setPageOrientation(_orientation(size))
                if number == 0:
                    if not painter.begin(printer):
                        raise PrintingError(_t("Printeren kunne ikke startes."))
                elif not printer.newPage():
                    raise PrintingError(_t("Printeren kunne ikke starte en ny side."))
                _paint_page(painter, printer, document, page, size, max_dpi)
                printed += 1
                if progress is not None:
                    progress(printed, len(wanted))
        finally:
            if painter.isActive():
                painter.end()
        return printed
    finally:
        document.close()  # Python owns it: gone with the last reference, in any thread


def _paint_page(
    painter: QPainter,
    printer: QPrinter,
    document: QPdfDocument,
    page: int,
    size: QSizeF,
    max_dpi: int,
) -> None:
    dpi = max(72, min(printer.resolution(), max_dpi))
    image = document.render(
        page,
        QSize(
            max(1, round(size.width() * dpi / POINTS_PER_INCH)),
            max(1, round(size.height() * dpi / POINTS_PER_INCH)),
        ),
    )
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    scale = min(paper.width() / size.width(), paper.height() / size.height())
    width, height = size.width() * scale, size.height() * scale
    corner = QPointF((paper.width() - width) / 2, (paper.height() - height) / 2)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawImage(QRectF(corner, QSizeF(width, height)), image)


def new_printer() -> QPrinter:
    """The printer the print dialog starts from (tests replace this)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)
    return printer


def ask_and_print(
    pdf: bytes, parent: QWidget | None, title: str, current_page: int = 0
) -> PrintRunner | None:
    """Show the platform's print dialog for ``pdf``, then print what was chosen there in
    the background with a progress dialog that can cancel.

    Returns the running :class:`PrintRunner`, or None if the person cancelled the dialog;
    errors are shown in Danish."""
    try:
        document = load_pdf(pdf)
    except PrintingError as exc:
        show_error(parent, exc)
        return None
    count = document.pageCount()
    orientation = _orientation(document.pagePointSize(0))
    document.close()
    del document
    printer = new_printer()
    printer.setDocName(title)
    printer.setPageOrientation(orientation)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_t("Udskriv – {title}").format(title=title))
    dialog.setMinMax(1, count)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    runner = PrintRunner(pdf, printer, parent, current_page=current_page)
    progress = _progress_dialog(
        parent,
        _t("Udskriv – {title}").format(title=title),
        _t("Udskriver …"),
        count,
        show_after_ms=PRINT_PROGRESS_DELAY_MS,
    )
    runner.progress_dialog = progress.dialog

    def on_progress(done: int, total: int, _title: str) -> None:
        progress.bar.setMaximum(total)
        progress.bar.setValue(done)
        progress.dialog.setLabelText(
            _t("Side {done} af {total} er sendt til printeren.").format(done=done, total=total)
        )

    def on_failed(exc: object) -> None:
        progress.close()
        assert isinstance(exc, BaseException)
        show_error(parent, exc)

    runner.progress.connect(on_progress)
    progress.dialog.canceled.connect(runner.cancel)
    runner.done.connect(progress.close)
    runner.failed.connect(on_failed)
    runner.start()
    return runner


def ask_save_path(parent: QWidget | None, file_name: str) -> Path | None:
    """Ask where to save a PDF (``.pdf`` is added if missing); None if cancelled."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        _t("Gem som PDF"),
        str(last_folder() / safe_file_name(file_name)),
        _t("PDF-filer (*.pdf)"),
    )
    if not chosen:
        return None
    path = with_pdf_suffix(Path(chosen))
    remember_folder(path.parent)
    return path


def ask_folder(parent: QWidget | None, caption: str) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, caption, str(last_folder()))
    if not chosen:
        return None
    folder = Path(chosen)
    remember_folder(folder)
    return folder


# --- Background work -------------------------------------------------------------------------


class _Relay(QObject):
    """Carries a worker's results to the GUI thread (queued: the receivers live there)."""

    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[_Relay], object], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python keeps it alive until the relay reports
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work(self._relay)
        except BaseException as exc:
            self._relay.failed.emit(exc)
        else:
            self._relay.done.emit(result)


class _Background(QObject):
    """One piece of work in its own worker thread; results arrive on the GUI thread.

    The pool is a child, so deleting this object waits for the worker to finish."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.progress.connect(self._on_progress)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._stop = threading.Event()
        self._task: _Task | None = None
        self._running = False
        self.progress_dialog: QProgressDialog | None = None  # when one is shown for it

    def _start(self, work: Callable[[_Relay], object]) -> None:
        if self._running:
            return
        self._task = _Task(work, self._relay)
        self._running = True
        self._pool.start(self._task)

    def cancel(self) -> None:
        """Ask the worker to stop at the next safe point."""
        self._stop.set()

    def is_running(self) -> bool:
        return self._running

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is done (e.g. before the store closes)."""
        return self._pool.waitForDone(msecs)

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, title: str) -> None:
        pass

    @Slot(object)
    def _on_done(self, result: object) -> None:
        self._running = False

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        self._running = False


class JobRunner(_Background):
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

        def work(_relay: _Relay) -> bytes:
            pdf = job.render()
            if target is not None:
                write_pdf(target, pdf)
            return pdf

        self._start(work)

    @Slot(object)
    def _on_done(self, result: object) -> None:
        super()._on_done(result)
        assert isinstance(result, bytes)
        self.pdf = result
        self.done.emit(result)

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        super()._on_failed(exc)
        self.failed.emit(exc)


class PrintRunner(_Background):
    """Print a PDF on ``printer`` in a worker thread (painting pages as images takes
    seconds). ``progress(done, total, "")`` per page; ``done(pages printed)``; ``failed``
    with the exception. :meth:`cancel` aborts the print run after the current page."""

    progress = Signal(int, int, str)
    done = Signal(int)
    failed = Signal(object)

    def __init__(
        self,
        pdf: bytes,
        printer: QPrinter,
        parent: QObject | None = None,
        *,
        pages: Sequence[int] | None = None,
        current_page: int = 0,
    ) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.printer = printer  # used only by the worker until ``done``/``failed``
        self.pages = list(pages) if pages is not None else None
        self.current_page = current_page
        self.printed = 0

    def start(self) -> None:
        pdf, printer, pages, current, stop = (
            self.pdf,
            self.printer,
            self.pages,
            self.current_page,
            self._stop,
        )

        def work(relay: _Relay) -> int:
            return print_pdf(
                pdf,
                printer,
                pages,
                current_page=current,
                progress=lambda done, total: relay.progress.emit(done, total, ""),
                stop=stop,
            )

        self._start(work)

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, title: str) -> None:
        self.progress.emit(done, total, title)

    @Slot(object)
    def _on_done(self, result: object) -> None:
        super()._on_done(result)
        assert isinstance(result, int)
        self.printed = result
        self.done.emit(result)

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        super()._on_failed(exc)
        self.failed.emit(exc)


class BatchPrinter(_Background):
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
        if self._running:
            return
        jobs, folder, stop = list(self.jobs), self.folder, self._stop
        written: list[Path] = []
        self.written = written

        def work(relay: _Relay) -> list[Path]:
            if not folder.is_dir():
                raise PrintingError(_t("Mappen {folder} findes ikke.").format(folder=folder))
            for number, job in enumerate(jobs, start=1):
                if stop.is_set():
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
                relay.progress.emit(number, len(jobs), job.title)
            return list(written)

        self._start(work)

    def cancel(self) -> None:
        """Stop after the job being rendered now; its file is finished, no later one is."""
        super().cancel()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, title: str) -> None:
        self.progress.emit(done, total, title)

    @Slot(object)
    def _on_done(self, result: object) -> None:
        super()._on_done(result)
        assert isinstance(result, list)
        self.written = list(result)
        self.cancelled = self._stop.is_set() and len(result) < len(self.jobs)
        self.finished.emit(self.written)

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        super()._on_failed(exc)
        if isinstance(exc, _JobError | ForandringError):
            message = str(exc)
        else:
            assert isinstance(exc, BaseException)
            log.error("Batch-udskrift fejlede:\n%s", error_details(exc))
            message = unexpected_message(_t("udskrifterne"))
        self.failed.emit(message)


class _JobError(Exception):
    """A job in a batch failed; the message is Danish and free of personal data."""


@dataclass
class _Progress:
    dialog: QProgressDialog
    bar: QProgressBar

    def close(self, *_args: object) -> None:
        self.dialog.close()
        self.dialog.deleteLater()


def _progress_dialog(
    parent: QWidget | None, caption: str, text: str, total: int, *, show_after_ms: int = 0
) -> _Progress:
    """A window-modal progress dialog with "Annullér" (its ``canceled`` signal).

    A modal ``QProgressDialog.setValue()`` processes events, so later progress (and even
    the end of the work) would be handled inside it; we update our own bar instead."""
    dialog = QProgressDialog(text, _t("Annullér"), 0, total, parent)
    dialog.setWindowTitle(caption)
    dialog.setAccessibleName(caption)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    bar = QProgressBar(dialog)
    bar.setAccessibleName(_t("Fremskridt"))
    dialog.setBar(bar)
    bar.setRange(0, total)
    bar.setValue(0)
    dialog.setMinimumDuration(MAX_PROGRESS_DELAY_MS)  # shown below, not by setValue
    dialog.hide()
    if show_after_ms <= 0:
        dialog.show()
    else:
        QTimer.singleShot(show_after_ms, dialog, dialog.show)
    return _Progress(dialog, bar)


def run_batch(
    jobs: Sequence[PrintJob], folder: Path, parent: QWidget, *, caption: str
) -> BatchPrinter:
    """Start a :class:`BatchPrinter` with a progress dialog that can cancel it. The caller
    reacts to ``finished``/``failed``; the dialog closes itself."""
    batch = BatchPrinter(jobs, folder, parent)
    progress = _progress_dialog(
        parent, caption, _t("Forbereder {n} filer …").format(n=batch.total), batch.total
    )
    batch.progress_dialog = progress.dialog

    def on_progress(done: int, total: int, title: str) -> None:
        progress.bar.setValue(done)
        progress.dialog.setLabelText(
            _t("{done} af {total} gemt: {title}").format(done=done, total=total, title=title)
        )

    def on_cancel() -> None:
        progress.dialog.setLabelText(_t("Stopper efter den fil, der er ved at blive lavet …"))
        batch.cancel()

    batch.progress.connect(on_progress)
    progress.dialog.canceled.connect(on_cancel)
    batch.finished.connect(progress.close)
    batch.failed.connect(progress.close)
    batch.start()
    return batch


# --- The preview dialog ----------------------------------------------------------------------


class PdfPreviewDialog(QDialog):
    """Shows a PDF (every page, fitted to the width) with Print and Save as PDF.

    Given a :class:`PrintJob` it renders the job in the background and shows the pages
    when they are ready (``loaded`` carries the page count; ``failed`` the exception).
    Ctrl+P prints, Ctrl+S saves, Esc closes.
    """

    loaded = Signal(int)
    failed = Signal(object)

    def __init__(
        self,
        source: PrintJob | bytes,
        parent: QWidget | None = None,
        *,
        title: str | None = None,
        file_name: str | None = None,
    ) -> None:
        super().__init__(parent)
        job = source if isinstance(source, PrintJob) else None
        self.title = title or (job.title if job else _t("Udskrift"))
        self.file_name = safe_file_name(file_name or (job.file_name if job else self.title))
        self.pdf: bytes | None = None
        self.document: QPdfDocument | None = None
        self.saved_path: Path | None = None
        self.setWindowTitle(_t("Vis udskrift – {title}").format(title=self.title))
        self.setAccessibleName(self.windowTitle())
        self.resize(760, 900)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.status_label = QLabel(_t("Forbereder udskriften …"), self)
        self.status_label.setAccessibleName(_t("Status"))
        top.addWidget(self.status_label, 1)
        self.pages_label = QLabel("", self)
        self.pages_label.setAccessibleName(_t("Antal sider"))
        top.addWidget(self.pages_label)
        layout.addLayout(top)

        self.view = QPdfView(self)
        self.view.setAccessibleName(_t("Forhåndsvisning"))
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        layout.addWidget(self.view, 1)

        self.buttons = QDialogButtonBox(self)
        self.print_button = self._button(_t("&Udskriv…"), QKeySequence.StandardKey.Print)
        self.save_button = self._button(_t("&Gem som PDF…"), QKeySequence.StandardKey.Save)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(_t("Luk"))
        close.setAccessibleName(_t("Luk"))
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.fit_button = QPushButton(_t("Tilpas til &bredden"), self)
        self.fit_button.setAccessibleName(_t("Tilpas til bredden"))
        self.fit_button.setAutoDefault(False)
        self.fit_button.clicked.connect(self.fit_width)
        top.addWidget(self.fit_button)

        for key, slot in (
            (QKeySequence.StandardKey.Print, self.print_document),
            (QKeySequence.StandardKey.Save, self.save_as),
            (QKeySequence.StandardKey.ZoomIn, lambda: self.zoom(ZOOM_STEP)),
            (QKeySequence.StandardKey.ZoomOut, lambda: self.zoom(1 / ZOOM_STEP)),
        ):
            action = QAction(self)
            action.setShortcut(key)
            action.triggered.connect(slot)
            self.addAction(action)
        self._set_ready(False)

        self.runner: JobRunner | None = None
        if job is not None:
            self.runner = JobRunner(job, self)
            self.runner.done.connect(self.set_pdf)
            self.runner.failed.connect(self._on_failed)
            self.runner.start()
        else:
            assert isinstance(source, bytes)
            self.set_pdf(source)

    def _button(self, text: str, key: QKeySequence.StandardKey) -> QPushButton:
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setAccessibleName(text.replace("&", ""))
        shortcut = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(f"{text.replace('&', '')} ({shortcut})")
        button.setAutoDefault(False)
        return button

    def _set_ready(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def zoom(self, factor: float) -> None:
        """Zoom in (factor > 1) or out from what is shown now (Ctrl++ / Ctrl+-)."""
        current = self.shown_zoom()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(MIN_ZOOM, min(MAX_ZOOM, current * factor)))

    def shown_zoom(self) -> float:
        """The zoom factor on screen (QPdfView keeps 1.0 while it fits to the width)."""
        if self.view.zoomMode() != QPdfView.ZoomMode.FitToWidth or self.document is None:
            return self.view.zoomFactor()
        widest = max(self.document.pagePointSize(page).width() for page in range(self.page_count))
        margins = self.view.documentMargins()
        usable = self.view.viewport().width() - margins.left() - margins.right()
        pixels_per_point = self.view.logicalDpiX() / POINTS_PER_INCH
        return max(MIN_ZOOM, usable / (widest * pixels_per_point)) if widest > 0 else 1.0

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    @property
    def page_count(self) -> int:
        return self.document.pageCount() if self.document is not None else 0

    @Slot(object)
    def set_pdf(self, pdf: bytes) -> None:
        try:
            document = load_pdf(pdf, self)
        except PrintingError as exc:
            self._on_failed(exc)
            return
        if self.document is not None:
            self.view.setDocument(None)  # type: ignore[arg-type]
            self.document.close()
            self.document.deleteLater()
        self.pdf = pdf
        self.document = document
        self.view.setDocument(document)
        count = document.pageCount()
        self.pages_label.setText(_t("1 side") if count == 1 else _t("{n} sider").format(n=count))
        self.status_label.setText(self.title)
        self._set_ready(True)
        self.loaded.emit(count)

    def _on_failed(self, exc: object) -> None:
        self.status_label.setText(_t("Udskriften kunne ikke laves."))
        self.failed.emit(exc)
        if isinstance(exc, BaseException) and self.isVisible():
            show_error(self, exc)

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def print_document(self) -> PrintRunner | None:
        """Ask for a printer and print the pages chosen there (in the background)."""
        if self.pdf is None:
            return None
        return ask_and_print(self.pdf, self, self.title, self.current_page())

    def save_as(self) -> Path | None:
        """Ask for a file name and write the PDF there atomically; None if cancelled."""
        if self.pdf is None:
            return None
        path = ask_save_path(self, self.file_name)
        if path is None:
            return None
        try:
            write_pdf(path, self.pdf)
        except Exception as exc:
            show_error(self, exc)
            return None
        self.saved_path = path
        self.status_label.setText(_t("Gemt som {file}").format(file=path.name))
        return path

    def done(self, result: int) -> None:
        if self.runner is not None and self.runner.is_running():
            self.runner.wait()
        super().done(result)


def stop_background_work(root: QObject, msecs: int = 30_000) -> None:
    """Cancel every print or render job under ``root`` and wait for it, so the store can
    close with no worker still reading it (a batch stops after its current file)."""
    for worker in root.findChildren(_Background):
        worker.cancel()
    for worker in root.findChildren(_Background):
        worker.wait(msecs)
