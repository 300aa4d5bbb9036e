"""The printing machinery: preview, print to a QPrinter, save as PDF, and batches."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageRanges
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.errors import ForandringError
from forandring_desktop.reports import SHEETS, SheetKind
from forandring_desktop.services.printing import choices, render_document
from forandring_desktop.ui import printing
from forandring_desktop.ui.printing import (
    BatchPrinter,
    JobRunner,
    PdfPreviewDialog,
    PrintJob,
    PrintRunner,
    print_pdf,
    run_batch,
    safe_file_name,
    unique_path,
)


def pages_of(data: bytes | Path) -> list[pypdf.PageObject]:
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    return list(pypdf.PdfReader(source).pages)


def is_landscape(page: pypdf.PageObject) -> bool:
    box = page.mediabox
    width, height = float(box.width), float(box.height)
    if (page.get("/Rotate") or 0) % 180:
        width, height = height, width
    return width > height


@pytest.fixture(scope="module")
def theory_pdf(demo_doc: OrganisationDocument) -> bytes:
    """The whole theory of change of the demo: portrait and landscape pages mixed."""
    return render_document(demo_doc, SHEETS["forandringsteori"])


@pytest.fixture
def blank_jobs() -> list[PrintJob]:
    def blank(sheet: SheetKind) -> Callable[[], bytes]:
        def render() -> bytes:
            return render_document(None, sheet, blank=True)

        return render

    return [
        PrintJob(f"{sheet.label} (blankt)", f"{sheet.label} (blankt).pdf", blank(sheet))
        for sheet in SHEETS.values()
        if sheet.has_blank
    ]


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


# --- Helpers ---------------------------------------------------------------------------------


def test_file_names_are_safe_and_unique(tmp_path: Path) -> None:
    assert safe_file_name('Måltrappe: "Misbrug"/alkohol') == "Måltrappe- -Misbrug-alkohol.pdf"
    assert safe_file_name("rapport.PDF") == "rapport.pdf"
    assert safe_file_name("  ...  ") == "Udskrift.pdf"
    (tmp_path / "ark.pdf").write_bytes(b"old")
    first = unique_path(tmp_path, "ark.pdf")
    assert first.name == "ark (2).pdf"
    assert unique_path(tmp_path, "ark.pdf", {first}).name == "ark (3).pdf"


# --- Preview ---------------------------------------------------------------------------------


def test_preview_shows_every_page_of_a_real_worksheet(qtbot: QtBot, theory_pdf: bytes) -> None:
    expected = len(pages_of(theory_pdf))
    assert expected > 1
    dialog = PdfPreviewDialog(theory_pdf, title="Forandringsteori")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.page_count == expected
    assert dialog.view.document() is dialog.document
    assert dialog.pages_label.text() == f"{expected} sider"
    assert dialog.print_button.isEnabled()
    assert dialog.save_button.isEnabled()


def test_preview_of_a_job_renders_it_in_the_background(
    qtbot: QtBot, demo_doc: OrganisationDocument
) -> None:
    sheet = SHEETS["mission"]
    item = choices(demo_doc, "mission_draft")[0]
    expected = len(pages_of(render_document(demo_doc, sheet, item_id=item.id)))
    rendered_in: list[threading.Thread] = []

    def render() -> bytes:
        rendered_in.append(threading.current_thread())
        return render_document(demo_doc, sheet, item_id=item.id)

    dialog = PdfPreviewDialog(PrintJob(f"Missions-arbejdsark – {item.name}", "mission", render))
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()  # nothing to save before the pages are there
    with qtbot.waitSignal(dialog.loaded, timeout=10_000) as blocker:
        dialog.show()
    assert blocker.args == [expected]
    assert dialog.page_count == expected
    assert rendered_in
    assert rendered_in[0] is not threading.main_thread()
    assert dialog.file_name == "mission.pdf"


def test_save_as_pdf_writes_the_file(
    qtbot: QtBot, theory_pdf: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def fake_save(parent: QWidget, caption: str, start: str, *args: object) -> tuple[str, str]:
        asked.append(start)
        return str(tmp_path / "forandringsteori"), "PDF-filer (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    dialog = PdfPreviewDialog(theory_pdf, title="Forandringsteori", file_name="teori.pdf")
    qtbot.addWidget(dialog)
    path = dialog.save_as()
    assert path == tmp_path / "forandringsteori.pdf"  # the suffix is added
    assert asked
    assert asked[0].endswith("teori.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(pages_of(path)) == len(pages_of(theory_pdf))
    assert [p.name for p in tmp_path.iterdir()] == ["forandringsteori.pdf"]  # no temp left


def test_ctrl_s_saves_and_escape_closes(
    qtbot: QtBot, theory_pdf: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "genvej.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    dialog = PdfPreviewDialog(theory_pdf, title="Forandringsteori")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert target.read_bytes().startswith(b"%PDF")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_print_button_prints_through_the_print_dialog(
    qtbot: QtBot, theory_pdf: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dialog's printer is what gets printed on, in the range chosen in the dialog."""
    out = tmp_path / "printer.pdf"
    opened: list[QPrinter] = []

    class FakePrintDialog:
        def __init__(self, printer: QPrinter, parent: QWidget | None) -> None:
            opened.append(printer)
            self.printer = printer

        def setWindowTitle(self, title: str) -> None:
            assert "Forandringsteori" in title

        def setMinMax(self, low: int, high: int) -> None:
            assert (low, high) == (1, len(pages_of(theory_pdf)))

        def setOption(self, *args: object) -> None:
            pass

        def exec(self) -> QDialog.DialogCode:
            ranges = QPageRanges()
            ranges.addRange(2, 4)
            self.printer.setPrintRange(QPrinter.PrintRange.PageRange)
            self.printer.setPageRanges(ranges)
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(printing.printer, "new_printer", lambda: pdf_printer(out))
    monkeypatch.setattr(printing.printer, "QPrintDialog", FakePrintDialog)
    dialog = PdfPreviewDialog(theory_pdf, title="Forandringsteori")
    qtbot.addWidget(dialog)
    runner = dialog.print_document()
    assert runner is not None
    progress: list[tuple[int, int]] = []
    runner.progress.connect(lambda done, total, _title: progress.append((done, total)))
    with qtbot.waitSignal(runner.done, timeout=30_000) as blocker:
        pass
    assert blocker.args == [3]
    assert progress == [(1, 3), (2, 3), (3, 3)]
    assert len(opened) == 1
    assert len(pages_of(out)) == 3


def test_a_cancelled_print_dialog_prints_nothing(
    qtbot: QtBot, theory_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Refused:
        def __init__(self, *args: object) -> None:
            pass

        def __getattr__(self, name: str) -> object:
            return lambda *args: QDialog.DialogCode.Rejected

    monkeypatch.setattr(printing.printer, "QPrintDialog", Refused)
    dialog = PdfPreviewDialog(theory_pdf, title="Forandringsteori")
    qtbot.addWidget(dialog)
    assert dialog.print_document() is None


def test_printing_runs_in_the_background_and_can_be_cancelled(
    qtbot: QtBot, theory_pdf: bytes, tmp_path: Path
) -> None:
    total = len(pages_of(theory_pdf))
    out = tmp_path / "afbrudt.pdf"
    runner = PrintRunner(theory_pdf, pdf_printer(out))
    runner.progress.connect(lambda done, _total, _title: runner.cancel())
    with qtbot.waitSignal(runner.done, timeout=60_000) as blocker:
        runner.start()
    assert 1 <= blocker.args[0] < total


# --- print_pdf -------------------------------------------------------------------------------


def test_print_pdf_to_a_pdf_printer_keeps_pages_and_orientation(
    qtbot: QtBot, theory_pdf: bytes, tmp_path: Path
) -> None:
    source = pages_of(theory_pdf)
    assert any(is_landscape(p) for p in source)
    assert not all(is_landscape(p) for p in source)
    out = tmp_path / "printed.pdf"
    assert print_pdf(theory_pdf, pdf_printer(out), max_dpi=72) == len(source)
    printed = pages_of(out)
    assert len(printed) == len(source)
    assert [is_landscape(p) for p in printed] == [is_landscape(p) for p in source]


def test_print_pdf_respects_the_page_range(qtbot: QtBot, theory_pdf: bytes, tmp_path: Path) -> None:
    source = pages_of(theory_pdf)
    out = tmp_path / "range.pdf"
    printer = pdf_printer(out)
    ranges = QPageRanges()
    ranges.addRange(6, 8)  # a portrait page and two landscape ones in the demo
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setPageRanges(ranges)
    assert print_pdf(theory_pdf, printer, max_dpi=72) == 3
    printed = pages_of(out)
    assert [is_landscape(p) for p in printed] == [is_landscape(p) for p in source[5:8]]


def test_a_blank_landscape_sheet_prints_landscape(qtbot: QtBot, tmp_path: Path) -> None:
    pdf = render_document(None, SHEETS["maaltrappe"], blank=True)
    out = tmp_path / "trappe.pdf"
    print_pdf(pdf, pdf_printer(out), max_dpi=72)
    (page,) = pages_of(out)
    assert is_landscape(page)


# --- One job in the background ---------------------------------------------------------------


def test_job_runner_writes_the_target(
    qtbot: QtBot, blank_jobs: list[PrintJob], tmp_path: Path
) -> None:
    target = tmp_path / "persona.pdf"
    runner = JobRunner(blank_jobs[2], target=target)
    with qtbot.waitSignal(runner.done, timeout=10_000):
        runner.start()
    assert runner.pdf is not None
    assert target.read_bytes() == runner.pdf


def test_job_runner_reports_a_failure(qtbot: QtBot) -> None:
    def fail() -> bytes:
        raise ForandringError("Der er ingen måltrapper at udskrive.")

    runner = JobRunner(PrintJob("Måltrappe-ark", "trappe", fail))
    with qtbot.waitSignal(runner.failed, timeout=10_000) as blocker:
        runner.start()
    assert str(blocker.args[0]) == "Der er ingen måltrapper at udskrive."


# --- Batches ---------------------------------------------------------------------------------


def test_batch_writes_one_file_per_blank_sheet(
    qtbot: QtBot, blank_jobs: list[PrintJob], tmp_path: Path
) -> None:
    total = sum(1 for sheet in SHEETS.values() if sheet.has_blank)
    assert len(blank_jobs) == total
    batch = BatchPrinter(blank_jobs, tmp_path)
    progress: list[tuple[int, int, str]] = []
    batch.progress.connect(lambda done, all_, title: progress.append((done, all_, title)))
    with qtbot.waitSignal(batch.finished, timeout=30_000) as blocker:
        batch.start()
    written = blocker.args[0]
    assert len(written) == total
    assert sorted(written) == sorted(tmp_path.iterdir())  # nothing else (no temp files)
    assert [p[0] for p in progress] == list(range(1, total + 1))
    assert {p[1] for p in progress} == {total}
    assert [p[2] for p in progress] == [job.title for job in blank_jobs]
    for path in written:
        assert path.read_bytes().startswith(b"%PDF")
        assert len(pages_of(path)) >= 1
    assert not batch.cancelled


def test_cancel_stops_after_the_current_job(
    qtbot: QtBot, blank_jobs: list[PrintJob], tmp_path: Path
) -> None:
    holder: list[BatchPrinter] = []
    first = blank_jobs[0]

    def render_and_cancel() -> bytes:
        holder[0].cancel()  # pressed while the first file is being made
        return first.render()

    jobs = [PrintJob(first.title, first.file_name, render_and_cancel), *blank_jobs[1:]]
    batch = BatchPrinter(jobs, tmp_path)
    holder.append(batch)
    with qtbot.waitSignal(batch.finished, timeout=30_000) as blocker:
        batch.start()
    written = blocker.args[0]
    assert len(written) == 1 < len(jobs)
    assert batch.cancelled
    assert sorted(tmp_path.iterdir()) == written  # the one file, complete; no half file
    assert len(pages_of(written[0])) >= 1


def test_progress_dialog_cancel_leaves_only_complete_files(
    qtbot: QtBot, blank_jobs: list[PrintJob], tmp_path: Path
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    gate, started = threading.Event(), threading.Event()

    def wait_then(job: PrintJob) -> PrintJob:
        def render() -> bytes:
            started.set()
            gate.wait(10)
            return job.render()

        return PrintJob(job.title, job.file_name, render)

    jobs = [wait_then(job) for job in blank_jobs]
    batch = run_batch(jobs, tmp_path, parent, caption="Alle blanke ark")
    dialog = batch.progress_dialog
    assert dialog is not None
    assert dialog.maximum() == len(jobs)
    (cancel,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "Annullér"]
    qtbot.waitUntil(started.is_set)
    with qtbot.waitSignal(batch.finished, timeout=30_000) as blocker:
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)  # while the first job waits
        gate.set()
    written = blocker.args[0]
    assert len(written) == 1 < len(jobs)
    assert batch.cancelled
    assert sorted(tmp_path.iterdir()) == written
    assert len(pages_of(written[0])) >= 1
    assert not dialog.isVisible()


def test_a_failing_job_stops_the_batch_and_keeps_the_files_before_it(
    qtbot: QtBot, blank_jobs: list[PrintJob], tmp_path: Path
) -> None:
    def fail() -> bytes:
        raise ForandringError("Persona-arket kunne ikke laves.")

    jobs = [blank_jobs[0], PrintJob("Persona-ark", "persona", fail), *blank_jobs[1:]]
    batch = BatchPrinter(jobs, tmp_path)
    with qtbot.waitSignal(batch.failed, timeout=30_000) as blocker:
        batch.start()
    assert blocker.args == ["Persona-arket kunne ikke laves."]
    assert [p.name for p in tmp_path.iterdir()] == [blank_jobs[0].file_name]


def test_batch_never_overwrites(qtbot: QtBot, blank_jobs: list[PrintJob], tmp_path: Path) -> None:
    job = blank_jobs[0]
    (tmp_path / job.file_name).write_bytes(b"mine")
    batch = BatchPrinter([job, job], tmp_path)
    with qtbot.waitSignal(batch.finished, timeout=30_000) as blocker:
        batch.start()
    stem = job.file_name.removesuffix(".pdf")
    assert [p.name for p in blocker.args[0]] == [f"{stem} (2).pdf", f"{stem} (3).pdf"]
    assert (tmp_path / job.file_name).read_bytes() == b"mine"


def test_zoom_in_and_back_to_the_width(qtbot: QtBot, theory_pdf: bytes) -> None:
    dialog = PdfPreviewDialog(theory_pdf, title="Forandringsteori")
    qtbot.addWidget(dialog)
    dialog.resize(700, 900)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    fitted = dialog.shown_zoom()
    assert fitted != pytest.approx(1.0)  # fitted to a ~700 px wide dialog, not 100 %
    dialog.zoom(printing.preview.ZOOM_STEP)
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert dialog.view.zoomFactor() == pytest.approx(fitted * printing.preview.ZOOM_STEP)
    dialog.zoom(1 / printing.preview.ZOOM_STEP)
    assert dialog.view.zoomFactor() == pytest.approx(fitted)
    qtbot.mouseClick(dialog.fit_button, Qt.MouseButton.LeftButton)
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth


def test_closing_the_window_stops_a_batch_before_the_store_closes(
    qtbot: QtBot, window: QWidget, blank_jobs: list[PrintJob], tmp_path: Path
) -> None:
    from forandring_desktop.services.participants import list_participants
    from forandring_desktop.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    store = window.store
    started = threading.Event()
    reads: list[int] = []

    def slow(job: PrintJob) -> PrintJob:
        def render() -> bytes:
            started.set()
            reads.append(len(list_participants(store)))  # the worker reads the store
            threading.Event().wait(0.3)
            return job.render()

        return PrintJob(job.title, job.file_name, render)

    folder = tmp_path / "ark"
    folder.mkdir()
    batch = BatchPrinter([slow(j) for j in blank_jobs], folder, window)
    batch.start()
    assert started.wait(10)
    window.close()  # cancels the batch and waits for it, then closes the store
    assert batch.wait(0)  # the worker had finished before close() returned
    qtbot.waitUntil(lambda: batch.cancelled)  # its report arrives as a queued signal
    written = sorted(folder.iterdir())
    assert 1 <= len(written) < len(blank_jobs)
    for path in written:
        assert len(pages_of(path)) >= 1  # complete files only
    assert reads  # and every read happened while the store was open (no error raised)
