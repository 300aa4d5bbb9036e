"""The preview dialog: every page of a PDF, fitted to the width, with Print and Save as PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.services.file_names import safe_file_name
from forandring_desktop.services.printing import write_pdf
from forandring_desktop.ui.dialogs import show_error
from forandring_desktop.ui.printing.files import ask_save_path
from forandring_desktop.ui.printing.jobs import JobRunner, PrintJob
from forandring_desktop.ui.printing.pdf import POINTS_PER_INCH, PrintingError, load_pdf
from forandring_desktop.ui.printing.printer import PrintRunner, ask_and_print

ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.25, 5.0


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
        self.title = title or (
            job.title if job else QGuiApplication.translate("Printing", "Udskrift")
        )
        self.file_name = safe_file_name(file_name or (job.file_name if job else self.title))
        self.pdf: bytes | None = None
        self.document: QPdfDocument | None = None
        self.saved_path: Path | None = None
        self.setWindowTitle(
            QGuiApplication.translate("Printing", "Vis udskrift – {title}").format(title=self.title)
        )
        self.setAccessibleName(self.windowTitle())
        self.resize(760, 900)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.status_label = QLabel(
            QGuiApplication.translate("Printing", "Forbereder udskriften …"), self
        )
        self.status_label.setAccessibleName(QGuiApplication.translate("Printing", "Status"))
        top.addWidget(self.status_label, 1)
        self.pages_label = QLabel("", self)
        self.pages_label.setAccessibleName(QGuiApplication.translate("Printing", "Antal sider"))
        top.addWidget(self.pages_label)
        layout.addLayout(top)

        self.view = QPdfView(self)
        self.view.setAccessibleName(QGuiApplication.translate("Printing", "Forhåndsvisning"))
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        layout.addWidget(self.view, 1)

        self.buttons = QDialogButtonBox(self)
        self.print_button = self._button(
            QGuiApplication.translate("Printing", "&Udskriv…"), QKeySequence.StandardKey.Print
        )
        self.save_button = self._button(
            QGuiApplication.translate("Printing", "&Gem som PDF…"), QKeySequence.StandardKey.Save
        )
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(QGuiApplication.translate("Printing", "Luk"))
        close.setAccessibleName(QGuiApplication.translate("Printing", "Luk"))
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.fit_button = QPushButton(
            QGuiApplication.translate("Printing", "Tilpas til &bredden"), self
        )
        self.fit_button.setAccessibleName(
            QGuiApplication.translate("Printing", "Tilpas til bredden")
        )
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
        self.pages_label.setText(
            QGuiApplication.translate("Printing", "1 side")
            if count == 1
            else QGuiApplication.translate("Printing", "{n} sider").format(n=count)
        )
        self.status_label.setText(self.title)
        self._set_ready(True)
        self.loaded.emit(count)

    def _on_failed(self, exc: object) -> None:
        self.status_label.setText(
            QGuiApplication.translate("Printing", "Udskriften kunne ikke laves.")
        )
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
        self.status_label.setText(
            QGuiApplication.translate("Printing", "Gemt som {file}").format(file=path.name)
        )
        return path

    def done(self, result: int) -> None:
        if self.runner is not None and self.runner.is_running():
            self.runner.wait()
        super().done(result)
