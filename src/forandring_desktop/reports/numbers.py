"""Numbers and dates the Danish way, as the reports print them."""

from __future__ import annotations

from datetime import date

DASH = "–"  # a figure that cannot be computed (e.g. a mean over no one)


def da_count(value: int) -> str:
    """A whole number the Danish way: 1.234."""
    return f"{value:,}".replace(",", ".")


def da_number(value: float | None, decimals: int = 1) -> str:
    """A mean or a median the Danish way (decimal comma: "1,5"), or "–"."""
    if value is None:
        return DASH
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # never "-0,0"
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def da_percent(share: float | None) -> str:
    """A share 0..1 as a whole percentage the Danish way ("63 %"), or "–"."""
    if share is None:
        return DASH
    return f"{int(share * 100 + 0.5)} %"


def da_date(day: date | None) -> str:
    """A date as Danish reports print it: 01.06.2025 (or "–")."""
    return day.strftime("%d.%m.%Y") if day is not None else DASH


def da_score(value: int) -> str:
    """A -5…+5 score with its sign ("+2", "0", "-3")."""
    return f"{value:+d}" if value else "0"
