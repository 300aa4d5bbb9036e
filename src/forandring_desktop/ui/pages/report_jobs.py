"""What the reports page prints, as print jobs: a worksheet blank or filled in from the file
(read when the job runs, not a copy), a participant's progression report (pseudonymous
unless the name is asked for) and the status summary for a period.
"""

from __future__ import annotations

import uuid

from PySide6.QtGui import QGuiApplication

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.progression import Period
from forandring_desktop.model.report_data import report_filename
from forandring_desktop.reports import SheetKind
from forandring_desktop.reports.participant import render_participant_report
from forandring_desktop.reports.status_report import render_status_report
from forandring_desktop.services.organisation import load_workshop
from forandring_desktop.services.printing import Choice, render_document
from forandring_desktop.services.reporting import participant_report_pdf, status_report_pdf
from forandring_desktop.storage import Store
from forandring_desktop.ui.dates import date_text
from forandring_desktop.ui.printing import PrintJob


def blank_job(sheet: SheetKind, doc: OrganisationDocument | None) -> PrintJob:
    """The blank form of ``sheet`` (the organisation's name in the footer)."""
    title = QGuiApplication.translate("ReportsPage", "{sheet} (blankt)").format(sheet=sheet.label)
    return PrintJob(title, f"{title}.pdf", lambda: render_document(doc, sheet, blank=True))


def filled_job(store: Store, sheet: SheetKind, item: Choice | None) -> PrintJob:
    """``sheet`` filled in from the file as it is when the job runs (not a cached copy)."""
    title = f"{sheet.label} – {item.name}" if item is not None else sheet.label
    item_id = item.id if item is not None else None

    def render() -> bytes:
        return render_document(load_workshop(store), sheet, item_id=item_id)

    return PrintJob(title, f"{title}.pdf", render)


def participant_job(
    store: Store, participant_id: uuid.UUID, code: str, *, show_name: bool = False
) -> PrintJob:
    """A participant's progression report; pseudonymous (code only) unless ``show_name``.
    The file name carries the code, never the name."""
    title = QGuiApplication.translate("ReportsPage", "Progressionsrapport – {code}").format(
        code=code
    )
    if show_name:
        title += QGuiApplication.translate("ReportsPage", " (med navn)")

    def render() -> bytes:
        return participant_report_pdf(
            store, participant_id, render_participant_report, show_name=show_name
        )

    return PrintJob(title, report_filename(code), render)


def status_job(
    store: Store,
    period: Period,
    *,
    target_group: Choice | None = None,
    ladder: Choice | None = None,
) -> PrintJob:
    """The status summary for ``period``, optionally for one target group and/or ladder."""
    tr = QGuiApplication.translate
    title = tr("ReportsPage", "Statusoverblik")
    parts = []
    if period.start is not None or period.end is not None:
        start = date_text(period.start) or "…"
        end = date_text(period.end) or "…"
        parts.append(f"{start} – {end}")
    parts += [choice.name for choice in (target_group, ladder) if choice is not None]
    if parts:
        title += " – " + ", ".join(parts)
    group_id = target_group.id if target_group is not None else None
    ladder_id = ladder.id if ladder is not None else None

    def render() -> bytes:
        return status_report_pdf(
            store,
            render_status_report,
            period,
            target_group_id=group_id,
            ladder_id=ladder_id,
        )

    return PrintJob(title, f"{title}.pdf", render)
