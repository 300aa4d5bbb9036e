"""Data protection on one participant, from the participants page and the Databeskyttelse
dialog: "Indsigt…" (everything about them, for themselves) and "Slet for altid…", and the
file's backup and restore, each in a worker thread."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QObject,
    Signal,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QMessageBox,
    QWidget,
)

from forandring_desktop.reports.insight import render_insight
from forandring_desktop.services.backup import RestoreResult, backup, restore
from forandring_desktop.services.erasures import register_of
from forandring_desktop.services.privacy import (
    erase_participant,
    insight_export,
)
from forandring_desktop.ui.background import Worker
from forandring_desktop.ui.dialogs import show_error
from forandring_desktop.ui.restore import restore_summary
from forandring_desktop.ui.workspace import Workspace


def confirm_erase(parent: QWidget, code: str) -> bool:
    """Ask before erasing; the question names the code, and "No" is the default."""
    answer = QMessageBox.question(
        parent,
        parent.tr("Slet for altid"),
        parent.tr(
            "Slet deltageren {code} og alle deres data for altid?\n\n"
            "Indskrivning, udfordringer, måltrapper, opfølgninger og udskrivning slettes, "
            "og filen ryddes, så intet kan genskabes. Det kan ikke fortrydes – heller ikke "
            "med Fortryd. Kun deltagerens id gemmes som gravsten (og koderne, kun som "
            "kontrolsum, i sletteregistret).\n\n"
            "Ældre sikkerhedskopier kan stadig rumme deltageren, til de er roteret ud: med "
            "7 daglige, 4 ugentlige og 12 månedlige kopier op til ca. 12 måneder. En "
            "gendannelse bringer aldrig deltageren tilbage: sletningen gennemføres igen."
        ).format(code=code),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def choose_insight_folder(parent: QWidget) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(
        parent, parent.tr("Vælg mappen til indsigten"), str(Path.home())
    )
    return Path(chosen) if chosen else None


class PrivacyActions(QObject):
    """Erase, insight, backup and restore for the open file, each in a worker thread.

    ``finished(message)`` when a job is over: a Danish sentence for the status line, or ""
    when it failed (the error was shown) or was not started. After an erasure the undo
    history is cleared (it holds the person's data; undoing an older edit must not bring
    them back) and the pages are told through the workspace.
    """

    finished = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, workspace: Workspace, parent: QWidget) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.widget = parent
        self.worker = Worker(self)
        self.worker.finished.connect(self._job_done)
        self._after: Callable[[object], str] | None = None

    def is_busy(self) -> bool:
        return self.worker.is_running()

    def erase(self, participant_id: uuid.UUID, code: str) -> bool:
        """Ask, then erase; False if not started."""
        if self.is_busy() or not confirm_erase(self.widget, code):
            return False
        store = self.workspace.store

        def report(result: object) -> str:
            change = getattr(result, "change", None)
            self.workspace.undo_stack.clear()
            if change is not None:
                self.workspace.announce(change)
            return self.widget.tr("{code} er slettet for altid.").format(code=code)

        return self._run(lambda: erase_participant(store, participant_id), report)

    def export_insight(self, participant_id: uuid.UUID, code: str) -> bool:
        """Choose a folder, then write the insight files there; False if not started."""
        if self.is_busy():
            return False
        folder = choose_insight_folder(self.widget)
        if folder is None:
            return False
        store = self.workspace.store

        def report(result: object) -> str:
            assert isinstance(result, list)
            return self.widget.tr("Indsigt for {code} er skrevet til {folder}.").format(
                code=code, folder=folder
            )

        return self._run(
            lambda: insight_export(store, participant_id, folder, render_insight), report
        )

    def backup_to(self, target: Path) -> bool:
        store = self.workspace.store

        def report(_result: object) -> str:
            return self.widget.tr("Sikkerhedskopien er skrevet og kontrolleret: {path}").format(
                path=target
            )

        return self._run(lambda: backup(store, target), report)

    def restore_to(self, source: Path, target: Path, passphrase: str) -> bool:
        store = self.workspace.store
        try:
            register = register_of(store)  # its erasures and removals stay in force
        except Exception as exc:
            show_error(self.widget, exc)
            return False
        kdf = store.kdf

        def report(result: object) -> str:
            assert isinstance(result, RestoreResult)
            return (
                self.widget.tr(
                    "Sikkerhedskopien er gendannet til {path}. Åbn den med Filer ▸ Åbn."
                ).format(path=target)
                + " "
                + restore_summary(result)
            )

        return self._run(
            lambda: restore(source, target, passphrase, register=register, kdf=kdf), report
        )

    def wait(self) -> None:
        self.worker.wait()

    def _run(self, work: Callable[[], object], report: Callable[[object], str]) -> bool:
        if not self.worker.start(lambda _progress: work()):
            return False
        self._after = report
        self.busy_changed.emit(True)
        return True

    def _job_done(self, result: object, error: object) -> None:
        report, self._after = self._after, None
        message = ""
        if isinstance(error, BaseException):
            show_error(self.widget, error)
        elif report is not None:
            message = report(result)
        self.busy_changed.emit(False)
        self.finished.emit(message)
