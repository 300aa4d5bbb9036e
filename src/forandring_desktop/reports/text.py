"""Any text, any alphabet, onto the page.

Every piece of text a person typed goes through here on its way into a PDF:

- it is escaped for reportlab's paragraph markup;
- a character the style's font lacks is set in the first font that has it
  (:func:`.fonts.font_for`), one ``<font>`` run at a time;
- a character no font has is replaced by :data:`.fonts.PLACEHOLDER` and remembered in the
  :func:`collecting` set of the render under way, so the caller can name it in a warning;
- right-to-left text (Hebrew, Arabic, Persian, Urdu …) is shaped and ordered: Arabic letters
  take their joined forms (arabic-reshaper: the presentation forms, which DejaVu Sans has),
  each *line* is put in visual order after the line breaks are found (python-bidi, the
  Unicode bidirectional algorithm), and a paragraph that begins right-to-left is set
  flush right.

Why not reportlab's own: its bidi needs ``rlbidi``, which no registry here offers, and its
uharfbuzz shaping does not reorder lines. python-bidi and arabic-reshaper are small, pure
or wheel-only, and work with any font that has the presentation forms.
"""

from __future__ import annotations

import contextlib
import re
import threading
import unicodedata
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph

from forandring_desktop.reports.fonts import (
    PLACEHOLDER,
    WHITESPACE,
    covers,
    font_for,
    is_invisible,
)

_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_local = threading.local()


# -- what could not be printed -------------------------------------------------------------


@contextlib.contextmanager
def collecting() -> Iterator[set[str]]:
    """The characters found unprintable while the block runs (this thread only)."""
    outer: set[str] | None = getattr(_local, "found", None)
    found: set[str] = set()
    _local.found = found
    try:
        yield found
    finally:
        _local.found = outer
        if outer is not None:
            outer |= found


def _unprintable(ch: str) -> None:
    found: set[str] | None = getattr(_local, "found", None)
    if found is not None:
        found.add(ch)


# -- preparing text ------------------------------------------------------------------------


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def starts_rtl(text: str) -> bool:
    """Is the first strong character of ``text`` right-to-left (the Unicode bidi rule for
    a paragraph's direction)?"""
    if _RTL.search(text) is None:
        return False
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


def shaped(text: str) -> str:
    """Arabic letters in their joined forms (logical order is kept)."""
    if _ARABIC.search(text) is None:
        return text
    return str(arabic_reshaper.reshape(text))


def visual(line: str, rtl: bool | None = None) -> str:
    """One line of shaped text in the order it is drawn, left to right."""
    if not has_rtl(line):
        return line
    base = ("R" if starts_rtl(line) else "L") if rtl is None else ("R" if rtl else "L")
    return str(get_display(line, base_dir=base))


def markup(text: str, font: str) -> str:
    """``text`` escaped for a paragraph in ``font``: characters the font lacks in a
    ``<font>`` run of one that has them, unprintable ones replaced (and remembered)."""
    if covers(font, text):
        return escape(text)
    out: list[str] = []
    run_font = font
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        chunk = escape("".join(run))
        out.append(chunk if run_font == font else f'<font name="{run_font}">{chunk}</font>')
        run.clear()

    for ch in text:
        if ord(ch) in WHITESPACE:
            run.append(ch)
            continue
        if is_invisible(ch):
            continue
        found = font_for(ch, font)
        if found is None:
            _unprintable(ch)
            ch, found = PLACEHOLDER, font_for(PLACEHOLDER, font) or font
        if found != run_font:
            flush()
            run_font = found
        run.append(ch)
    flush()
    return "".join(out)


def plain(text: str, font: str) -> str:
    """One line for a canvas or chart string in ``font``: shaped, in visual order,
    characters no font has replaced (and remembered); characters only another font has
    are left for :func:`runs` (see :func:`draw_runs`)."""
    text = " ".join(text.split())
    out = []
    for ch in text:
        if is_invisible(ch):
            continue
        if font_for(ch, font) is None:
            _unprintable(ch)
            ch = PLACEHOLDER
        out.append(ch)
    return visual(shaped("".join(out)))


def runs(text: str, font: str) -> list[tuple[str, str]]:
    """``text`` (already :func:`plain`) cut into (font, piece) runs."""
    out: list[tuple[str, str]] = []
    for ch in text:
        name = font if ord(ch) in WHITESPACE else (font_for(ch, font) or font)
        if out and out[-1][0] == name:
            out[-1] = (name, out[-1][1] + ch)
        else:
            out.append((name, ch))
    return out


def string_width(text: str, font: str, size: float) -> float:
    """The width of a :func:`plain` line, each run in its font."""
    return float(sum(pdfmetrics.stringWidth(p, name, size) for name, p in runs(text, font)))


def draw_runs(
    canv: Any, x: float, y: float, text: str, font: str, size: float, anchor: str = "start"
) -> float:
    """Draw a :func:`plain` line on a canvas at (x, y), anchored at its start, middle or
    end; returns its width."""
    width = string_width(text, font, size)
    if anchor == "end":
        x -= width
    elif anchor == "middle":
        x -= width / 2
    for name, piece in runs(text, font):
        canv.setFont(name, size)
        canv.drawString(x, y, piece)
        x += pdfmetrics.stringWidth(piece, name, size)
    return width


def fit(text: str, font: str, size: float, width: float) -> str:
    """A :func:`plain` line shortened with "…" to fit ``width``."""
    if string_width(text, font, size) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if string_width(text[:mid].rstrip() + "…", font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def wrap_lines(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """A :func:`plain` text broken into at most ``max_lines`` lines of ``width``; the
    last one shortened with "…" if the text is longer (chart labels)."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for i, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if string_width(candidate, font, size) <= width or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines - 1:
            current = " ".join(words[i:])
            break
    if current:
        lines.append(current)
    return [fit(line, font, size, width) for line in lines[:max_lines]] or [""]


# -- paragraphs ----------------------------------------------------------------------------


def _lines_of(paragraph: Paragraph) -> list[str]:
    """The text of each line a wrapped paragraph was broken into (kind 0 or 1)."""
    bl = paragraph.blPara
    out: list[str] = []
    for line in bl.lines:
        if bl.kind == 0:
            out.append(" ".join(line[1]))
        else:
            out.append("".join(getattr(f, "text", "") for f in line.words))
    return out


class BidiParagraph(Flowable):  # type: ignore[misc]
    """A paragraph holding right-to-left text: broken into lines in logical order at the
    width it gets, then each line reordered for drawing (a paragraph starting
    right-to-left is set flush right)."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = shaped(text)
        self.rtl = starts_rtl(self.text)
        self.style = style
        if self.rtl and style.alignment == TA_LEFT:
            self.style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
        self._inner: Paragraph | None = None
        self._width = -1.0
        self.width = self.height = 0.0

    def _layout(self, width: float) -> Paragraph:
        if self._inner is not None and abs(self._width - width) < 0.01:
            return self._inner
        font = self.style.fontName
        shown: list[str] = []
        for logical in self.text.split("\n"):
            probe = Paragraph(markup(logical, font), self.style)
            probe.wrap(width, 1e9)
            shown += [visual(line, self.rtl) for line in _lines_of(probe)]
        # The visual lines, one per <br/>: the same glyphs, so the same line widths.
        self._inner = Paragraph("<br/>".join(markup(s, font) for s in shown), self.style)
        self._width = width
        return self._inner

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        inner = self._layout(avail_width)
        self.width, self.height = inner.wrap(avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        # A table splitting a cell passes the cell's width without its padding, although
        # it wrapped the cell at the padded width (reportlab's _splitCell). Split the lines
        # as last wrapped, as Paragraph does with its kept blPara: re-laid out wider, the
        # text has fewer lines, fits, and the table gets one part where it expects two.
        width = self._width if self._inner is not None else avail_width
        inner = self._layout(width)
        inner.wrap(width, avail_height)
        return list(inner.split(width, avail_height))

    def drawOn(self, canv: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
        inner = self._layout(self._width if self._width > 0 else self.width)
        inner.drawOn(canv, x, y, _sW)

    def draw(self) -> None:  # drawn through drawOn
        return None

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)


def para(text: str, style: ParagraphStyle, *, field: str = "") -> Flowable:
    """A paragraph of plain text (escaped); line breaks kept as breaks. ``field`` names
    where the text comes from (never its content), for a print error's message."""
    flowable: Flowable
    if has_rtl(text):
        flowable = BidiParagraph(text.replace("\r\n", "\n").replace("\r", "\n"), style)
    else:
        body = markup(text, style.fontName).replace("\n", "<br/>")
        flowable = Paragraph(body, style)
    if field:
        flowable.fd_field = field
    return flowable


def text_paragraphs(text: str, style: ParagraphStyle, *, field: str = "") -> list[Flowable]:
    """User text as paragraphs: one per line break, nothing dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [para(line, style, field=field) for line in lines if line.strip()]


def labelled(
    label: str, text: str, style: ParagraphStyle, *, field: str = "", space: float = 6
) -> list[Flowable]:
    """Text with a bold label run into its first line (a label kept apart from a long text
    would drag the whole text onto the next page with it). Right-to-left text gets the
    label on a line of its own."""
    lines = [ln for ln in text.replace("\r\n", "\n").split("\n") if ln.strip()] or [""]
    spaced = ParagraphStyle("fd-labelled", parent=style, spaceBefore=space)
    head = f"<b>{escape(label)}:</b>"
    if has_rtl(lines[0]):
        first: list[Flowable] = [Paragraph(head, spaced), para(lines[0], style, field=field)]
    else:
        first = [Paragraph(f"{head} {markup(lines[0], style.fontName)}", spaced)]
        if field:
            first[0].fd_field = field
    return [*first, *(para(ln, style, field=field) for ln in lines[1:])]
