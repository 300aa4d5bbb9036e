"""The audit log viewer's banner: is the log whole? Checked in the background (the check
reads every entry: a second or more on a big organisation) and said in plain Danish.

"Loggen er hel: 1.204 poster kontrolleret." or "Loggen er ændret: post 17 er slettet, post
23 er ændret …". The words carry the verdict (never colour alone).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QLabel, QWidget

from forandring_desktop.model import ForandringError
from forandring_desktop.services import audit_integrity
from forandring_desktop.storage import Store
from forandring_desktop.storage.audit_chain import ChainProblem, ChainReport, ProblemKind
from forandring_desktop.ui.background import CancelledError, Progress, Worker

SHOWN = 5  # problems named in the banner


def problem_text(problem: ChainProblem) -> str:
    seq = problem.seq
    if problem.kind is ProblemKind.DELETED:
        if problem.count > 1:
            return QCoreApplication.translate("AuditVerdict", "post {a}–{b} er slettet").format(
                a=seq, b=seq + problem.count - 1
            )
        if problem.count == 1:
            return QCoreApplication.translate("AuditVerdict", "post {n} er slettet").format(n=seq)
        return QCoreApplication.translate(
            "AuditVerdict", "der er slettet poster lige før post {n}"
        ).format(n=seq)
    texts = {
        ProblemKind.CHANGED: QCoreApplication.translate("AuditVerdict", "post {n} er ændret"),
        ProblemKind.REORDERED: QCoreApplication.translate(
            "AuditVerdict", "post {n} er flyttet (den blev skrevet som post {m})"
        ),
        ProblemKind.REATTRIBUTED: QCoreApplication.translate(
            "AuditVerdict", "post {n} er tilskrevet en anden"
        ),
        ProblemKind.BAD_SIGNATURE: QCoreApplication.translate(
            "AuditVerdict", "post {n} har en ugyldig signatur"
        ),
        ProblemKind.UNSIGNED: QCoreApplication.translate(
            "AuditVerdict", "post {n} mangler sin signatur"
        ),
        ProblemKind.UNKNOWN_SIGNER: QCoreApplication.translate(
            "AuditVerdict", "post {n} er signeret med en nøgle, organisationen ikke kender"
        ),
        ProblemKind.INSERTED: QCoreApplication.translate(
            "AuditVerdict", "en post er sat ind uden for kæden"
        ),
        ProblemKind.BAD_ANCHOR: QCoreApplication.translate(
            "AuditVerdict", "stedet, hvor udløbne poster blev slettet, er ikke gyldigt signeret"
        ),
    }
    return texts[problem.kind].format(n=seq, m=problem.moved_from)


def verdict(report: ChainReport) -> str:
    if report.whole:
        text = QCoreApplication.translate(
            "AuditVerdict", "Loggen er hel: {n} poster kontrolleret"
        ).format(n=report.checked)
        notes = []
        if report.unsigned:
            notes.append(
                QCoreApplication.translate("AuditVerdict", "{n} usigneret").format(
                    n=report.unsigned
                )
            )
        if report.legacy:
            notes.append(
                QCoreApplication.translate(
                    "AuditVerdict", "{n} før signering (kan ikke kontrolleres)"
                ).format(n=report.legacy)
            )
        if report.scrubbed:
            notes.append(
                QCoreApplication.translate(
                    "AuditVerdict", "{n} om slettede deltagere (indhold fjernet)"
                ).format(n=report.scrubbed)
            )
        return text + (f" ({'; '.join(notes)})." if notes else ".")
    shown = ", ".join(problem_text(p) for p in report.problems[:SHOWN])
    rest = report.problem_count - min(len(report.problems), SHOWN)
    text = QCoreApplication.translate("AuditVerdict", "Loggen er ændret: {problems}").format(
        problems=shown
    )
    if rest > 0:
        text += QCoreApplication.translate("AuditVerdict", " og {n} fund mere").format(n=rest)
    return text + "."


class VerdictBanner(QLabel):
    """A bold line above the log: "Kontrollerer logbogen …", then the verdict.
    ``checked(report)`` when the check is done (None if it failed)."""

    checked = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.report: ChainReport | None = None
        self.setWordWrap(True)
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        self.setAccessibleName(QCoreApplication.translate("AuditVerdict", "Logbogens kontrol"))
        self.worker = Worker(self)
        self.worker.finished.connect(self._done)

    def start(self) -> None:
        """Check the log again in the background (a running check finishes first)."""
        if self.worker.is_running():
            return
        self.setText(QCoreApplication.translate("AuditVerdict", "Kontrollerer logbogen …"))
        store = self.store

        def work(progress: Progress) -> ChainReport:
            def step(done: int, total: int) -> None:
                progress.check()
                progress.report(done, total)

            return audit_integrity.verify_log(store, progress=step)

        self.worker.start(work)

    def _done(self, result: object, error: object) -> None:
        if isinstance(error, CancelledError):
            return
        if isinstance(result, ChainReport):
            self.report = result
            self.setText(verdict(result))
        else:
            self.report = None
            reason = str(error) if isinstance(error, ForandringError) else type(error).__name__
            self.setText(
                QCoreApplication.translate(
                    "AuditVerdict", "Logbogen kunne ikke kontrolleres: {error}"
                ).format(error=reason)
            )
        self.setToolTip(self.text())
        self.checked.emit(self.report)

    def stop(self) -> None:
        self.worker.cancel()
        self.worker.wait()
