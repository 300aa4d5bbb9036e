"""The look shared by every sheet: colours, the colours of the guide (green, yellow, red)
as fill, edge, word and shape, and the paragraph styles."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Literal

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from forandring_desktop.model.door import Colour
from forandring_desktop.reports.fonts import FONT, FONT_BOLD, FONT_ITALIC, register_fonts

# -- colours --------------------------------------------------------------------------------

INK = colors.HexColor("#1d2b2f")
ACCENT = colors.HexColor("#1f5c63")  # headings and rules
MUTED = colors.HexColor("#5b6a6e")
RULE = colors.HexColor("#9aa7aa")
PAPER_TINT = colors.HexColor("#eef3f3")
POST_IT = colors.HexColor("#fff3a6")
POST_IT_EDGE = colors.HexColor("#d9c65a")
STAIR = colors.HexColor("#dfe9ea")
GRID = colors.HexColor("#d9e1e2")


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


# -- paragraph styles -----------------------------------------------------------------------


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


def style(name: str, **kw: Any) -> ParagraphStyle:
    """A paragraph style in our font (so no text ever falls back to a standard font)."""
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
        body=style("fd-body"),
        body_small=style("fd-body-small", fontSize=8.5, leading=11),
        hint=style("fd-hint", fontName=FONT_ITALIC, fontSize=8.5, leading=11, textColor=MUTED),
        label=style(
            "fd-label",
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=13,
            textColor=ACCENT,
            spaceBefore=6,
            spaceAfter=2,
        ),
        title=style(
            "fd-title", fontName=FONT_BOLD, fontSize=15, leading=19, textColor=ACCENT, spaceAfter=6
        ),
        subtitle=style("fd-subtitle", fontName=FONT_BOLD, fontSize=11.5, leading=15, spaceAfter=4),
        section=style(
            "fd-section",
            fontName=FONT_BOLD,
            fontSize=13,
            leading=17,
            textColor=ACCENT,
            spaceBefore=8,
            spaceAfter=4,
        ),
        operator=style(
            "fd-operator",
            fontName=FONT_BOLD,
            fontSize=18,
            leading=20,
            alignment=TA_CENTER,
            textColor=ACCENT,
            keepWithNext=1,
        ),
        answer=style(
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
        post_it=style("fd-post-it", fontSize=9, leading=11.5),
        cell=style("fd-cell", fontSize=9, leading=11.5),
        cell_head=style("fd-cell-head", fontName=FONT_BOLD, fontSize=9.5, leading=12),
        cell_hint=style("fd-cell-hint", fontName=FONT_ITALIC, fontSize=7.5, leading=9.5),
        card=style("fd-card", fontName=FONT_BOLD, fontSize=12, leading=15, alignment=TA_CENTER),
        mission=style(
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
