"""What may go into a log record besides literals and type names.

Log records never carry values (a name, a note: personal data). :func:`label` marks text
that comes from the program itself — a sheet kind, a field's label, a service's or an
entity type's name — so a reader (and the test that checks every logging call) can see it
is not something a person typed.
"""

from __future__ import annotations

from collections.abc import Iterable


def label(text: str | Iterable[str]) -> str:
    """``text`` (or several, comma-separated), marked as the program's own words."""
    return text if isinstance(text, str) else ", ".join(text)
