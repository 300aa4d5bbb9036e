"""The guide's words for the steps of a ladder, shared by the staircase and the table."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("Ladder", text)


def step_name(level: int, count: int) -> str:
    """MÅLET on top, UDGANGSPUNKTET at the bottom, DELMÅL between (``level`` is 1-based)."""
    if level == count:
        return _t("MÅLET")
    if level == 1:
        return _t("UDGANGSPUNKTET")
    return _t("DELMÅL")


def step_label(level: int, count: int) -> str:
    return f"{level} · {step_name(level, count)}"


def ratings_text(count: int) -> str:
    if count == 0:
        return _t("ingen vurderinger")
    if count == 1:
        return _t("1 vurdering")
    return _t("{n} vurderinger").format(n=count)


def plain_tooltip(text: str) -> str:
    """A tooltip showing user text as written (Qt would take '<b>…' for rich text)."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""
