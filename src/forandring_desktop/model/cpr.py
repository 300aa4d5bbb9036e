"""Spotting Danish CPR numbers in free text, so the app can warn before one is stored.

The app identifies participants by a pseudonymous code and never needs a CPR number. A CPR
number is ten digits, DDMMÅÅ-LLLL (the dash optional), whose first six digits are a real
date. The modulus-11 check is not used: numbers issued since 2007 need not pass it.
"""

from __future__ import annotations

import re
from datetime import date

_CANDIDATE = re.compile(r"(?<![\d])(\d{2})(\d{2})(\d{2})[-\s]?(\d{4})(?![\d])")

CPR_WARNING = (
    "Det ligner et CPR-nummer ({found}). Skriv ikke CPR-numre i Forandring Desktop: "
    "deltagere kendes på deres kode."
)


def _is_date(day: str, month: str, year: str) -> bool:
    try:
        date(2000 + int(year), int(month), int(day))  # a leap year for 29/2 in any century
    except ValueError:
        try:
            date(1900 + int(year), int(month), int(day))
        except ValueError:
            return False
    return True


def find_cpr(text: str) -> list[str]:
    """The CPR-like numbers in ``text``, as written (e.g. ``["010203-1234"]``)."""
    return [m.group(0) for m in _CANDIDATE.finditer(text) if _is_date(*m.groups()[:3])]


def masked(number: str) -> str:
    """A CPR-like number with the last four digits hidden, for a warning message."""
    digits = re.sub(r"\D", "", number)
    return f"{digits[:6]}-XXXX"


def cpr_warning(text: str) -> str | None:
    """The Danish warning for ``text``, or None when it holds nothing CPR-like."""
    found = find_cpr(text)
    if not found:
        return None
    return CPR_WARNING.format(found=", ".join(masked(n) for n in found))
