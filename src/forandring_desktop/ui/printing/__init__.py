"""Previewing, printing and saving PDFs made by ``reports``, one at a time or in a batch.

A :class:`PrintJob` says what to print (a Danish title, a safe file name, and a function
that renders the PDF). Rendering runs in a worker thread (``ui/background.py``); Qt only
sees the finished bytes:

* ``preview`` — :class:`PdfPreviewDialog` shows the pages and prints or saves them;
* ``printer`` — :func:`print_pdf` paints PDF pages on any ``QPrinter``, :func:`ask_and_print`
  asks the platform's print dialog first;
* ``jobs`` — :class:`JobRunner` renders one job (and can write it to a file),
  :class:`BatchPrinter` renders many jobs into a folder, with progress and cancel;
* ``files`` — where PDFs are saved.
"""

from forandring_desktop.services.file_names import safe_file_name, unique_path
from forandring_desktop.ui.background import stop_background_work
from forandring_desktop.ui.printing.files import (
    ask_folder,
    ask_save_path,
    last_folder,
    remember_folder,
    with_pdf_suffix,
)
from forandring_desktop.ui.printing.jobs import BatchPrinter, JobRunner, PrintJob, run_batch
from forandring_desktop.ui.printing.pdf import PrintingError, load_pdf
from forandring_desktop.ui.printing.preview import PdfPreviewDialog
from forandring_desktop.ui.printing.printer import (
    PrintRunner,
    ask_and_print,
    new_printer,
    print_pdf,
    selected_pages,
)

__all__ = [
    "BatchPrinter",
    "JobRunner",
    "PdfPreviewDialog",
    "PrintJob",
    "PrintRunner",
    "PrintingError",
    "ask_and_print",
    "ask_folder",
    "ask_save_path",
    "last_folder",
    "load_pdf",
    "new_printer",
    "print_pdf",
    "remember_folder",
    "run_batch",
    "safe_file_name",
    "selected_pages",
    "stop_background_work",
    "unique_path",
    "with_pdf_suffix",
]
