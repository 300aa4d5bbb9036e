"""What the method-description and action-plan sheets share: a ruled table with a tinted
header row repeated on every page, filled cells or room to write by hand."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from forandring_desktop.reports.flowables import FlowTable, base_table_style, spacer
from forandring_desktop.reports.pages import Orientation, frame_size
from forandring_desktop.reports.styles import ACCENT, PAPER_TINT, RULE, styles
from forandring_desktop.reports.text import text_paragraphs


def cell(text: str, field: str) -> list[Flowable] | Flowable:
    """Filled text of a cell (never cut), or a little room when it is empty."""
    st = styles()
    return text_paragraphs(text, st.cell, field=field) if text.strip() else spacer(14)


def ruled_table(
    headers: Sequence[str],
    rows: list[list[Any]],
    fractions: Sequence[float],
    orientation: Orientation,
    *,
    blank_rows: int = 0,
    blank_height: float = 34,
) -> FlowTable:
    """``rows`` under ``headers`` (column widths as fractions of the frame); with
    ``blank_rows`` empty rows to write in by hand after them."""
    st = styles()
    width, height = frame_size(orientation)
    data: list[list[Any]] = [[Paragraph(h, st.cell_head) for h in headers], *rows]
    data += [[spacer(blank_height)] + [spacer(1)] * (len(headers) - 1) for _ in range(blank_rows)]
    table = FlowTable(
        data, colWidths=[width * f for f in fractions], repeatRows=1, frame_height=height
    )
    table.setStyle(
        base_table_style(
            ("BACKGROUND", (0, 0), (-1, 0), PAPER_TINT),
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, ACCENT),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ("GRID", (0, 1), (-1, -1), 0.5, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        )
    )
    return table
