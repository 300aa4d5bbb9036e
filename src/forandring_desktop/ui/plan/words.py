"""The action plan's and method description's words as the UI shows them (translated)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from forandring_desktop.model import ActionArea, ActionStatus
from forandring_desktop.model.action_plan import AREA_TEXT, STATUS_TEXT


def guide(text: str) -> str:
    """Seed 001's own words kept in the model (shared with the printed sheets)."""
    return QCoreApplication.translate("Guide", text)  # lupdate: marked in model


def area_word(area: ActionArea) -> str:
    return guide(AREA_TEXT[area])


def area_title(area: ActionArea) -> str:
    """ "Organisering (ledelse, samarbejde på tværs)": the group's heading."""
    text = area_word(area)
    return text[:1].upper() + text[1:]


def status_word(status: ActionStatus) -> str:
    return guide(STATUS_TEXT[status])


def overdue_word() -> str:
    return QCoreApplication.translate("ActionPlan", "Over tid")
