"""The Reports page: every worksheet kind, the participant report (pseudonymous by default),
the status summary, and the batches into a folder."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.reports import SHEETS
from forandring_desktop.ui import printing
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages import reports as reports_module
from forandring_desktop.ui.pages.reports import ReportsPage
from forandring_desktop.ui.printing import PdfPreviewDialog, PrintRunner

from .helpers import shown_page

WAIT_MS = 30_000


def pdf_text(data: bytes | Path) -> str:
    """The text a reader sees: every page's text and the document's metadata."""
    reader = pypdf.PdfReader(io.BytesIO(data) if isinstance(data, bytes) else data)
    meta: Mapping[str, object] = reader.metadata or {}
    words = [str(value) for value in meta.values()]
    words += [page.extract_text() or "" for page in reader.pages]
    return "\n".join(words)


@pytest.fixture
def page(window: MainWindow) -> ReportsPage:
    return shown_page(window, "reports", ReportsPage)


@pytest.fixture
def names(demo_doc: OrganisationDocument) -> list[str]:
    found = [p.name for p in demo_doc.participants if p.name.strip()]
    assert found
    return found


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "udskrifter"
    target.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(target))
    )
    return target


@pytest.fixture
def save_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    def choose(name: str) -> Path:
        target = tmp_path / name
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
        )
        return target

    return choose


def test_page_lists_every_worksheet_kind(
    page: ReportsPage, page_text: Callable[[QWidget], str]
) -> None:
    assert list(page.sheet_rows) == list(SHEETS)
    text = page_text(page)
    for sheet in SHEETS.values():
        assert sheet.label in text
        row = page.sheet_rows[sheet.name]
        assert row.blank.isEnabled() == sheet.has_blank
        assert row.actions.show_button.text() == "Vis…"
        assert row.actions.print_button.text() == "Udskriv…"
        assert row.actions.save_button.text() == "Gem som PDF…"
    ladders = page.sheet_rows["maaltrappe"].items
    assert [ladders.itemText(i) for i in range(ladders.count())] == ["Misbrug", "Social kontakt"]
    assert page.sheet_rows["mission"].items.currentText() == "Ny mission"  # the chosen draft
    assert page.sheet_rows["forandringsteori"].filled.isChecked()  # it has no blank form
    assert "15 deltagere, heraf 10 aktive" in page.summary.text()


def test_the_page_shows_codes_never_names(
    page: ReportsPage, page_text: Callable[[QWidget], str], names: list[str]
) -> None:
    combo = page.participants
    shown = [combo.itemText(i) for i in range(combo.count())]
    assert len(shown) == 15
    assert shown[0] == "IG-001 (afsluttet)"
    assert "IG-002" in shown
    text = page_text(page) + "\n".join(shown)
    assert not [name for name in names if name in text]
    assert not page.show_name.isChecked()
    assert "pseudonyme" in text


def test_show_button_previews_a_filled_ladder_sheet(qtbot: QtBot, page: ReportsPage) -> None:
    row = page.sheet_rows["maaltrappe"]
    assert row.blank.isChecked()
    row.items.setCurrentIndex(row.items.findText("Misbrug"))
    row.items.activated.emit(row.items.currentIndex())  # as a person picks it
    assert row.filled.isChecked()
    assert row.job().title == "Måltrappe-ark – Misbrug"
    qtbot.mouseClick(row.actions.show_button, Qt.MouseButton.LeftButton)
    dialog = page.dialogs[-1]
    assert isinstance(dialog, PdfPreviewDialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS) as blocker:
        pass
    assert blocker.args == [1]
    assert dialog.pdf is not None
    assert "Misbrug" in pdf_text(dialog.pdf)
    assert dialog.windowTitle() == "Vis udskrift – Måltrappe-ark – Misbrug"
    dialog.reject()


def test_save_button_writes_a_blank_sheet(
    qtbot: QtBot, page: ReportsPage, save_to: Callable[[str], Path]
) -> None:
    target = save_to("persona")
    row = page.sheet_rows["persona"]
    assert row.blank.isChecked()
    assert row.job().file_name == "Persona-ark (blankt).pdf"
    qtbot.mouseClick(row.actions.save_button, Qt.MouseButton.LeftButton)
    runner = next(iter(page.runners))
    with qtbot.waitSignal(runner.done, timeout=WAIT_MS):
        pass
    written = target.with_name("persona.pdf")
    assert written.read_bytes().startswith(b"%PDF")
    assert "Persona" in pdf_text(written)
    assert "persona.pdf" in page.result_label.text()


def test_participant_report_is_pseudonymous_unless_asked(
    page: ReportsPage, names: list[str], demo_doc: OrganisationDocument
) -> None:
    page.participants.setCurrentIndex(page.participants.findText("IG-003"))
    job = page.participant_job()
    assert job is not None
    assert job.title == "Progressionsrapport – IG-003"
    assert "IG-003" in job.file_name
    text = pdf_text(job.render())
    assert "IG-003" in text
    assert not [name for name in names if name in text or name in job.file_name]

    # The same report with "Medtag navn": now the name is there (so the check above can fail).
    page.show_name.setChecked(True)
    named = page.participant_job()
    assert named is not None
    name = next(p.name for p in demo_doc.participants if p.code == "IG-003")
    assert name in pdf_text(named.render())
    assert name not in named.file_name


def test_participant_report_preview_renders_in_the_background(
    qtbot: QtBot, page: ReportsPage
) -> None:
    page.participants.setCurrentIndex(page.participants.findText("IG-002"))
    qtbot.mouseClick(page.participant_actions.show_button, Qt.MouseButton.LeftButton)
    dialog = page.dialogs[-1]
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS) as blocker:
        pass
    assert blocker.args[0] >= 1
    assert dialog.title == "Progressionsrapport – IG-002"
    dialog.reject()


def test_all_blank_sheets_into_a_folder(qtbot: QtBot, page: ReportsPage, folder: Path) -> None:
    expected = [s for s in SHEETS.values() if s.has_blank]
    batch = page.save_all_blank()
    assert batch is not None
    assert not page.all_blank_button.isEnabled()  # one batch at a time
    progress: list[int] = []
    batch.progress.connect(lambda done, total, title: progress.append(done))
    with qtbot.waitSignal(batch.finished, timeout=WAIT_MS) as blocker:
        pass
    written = blocker.args[0]
    assert len(written) == len(expected)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{s.label} (blankt).pdf" for s in expected
    )
    assert progress == list(range(1, len(expected) + 1))
    assert f"{len(expected)} filer er gemt" in page.result_label.text()
    assert page.all_blank_button.isEnabled()


def test_reports_for_all_active_participants(
    qtbot: QtBot, page: ReportsPage, folder: Path, names: list[str], demo_doc: OrganisationDocument
) -> None:
    page.show_name.setChecked(True)  # a batch never carries names all the same
    batch = page.save_all_participants()
    assert batch is not None
    with qtbot.waitSignal(batch.finished, timeout=WAIT_MS) as blocker:
        pass
    written = blocker.args[0]
    active = sorted(p.code for p in demo_doc.participants if p.end_date is None)
    assert len(written) == len(active) == 10
    assert all(any(code in path.name for code in active) for path in written)
    for path in written[:3]:
        text = pdf_text(path)
        assert not [name for name in names if name in text or name in path.name]


def test_status_summary_for_a_period(qtbot: QtBot, page: ReportsPage) -> None:
    page.from_check.setChecked(True)
    page.from_date.setDate(page.from_date.date().fromString("2025-01-01", "yyyy-MM-dd"))
    page.to_check.setChecked(True)
    page.to_date.setDate(page.to_date.date().fromString("2025-03-31", "yyyy-MM-dd"))
    job = page.status_job()
    assert job.title == "Statusoverblik – 01.01.2025 – 31.03.2025"
    qtbot.mouseClick(page.status_actions.show_button, Qt.MouseButton.LeftButton)
    dialog = page.dialogs[-1]
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS) as blocker:
        pass
    assert blocker.args[0] >= 1
    assert dialog.pdf is not None
    assert "Statusoverblik" in pdf_text(dialog.pdf)
    dialog.reject()


def test_a_failure_is_shown_in_danish(
    qtbot: QtBot, page: ReportsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[BaseException] = []
    monkeypatch.setattr(reports_module, "show_error", lambda parent, exc: shown.append(exc))
    page.from_check.setChecked(True)
    page.to_check.setChecked(True)
    page.to_date.setDate(page.from_date.date().addDays(-1))
    runner = page.print_job(page.status_job())
    with qtbot.waitSignal(runner.failed, timeout=WAIT_MS):
        pass
    assert [str(exc) for exc in shown] == ["Periodens fra-dato ligger efter til-datoen."]
    assert not page.runners


def test_print_button_renders_then_prints_landscape(
    qtbot: QtBot, page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "printer.pdf"

    def pdf_printer() -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    class Accepting:
        def __init__(self, printer: QPrinter, parent: QWidget | None) -> None:
            pass

        def __getattr__(self, name: str) -> object:
            return lambda *args: QDialog.DialogCode.Accepted

    monkeypatch.setattr(printing.printer, "new_printer", pdf_printer)
    monkeypatch.setattr(printing.printer, "QPrintDialog", Accepting)
    row = page.sheet_rows["maaltrappe"]
    qtbot.mouseClick(row.actions.print_button, Qt.MouseButton.LeftButton)
    (renderer,) = page.runners
    with qtbot.waitSignal(renderer.done, timeout=WAIT_MS):
        pass
    (printer_run,) = page.findChildren(PrintRunner)
    with qtbot.waitSignal(printer_run.done, timeout=WAIT_MS) as blocker:
        pass
    assert blocker.args == [1]
    (printed,) = pypdf.PdfReader(out).pages
    assert printed.mediabox.width > printed.mediabox.height  # the ladder stays landscape
