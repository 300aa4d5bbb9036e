"""Dates and times as the app shows them: one Danish form everywhere, "02.12.2026".

Lists, sheets and messages used to show the same day as 02-12-2026 in one place and
02.09.2026 or 2026-12-02 in another. Every date a person reads in ui/ goes through
:func:`date_text` (or, in a date field, :data:`DATE_FORMAT`).
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate

DATE_FORMAT = "dd.MM.yyyy"  # QDateEdit.setDisplayFormat: the same form as date_text
_PY_DATE = "%d.%m.%Y"


def date_text(day: datetime.date | QDate | None) -> str:
    """``day`` as "02.12.2026" ("" for no day)."""
    if day is None:
        return ""
    if isinstance(day, QDate):
        return day.toString(DATE_FORMAT) if day.isValid() else ""
    return day.strftime(_PY_DATE)


def time_text(moment: datetime.datetime | datetime.time, *, seconds: bool = False) -> str:
    """The time of day as Danish writes it, "14.05" (or "14.05.09")."""
    return moment.strftime("%H.%M.%S" if seconds else "%H.%M")


def date_time_text(moment: datetime.datetime, *, seconds: bool = False) -> str:
    """``moment`` (already in local time) as "02.12.2026 14.05"."""
    return f"{date_text(moment.date())} {time_text(moment, seconds=seconds)}"
