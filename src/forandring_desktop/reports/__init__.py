"""Worksheets and reports as PDF (reportlab), from model objects. No Qt, no storage.

Every sheet of the guide prints blank (to fill in by hand) and filled, on A4, with the
guide's Danish headings and an embedded font; see :data:`SHEETS`.
"""

from forandring_desktop.reports.sheets import (
    ITEM_LABEL,
    SHEETS,
    ItemKind,
    SheetKind,
    render_blank,
)

__all__ = ["ITEM_LABEL", "SHEETS", "ItemKind", "SheetKind", "render_blank"]
