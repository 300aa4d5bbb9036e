"""What every worksheet shares: the embedded font, styles, colours, page templates, the
header and footer, the PDF metadata and small drawn flowables (write-in lines, tick boxes,
colour marks).

Only the Bitstream Vera TrueType family that ships with reportlab is used, registered under
our own names and embedded as subsets; no standard Type 1 font (Helvetica) is referenced,
not even the canvas's initial font, so every glyph, Danish letters included, is in the file.
"""

from __future__ import annotations

import functools
import io
import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from forandring_desktop.model.door import Colour

Orientation = Literal["portrait", "landscape"]

# Our charts are built by code with fixed types; reportlab's per-attribute type checks on
# every graphics object cost a third of a progression report's time.
reportlab.rl_config.shapeChecking = 0

# -- fonts ----------------------------------------------------------------------------------

FONT = "ForandringSans"
FONT_BOLD = "ForandringSans-Bold"
FONT_ITALIC = "ForandringSans-Oblique"
FONT_BOLD_ITALIC = "ForandringSans-BoldOblique"
_FONT_FILES = {
    FONT: "Vera.ttf",
    FONT_BOLD: "VeraBd.ttf",
    FONT_ITALIC: "VeraIt.ttf",
    FONT_BOLD_ITALIC: "VeraBI.ttf",
}
_font_lock = threading.Lock()


def font_dir() -> str:
    return os.path.join(os.path.dirname(reportlab.__file__), "fonts")


def register_fonts() -> None:
    """Register the Vera family once per process (idempotent, thread-safe)."""
    with _font_lock:
        registered = set(pdfmetrics.getRegisteredFontNames())
        if all(name in registered for name in _FONT_FILES):
            return
        for name, filename in _FONT_FILES.items():
            if name not in registered:
                pdfmetrics.registerFont(TTFont(name, os.path.join(font_dir(), filename)))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )


# -- colours --------------------------------------------------------------------------------

INK = colors.HexColor("#1d2b2f")
ACCENT = colors.HexColor("#1f5c63")  # headings and rules
MUTED = colors.HexColor("#5b6a6e")
RULE = colors.HexColor("#9aa7aa")
PAPER_TINT = colors.HexColor("#eef3f3")
POST_IT = colors.HexColor("#fff3a6")
POST_IT_EDGE = colors.HexColor("#d9c65a")
STAIR = colors.HexColor("#dfe9ea")


@dataclass(frozen=True, slots=True)
class ColourLook:
    """How a colour of the guide is printed: a fill, a darker edge, a word and a shape, so
    the meaning survives a black-and-white copy and colour blindness."""

    fill: colors.Color
    edge: colors.Color
    word: str
    shape: Literal["circle", "triangle", "square", "none"]


COLOUR_LOOK: dict[Colour, ColourLook] = {
    Colour.GREEN: ColourLook(
        colors.HexColor("#b9e2b0"), colors.HexColor("#2e7d32"), "GRØN", "circle"
    ),
    Colour.YELLOW: ColourLook(
        colors.HexColor("#ffe98a"), colors.HexColor("#9a7b00"), "GUL", "triangle"
    ),
    Colour.RED: ColourLook(colors.HexColor("#f6b3ad"), colors.HexColor("#b3261e"), "RØD", "square"),
    Colour.UNSORTED: ColourLook(
        colors.HexColor("#e9ecec"), colors.HexColor("#5b6a6e"), "USORTERET", "none"
    ),
}


# -- styles ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    body_small: ParagraphStyle
    hint: ParagraphStyle  # the guide's italic instructions under a heading
    label: ParagraphStyle  # bold capitals over a field (HVEM, BAGGRUND …)
    title: ParagraphStyle  # a sheet's big heading
    subtitle: ParagraphStyle
    section: ParagraphStyle  # a heading inside the whole theory document
    operator: ParagraphStyle  # the + and = between the mission boxes
    answer: ParagraphStyle  # filled-in text inside a box
    post_it: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    cell_hint: ParagraphStyle
    card: ParagraphStyle
    mission: ParagraphStyle


def _style(name: str, **kw: Any) -> ParagraphStyle:
    base: dict[str, Any] = {
        "fontName": FONT,
        "bulletFontName": FONT,
        "fontSize": 10,
        "leading": 13,
        "textColor": INK,
        "alignment": TA_LEFT,
        "splitLongWords": 1,
        "allowWidows": 1,
        "allowOrphans": 0,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)


@functools.cache
def styles() -> Styles:
    register_fonts()
    return Styles(
        body=_style("fd-body"),
        body_small=_style("fd-body-small", fontSize=8.5, leading=11),
        hint=_style("fd-hint", fontName=FONT_ITALIC, fontSize=8.5, leading=11, textColor=MUTED),
        label=_style(
            "fd-label",
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=13,
            textColor=ACCENT,
            spaceBefore=6,
            spaceAfter=2,
        ),
        title=_style(
            "fd-title", fontName=FONT_BOLD, fontSize=15, leading=19, textColor=ACCENT, spaceAfter=6
        ),
        subtitle=_style("fd-subtitle", fontName=FONT_BOLD, fontSize=11.5, leading=15, spaceAfter=4),
        section=_style(
            "fd-section",
            fontName=FONT_BOLD,
            fontSize=13,
            leading=17,
            textColor=ACCENT,
            spaceBefore=8,
            spaceAfter=4,
        ),
        operator=_style(
            "fd-operator",
            fontName=FONT_BOLD,
            fontSize=18,
            leading=20,
            alignment=TA_CENTER,
            textColor=ACCENT,
            keepWithNext=1,
        ),
        answer=_style(
            "fd-answer",
            fontSize=10,
            leading=13.5,
            borderWidth=0.6,
            borderColor=RULE,
            borderPadding=(5, 6, 6, 6),
            backColor=colors.white,
            spaceBefore=8,
            spaceAfter=9,
            leftIndent=6,
            rightIndent=6,
        ),
        post_it=_style("fd-post-it", fontSize=9, leading=11.5),
        cell=_style("fd-cell", fontSize=9, leading=11.5),
        cell_head=_style("fd-cell-head", fontName=FONT_BOLD, fontSize=9.5, leading=12),
        cell_hint=_style("fd-cell-hint", fontName=FONT_ITALIC, fontSize=7.5, leading=9.5),
        card=_style("fd-card", fontName=FONT_BOLD, fontSize=12, leading=15, alignment=TA_CENTER),
        mission=_style(
            "fd-mission",
            fontName=FONT_BOLD,
            fontSize=11,
            leading=15,
            borderWidth=1.2,
            borderColor=ACCENT,
            borderPadding=(6, 8, 8, 8),
            backColor=PAPER_TINT,
            spaceBefore=11,
            spaceAfter=12,
            leftIndent=8,
            rightIndent=8,
        ),
    )


def heading(text: str, style: ParagraphStyle, *, room: float = 80) -> list[Flowable]:
    """A heading that never ends a page: a new page is started unless ``room`` points are
    left for the heading and the first lines under it. (``keepWithNext`` would carry a long
    text whole onto the next page with its heading, leaving a gap.)"""
    return [CondPageBreak(room), para(text, style)]


def text_paragraphs(text: str, style: ParagraphStyle) -> list[Flowable]:
    """User text as paragraphs: escaped, one paragraph per line break, nothing dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[Flowable] = []
    for line in lines:
        if line.strip():
            out.append(Paragraph(escape(line), style))
    return out


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain (escaped) text; line breaks kept as breaks."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


# -- pages ----------------------------------------------------------------------------------

PAGE_SIZES: dict[Orientation, tuple[float, float]] = {
    "portrait": A4,
    "landscape": landscape(A4),
}
MARGIN_X = 15 * mm
MARGIN_TOP = 22 * mm  # the header band
MARGIN_BOTTOM = 16 * mm  # the footer band


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
    organisation: str = ""  # shown in the footer; empty on a blank form
    keywords: tuple[str, ...] = ()
    made: date = field(default_factory=date.today)


@dataclass(frozen=True)
class Section:
    """A run of pages with one orientation and one page heading (e.g. MÅLTRAPPE-ARK)."""

    orientation: Orientation
    heading: str
    flowables: list[Flowable]
    bookmark: str | None = None


class SetHeading(Flowable):  # type: ignore[misc]
    """Zero-size marker: from this page on, the header shows ``heading``."""

    def __init__(self, heading: str, bookmark: str | None = None) -> None:
        super().__init__()
        self.heading = heading
        self.bookmark = bookmark
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        canv._fd_heading = self.heading
        if self.bookmark:
            key = f"fd-{id(self)}"
            canv.bookmarkPage(key)
            canv.addOutlineEntry(self.bookmark, key, level=0)


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
    """Header (the sheet's name as the guide spells it, the organisation) and footer."""
    width, height = canv._pagesize
    heading = getattr(canv, "_fd_heading", doc.fd_meta.title)
    canv.saveState()
    canv.setFillColor(ACCENT)
    canv.setFont(FONT_BOLD, 10.5)
    canv.drawString(MARGIN_X, height - 12 * mm, heading, charSpace=2.2)
    canv.setFont(FONT, 8.5)
    canv.setFillColor(MUTED)
    if doc.fd_meta.organisation:
        canv.drawRightString(width - MARGIN_X, height - 12 * mm, doc.fd_meta.organisation)
    canv.setStrokeColor(ACCENT)
    canv.setLineWidth(0.8)
    canv.line(MARGIN_X, height - 14.5 * mm, width - MARGIN_X, height - 14.5 * mm)
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.4)
    canv.line(MARGIN_X, MARGIN_BOTTOM - 5 * mm, width - MARGIN_X, MARGIN_BOTTOM - 5 * mm)
    canv.setFont(FONT, 8)
    made = doc.fd_meta.made.strftime("%d.%m.%Y")
    canv.drawString(
        MARGIN_X,
        MARGIN_BOTTOM - 9 * mm,
        f"{made} · Forandring Desktop · efter guiden fra Vækstcenter for "
        "socialøkonomiske virksomheder",
    )
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
            title=meta.title,
            author=meta.author,
            subject=meta.subject,
            creator="Forandring Desktop",
            keywords=list(meta.keywords),
            lang="da-DK",
            initialFontName=FONT,
            initialFontSize=10,
            initialLeading=12,
            displayDocTitle=1,
        )


def build_pdf(sections: Sequence[Section], meta: PdfMeta) -> bytes:
    """Lay the sections out on A4 pages (each with its orientation) and return the PDF."""
    if not sections:
        raise ValueError("a PDF needs at least one section")
    story: list[Flowable] = []
    for i, section in enumerate(sections):
        if i > 0:
            story += [NextPageTemplate(section.orientation), PageBreak()]
        story.append(SetHeading(section.heading, section.bookmark))
        story += section.flowables
    buffer = io.BytesIO()
    doc = _SheetDoc(buffer, meta, sections[0].orientation)
    doc.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


# -- small drawn flowables -----------------------------------------------------------------


class WriteLines(Flowable):  # type: ignore[misc]
    """Empty ruled lines to write on by hand, optionally inside a frame."""

    def __init__(
        self,
        height: float,
        *,
        gap: float = 8 * mm,
        boxed: bool = True,
        fill: colors.Color | None = None,
        width: float | None = None,
    ) -> None:
        super().__init__()
        self.height = height
        self.gap = gap
        self.boxed = boxed
        self.fill = fill
        self.fixed_width = width
        self.width = width or 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = self.fixed_width or avail_width
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        if self.fill is not None:
            canv.setFillColor(self.fill)
            canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.setDash(1, 2)
        y = self.height - self.gap
        while y > 4:
            canv.line(6, y, self.width - 6, y)
            y -= self.gap
        canv.setDash()
        if self.boxed:
            canv.setLineWidth(0.8)
            canv.setStrokeColor(ACCENT)
            canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canv.restoreState()


def draw_shape(canv: Canvas, shape: str, x: float, y: float, size: float) -> None:
    """A filled mark centred on (x, y): circle, triangle or square (the colour's mark)."""
    r = size / 2
    if shape == "circle":
        canv.circle(x, y, r, stroke=1, fill=1)
    elif shape == "triangle":
        path = canv.beginPath()
        path.moveTo(x - r, y - r * 0.85)
        path.lineTo(x + r, y - r * 0.85)
        path.lineTo(x, y + r * 0.95)
        path.close()
        canv.drawPath(path, stroke=1, fill=1)
    elif shape == "square":
        canv.rect(x - r * 0.85, y - r * 0.85, 1.7 * r, 1.7 * r, stroke=1, fill=1)


class ColourMark(Flowable):  # type: ignore[misc]
    """The mark of a colour: a swatch with its shape, and the colour's word beside it."""

    def __init__(self, colour: Colour, *, size: float = 11, word: bool = True) -> None:
        super().__init__()
        self.colour = colour
        self.size = size
        self.show_word = word
        self.width = size + (pdfmetrics.stringWidth(self._word(), FONT_BOLD, 8) + 4 if word else 0)
        self.height = size

    def _word(self) -> str:
        return COLOUR_LOOK[self.colour].word

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        look = COLOUR_LOOK[self.colour]
        canv = self.canv
        canv.saveState()
        canv.setFillColor(look.fill)
        canv.setStrokeColor(look.edge)
        canv.setLineWidth(0.8)
        canv.rect(0, 0, self.size, self.size, stroke=1, fill=1)
        canv.setFillColor(look.edge)
        draw_shape(canv, look.shape, self.size / 2, self.size / 2, self.size * 0.55)
        if self.show_word:
            canv.setFont(FONT_BOLD, 8)
            canv.drawString(self.size + 4, self.size / 2 - 2.8, look.word)
        canv.restoreState()


class TickBox(Flowable):  # type: ignore[misc]
    """A box to tick, ticked (a drawn cross) when ``checked``, followed by a word."""

    def __init__(self, word: str, checked: bool = False, size: float = 9) -> None:
        super().__init__()
        self.word = word
        self.checked = checked
        self.size = size
        font = FONT_BOLD if checked else FONT
        self.width = size + 4 + pdfmetrics.stringWidth(word, font, 9)
        self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        s = self.size
        canv.saveState()
        canv.setStrokeColor(INK)
        canv.setLineWidth(0.7)
        canv.rect(0, 0, s, s, stroke=1, fill=0)
        if self.checked:
            canv.setLineWidth(1.3)
            canv.line(1.8, 1.8, s - 1.8, s - 1.8)
            canv.line(1.8, s - 1.8, s - 1.8, 1.8)
        canv.setFillColor(INK)
        canv.setFont(FONT_BOLD if self.checked else FONT, 9)
        canv.drawString(s + 4, 1.2, self.word)
        canv.restoreState()


class PostIt(Flowable):  # type: ignore[misc]
    """A post-it: a filled note with the text, optionally the colour's mark and word in the
    top-left corner and a badge (e.g. 'PAR 3') in the top-right. Splits with its text when
    it does not fit the rest of a page."""

    PAD = 5.0

    def __init__(
        self,
        text: str | Paragraph,
        *,
        fill: colors.Color = POST_IT,
        edge: colors.Color = POST_IT_EDGE,
        style: ParagraphStyle | None = None,
        mark: Colour | None = None,
        badge: str = "",
        continued: bool = False,
    ) -> None:
        super().__init__()
        self.style = style or styles().post_it
        self.para = text if isinstance(text, Paragraph) else para(text, self.style)
        self.fill = fill
        self.edge = edge
        self.mark = mark
        self.badge = badge
        self.continued = continued
        self.spaceAfter = 5
        self.width = self.height = 0.0

    @property
    def _bar(self) -> float:
        return 13.0 if (self.mark is not None or self.badge or self.continued) else 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        _w, h = self.para.wrap(avail_width - 2 * self.PAD, avail_height)
        self.height = h + 2 * self.PAD + self._bar
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        room = avail_height - 2 * self.PAD - self._bar
        if room < self.style.leading * 2:
            return []
        parts = self.para.split(avail_width - 2 * self.PAD, room)
        if len(parts) < 2:
            return []
        common: dict[str, Any] = {
            "fill": self.fill,
            "edge": self.edge,
            "style": self.style,
            "mark": self.mark,
            "badge": self.badge,
        }
        return [
            PostIt(parts[0], continued=self.continued, **common),
            PostIt(parts[1], continued=True, **common),
        ]

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setFillColor(self.fill)
        canv.setStrokeColor(self.edge)
        canv.setLineWidth(0.6)
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        top = self.height - self.PAD - 8
        x = self.PAD
        if self.mark is not None:
            look = COLOUR_LOOK[self.mark]
            canv.setFillColor(look.edge)
            canv.setStrokeColor(look.edge)
            if look.shape != "none":
                draw_shape(canv, look.shape, x + 4, top + 3.5, 7)
                x += 11
            canv.setFont(FONT_BOLD, 7)
            canv.drawString(x, top + 1, look.word)
        if self.badge:
            canv.setFillColor(INK)
            canv.setFont(FONT_BOLD, 7)
            canv.drawRightString(self.width - self.PAD, top + 1, self.badge)
        if self.continued:
            canv.setFillColor(MUTED)
            canv.setFont(FONT_ITALIC, 7)
            canv.drawCentredString(self.width / 2, top + 1, "(fortsat)")
        canv.restoreState()
        self.para.drawOn(canv, self.PAD, self.PAD)


class FlowTable(Table):  # type: ignore[misc]
    """A table whose rows move whole to the next page (header rows repeated), and only a
    row too tall for any page is split inside, so long text flows on without a cut.

    reportlab's own ``splitInRow`` prefers either splitting inside a row (cutting short
    rows across pages) or between rows (and then splits the next row into the rest of the
    page under a repeated header); this keeps the best of both.
    """

    def __init__(self, data: Any, *args: Any, frame_height: float | None = None, **kw: Any):
        kw.setdefault("splitByRow", 1)
        kw.setdefault("splitInRow", 0)
        super().__init__(data, *args, **kw)
        self.fd_frame_height = frame_height

    def _fd_split_inside(self, avail_height: float) -> bool:
        """Split inside the first row that does not fit here, if it fits no page whole."""
        n = int(self._getFirstPossibleSplitRowPosition(avail_height, ignoreSpans=1))
        header = self.repeatRows if isinstance(self.repeatRows, int) else 0
        if n >= len(self._rowHeights) or n < header:
            return False
        room = avail_height - sum(self._rowHeights[:n])
        if room < 48:  # too little left on this page: start the row on the next one
            return False
        if self.fd_frame_height is None:
            return True
        whole = sum(self._rowHeights[:header]) + self._rowHeights[n]
        return bool(whole > self.fd_frame_height)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self._calc(avail_width, avail_height)
        parts: list[Flowable] = []
        if self._fd_split_inside(avail_height):
            self.splitInRow = 1
            try:
                parts = self._splitRows(avail_height, doInRowSplit=True)
            finally:
                self.splitInRow = 0
        if not parts:
            parts = self._splitRows(avail_height, doInRowSplit=False)
        for part in parts:
            if isinstance(part, FlowTable):
                part.fd_frame_height = self.fd_frame_height
                part.splitInRow = 0
        return parts


def base_table_style(*extra: tuple[Any, ...]) -> TableStyle:
    """Every table starts here, so no cell ever falls back to a standard font."""
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += extra
    return TableStyle(commands)


def row_of(items: Iterable[Flowable], widths: Sequence[float]) -> Table:
    """Flowables side by side on one line (tick boxes, marks)."""
    table = Table([list(items)], colWidths=list(widths), hAlign="LEFT")
    table.setStyle(
        base_table_style(
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        )
    )
    return table


def identity_line(pairs: Sequence[tuple[str, str]], width: float, widths: Sequence[float]) -> Table:
    """The guide's 'NAVN: ___ KØN: ___ ALDER: ___' line, filled in or left to write on."""
    st = styles()
    label = ParagraphStyle("fd-id-label", parent=st.cell_head, fontSize=10.5, leading=13)
    value = ParagraphStyle("fd-id-value", parent=st.cell, fontSize=10.5, leading=13)
    cells: list[Flowable] = []
    col_widths: list[float] = []
    for (name, text), w in zip(pairs, widths, strict=True):
        cells.append(Paragraph(escape(f"{name}:"), label))
        cells.append(para(text, value))
        label_w = pdfmetrics.stringWidth(f"{name}:", FONT_BOLD, 10.5) + 8
        col_widths += [label_w, max(w * width - label_w, 20)]
    table = Table([cells], colWidths=col_widths, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "BOTTOM")]
    for i in range(len(pairs)):
        commands.append(("LINEBELOW", (2 * i + 1, 0), (2 * i + 1, 0), 0.6, RULE))
        commands.append(("RIGHTPADDING", (2 * i + 1, 0), (2 * i + 1, 0), 12))
    table.setStyle(base_table_style(*commands))
    return table


def spacer(height: float) -> Spacer:
    return Spacer(1, height)


# -- reports: Danish numbers and dates, and the look of reportlab's charts ----------------

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


@dataclass(frozen=True)
class SeriesLook:
    """How one series of a chart is drawn. Colour is never the only signal: a line also
    has its dash pattern and marker shape, a bar set its fill and edge, and the legend
    shows all of it."""

    name: str
    colour: colors.Color
    dash: tuple[float, ...] | None = None  # None: a solid line
    marker: str | None = None  # a reportlab marker kind, e.g. "FilledCircle"
    width: float = 1.4
    fill: colors.Color | None = None  # bars and areas; None: no fill


def marker(look: SeriesLook, size: float = 6) -> Any:
    """The look's marker as a reportlab widget (None without one)."""
    if look.marker is None:
        return None
    from reportlab.graphics.widgets.markers import makeMarker

    return makeMarker(
        look.marker, size=size, fillColor=look.colour, strokeColor=look.colour, strokeWidth=0.6
    )


def chart_drawing(width: float, height: float) -> Any:
    """An empty reportlab Drawing (a flowable) whose initial font is our embedded one, so
    the drawing never references a standard font (reportlab's default is Helvetica)."""
    from reportlab.graphics.shapes import Drawing

    register_fonts()
    drawing = Drawing(width, height)
    drawing.initialFontName = FONT
    drawing.initialFontSize = 8
    return drawing


class _Swatches:
    """What reportlab's Legend asks a chart for (``Auto(obj=...)``): a swatch per series."""

    def __init__(self, looks: Sequence[SeriesLook]) -> None:
        self.looks = list(looks)
        self._seriesCount = len(self.looks)

    def getSeriesName(self, index: int, default: str | None = None) -> str:
        return self.looks[index].name

    def makeSwatchSample(self, index: int, x: float, y: float, width: float, height: float) -> Any:
        from reportlab.graphics.shapes import Group, Line, Rect

        look = self.looks[index]
        group = Group()
        middle = y + height / 2
        if look.fill is not None:
            group.add(
                Rect(
                    x,
                    y,
                    width,
                    height,
                    fillColor=look.fill,
                    strokeColor=look.colour,
                    strokeWidth=0.8,
                )
            )
        else:
            line = Line(x, middle, x + width, middle, strokeColor=look.colour)
            line.strokeWidth = look.width
            if look.dash:
                line.strokeDashArray = list(look.dash)
            group.add(line)
        symbol = marker(look)
        if symbol is not None:
            symbol.x, symbol.y = x + width / 2, middle
            group.add(symbol)
        return group


def chart_legend(
    looks: Sequence[SeriesLook], x: float, y: float, *, font_size: float = 8, columns: int = 0
) -> Any:
    """A reportlab Legend for ``looks`` with its top-left corner at (x, y): side by side
    (``columns`` 0) or in columns of at most ``columns`` entries."""
    from reportlab.graphics.charts.legends import Legend
    from reportlab.lib.validators import Auto

    legend = Legend()
    legend.colorNamePairs = Auto(obj=_Swatches(looks))
    legend.fontName = FONT
    legend.fontSize = font_size
    legend.fillColor = INK
    legend.x, legend.y = x, y
    legend.boxAnchor = "nw"
    legend.alignment = "right"
    legend.dx, legend.dy = 22, 8
    legend.dxTextSpace = 4
    legend.deltax = 0  # no fixed column width …
    legend.variColumn = 1  # … each column as wide as its text
    legend.autoXPadding = 14
    legend.deltay = 11
    legend.columnMaximum = columns or 1
    legend.strokeWidth = 0
    legend.strokeColor = None
    return legend
