"""Pages: A4 in either orientation, the running header (the sheet's name as the guide
spells it, whose sheet it is, "(fortsat)" on the pages after a sheet's first, the
organisation), the footer with "Side x af y", the PDF metadata, and :func:`build_pdf`,
which lays sections out and hands the result to :mod:`.pdfa`."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from forandring_desktop.reports.fonts import FONT, FONT_BOLD, FONT_ITALIC, register_fonts
from forandring_desktop.reports.pdfa import make_pdfa
from forandring_desktop.reports.styles import ACCENT, MUTED, RULE
from forandring_desktop.reports.text import draw_runs, fit, plain, string_width

Orientation = Literal["portrait", "landscape"]

PAGE_SIZES: dict[Orientation, tuple[float, float]] = {
    "portrait": A4,
    "landscape": landscape(A4),
}
MARGIN_X = 15 * mm
MARGIN_TOP = 22 * mm  # the header band
MARGIN_BOTTOM = 16 * mm  # the footer band
HEADING_SPACE = 2.2  # letter spacing of the running heading, as the guide's sheets
CONTINUED = "(fortsat)"
FOOTER = "Forandring Desktop · efter guiden fra Vækstcenter for socialøkonomiske virksomheder"


def frame_size(orientation: Orientation) -> tuple[float, float]:
    """Width and height of the text frame on a page of ``orientation``."""
    width, height = PAGE_SIZES[orientation]
    # Frame padding is zero (see _frame); the margins are the whole border.
    return width - 2 * MARGIN_X, height - MARGIN_TOP - MARGIN_BOTTOM


@dataclass(frozen=True)
class PdfMeta:
    title: str
    subject: str
    author: str  # the organisation (or the program for a blank form without one)
    organisation: str = ""  # shown in the header; empty on a blank form
    keywords: tuple[str, ...] = ()
    made: date = field(default_factory=date.today)


@dataclass(frozen=True)
class Section:
    """A run of pages with one orientation and one running heading (e.g. MÅLTRAPPE-ARK),
    and whose sheet it is (``owner``: a persona's name, a participant's code), shown
    beside the heading on every page of the section."""

    orientation: Orientation
    heading: str
    flowables: list[Flowable]
    bookmark: str | None = None
    owner: str = ""


class SetHeading(Flowable):  # type: ignore[misc]
    """Zero-size marker: from this page on, the header shows ``heading`` and ``owner``;
    the pages after this one say "(fortsat)"."""

    def __init__(self, heading: str, bookmark: str | None = None, owner: str = "") -> None:
        super().__init__()
        self.heading = heading
        self.bookmark = bookmark
        self.owner = owner
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        canv._fd_heading = self.heading
        canv._fd_owner = self.owner
        canv._fd_first_page = canv.getPageNumber()
        if self.bookmark:
            key = f"fd-{id(self)}"
            canv.bookmarkPage(key)
            canv.addOutlineEntry(plain(self.bookmark, FONT), key, level=0)


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds the pages back until the end so every footer can say 'Side x af y'."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fd_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._fd_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._fd_pages)
        for number, state in enumerate(self._fd_pages, start=1):
            self.__dict__.update(state)
            self._fd_draw_page_number(number, total)
            Canvas.showPage(self)
        Canvas.save(self)

    def _fd_draw_page_number(self, number: int, total: int) -> None:
        width, _height = self._pagesize
        self.saveState()
        self.setFont(FONT, 8)
        self.setFillColor(MUTED)
        self.drawRightString(width - MARGIN_X, MARGIN_BOTTOM - 9 * mm, f"Side {number} af {total}")
        self.restoreState()


def _decorate(canv: Canvas, doc: _SheetDoc) -> None:
    """Header (heading, owner, "(fortsat)", the organisation) and footer."""
    width, height = canv._pagesize
    heading = getattr(canv, "_fd_heading", doc.fd_meta.title)
    owner = getattr(canv, "_fd_owner", "")
    continued = canv.getPageNumber() > getattr(canv, "_fd_first_page", 1)
    top = height - 12 * mm
    room = width - 2 * MARGIN_X
    canv.saveState()
    canv.setFillColor(ACCENT)
    canv.setFont(FONT_BOLD, 10.5)
    canv.drawString(MARGIN_X, top, heading, charSpace=HEADING_SPACE)
    x = MARGIN_X + string_width(heading, FONT_BOLD, 10.5) + HEADING_SPACE * len(heading) + 6
    tail = f" {CONTINUED}" if continued else ""
    org = plain(doc.fd_meta.organisation, FONT)
    # The organisation gets what the heading leaves, but never less than a quarter.
    org_room = max(room * 0.25, width - MARGIN_X - x - 12)
    if owner:
        shown = fit(plain(owner, FONT_BOLD), FONT_BOLD, 10, max(room * 0.35, 40))
        canv.setFillColor(ACCENT)
        x += 6 + draw_runs(canv, x, top, "· " + shown, FONT_BOLD, 10)
    if tail:
        canv.setFillColor(MUTED)
        canv.setFont(FONT_ITALIC, 8.5)
        canv.drawString(x, top, tail)
        x += string_width(tail, FONT_ITALIC, 8.5) + 6
    org_room = min(org_room, width - MARGIN_X - x - 6)
    if org and org_room > 30:
        canv.setFillColor(MUTED)
        draw_runs(canv, width - MARGIN_X, top, fit(org, FONT, 8.5, org_room), FONT, 8.5, "end")
    canv.setStrokeColor(ACCENT)
    canv.setLineWidth(0.8)
    canv.line(MARGIN_X, height - 14.5 * mm, width - MARGIN_X, height - 14.5 * mm)
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.4)
    canv.line(MARGIN_X, MARGIN_BOTTOM - 5 * mm, width - MARGIN_X, MARGIN_BOTTOM - 5 * mm)
    canv.setFont(FONT, 8)
    canv.setFillColor(MUTED)
    made = doc.fd_meta.made.strftime("%d.%m.%Y")
    canv.drawString(MARGIN_X, MARGIN_BOTTOM - 9 * mm, f"{made} · {FOOTER}")
    canv.restoreState()


def _frame(orientation: Orientation) -> Frame:
    fw, fh = frame_size(orientation)
    return Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        fw,
        fh,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=f"body-{orientation}",
    )


class _SheetDoc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buffer: io.BytesIO, meta: PdfMeta, first: Orientation) -> None:
        register_fonts()
        self.fd_meta = meta
        order: list[Orientation] = [first, "landscape" if first == "portrait" else "portrait"]
        templates = [
            PageTemplate(
                id=o,
                frames=[_frame(o)],
                onPageEnd=_decorate,
                pagesize=PAGE_SIZES[o],
                autoNextPageTemplate=o,
            )
            for o in order
        ]
        super().__init__(
            buffer,
            pagesize=PAGE_SIZES[first],
            pageTemplates=templates,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=plain(meta.title, FONT),
            author=plain(meta.author, FONT),
            subject=plain(meta.subject, FONT),
            creator="Forandring Desktop",
            keywords=list(meta.keywords),
            lang="da-DK",
            initialFontName=FONT,
            initialFontSize=10,
            initialLeading=12,
            displayDocTitle=1,
        )


def build_pdf(sections: Sequence[Section], meta: PdfMeta) -> bytes:
    """Lay the sections out on A4 pages (each with its orientation) and return the PDF,
    as PDF/A-2u (see :mod:`.pdfa`)."""
    if not sections:
        raise ValueError("a PDF needs at least one section")
    story: list[Flowable] = []
    for i, section in enumerate(sections):
        if i > 0:
            story += [NextPageTemplate(section.orientation), PageBreak()]
        story.append(SetHeading(section.heading, section.bookmark, section.owner))
        story += section.flowables
    buffer = io.BytesIO()
    doc = _SheetDoc(buffer, meta, sections[0].orientation)
    doc.build(story, canvasmaker=_NumberedCanvas)
    return make_pdfa(buffer.getvalue())
