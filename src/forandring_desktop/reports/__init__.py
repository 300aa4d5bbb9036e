"""Worksheets and reports as PDF (reportlab), from model objects. No Qt, no storage.

Every sheet of the guide prints blank (to fill in by hand) and filled, on A4, with the
guide's Danish headings and an embedded font; see :data:`SHEETS`. The reports of the
guide's last chapter: :func:`render_participant_report` (a participant's progression report
for the municipality) and :func:`render_status_report` (the status summary for management).
"""

from forandring_desktop.reports.participant import render_participant_report
from forandring_desktop.reports.sheets import (
    ITEM_LABEL,
    SHEETS,
    ItemKind,
    SheetKind,
    render_blank,
)
from forandring_desktop.reports.status_report import render_status_report

__all__ = [
    "ITEM_LABEL",
    "SHEETS",
    "ItemKind",
    "SheetKind",
    "render_blank",
    "render_participant_report",
    "render_status_report",
]
