"""A print that fails says so in Danish, naming the sheet and the field, never with a
traceback; and every render reports the characters it could not print.

Flowables made from a field carry ``fd_field`` (a label such as "Trin 3 – tegn", never the
text itself), so the field is found in the failing frames. The message holds no personal
data: no names, no text, only the sheet's label, the field's label and the error's type.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from types import TracebackType
from typing import ParamSpec

from forandring_desktop.model.errors import ForandringError
from forandring_desktop.model.log_safe import label
from forandring_desktop.model.report_data import PdfBytes
from forandring_desktop.reports.text import collecting

log = logging.getLogger(__name__)
P = ParamSpec("P")


class PrintFailureError(ForandringError):
    """A sheet or report could not be laid out or written as PDF."""

    def __init__(self, sheet: str, field: str, cause: str) -> None:
        self.sheet = sheet
        self.field = field
        where = f"feltet »{field}«" if field else "et felt, der ikke kunne bestemmes"
        super().__init__(
            f"{sheet} kunne ikke udskrives: {where} kunne ikke sættes op ({cause}). "
            "Intet er gemt eller ændret; ret eller forkort teksten i feltet, og prøv igen."
        )


def failing_field(tb: TracebackType | None) -> str:
    """The ``fd_field`` of the innermost flowable in the failing frames ("" if none)."""
    found = ""
    while tb is not None:
        owner = tb.tb_frame.f_locals.get("self")
        label = getattr(owner, "fd_field", "")
        if isinstance(label, str) and label:
            found = label
        tb = tb.tb_next
    return found


def guarded(sheet: str) -> Callable[[Callable[P, bytes]], Callable[P, PdfBytes]]:
    """Wrap a renderer: the PDF comes back as :class:`PdfBytes` with the characters that
    could not be printed, and any failure as a :class:`PrintFailureError`."""

    def wrap(render: Callable[P, bytes]) -> Callable[P, PdfBytes]:
        @functools.wraps(render)
        def run(*args: P.args, **kwargs: P.kwargs) -> PdfBytes:
            try:
                with collecting() as found:
                    pdf = render(*args, **kwargs)
            except ForandringError:
                raise
            except Exception as exc:
                field = failing_field(exc.__traceback__)
                # The type and the field only: the text may be personal data.
                log.error(
                    "Printing %s failed in %s: %s", label(sheet), label(field), type(exc).__name__
                )
                raise PrintFailureError(sheet, field, type(exc).__name__) from exc
            return PdfBytes(pdf, found)

        return run

    return wrap
