"""Where PDFs go: the save dialog, the folder dialog, and the folder used last."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from forandring_desktop.services.file_names import PDF_SUFFIX, safe_file_name, with_suffix
from forandring_desktop.ui.settings import LAST_PDF_FOLDER


def with_pdf_suffix(path: Path) -> Path:
    return with_suffix(path, PDF_SUFFIX)


def last_folder(default: Path | None = None) -> Path:
    """The folder PDFs were last saved in (a folder, never a file name), or ``default``."""
    value = LAST_PDF_FOLDER.get()
    if value and Path(value).is_dir():
        return Path(value)
    return default if default is not None else Path.home()


def remember_folder(folder: Path) -> None:
    LAST_PDF_FOLDER.set(str(folder))


def ask_save_path(parent: QWidget | None, file_name: str) -> Path | None:
    """Ask where to save a PDF (``.pdf`` is added if missing); None if cancelled."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        QGuiApplication.translate("Printing", "Gem som PDF"),
        str(last_folder() / safe_file_name(file_name)),
        QGuiApplication.translate("Printing", "PDF-filer (*.pdf)"),
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
