"""Small drawn flowables every sheet uses: headings that never end a page, write-in lines,
tick boxes, the colours' marks, post-its, and tables that flow over pages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from forandring_desktop.model.door import Colour
from forandring_desktop.reports.fonts import FONT, FONT_BOLD, FONT_ITALIC
from forandring_desktop.reports.styles import (
    ACCENT,
    COLOUR_LOOK,
    INK,
    MUTED,
    PAPER_TINT,
    POST_IT,
    POST_IT_EDGE,
    RULE,
    styles,
)
from forandring_desktop.reports.text import para


def heading(text: str, style: ParagraphStyle, *, room: float = 80) -> list[Flowable]:
    """A heading that never ends a page: a new page is started unless ``room`` points are
    left for the heading and the first lines under it. (``keepWithNext`` would carry a long
    text whole onto the next page with its heading, leaving a gap.)"""
    return [CondPageBreak(room), para(text, style)]


def spacer(height: float) -> Spacer:
    return Spacer(1, height)


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
        word_width = pdfmetrics.stringWidth(self._word(), FONT_BOLD, 8) + 4
        self.width = size + (word_width if word else 0)
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
    it does not fit the rest of a page (``splittable``), else it moves whole."""

    PAD = 5.0

    def __init__(
        self,
        text: str | Flowable,
        *,
        fill: colors.Color = POST_IT,
        edge: colors.Color = POST_IT_EDGE,
        style: ParagraphStyle | None = None,
        mark: Colour | None = None,
        badge: str = "",
        continued: bool = False,
        field: str = "",
        splittable: bool = True,
    ) -> None:
        super().__init__()
        self.style = style or styles().post_it
        self.para = text if isinstance(text, Flowable) else para(text, self.style, field=field)
        self.fill = fill
        self.edge = edge
        self.mark = mark
        self.badge = badge
        self.continued = continued
        self.splittable = splittable
        self.fd_field = field
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
        if not self.splittable:
            return []
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
            "field": self.fd_field,
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


def grid(rows: list[list[Any]], widths: Sequence[float], *, frame_height: float) -> FlowTable:
    """A table with a tinted header row repeated on every page, rows that move whole, and a
    row too tall for a page split inside (long text is never cut)."""
    table = FlowTable(
        rows,
        colWidths=list(widths),
        repeatRows=1,
        hAlign="LEFT",
        frame_height=frame_height,
    )
    table.setStyle(
        base_table_style(
            ("BACKGROUND", (0, 0), (-1, 0), PAPER_TINT),
            ("LINEABOVE", (0, 0), (-1, 0), 1.0, ACCENT),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        )
    )
    return table


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
        cells.append(Paragraph(f"{name}:", label))
        cells.append(para(text, value, field=name))
        label_w = pdfmetrics.stringWidth(f"{name}:", FONT_BOLD, 10.5) + 8
        col_widths += [label_w, max(w * width - label_w, 20)]
    table = Table([cells], colWidths=col_widths, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "BOTTOM")]
    for i in range(len(pairs)):
        commands.append(("LINEBELOW", (2 * i + 1, 0), (2 * i + 1, 0), 0.6, RULE))
        commands.append(("RIGHTPADDING", (2 * i + 1, 0), (2 * i + 1, 0), 12))
    table.setStyle(base_table_style(*commands))
    return table


def shortened(
    text: str,
    style: ParagraphStyle,
    width: float,
    height: float,
    more: str,
    *,
    field: str = "",
) -> Flowable:
    """The longest start of ``text`` that fits ``width`` × ``height`` with ``more`` after
    it (e.g. " … (fortsat under arket)"), already wrapped. Cut at a word where it can be,
    inside a word (a long one without spaces) where it must."""
    text = " ".join(text.split())
    lo, hi = 0, len(text)

    def fits(n: int) -> bool:
        p = para(text[:n].rstrip() + more, style, field=field)
        return bool(p.wrap(width, height)[1] <= height)

    while lo < hi:  # the most characters that fit with the pointer after them
        mid = (lo + hi + 1) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid - 1
    cut = text.rfind(" ", 0, lo + 1)
    n = cut if cut > lo * 0.6 else lo  # back to a word boundary unless that loses much
    p = para(text[:n].rstrip() + more, style, field=field)
    p.wrap(width, height)
    return p
