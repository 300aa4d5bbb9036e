"""A PDF in memory as Qt sees it, and the error when it cannot be shown or printed."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtPdf import QPdfDocument

from forandring_desktop.model import ForandringError

POINTS_PER_INCH = 72.0


class PrintingError(ForandringError):
    """A PDF that cannot be shown or a printer that cannot be used."""


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
        raise PrintingError(QGuiApplication.translate("Printing", "PDF-filen kunne ikke læses."))
    return document
