"""Printing a PDF on a real printer (or any QPrinter) through the platform's print dialog.

Each page is painted as an image at the printer's resolution, in the page's own
orientation, in a worker thread (:class:`PrintRunner`) with a progress dialog that can
cancel.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, QSizeF, Signal
from PySide6.QtGui import QGuiApplication, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from forandring_desktop.ui.background import Background, Progress, progress_dialog
from forandring_desktop.ui.dialogs import show_error
from forandring_desktop.ui.printing.pdf import POINTS_PER_INCH, PrintingError, load_pdf

PRINT_PROGRESS_DELAY_MS = 400  # a one-page print needs no progress dialog
MAX_PRINT_DPI = 300  # pages are painted as images; more only costs memory and time


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
            raise PrintingError(
                QGuiApplication.translate(
                    "Printing", "Der er ingen sider at udskrive i det valgte interval."
                )
            )
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
                        raise PrintingError(
                            QGuiApplication.translate("Printing", "Printeren kunne ikke startes.")
                        )
                elif not printer.newPage():
                    raise PrintingError(
                        QGuiApplication.translate(
                            "Printing", "Printeren kunne ikke starte en ny side."
                        )
                    )
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
    dialog.setWindowTitle(
        QGuiApplication.translate("Printing", "Udskriv – {title}").format(title=title)
    )
    dialog.setMinMax(1, count)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    runner = PrintRunner(pdf, printer, parent, current_page=current_page)
    progress = progress_dialog(
        parent,
        QGuiApplication.translate("Printing", "Udskriv – {title}").format(title=title),
        QGuiApplication.translate("Printing", "Udskriver …"),
        count,
        show_after_ms=PRINT_PROGRESS_DELAY_MS,
    )
    runner.progress_dialog = progress.dialog

    def on_progress(done: int, total: int, _title: str) -> None:
        progress.bar.setMaximum(total)
        progress.bar.setValue(done)
        progress.dialog.setLabelText(
            QGuiApplication.translate(
                "Printing", "Side {done} af {total} er sendt til printeren."
            ).format(done=done, total=total)
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


class PrintRunner(Background):
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

        def work(progress: Progress) -> int:
            return print_pdf(
                pdf,
                printer,
                pages,
                current_page=current,
                progress=lambda done, total: progress.report(done, total, ""),
                stop=stop,
            )

        self._start(work)

    def _on_progress(self, done: int, total: int, title: str) -> None:
        self.progress.emit(done, total, title)

    def _on_done(self, result: object) -> None:
        assert isinstance(result, int)
        self.printed = result
        self.done.emit(result)

    def _on_failed(self, exc: object) -> None:
        self.failed.emit(exc)
