"""The guide's words for the steps of a ladder, shared by the staircase and the table."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication


def step_name(level: int, count: int) -> str:
    """MÅLET on top, UDGANGSPUNKTET at the bottom, DELMÅL between (``level`` is 1-based)."""
    if level == count:
        return QCoreApplication.translate("Ladder", "MÅLET")
    if level == 1:
        return QCoreApplication.translate("Ladder", "UDGANGSPUNKTET")
    return QCoreApplication.translate("Ladder", "DELMÅL")


def step_label(level: int, count: int) -> str:
    return f"{level} · {step_name(level, count)}"


def ratings_text(count: int) -> str:
    if count == 0:
        return QCoreApplication.translate("Ladder", "ingen vurderinger")
    if count == 1:
        return QCoreApplication.translate("Ladder", "1 vurdering")
    return QCoreApplication.translate("Ladder", "{n} vurderinger").format(n=count)


def plain_tooltip(text: str) -> str:
    """A tooltip showing user text as written (Qt would take '<b>…' for rich text)."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""
