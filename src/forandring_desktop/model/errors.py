"""Expected failures with a Danish message a staff member understands.

Lower layers raise these; ``ui/`` shows them and the CLI prints them and exits non-zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError


class ForandringError(Exception):
    """Base class of every expected error; ``str()`` is the Danish message."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class Problem:
    """One bad field: where it is (``participants[3].code``) and what is wrong."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InvalidDataError(ForandringError):
    """Data that breaks the method's rules; nothing was written."""

    def __init__(self, problems: Sequence[Problem], heading: str = "Ugyldige data") -> None:
        self.problems = tuple(problems)
        shown = "\n".join(f"  • {p}" for p in self.problems[:20])
        more = len(self.problems) - 20
        if more > 0:
            shown += f"\n  … og {more} fejl mere"
        super().__init__(f"{heading}:\n{shown}")


def check_retention(
    value: int, maximum: int, *, field: str, not_whole: str, too_short: str, too_long: str
) -> int:
    """``value`` when it is a whole number from 1 to ``maximum`` (a bool is not); else an
    InvalidDataError on ``field`` with the matching message."""
    if isinstance(value, bool) or not isinstance(value, int):
        problem = not_whole
    elif value < 1:
        problem = too_short
    elif value > maximum:
        problem = too_long
    else:
        return value
    raise InvalidDataError([Problem(field, problem)], heading="Ugyldig opbevaringstid")


def format_path(loc: Iterable[int | str]) -> str:
    """``("participants", 3, "code")`` -> ``participants[3].code``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# Danish wording for pydantic's own error kinds; our custom errors are Danish already.
_MESSAGES: Mapping[str, str] = {
    "missing": "Feltet skal udfyldes.",
    "extra_forbidden": "Ukendt felt.",
    "string_type": "Skal være en tekst.",
    "string_too_long": "Teksten er for lang (højst {max_length} tegn).",
    "string_too_short": "Teksten er for kort (mindst {min_length} tegn).",
    "string_pattern_mismatch": "Teksten har et ugyldigt format.",
    "int_type": "Skal være et helt tal.",
    "int_parsing": "Skal være et helt tal.",
    "int_from_float": "Skal være et helt tal.",
    "float_type": "Skal være et tal.",
    "float_parsing": "Skal være et tal.",
    "finite_number": "Skal være et endeligt tal.",
    "bool_type": "Skal være sand eller falsk.",
    "bool_parsing": "Skal være sand eller falsk.",
    "greater_than_equal": "Skal være mindst {ge}.",
    "greater_than": "Skal være større end {gt}.",
    "less_than_equal": "Må højst være {le}.",
    "less_than": "Skal være mindre end {lt}.",
    "literal_error": "Ugyldig værdi; tilladt er {expected}.",
    "enum": "Ugyldig værdi; tilladt er {expected}.",
    "uuid_type": "Ugyldigt id (skal være et UUID).",
    "uuid_parsing": "Ugyldigt id (skal være et UUID).",
    "uuid_version": "Ugyldigt id (forkert UUID-version).",
    "date_type": "Ugyldig dato (brug ÅÅÅÅ-MM-DD).",
    "date_parsing": "Ugyldig dato (brug ÅÅÅÅ-MM-DD).",
    "date_from_datetime_parsing": "Ugyldig dato (brug ÅÅÅÅ-MM-DD).",
    "date_from_datetime_inexact": "Ugyldig dato (brug ÅÅÅÅ-MM-DD).",
    "datetime_type": "Ugyldigt tidspunkt.",
    "datetime_parsing": "Ugyldigt tidspunkt (brug ISO 8601 med tidszone).",
    "datetime_from_date_parsing": "Ugyldigt tidspunkt (brug ISO 8601 med tidszone).",
    "timezone_aware": "Tidspunktet skal have en tidszone.",
    "list_type": "Skal være en liste.",
    "too_long": "Listen er for lang (højst {max_length} elementer).",
    "too_short": "Listen er for kort (mindst {min_length} elementer).",
    "model_type": "Skal være et objekt.",
    "model_attributes_type": "Skal være et objekt.",
    "dict_type": "Skal være et objekt.",
    "json_invalid": "Ugyldig JSON.",
    "json_type": "Ugyldig JSON.",
    "recursion_loop": "Data henviser til sig selv i en løkke.",
}


def danish_message(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    template = _MESSAGES.get(kind)
    if template is None:
        # Custom errors (PydanticCustomError) carry Danish text already.
        return str(error.get("msg", f"Ugyldig værdi ({kind})."))
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


def problems_from(exc: ValidationError, prefix: Sequence[int | str] = ()) -> list[Problem]:
    return [
        Problem(format_path([*prefix, *e["loc"]]), danish_message(e))
        for e in exc.errors(include_url=False)
    ]
